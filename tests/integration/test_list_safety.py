"""A mentor list edited the way people edit it costs no mentee their mentor (issue 17, cases 1, 3, 7).

* An entry is read on its own terms: apostrophes inside it and formatting on later lines never
  hide it, so its mentor keeps their mentees and nobody is told their mentor changed.
* A JSON list that does not parse as a whole is replaced by its newest valid revision: the shared
  pages keep every mentor and question, and the status page names the broken revision.
* Non-Latin names survive the PHP seed scripts' JSON-lines input byte for byte.
* A property test: lists of random valid entries among random noise lines, saved through
  MediaWiki (whose pre-save transform rewrites signatures, ``subst:`` and whitespace), lose no
  valid entry when the saved text is parsed.

Expected values come from what each test seeded, never from the bot's output.
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import localwiki  # noqa: E402
from wikiseed import UserSpec, Wiki  # noqa: E402

from bot.core.names import user_name  # noqa: E402
from bot.core.settings import Settings  # noqa: E402
from bot.gateway import Gateway  # noqa: E402
from bot.model.mentor import ParsedList  # noqa: E402
from bot.parse.mentor_list import parse_mentor_list  # noqa: E402
from bot.read.history import HISTORY_READ  # noqa: E402
from bot.read.mentor_list import read_mentor_list  # noqa: E402
from bot.read.pages import read_current  # noqa: E402
from tests.integration.botrun import logged_in_site, seed_assignments  # noqa: E402
from tests.integration.test_lifecycle import SETTINGS, notices_on, owners, run_bot, start_from_now  # noqa: E402
from tests.integration.wikipages import page_text  # noqa: E402

pytestmark = pytest.mark.wiki

BOT = localwiki.BOT_USER
OLD = datetime.now(UTC) - timedelta(days=400)
LIST = Settings().mentor_list
JSON_LIST = f"{LIST}.json"
INDEX = Settings().index_page
UNANSWERED = Settings().unanswered_page
STATUS = f"User:{BOT}/Status"
NOTIFYING = replace(SETTINGS, reassign_notice=True)
MENTORS = ("Carrier", "Anna", "Jsonia", "Jasper")
MENTEES = {"Carrier": [f"Carried mentee {i}" for i in range(3)], "Jsonia": ["Json mentee"]}


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    w.create_users([UserSpec(n, registered=OLD, editcount=600) for n in MENTORS])
    w.create_users([UserSpec(n) for names in MENTEES.values() for n in names])
    yield w


def user_ids(wiki: Wiki, names: list[str]) -> dict[str, int]:
    got = wiki.api(action="query", list="users", ususers="|".join(names))
    return {u["name"]: int(u["userid"]) for u in got["query"]["users"] if "userid" in u}


def dashboard_link(mentor: str) -> str:
    return f"User:{mentor}/Mentor dashboard"


# --- case 1: formatting elsewhere on the page never hides an entry ---------------------------------


def test_an_entry_with_apostrophes_keeps_its_mentees_whatever_later_lines_hold(wiki: Wiki) -> None:
    start_from_now(wiki, [])
    ids = user_ids(wiki, MENTEES["Carrier"])
    seed_assignments({"Carrier": ids.values()})
    entries = (
        "{{Mentor list entry|user=Carrier|weight=2|message=it''s me}}\n{{Mentor list entry|user=Anna}}\n"
    )
    wiki.admin().edit(LIST, entries)
    run_bot(NOTIFYING)
    assert all(owners(wiki)[uid] == ["Carrier"] for uid in ids.values()), "the setup run moved nobody"

    # An admin adds a note below the entries; its apostrophes pair with those in Carrier's message
    # when the whole page goes through one wikitext parser.
    wiki.admin().edit(LIST, entries + "Ask ''any'' mentor, or '''all''' of them.\n")
    run_bot(NOTIFYING)

    got = owners(wiki)
    assert {uid: got.get(uid) for uid in ids.values()} == {uid: ["Carrier"] for uid in ids.values()}
    assert notices_on(wiki, list(ids)) == dict.fromkeys(ids, 0), "nobody was told their mentor changed"
    assert dashboard_link("Carrier") in html.unescape(page_text(wiki, INDEX))
    assert "is no longer on the mentor list" not in page_text(wiki, dashboard_link("Carrier"))


# --- case 3: a broken JSON list is replaced by its last good revision ----------------------------


def test_a_json_list_with_a_syntax_error_keeps_the_last_good_revision(wiki: Wiki) -> None:
    start_from_now(wiki, [])
    mentee = MENTEES["Jsonia"][0]
    ids = user_ids(wiki, ["Jsonia", "Jasper", mentee])
    seed_assignments({"Jsonia": [ids[mentee]]})
    wiki.session_for(mentee).new_section("User talk:Jsonia", "Stuck on references", "How do I cite?")
    records = {
        str(ids[m]): {"username": m, "weight": 2, "message": f"Hi from {m}"} for m in ("Jsonia", "Jasper")
    }
    valid = json.dumps({"Mentors": records}, indent=4)
    comma = valid.index(",\n")
    broken = valid[:comma] + valid[comma + 1 :]
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken)
    s = replace(SETTINGS, mentor_list=JSON_LIST)
    later = datetime.now(UTC) + timedelta(days=s.overdue_days + 1)  # the question is overdue by then

    wiki.admin().edit(JSON_LIST, valid)
    run_bot(s, now=later)
    assert mentee in page_text(wiki, UNANSWERED), "the setup run lists the question"

    broken_rev = wiki.admin().edit(JSON_LIST, broken)
    run_bot(s, now=later)

    index = html.unescape(page_text(wiki, INDEX))
    assert all(dashboard_link(m) in index for m in ("Jsonia", "Jasper")), index
    unanswered = page_text(wiki, UNANSWERED)
    assert mentee in unanswered and "No question has waited that long" not in unanswered
    status = html.unescape(page_text(wiki, STATUS)).replace("<bdi>Admin</bdi>", "Admin")
    assert f"revision {broken_rev} by Admin" in status and "JSON is not valid" in status
    assert owners(wiki)[ids[mentee]] == ["Jsonia"]


def read_list(title: str) -> tuple[ParsedList, int]:
    """The list at TITLE as the standalone backend reads it, and the read requests that cost
    beyond the control read's (which brings the current text)."""
    gw = Gateway(logged_in_site())
    try:
        (page,) = read_current(gw, [title]).values()  # keyed by the wiki's spelling of the title
        assert gw.site.namespaces[2]  # site info is loaded before counting
        before = gw.counts.reads
        parsed = read_mentor_list(gw, Settings(), title, page)
        return parsed, gw.counts.reads - before
    finally:
        gw.close()


def test_the_reader_walks_back_in_one_request_and_says_when_no_recent_revision_is_valid(wiki: Wiki) -> None:
    admin = wiki.admin()
    good = json.dumps({"Mentors": {"5": {"username": "Anna"}, "6": {"username": "Jasper"}}})
    title = "Project:Mentorship/Reader list.json"
    good_rev = admin.edit(title, good)
    admin.edit(title, '{"Mentors": []}')
    bad_rev = admin.edit(title, good[:-1])
    assert read_list(LIST)[1] == 0, "a list that reads costs no request"

    parsed, requests = read_list(title)

    assert ([m.username for m in parsed.mentors], requests) == (["Anna", "Jasper"], 1)
    assert parsed.problems[0].place == f"{title}, revision {bad_rev} by Admin"
    assert f"revision {good_rev}" in parsed.problems[0].message

    # Beyond the last HISTORY_READ revisions nothing is looked for: still one request.
    for i in range(HISTORY_READ):
        admin.edit(title, f'{{"Mentors": {{"5": {i}')
    parsed, requests = read_list(title)

    assert (parsed.mentors, requests) == ((), 1)
    assert [p.place for p in parsed.problems] == [f"{title}, revision {wiki.last_revid(title)} by Admin"]
    assert "No recent revision is a valid list" in parsed.problems[0].message


# --- case 7: non-Latin names through the PHP seed scripts' JSON lines ------------------------------

# Each holds a character whose UTF-8 form has the byte 0x85, which PCRE's \R (without the u flag)
# takes for a line break (NEL): م (D9 85), अ (E0 A4 85), х (D1 85); and combining marks that
# Unicode normalisation leaves alone (Arabic harakat, a Devanagari virama).
NON_LATIN = ("مرشد الموجه", "मुख्य अनुभवी", "Михаил Наставник", "مُرشِد", "Ра\u0301хель")


def test_non_latin_names_survive_the_seed_scripts_exactly(wiki: Wiki) -> None:
    created = wiki.create_users([UserSpec(n, registered=OLD) for n in NON_LATIN])

    assert set(created) == set(NON_LATIN)
    got = wiki.api(action="query", list="users", ususers="|".join(NON_LATIN))
    on_wiki = {u["name"]: u.get("userid") for u in got["query"]["users"]}
    assert on_wiki == {n: created[n] for n in NON_LATIN}
    listed = wiki.api(action="query", list="allusers", aulimit=500)["query"]["allusers"]
    assert set(NON_LATIN) <= {u["name"] for u in listed}


# --- the property: every valid entry survives the wiki's save and the parser ----------------------

USERS = ("Alice", "bob_smith", "Éva k", "مرشد", "Zoë", "Carol  Ann", "dave", "Михаил", "Li_Na", "O'Brien")
MESSAGE_PARTS = ("it''s me", "'''bold'''", "''", "[[Help:Intro|help]]", "ask me", "{{!}}", "<b>hi</b>", "é")
NOISE_LINES = (
    "''",
    "'''",
    "Ask ''any'' mentor, or '''all''' of them.",
    "{{",
    "}}",
    "|",
    "{{Other template|x=1",
    "<!-- a note -->",
    "<nowiki>{{</nowiki>",
    "== Mentors ==",
    "=== ''Notes''' ===",
    '{| class="wikitable"\n|-\n| a || b\n|}',
    "Signed ~~~~",
    "{{subst:!}}",
    "[[Help:Intro",
    "]]",
    "",
    "Plain prose with a [[User:Someone]] link.",
)


@dataclass(frozen=True)
class Entry:
    user: str
    weight: int
    message: str
    legacy: bool

    def line(self) -> str:
        if self.legacy:
            return f"* [[User:{self.user}]] | {self.message}"
        return f"{{{{Mentor list entry|user={self.user}|weight={self.weight}|message={self.message}}}}}"


ENTRIES = st.lists(
    st.builds(
        Entry,
        user=st.sampled_from(USERS),
        weight=st.sampled_from((0, 1, 2, 4)),
        message=st.lists(st.sampled_from(MESSAGE_PARTS), max_size=3).map(" ".join),
        legacy=st.booleans(),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda e: user_name(e.user),
)
PAGES = st.tuples(
    ENTRIES, st.lists(st.lists(st.sampled_from(NOISE_LINES), max_size=3), min_size=7, max_size=7)
)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
)
@given(page=PAGES)
def test_every_valid_entry_among_noise_is_found_after_a_save(
    wiki: Wiki, page: tuple[list[Entry], list[list[str]]]
) -> None:
    entries, noise = page
    lines = [*noise[0]]
    for entry, after in zip(entries, noise[1:], strict=False):
        lines += [entry.line(), *after]
    title = "Project:Mentorship/Property list"
    wiki.admin().edit(title, "\n".join(lines))

    saved = page_text(wiki, title)
    result = parse_mentor_list(saved, page=title, user_namespaces=("User",))

    found = {m.username: m for m in result.mentors}
    for entry in entries:
        name = user_name(entry.user)
        assert name in found, f"{name} lost from:\n{saved}\nproblems: {result.problems}"
        assert found[name].weight == (2 if entry.legacy else entry.weight)
    assert set(found) == {user_name(e.user) for e in entries}
