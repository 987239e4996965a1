"""The bot reads every signature MediaWiki writes: a generated corpus on real wikis, refereed.

For each language and zone of ``talkcorpus.WIKIS`` a fresh wiki gets the corpus of
``talkcorpus.write_corpus``: every comment posted by its own user, signed by MediaWiki at a
chosen moment. The bot's reader (``bot/read/talk.py``, with the wiki's own signature rules)
then reads the page, and its reading is checked three ways:

* against what the generator posted: every signed comment with its author, UTC minute and
  level-2 thread, in page order, and nothing else (both MediaWiki versions);
* against DiscussionTools, MediaWiki's own comment parser (``action=discussiontoolspageinfo``,
  MediaWiki 1.43 only: the bundled copy needs it): the same author, minute and section for
  every comment, except where DiscussionTools is known to be wrong (``DT_MISTAKES``);
* against MediaWiki's own section anchors and heading texts.

Each question's status (answered, answered by the mentor, first replier and first reply time,
by time rather than page order) is worked out from what was posted and compared with the bot's.
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import localwiki
import pytest

from bot.build.questions import AskerRules, Question, mentor_questions
from bot.core.clock import parse_api_time
from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.talk import TalkPageThreads
from bot.read.revcache import RevisionCache
from bot.read.talk import fetch_askers, fetch_talk_pages, signature_rules
from tests.integration import talkcorpus as tc
from tests.integration.botrun import site_of

pytestmark = pytest.mark.wiki

MW = os.environ.get("MW") or localwiki.DEFAULT_MW
REFEREE = MW != "1.39"  # DiscussionTools as bundled with 1.43 runs on 1.43 only

# (thread, author, UTC minute): one comment, as any of the three readers sees it.
Key = tuple[int, str, datetime]


@dataclass(frozen=True)
class Observed:
    """Everything read back from one corpus wiki while it was up."""

    corpus: tc.Corpus
    text: str
    truth: list[tc.Posted]  # in page order
    bot: TalkPageThreads
    questions: list[Question]
    sections: list[dict[str, Any]]  # action=parse's, every level
    dt_comments: list[Key]  # in page order; empty without the referee
    dt_headings: list[str]  # level-2 headings' text, in page order


@pytest.fixture(scope="module")
def pipeline(request: pytest.FixtureRequest) -> Iterator[tc.Pipeline]:
    """The corpus wikis the selected tests use, in the order they run."""
    specs: list[tc.WikiSpec] = []
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        spec = callspec.params.get("observed") if callspec is not None else None
        if isinstance(spec, tc.WikiSpec) and spec not in specs:
            specs.append(spec)
    built = tc.Pipeline(specs, MW, discussiontools=REFEREE)
    yield built
    built.close()


# Three wikis cover a summer-time zone with its repeated hour, a numeric label with Eastern
# Arabic digits and a quarter-hour label with Devanagari ones; `-m "not slow"` keeps to them.
QUICK = ("en", "ar", "ne")
PARAMS = [
    pytest.param(s, marks=() if s.lang in QUICK else pytest.mark.slow, id=f"{s.lang}-{s.zone}")
    for s in tc.WIKIS
]


@pytest.fixture(scope="module", params=PARAMS)
def observed(request: pytest.FixtureRequest, pipeline: tc.Pipeline) -> Iterator[Observed]:
    spec: tc.WikiSpec = request.param
    corpus = pipeline.corpus(spec)
    wiki = corpus.wiki
    try:
        text = corpus.text()
        with pipeline.lock:
            site = site_of(spec.name)
        gw = Gateway(site)
        try:
            pages = fetch_talk_pages(
                gw,
                [tc.MENTOR],
                archives={},
                rules=signature_rules(gw, Settings().unsigned_templates),
                cache=RevisionCache(None),
            )
            (bot,) = pages[tc.MENTOR]
            openers = {t.comments[0].author for t in bot.threads if t.comments}
            rules = AskerRules(
                mentee_ids=frozenset(corpus.user_ids[m] for m in tc.MENTEES),
                askers=fetch_askers(gw, openers, ()),
            )
            questions = mentor_questions([bot], rules, preview_chars=200)
        finally:
            gw.close()
        sections = wiki.api(action="parse", page=corpus.title, prop="sections")["parse"]["sections"]
        dt_comments: list[Key] = []
        dt_headings: list[str] = []
        if REFEREE:
            info = wiki.anonymous().get(
                action="discussiontoolspageinfo", page=corpus.title, prop="threaditemshtml"
            )
            dt_comments, dt_headings = discussiontools_items(
                info["discussiontoolspageinfo"]["threaditemshtml"]
            )
        yield Observed(
            corpus, text, corpus.in_page_order(text), bot, questions, sections, dt_comments, dt_headings
        )
    finally:
        pipeline.done(spec)


def discussiontools_items(items: Sequence[dict[str, Any]]) -> tuple[list[Key], list[str]]:
    """DiscussionTools' comments as (level-2 section, author, minute), and its level-2 headings.

    Its tree lists a level-3 heading both at the top and under its level-2 heading; each item
    is taken once, in the order the page has them.
    """
    comments: list[Key] = []
    headings: list[str] = []
    seen: set[str] = set()

    def walk(nodes: Sequence[dict[str, Any]]) -> None:
        for node in nodes:
            if node["id"] in seen:
                continue
            seen.add(node["id"])
            if (
                node["type"] == "heading"
                and node.get("headingLevel") == 2
                and not node.get("placeholderHeading")
            ):
                headings.append(plain(node["html"]))
            elif node["type"] == "comment":
                comments.append((len(headings), node["author"], parse_api_time(node["timestamp"])))
            walk(node.get("replies", ()))

    walk(items)
    return comments, headings


_FALLBACK_ID = re.compile(r'<span id="[^"]*" typeof="mw:FallbackId"></span>')
_TAG = re.compile(r"<[^<>]*>")


def plain(fragment: str) -> str:
    """The text of an HTML fragment: tags (and the empty anchor spans Parsoid adds) dropped."""
    return html.unescape(_TAG.sub("", _FALLBACK_ID.sub("", fragment))).strip()


def bot_keys(o: Observed) -> list[Key]:
    return [(t.index, c.author, c.timestamp) for t in o.bot.threads for c in t.comments]


def truth_keys(o: Observed) -> list[Key]:
    return [(p.thread, p.author, p.minute) for p in o.truth]


# --- against what was posted ---------------------------------------------------------------------


def test_every_posted_comment_is_read_with_its_author_minute_and_thread(observed: Observed) -> None:
    missing = Counter(truth_keys(observed)) - Counter(bot_keys(observed))
    assert not missing, f"not read as posted: {sorted(missing)}\n{observed.text}"


def test_nothing_unsigned_undated_or_quoted_is_taken_for_a_comment(observed: Observed) -> None:
    extra = Counter(bot_keys(observed)) - Counter(truth_keys(observed))
    assert not extra, f"read but never posted: {sorted(extra)}\n{observed.text}"


def test_comments_are_read_in_page_order(observed: Observed) -> None:
    assert bot_keys(observed) == truth_keys(observed)


# --- against MediaWiki's own headings ------------------------------------------------------------


def test_thread_anchors_are_the_anchors_mediawiki_made(observed: Observed) -> None:
    level2 = [s["anchor"] for s in observed.sections if str(s["level"]) == "2"]
    assert [t.anchor for t in observed.bot.threads] == level2


def test_every_posted_thread_is_a_thread(observed: Observed) -> None:
    assert [t.title for t in observed.bot.threads] == observed.corpus.headings


# --- against DiscussionTools ---------------------------------------------------------------------


@dataclass(frozen=True)
class DtMistake:
    """A way DiscussionTools is known to read a comment wrongly, and how to recognise one."""

    reason: str
    applies: Callable[[Observed, tc.Posted], bool]  # to a posted comment DiscussionTools leaves out


def _second_on_its_line(o: Observed, posted: tc.Posted) -> bool:
    lines = o.text.split("\n")
    (line,) = (n for n in lines if posted.token in n)
    return any(p.token in line and line.index(p.token) < line.index(posted.token) for p in o.truth)


DT_MISTAKES = (
    DtMistake(
        "DiscussionTools makes one comment of a line: a second signature on the same line (someone"
        " adding 'Agreed. ~~~~' after a reply) is taken as part of the first comment, so its"
        " author and time are lost",
        _second_on_its_line,
    ),
)


def _needs_referee() -> None:
    if not REFEREE:
        pytest.skip("the bundled DiscussionTools needs MediaWiki 1.43; on 1.39 the posted truth is the check")


def test_discussiontools_finds_no_comment_the_bot_misses(observed: Observed) -> None:
    _needs_referee()
    extra = Counter(observed.dt_comments) - Counter(bot_keys(observed))
    assert not extra, f"DiscussionTools found, the bot did not: {sorted(extra)}"


def _unexplained(o: Observed, keys: Counter[Key]) -> list[Key]:
    """KEYS DiscussionTools left out, less those a listed mistake of its own explains."""
    posted = {(p.thread, p.author, p.minute): p for p in o.truth}
    return [
        key
        for key in keys.elements()
        if key not in posted or not any(m.applies(o, posted[key]) for m in DT_MISTAKES)
    ]


def test_the_bot_finds_no_comment_discussiontools_misses_but_its_known_mistakes(observed: Observed) -> None:
    _needs_referee()
    missed = Counter(bot_keys(observed)) - Counter(observed.dt_comments)
    assert not _unexplained(observed, missed), "the bot found, DiscussionTools did not"


def test_the_referee_reads_what_was_posted_but_its_known_mistakes(observed: Observed) -> None:
    """DiscussionTools itself against the truth: a referee that errs is listed, not trusted."""
    _needs_referee()
    assert not Counter(observed.dt_comments) - Counter(truth_keys(observed)), "never posted"
    missed = Counter(truth_keys(observed)) - Counter(observed.dt_comments)
    assert not _unexplained(observed, missed), "posted, DiscussionTools did not see it"


def test_discussiontools_sees_the_same_sections(observed: Observed) -> None:
    _needs_referee()
    level2 = [plain(s["line"]) for s in observed.sections if str(s["level"]) == "2"]
    assert observed.dt_headings == level2
    assert len(observed.bot.threads) == len(level2)


# --- questions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    heading: str
    asker: str
    asked: datetime
    first_replier: str | None
    first_reply: datetime | None
    mentor_reply: datetime | None


def expected_questions(o: Observed) -> list[Expected]:
    """Each mentee's thread, worked out from what was posted.

    The first reply is the earliest later comment by someone other than the asker; page order
    only breaks ties within a minute.
    """
    out: list[Expected] = []
    for number, heading in enumerate(o.corpus.headings, start=1):
        posted = [p for p in o.truth if p.thread == number]  # page order
        if not posted or posted[0].author not in tc.MENTEES:
            continue
        asker, asked = posted[0].author, posted[0].minute
        replies = sorted(
            (p for p in posted[1:] if p.author != asker and p.minute >= asked), key=lambda p: p.minute
        )  # sorted() is stable: page order within a minute
        mentor = [p.minute for p in posted if p.author == tc.MENTOR and p.minute >= asked]
        first = replies[0] if replies else None
        out.append(
            Expected(
                heading,
                asker,
                asked,
                None if first is None else first.author,
                None if first is None else first.minute,
                min(mentor, default=None),
            )
        )
    return sorted(out, key=lambda e: (e.asked, e.asker))


def test_every_question_is_found_with_its_asker_and_time(observed: Observed) -> None:
    got = [(q.heading, q.asker, q.asked) for q in observed.questions]
    assert got == [(e.heading, e.asker, e.asked) for e in expected_questions(observed)]


def test_first_reply_is_the_earliest_by_someone_else(observed: Observed) -> None:
    got = [(q.heading, q.answered, q.first_replier, q.first_reply) for q in observed.questions]
    want = [
        (e.heading, e.first_reply is not None, e.first_replier, e.first_reply)
        for e in expected_questions(observed)
    ]
    assert got == want


def test_answered_by_the_mentor_when_the_mentor_signed_after_the_question(observed: Observed) -> None:
    got = [(q.heading, q.answered_by_mentor, q.mentor_reply) for q in observed.questions]
    want = [(e.heading, e.mentor_reply is not None, e.mentor_reply) for e in expected_questions(observed)]
    assert got == want


# --- the corpus itself ---------------------------------------------------------------------------


def test_signatures_carry_the_wikis_own_digits(observed: Observed) -> None:
    """A wiki with $wgTranslateNumerals signs in its script's digits; the corpus really has them."""
    expanded = observed.corpus.wiki.api(
        action="expandtemplates", text="{{formatnum:0123456789|NOSEP}}", prop="wikitext"
    )
    digits = set(expanded["expandtemplates"]["wikitext"])
    assert (digits != set("0123456789")) is observed.corpus.spec.numerals
    signed = [line for line in observed.text.split("\n") if any(p.token in line for p in observed.truth)]
    assert all(digits & set(line) for line in signed)
