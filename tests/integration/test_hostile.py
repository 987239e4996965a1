"""Hostile text through every rendered field, checked by the real MediaWiki parser.

Hypothesis writes the values; the renderer builds every kind of page the bot saves with them;
the wiki parses the result with ``action=parse`` (``pst=1``, so ``~~~~`` would turn into a real
signature) and says what the page contains. A hostile page must contain exactly what the same
page with plain values contains: the same templates, categories, external links, images,
interwiki links, sections and page properties (magic words), and internal links only to the
users and pages the bot meant to link. Every page must also stay under the size limit.

Usernames are checked with the wiki first (``list=users``) and used in the form the wiki gives
back, which is the only form the bot ever sees. Many values are rendered into one text per
``action=parse`` call, so hundreds of cases cost a few dozen requests.

To cover a new rendered field: add it to FIELDS and place its values in ``render_all``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from wikiseed import Wiki

from bot.build import impact as m5
from bot.build.faq import PageRef
from bot.build.index import IndexPage, IndexRow, UnansweredPage
from bot.build.mentor_talk import MentorTalkView
from bot.build.overview import Flag, MenteePageLink, MenteeRow
from bot.build.questions import UnansweredItem
from bot.build.status import StatusView
from bot.build.tools import DepartedPage, MentorTools
from bot.build.view import Dashboard, MenteesPage
from bot.core.clock import window_start
from bot.model.journal import ClaimResult
from bot.model.problem import Code, Problem, Said
from bot.render.i18n import Messages
from bot.render.pages import (
    render_dashboard,
    render_departed,
    render_index,
    render_mentees_page,
    render_status,
    render_unanswered_page,
)

pytestmark = pytest.mark.wiki
MAX_PAGE_BYTES = 1_000_000  # ARCHITECTURE §7.2: no page over 1 MB (MediaWiki refuses 2 MB)
EXAMPLES = 10
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
EN = Messages.load("en")


@dataclass(frozen=True)
class HostileField:
    """A place where text from the wiki ends up on a page the bot saves."""

    name: str
    kind: Literal["username", "text"]
    count: int  # values of this field per rendered batch


FIELDS: tuple[HostileField, ...] = (
    HostileField("mentor", "username", 2),
    HostileField("mentee", "username", 6),
    HostileField("asker", "username", 3),
    HostileField("section title", "text", 3),
    HostileField("question body", "text", 3),
    HostileField("intro message", "text", 2),
    HostileField("claimed name (settings value)", "text", 3),
    HostileField("settings problem (quotes the value)", "text", 2),
    HostileField("status page problem", "text", 2),
)
CASES_PER_BATCH = sum(f.count for f in FIELDS)

# Wikitext that does something when it reaches the parser, and text that is merely unusual.
SNIPPETS = [
    "~~~~", "~~~", "~~~~~", "{{x}}", "{{subst:x}}", "{{{1}}}", "{{DISPLAYTITLE:x}}", "{{DEFAULTSORT:x}}",
    "{{#if:1|y}}", "{{!}}", "[[Category:X]]", "[[:Category:X]]", "[[File:X.png]]", "[[en:X]]",
    "[[Special:Random]]", "[[User:Admin]]", "[http://evil.example x]", "http://evil.example",
    "//evil.example", "mailto:x@evil.example", "<ref>x</ref>", "</div>", "<div>", "<nowiki>",
    "</nowiki>", "<pre>", "<includeonly>", "<!--", "-->", "__NOTOC__", "__NOINDEX__",
    "__HIDDENCAT__", "__INDEX__", "{|", "|}", "|-", "||", "!!", "\n== H ==\n", "\n* x", "\n#x",
    "\n:x", "\n;x", "\n x", "----", "'''", "''", "ISBN 9780306406157", "RFC 1234", "PMID 12345",
    "-{x}-", "&lt;", "&#91;&#91;", "%5B%5B", "<span style=\"color:red\">", "'\"><script>",
    "\u202e", "\u200f", "\u2067", "\u202a", "שלום", "مرحبا", "ܫܠܡܐ", "😀", "\u0301", "\ufeff",
]  # fmt: skip
# MediaWiki refuses these in usernames (and "~~~"), and folds "_" into " ".
NOT_IN_NAMES = set("#<>[]|{}:=@/_\n\r\t\x7f") | {chr(c) for c in range(32)}
NAME_SNIPPETS = [s for s in SNIPPETS if not set(s) & NOT_IN_NAMES and "~~~" not in s and s.strip()]


def hostile_text() -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=8)), min_size=1, max_size=6).map(
        "".join
    )


def hostile_name() -> st.SearchStrategy[str]:
    chars = st.characters(blacklist_characters="".join(NOT_IN_NAMES), blacklist_categories=("Cs", "Cc"))
    part = st.one_of(st.sampled_from(NAME_SNIPPETS), st.text(chars, min_size=1, max_size=6))
    return st.lists(part, min_size=1, max_size=5).map(lambda p: " ".join(p)).filter(lambda n: "~~~" not in n)


def batch() -> st.SearchStrategy[dict[str, list[str]]]:
    def values(f: HostileField) -> st.SearchStrategy[list[str]]:
        one = hostile_name() if f.kind == "username" else hostile_text()
        return st.lists(one, min_size=f.count, max_size=f.count)

    return st.fixed_dictionaries({f.name: values(f) for f in FIELDS})


def plain_values() -> dict[str, list[str]]:
    """The same batch with harmless, valid values: what the hostile pages must look like."""
    return {f.name: [f"Plain {f.name.split()[0]} {i:02d}" for i in range(f.count)] for f in FIELDS}


# --- the pages --------------------------------------------------------------------------------


def settings_problems(values: Sequence[str]) -> tuple[Said, ...]:
    """Problems with a mentor's settings, quoting each value as the settings reader does: as code,
    and as the name of whoever saved the page."""
    return tuple(
        said
        for value in values
        for said in (
            Said.of("mentordashboard-settings-invalid-other", Code(value)),
            Said.of("mentordashboard-settings-untrusted-all", 1, value),
        )
    )


def render_all(v: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Every page the bot saves, with the batch's values in every field."""
    mentors, mentees, askers = v["mentor"], v["mentee"], v["asker"]
    items = tuple(
        UnansweredItem(
            mentor=mentors[i % len(mentors)],
            asker=askers[i],
            page=f"User talk:{mentors[i % len(mentors)]}",
            anchor=v["section title"][i].replace(" ", "_"),
            heading=v["section title"][i],
            asked=NOW - timedelta(days=3 + i),
            overdue=True,
            preview=v["question body"][i],
        )
        for i in range(len(askers))
    )
    rows = tuple(
        MenteeRow(
            name=name,
            registered=NOW - timedelta(days=5),
            edits=3,
            edits_recent=2,
            reverted=1,
            questions=1,
            blocked_now=False,
            block_count=0,
            last_active=NOW - timedelta(days=1),
            starred=i == 0,
            flags=(Flag.UNANSWERED,),
        )
        for i, name in enumerate(mentees)
    )
    impact = m5.Impact(
        3,
        2,
        m5.Tally(10, 4),
        3,
        m5.Tally(2, 1),
        m5.Tally(1, 1),
        5,
        m5.Tally(2, 1),
        2,
        1,
        m5.ImpactWindows(
            90,
            30,
            30,
            30,
            window_start(NOW.date(), 90).date(),
            window_start(NOW.date(), 30).date(),
            window_start(NOW.date(), 30).date(),
        ),
    )
    pages: dict[str, str] = {}
    for i, mentor in enumerate(mentors):
        title = f"User:{mentor}/Mentor dashboard"
        tools = MentorTools(
            mentor=mentor,
            status="active",
            away_until=None,
            weight=2,
            message=v["intro message"][i],
            settings_title=f"User:{mentor}/Mentor dashboard.json",
            ineligible=(),
            claims=(
                *(ClaimResult(name, "no-such-user") for name in v["claimed name (settings value)"]),
                ClaimResult(mentees[0], "done", mentors[1 - i]),
            ),
            claims_at=NOW,
            example_away=date(2027, 1, 1),
            problems=settings_problems(v["settings problem (quotes the value)"]),
        )
        talk = MentorTalkView(
            unanswered=tuple(it for it in items if it.mentor == mentor),
            overdue_days=2,
            impact=impact,
            faq=PageRef(f"{title}/FAQ", True),
            community_faq=PageRef("Project:Mentorship/FAQ", True),
            resources=PageRef("Project:Mentorship/Resources", True),
            rows_limit=200,
        )
        more = (MenteePageLink(f"{title}/Mentees", 2, len(rows)),)
        pages[title] = render_dashboard(
            Dashboard(
                mentor=mentor,
                updated=NOW,
                recent_days=30,
                problems=settings_problems(v["settings problem (quotes the value)"]),
                rows=rows[:1],
                total_mentees=len(rows),
                more_pages=more,
                talk=talk,
                tools=tools,
            ),
            EN,
        )
        pages[f"{title}/Mentees"] = render_mentees_page(
            MenteesPage(mentor, f"{title}/Mentees", title, rows[1:], 2, len(rows), NOW, 30), EN
        )
        pages[f"{title} (departed)"] = render_departed(
            DepartedPage(mentor, title, "quit", f"{title}/FAQ"), EN
        )
    index_rows = tuple(
        IndexRow(m, f"User:{m}/Mentor dashboard", None, len(rows), len(items), NOW.date()) for m in mentors
    )
    pages["Project:Mentorship/Dashboards"] = render_index(
        IndexPage("Project:Mentorship/Dashboards", index_rows, NOW), EN
    )
    pages["Project:Mentorship/Unanswered questions"] = render_unanswered_page(
        UnansweredPage("Project:Mentorship/Unanswered questions", items, 2, NOW, 500), EN
    )
    problems = tuple(  # the value quoted as code, and as the place on the page
        Problem.of(
            f"User:{mentors[0]}/Mentor dashboard.json",
            "mentordashboard-settings-invalid-other",
            Code(p),
            at=Said.of("mentordashboard-where-mentor", p),
        )
        for p in v["status page problem"]
    )
    pages["User:MentorBot/Status"] = render_status(
        StatusView("MentorBot", NOW, 1.5, 10, 2, tuple(pages), len(mentors), False, problems), EN
    )
    return pages


# --- what the parser makes of them ------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    links: frozenset[str]
    templates: frozenset[str]
    categories: frozenset[str]
    externallinks: frozenset[str]
    images: frozenset[str]
    iwlinks: frozenset[str]
    properties: frozenset[str]
    sections: tuple[tuple[int, str], ...]  # (level, anchor's position marker) per heading

    def renamed(self, names: Mapping[str, str]) -> Parsed:
        """The plain batch's result with each plain name replaced by its hostile counterpart."""

        def swap(title: str) -> str:
            for plain, hostile in names.items():
                title = title.replace(plain, hostile)
            return title

        return Parsed(
            frozenset(swap(t) for t in self.links),
            frozenset(swap(t) for t in self.templates),
            self.categories,
            self.externallinks,
            self.images,
            self.iwlinks,
            self.properties,
            self.sections,
        )


def parse(wiki: Wiki, text: str) -> Parsed:
    res = wiki.admin().post(
        action="parse",
        title="User:Hostile check/Mentor dashboard",
        text=text,
        contentmodel="wikitext",
        pst=1,
        prop="links|templates|categories|externallinks|images|iwlinks|properties|sections",
    )["parse"]
    return Parsed(
        links=frozenset(link["title"] for link in res["links"]),
        templates=frozenset(t["title"] for t in res["templates"]),
        categories=frozenset(c["category"] for c in res["categories"]),
        externallinks=frozenset(res["externallinks"]),
        images=frozenset(res["images"]),
        iwlinks=frozenset(f"{i['prefix']}:{i['title']}" for i in res["iwlinks"]),
        properties=frozenset(res["properties"]),
        sections=tuple((int(s["level"]), s["number"]) for s in res["sections"]),
    )


def canonical_names(wiki: Wiki, names: Sequence[str]) -> dict[str, str | None]:
    """Each name as the wiki writes it, or None when the wiki would refuse it as a username."""
    res = wiki.admin().post(action="query", list="users", ususers="|".join(names))["query"]
    normalized = {n["from"]: n["to"] for n in res.get("normalized", [])}
    verdict = {u["name"]: None if u.get("invalid") else u["name"] for u in res["users"]}
    return {n: verdict.get(normalized.get(n, n)) for n in names}


@dataclass
class Tally:
    cases: int = 0
    batches: int = 0
    biggest: int = 0
    per_field: dict[str, int] = field(default_factory=dict)


TALLY = Tally()
SEP = "\n\n<div>{{formatnum:1}}</div>\n\n"  # pages are joined, so one parse call checks them all


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    yield Wiki(str(fresh_wiki["name"]))


@pytest.fixture(scope="module")
def plain(wiki: Wiki) -> Parsed:
    return parse(wiki, SEP.join(render_all(plain_values()).values()))


def valid_batch(wiki: Wiki, values: dict[str, list[str]]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The batch with usernames the wiki refuses swapped for plain ones; and plain → hostile."""
    plain_v = plain_values()
    names = [n for f in FIELDS if f.kind == "username" for n in values[f.name]]
    canon = canonical_names(wiki, names)
    out = dict(values)
    swap: dict[str, str] = {}
    used: set[str] = set()
    for f in FIELDS:
        if f.kind != "username":
            continue
        fixed = []
        for plain_name, name in zip(plain_v[f.name], values[f.name], strict=True):
            got = canon.get(name)
            if not got or got in used:  # refused by the wiki, or two fields would share a user
                got = plain_name
            used.add(got)
            fixed.append(got)
            swap[plain_name] = got
        out[f.name] = fixed
    # Longest first, so "Plain mentee 01" is not replaced inside "Plain mentee 010".
    return out, dict(sorted(swap.items(), key=lambda kv: -len(kv[0])))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each step is a parse on the wiki
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@example(values={**plain_values(), "section title": ["__NOTOC__", "a __INDEX__ b", "__NEWSECTIONLINK__"]})
@given(values=batch())
def test_hostile_values_in_every_field_add_nothing_the_parser_acts_on(
    wiki: Wiki, plain: Parsed, values: dict[str, list[str]]
) -> None:
    values, names = valid_batch(wiki, values)
    pages = render_all(values)
    for title, text in pages.items():
        size = len(text.encode())
        TALLY.biggest = max(TALLY.biggest, size)
        assert size <= MAX_PAGE_BYTES, f"{title} is {size} bytes"
    got = parse(wiki, SEP.join(pages.values()))
    expected = plain.renamed(names)
    assert got.templates == expected.templates, "a value added or changed a transclusion"
    assert got.categories == expected.categories, "a value added a category"
    assert got.externallinks == expected.externallinks, "a value added an external link"
    assert got.images == expected.images and got.iwlinks == expected.iwlinks
    assert got.properties == expected.properties, "a value set a page property (magic word)"
    assert got.sections == expected.sections, "a value added a heading"
    assert got.links == expected.links, "a value added or changed an internal link (or a signature)"
    TALLY.batches += 1
    TALLY.cases += CASES_PER_BATCH
    for f in FIELDS:
        TALLY.per_field[f.name] = TALLY.per_field.get(f.name, 0) + f.count


def test_at_least_200_hostile_values_were_checked_by_the_parser() -> None:
    print(f"hostile cases: {TALLY.cases} in {TALLY.batches} parse calls; biggest page {TALLY.biggest} bytes")
    assert TALLY.cases >= 200, TALLY


def test_a_signature_in_plain_text_would_have_been_caught(wiki: Wiki, plain: Parsed) -> None:
    """The check itself can fail: raw ``~~~~`` in a page shows up as a link to the parsing user."""
    text = SEP.join(render_all(plain_values()).values()) + "\n~~~~"
    assert parse(wiki, text).links - plain.links
