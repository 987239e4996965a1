"""Mutation fuzzing: every input the bot reads, edited the way people slip, never costs a mentee.

Valid pages of every input (the mentor list in its three formats, the site settings, a mentor's
settings, an assignments page and the state page) get one random edit each (``mutate.py``),
saved through MediaWiki by an admin; MediaWiki refuses what it refuses (invalid JSON on a JSON
page), and another edit is drawn. Then the real CLI runs in a subprocess, one new account
arriving each time, and the wiki is read through its API to check:

* the run exits 0, or 1 with the reason, and never with a traceback;
* no mentee changes mentor unless the oracle allows it: the mentor's name is gone from the list
  text, or their settings say "quit"; with a grace period configured (``removal_grace_hours``)
  nothing moves at all, as these runs are minutes apart;
* every mentee still has exactly one mentor. An assignments page counts as the last revision the
  bot saved of it: a page an admin broke keeps its mentees until the bot writes it again;
* the shared pages are not emptied: the index still links every mentor the list names, and the
  unanswered-questions page keeps the seeded questions of those mentors;
* an edit by someone else to one of the bot's own pages (an assignments page, the state page)
  is reported: a problem line names the page.

The page is restored after each run (the bot's own pages by the bot, as if it had never been
touched), so each case starts from a valid wiki. MUTATIONS_PER_INPUT sets the cost; every case
is named by MUTATION_SEED (default below), its input and its number, and replays from those
(the state page holds the run's times, so its cases replay the same edit at the same place of a
page that differs in those values).
With MUTATION_FINDINGS=path, every failure is also appended there in Markdown.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pywikibot
from wikiseed import DEFAULT_PASSWORD, ApiError, ImportedEdit, UserSpec, Wiki

from bot.core.settings import Settings
from tests.integration.botrun import cli_env, logged_in_site, run_cli, seed_assignments
from tests.integration.mutate import Mutation, random_mutation
from tests.integration.wikipages import text_if_exists

pytestmark = [pytest.mark.wiki, pytest.mark.slow]  # 1.5 min on a quiet 2-core machine; -m "not slow" skips it

MUTATIONS_PER_INPUT = 6
SEED = int(os.environ.get("MUTATION_SEED", "20261203"))
TRIES = 30  # edits drawn for one case until MediaWiki accepts one (JSON pages refuse invalid JSON)
FINDINGS = os.environ.get("MUTATION_FINDINGS")

S = Settings()
BOT = "MentorBot"
# A grace period makes every departure wait, so within these runs nothing may move at all.
GRACE_HOURS = int(getattr(S, "removal_grace_hours", 0))
MENTORS = ("Carrier", "Mentor Bea", "Mentor Cy", "Mentor Dee")
MESSAGES = {"Carrier": "it''s me, ask about '''sources'''", "Mentor Bea": "Images and maps", "Mentor Cy": ""}
WEIGHTS = {"Carrier": 2, "Mentor Bea": 1, "Mentor Cy": 4, "Mentor Dee": 2}
MENTEES = {m: [f"Fuzzee {chr(65 + i)}{j}" for j in range(1, 4)] for i, m in enumerate(MENTORS)}
QUESTIONS = {m: f"Question for {m} about citations" for m in MENTORS}  # asked by each first mentee
SETTINGS_OF = "Carrier"  # whose settings page and assignments page are mutated
STATE = f"User:{BOT}/{S.lifecycle_state_page}"
STORE_PREFIX = f"{BOT}/{S.assignments_prefix}"
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\ufeff]")
SPACES = re.compile("[ _\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def template_list() -> str:
    lines = ["Mentors for new editors. Add yourself with the template below.", "", "== Mentors =="]
    for m in MENTORS:
        message = f"|message={MESSAGES[m]}" if MESSAGES.get(m) else ""
        lines.append(f"{{{{Mentor list entry|user={m}|weight={WEIGHTS[m]}{message}}}}}")
    return "\n".join([*lines, "", "Questions about the list go to the talk page."])


def legacy_list() -> str:
    lines = ["== Mentors ==", "Each line: the mentor, then their intro message."]
    lines += [f"* [[User:{m}]] | {MESSAGES.get(m, '')}".rstrip(" |") for m in MENTORS]
    return "\n".join(lines)


def json_list(ids: dict[str, int]) -> str:
    mentors = {
        str(ids[m]): {
            "username": m,
            "message": MESSAGES.get(m) or None,
            "weight": WEIGHTS[m],
            "automaticallyAssigned": True,
        }
        for m in MENTORS
    }
    return json.dumps({"Mentors": mentors}, indent=4, ensure_ascii=False)


SITE_SETTINGS = json.dumps(
    {"main_page_rows": 100, "reassign_notice": True, "mentor_min_edits": 10, "praise_min_edits": 8}, indent=1
)
MENTOR_SETTINGS = json.dumps(
    {
        "status": "active",
        "message": "Ask me about ''sources''",
        "weight": 0,  # no new accounts: Carrier's assignments page stays the same from run to run
        "starred": [MENTEES[SETTINGS_OF][0]],
        "praise": {"days": 5, "min_edits": 3},
    },
    indent=1,
)


# --- what the wiki holds, read through its API --------------------------------------------------


def store(w: Wiki) -> tuple[dict[int, list[str]], list[str]]:
    """Mentee id → the mentors whose assignments page holds them, each page as the bot last saved
    it; and what is wrong with a page the bot saved (it must always be readable)."""
    res = w.api(
        action="query",
        generator="allpages",
        gapnamespace=2,
        gapprefix=STORE_PREFIX,
        gaplimit="max",
        prop="revisions",
        rvprop="user|content",
        rvslots="main",
    )
    holders: dict[int, list[str]] = {}
    wrong: list[str] = []
    for page in res.get("query", {}).get("pages", []):
        title = page["title"]
        latest = page["revisions"][0]
        text = latest["slots"]["main"]["content"] if latest.get("user") == BOT else last_by(w, title, BOT)
        if text is None:
            continue  # never saved by the bot: not part of the store
        mentor = title.removeprefix(f"User:{STORE_PREFIX}").removesuffix(".json")
        try:
            days = json.loads(text)["mentees"]
            for ids in days.values():
                for uid in ids:
                    holders.setdefault(int(uid), []).append(mentor)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            wrong.append(f"{title}: the bot's own revision does not parse ({e})")
    return holders, wrong


def texts(w: Wiki, titles: list[str]) -> dict[str, str]:
    """The current text of each of TITLES that exists, keyed as asked (``Project:…`` included)."""
    res = w.api(action="query", prop="revisions", titles="|".join(titles), rvprop="content", rvslots="main")
    asked = {n["to"]: n["from"] for n in res["query"].get("normalized", [])}
    return {
        asked.get(page["title"], page["title"]): page["revisions"][0]["slots"]["main"]["content"]
        for page in res["query"]["pages"]
        if "revisions" in page
    }


def linked(w: Wiki, title: str) -> set[str]:
    """The pages TITLE links to, as MediaWiki resolved the links when it saved it."""
    res = w.api(action="query", prop="links", titles=title, plnamespace=2, pllimit="max")
    return {link["title"] for link in res["query"]["pages"][0].get("links", [])}


def named(text: str, mentor: str) -> bool:
    """Whether TEXT still names MENTOR in any spelling MediaWiki reads as that user: invisible
    marks dropped, underscores and any space alike, the first letter in either case."""
    flat = SPACES.sub(" ", BIDI.sub("", text))
    return mentor in flat or (mentor[0].lower() + mentor[1:]) in flat


# --- one case ------------------------------------------------------------------------------------


@dataclass
class Tally:
    """The suite's figures, for the README's Reliability section."""

    tried: int = 0  # edits drawn
    refused: int = 0  # refused by MediaWiki (invalid JSON on a JSON page), so never run
    unchanged: int = 0  # saved, but MediaWiki's own normalisation left the page as it was
    runs: int = 0
    wrongly_reassigned: int = 0
    lost: int = 0  # mentees with no mentor after a run
    doubled: int = 0  # mentees on two pages after a run
    crashes: int = 0  # tracebacks or exit codes other than 0 and 1
    failed_cases: int = 0
    seconds: float = 0.0
    run_seconds: float = 0.0  # of which the bot's runs

    def line(self) -> str:
        return (
            f"mutation suite (seed {SEED}, {MUTATIONS_PER_INPUT} per input): {self.tried} edits tried, "
            f"{self.refused} refused and {self.unchanged} normalised away by MediaWiki; {self.runs} bot "
            f"runs, {self.wrongly_reassigned} mentees reassigned wrongly, {self.lost} left without a "
            f"mentor, {self.doubled} with two mentors, {self.crashes} crashes, {self.failed_cases} failing "
            f"cases; {self.seconds:.0f} s, {self.run_seconds:.0f} s of it in the bot's runs"
        )


@dataclass
class Fuzz:
    """The seeded wiki and what every check needs to know about it."""

    wiki: Wiki
    ids: dict[str, int]
    state_dir: Path
    tally: Tally = field(default_factory=Tally)
    newcomers: int = 0

    def save(self, title: str, text: str, *, as_user: str | None = None) -> int:
        """Save TEXT as AS_USER (None: an admin); the page's revision id afterwards."""
        session = self.wiki.session_for(as_user) if as_user else self.wiki.admin()
        return session.edit(title, text, "mutation suite")

    def run(self) -> tuple[int, str, str]:
        """One new account arrives, then the CLI runs once; exit code, stdout, stderr."""
        self.newcomers += 1
        sign_up(self.wiki, f"Fuzz Newbie {self.newcomers}")
        self.tally.runs += 1
        t0 = time.monotonic()
        res = run_cli("run", env=cli_env(state=self.state_dir))
        self.tally.run_seconds += time.monotonic() - t0
        return res.returncode, res.stdout, res.stderr

    def check(
        self, before: dict[int, list[str]], rc: int, out: str, err: str, may_leave: set[str]
    ) -> list[str]:
        """Every invariant after one run; what is broken, in words (empty: all hold)."""
        broken: list[str] = []
        if "Traceback" in err or "Traceback" in out or rc not in (0, 1):
            self.tally.crashes += 1
            broken.append(f"crash: exit {rc}\n{err[-3000:]}")
        elif rc == 1 and "failed:" not in err:
            broken.append(f"exit 1 without a reason\n{err[-1500:]}")
        after, unreadable = store(self.wiki)
        broken += [f"store: {u}" for u in unreadable]
        for uid, mentors in sorted(before.items()):
            now = after.get(uid, [])
            if not now:
                self.tally.lost += 1
                broken.append(f"mentee {uid} (was {mentors[0]}'s) has no mentor now")
            elif now != mentors and (GRACE_HOURS or mentors[0] not in may_leave):
                self.tally.wrongly_reassigned += 1
                broken.append(f"mentee {uid} moved from {mentors[0]} to {', '.join(now)}")
        for uid, mentors in sorted(after.items()):
            if len(mentors) > 1:
                self.tally.doubled += 1
                broken.append(f"mentee {uid} is on {len(mentors)} pages: {', '.join(mentors)}")
        pages = texts(self.wiki, [S.mentor_list, S.unanswered_page])
        listed = [m for m in MENTORS if named(pages.get(S.mentor_list, ""), m)]
        index = linked(self.wiki, S.index_page)
        broken += [f"index no longer links {m}" for m in listed if f"User:{m}" not in index]
        unanswered = html.unescape(pages.get(S.unanswered_page, ""))
        broken += [f"unanswered page lost {QUESTIONS[m]!r}" for m in listed if QUESTIONS[m] not in unanswered]
        return broken

    def leaving(self) -> set[str]:
        """The oracle: mentors whose mentees may move, from the pages as they are now."""
        pages = texts(self.wiki, [S.mentor_list, settings_title(SETTINGS_OF)])
        gone = {m for m in MENTORS if not named(pages.get(S.mentor_list, ""), m)}
        return gone | ({SETTINGS_OF} if "quit" in pages.get(settings_title(SETTINGS_OF), "") else set())

    def settle(self) -> list[str]:
        """A run on valid pages, which must hold every invariant; what it breaks."""
        before, _ = store(self.wiki)
        rc, out, err = self.run()
        return self.check(before, rc, out, err, set())

    def settled(self, what: str) -> None:
        broken = self.settle()
        assert not broken, f"{what}: the run on valid pages already breaks:\n" + "\n".join(broken)


def sign_up(w: Wiki, name: str) -> None:
    """A newcomer creates their account through the API, as on any wiki: a newusers log entry."""
    session = w.anonymous()
    res = session.post(
        action="createaccount",
        createtoken=session.token("createaccount"),
        username=name,
        password=DEFAULT_PASSWORD,
        retype=DEFAULT_PASSWORD,
        createreturnurl=w.base_url + "/",
    )
    assert res["createaccount"]["status"] == "PASS", res


def settings_title(mentor: str) -> str:
    return f"User:{mentor}/{S.mentor_settings_subpage}"


def last_by(w: Wiki, title: str, user: str) -> str | None:
    revs = w.api(
        action="query", prop="revisions", titles=title, rvprop="user|content", rvslots="main", rvlimit=50
    )["query"]["pages"][0].get("revisions", [])
    return next((r["slots"]["main"]["content"] for r in revs if r.get("user") == user), None)


def save_as_bot(title: str, text: str) -> None:
    """Put the bot's own page back as the bot saved it, so the next case starts untouched."""
    page = pywikibot.Page(logged_in_site(), title)
    page.text = text
    page.save("mutation suite: restore", bot=True, minor=True, asynchronous=False, quiet=True)


# --- the inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """One page the bot reads: how to make it valid at the start, and who saves and restores it."""

    name: str
    title: Callable[[], str]
    valid: Callable[[Fuzz], str]  # the valid text the phase starts from
    owner: str | None = None  # who saves the valid text (None: an admin)
    # For the bot's own pages (restored by the bot): whether an edit from VALID to MUTATED is one
    # the bot must report. None: a page people edit, where most typos are harmless.
    must_report: Callable[[str, str], bool] | None = None

    @property
    def bots_page(self) -> bool:
        return self.must_report is not None

    def setup(self, fz: Fuzz) -> str:
        text = self.valid(fz)
        if self.bots_page:
            return text
        if text_if_exists(fz.wiki, self.title()) != text:
            fz.save(self.title(), text, as_user=self.owner)
            fz.settled(f"{self.name}: valid page")
        return text

    def restore(self, fz: Fuzz, valid: str) -> None:
        title = self.title()
        if not self.bots_page:
            if text_if_exists(fz.wiki, title) != valid:
                fz.save(title, valid, as_user=self.owner)
            return
        revs = fz.wiki.api(action="query", prop="revisions", titles=title, rvprop="user")["query"]["pages"][0]
        if revs.get("revisions", [{}])[0].get("user") != BOT:
            save_as_bot(title, last_by(fz.wiki, title, BOT) or "")


INPUTS = (
    Input("mentor list, template entries", lambda: S.mentor_list, lambda fz: template_list()),
    Input("mentor list, legacy lines", lambda: S.mentor_list, lambda fz: legacy_list()),
    Input("mentor list, JSON", lambda: S.mentor_list, lambda fz: json_list(fz.ids)),
    Input("site settings", lambda: S.settings_page, lambda fz: SITE_SETTINGS),
    Input("mentor settings", lambda: settings_title(SETTINGS_OF), lambda fz: MENTOR_SETTINGS, SETTINGS_OF),
    Input(
        "assignments page",
        lambda: f"User:{STORE_PREFIX}{SETTINGS_OF}.json",
        lambda fz: last_by(fz.wiki, f"User:{STORE_PREFIX}{SETTINGS_OF}.json", BOT) or "",
        must_report=lambda valid, mutated: store_meaning(mutated) != store_meaning(valid),
    ),
    Input(
        "state page",
        lambda: STATE,
        lambda fz: last_by(fz.wiki, STATE, BOT) or "",
        must_report=lambda valid, mutated: shape(parsed(mutated)) != shape(parsed(valid)),
    ),
)


def parsed(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return ValueError  # not JSON at all: unlike anything the bot saves


def store_meaning(text: str) -> object:
    """What an assignments page says (its mentor and the set of mentee ids), read the way the
    README documents the format; anything else is kept whole, so that it differs."""
    data = parsed(text)
    try:
        assert isinstance(data, dict) and isinstance(data["mentor"], str)
        ids = [uid for day, group in data["mentees"].items() for uid in group if re.fullmatch(r"\d{8}", day)]
        assert all(type(uid) is int and uid > 0 for uid in ids) and len(data) == 2
        return data["mentor"], frozenset(ids)
    except (AssertionError, AttributeError, KeyError, TypeError):
        return text


def shape(value: object) -> object:
    """The keys and value types of a JSON value, not its values: a state page whose shape differs
    from what the bot saves is one the bot did not write (``bot/parse/journal.py``)."""
    if isinstance(value, dict):
        return frozenset((k, shape(v)) for k, v in value.items())
    return "list" if isinstance(value, list) else type(value).__name__


# --- the suite -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz(
    fresh_wiki: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Fuzz]:
    """Four mentors with three mentees each, one old unanswered question per mentor, every
    input valid, and one bot run that must already hold every invariant."""
    w = Wiki(str(fresh_wiki["name"]))
    now = datetime.now(UTC)
    mentees = [n for names in MENTEES.values() for n in names]
    ids = w.create_users(
        [UserSpec(m, registered=now - timedelta(days=400), editcount=1000) for m in MENTORS]
        + [UserSpec(n, registered=now - timedelta(days=10)) for n in mentees],
        log=False,  # not new accounts: the bot must not assign them again
    )
    asked = now - timedelta(days=5)
    mentor_edits = [  # enough for the mentors to be eligible (mentor_min_edits in SITE_SETTINGS)
        ImportedEdit(f"Sandbox/{m}/{i}", m, now - timedelta(days=30 + i), "x")
        for m in MENTORS
        for i in range(12)
    ]
    questions = [
        ImportedEdit(
            f"User talk:{m}",
            MENTEES[m][0],
            asked,
            f"== {QUESTIONS[m]} ==\nHow do I cite a book? [[User:{MENTEES[m][0]}|{MENTEES[m][0]}]] "
            f"([[User talk:{MENTEES[m][0]}|talk]]) {asked:%H:%M}, {asked.day} {asked:%B %Y} (UTC)\n",
        )
        for m in MENTORS
    ]
    w.import_edits(mentor_edits + questions)
    seed_assignments({m: [ids[n] for n in MENTEES[m]] for m in MENTORS})
    w.admin().edit(S.mentor_list, template_list(), "mentor list")
    w.admin().edit(S.settings_page, SITE_SETTINGS, "settings")
    w.session_for(SETTINGS_OF).edit(settings_title(SETTINGS_OF), MENTOR_SETTINGS, "my settings")
    fz = Fuzz(w, ids, tmp_path_factory.mktemp("mutation-state"))
    started = time.monotonic()
    fz.settled("seeded wiki")
    index = linked(w, S.index_page)
    unanswered = html.unescape(text_if_exists(w, S.unanswered_page) or "")
    assert all(f"User:{m}" in index for m in MENTORS), "the seeded index must link every mentor"
    assert all(q in unanswered for q in QUESTIONS.values()), "the seeded questions must be listed"
    yield fz
    fz.tally.seconds = time.monotonic() - started
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # shown even when output is captured
            reporter.write_line("\n" + fz.tally.line())
    if FINDINGS:
        with open(FINDINGS, "a", encoding="utf-8") as f:
            f.write(f"\n{fz.tally.line()} (MediaWiki {w.mw_version})\n")


def reported(out: str, title: str) -> bool:
    """Whether a problem line of the CLI's output names TITLE (with or without its namespace)."""
    page = title.split(":", 1)[1]
    return any(line.startswith("problem:") and page in line for line in out.splitlines())


def case_seed(inp: Input, i: int) -> str:
    return f"{SEED}:{inp.name}:{i}"


def draw(fz: Fuzz, inp: Input, valid: str, rng: random.Random) -> tuple[Mutation, str] | None:
    """An edit of VALID that MediaWiki saves, or None when TRIES edits were all refused."""
    for _ in range(TRIES):
        mutation = random_mutation(rng, valid)
        text = mutation.apply(valid)
        fz.tally.tried += 1
        if text == valid:
            continue
        was = fz.wiki.last_revid(inp.title())
        try:
            saved = fz.save(inp.title(), text, as_user=inp.owner)
        except ApiError as e:
            if e.code != "invalid-json-data":
                raise
            fz.tally.refused += 1
            continue
        if saved == was:  # MediaWiki normalised it back to the text it had (JSON layout)
            fz.tally.unchanged += 1
            continue
        return mutation, text
    return None


def report(fz: Fuzz, inp: Input, i: int, mutation: Mutation, valid: str, broken: list[str]) -> str:
    text = (
        f"### {inp.name}, case {i} (MUTATION_SEED={SEED}, MediaWiki {fz.wiki.mw_version})\n"
        f"- edit: {mutation.describe(valid)}\n"
        + "".join(f"- {b.splitlines()[0]}\n" for b in broken)
        + "".join(f"```\n{b}\n```\n" for b in broken if "\n" in b)
    )
    if FINDINGS:
        with open(FINDINGS, "a", encoding="utf-8") as f:
            f.write("\n" + text)
    return text


@pytest.mark.parametrize("inp", INPUTS, ids=[i.name for i in INPUTS])
def test_random_edits_of_an_input_never_cost_a_mentee_or_crash_the_run(fuzz: Fuzz, inp: Input) -> None:
    valid = inp.setup(fuzz)
    assert valid, f"{inp.name}: no valid page to start from"
    failures: list[str] = []
    for i in range(MUTATIONS_PER_INPUT):
        rng = random.Random(case_seed(inp, i))
        drawn = draw(fuzz, inp, valid, rng)
        if drawn is None:
            continue
        mutation, mutated = drawn
        before, _ = store(fuzz.wiki)
        may_leave = fuzz.leaving()
        rc, out, err = fuzz.run()
        broken = fuzz.check(before, rc, out, err, may_leave)
        if inp.must_report and inp.must_report(valid, mutated) and not reported(out, inp.title()):
            broken.append(f"nothing reports the meaningful edit someone else made to {inp.title()}")
        inp.restore(fuzz, valid)
        if broken:
            fuzz.tally.failed_cases += 1
            failures.append(report(fuzz, inp, i, mutation, valid, broken))
    if failures:  # the next input starts from a wiki the bot has settled on valid pages again
        broken = fuzz.settle()
        failures += [f"after restoring {inp.name}, a run on valid pages: {b}" for b in broken]
    assert not failures, "\n".join(failures)


def test_after_every_case_a_run_on_the_restored_pages_holds_every_invariant(fuzz: Fuzz) -> None:
    """Each case restored its page; the wiki the cases leave behind must be one the bot settles on."""
    fuzz.settled("every input restored")
