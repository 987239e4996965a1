"""Questions mentees asked on their mentor's talk page (ARCHITECTURE §6.4), and the M4 list of open ones.

Pure: talk pages arrive already split into threads by ``bot/parse/talk_threads.py``, and who
is a mentee arrives as plain data. The rules, in one place:

- A question is a level-2 thread whose first signed comment is by a current or former mentee
  (anyone whose user id is in the assignment store, under any mentor), or whose first edit
  carried one of GrowthExperiments' question tags. Temporary accounts never ask: they are never
  mentees, whatever a tag says.
- It is answered once a later signed comment is by someone else, temporary accounts included;
  it is answered by the mentor when the mentor signed in it after the question, first or not.
  The first reply is the earliest such comment in time, wherever it stands on the page (page
  order only breaks a tie within one minute), and the response time runs to it.
- Archived copies count for impact but never for the open list: a question that left the talk
  page is no longer waiting there. When the same question is on the talk page and in an archive
  (archiving copies first and removes after), the copies are one question.
- Pages show the day a question was asked, never its age. Whether it is overdue is counted in
  whole UTC calendar days, and a question becoming overdue is a real change that may edit a page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import mwparserfromhell

from bot.model.talk import Asker, Comment, TalkPageThreads, Thread
from bot.parse.talk_threads import first_reply

log = logging.getLogger(__name__)

ELLIPSIS = "…"
# A tagged edit and the signature it saved agree to the minute; allow for the save taking a while.
TAG_SLACK = timedelta(minutes=2)


@dataclass(frozen=True)
class Question:
    """A mentee's question and what became of it."""

    mentor: str
    page: str  # where it is now: the talk page, or the archive when it is only there
    archived: bool
    heading: str  # the heading's wikitext, as written
    anchor: str  # MediaWiki's fragment for the heading, unique on its page
    asker: str
    asked: datetime
    first_reply: datetime | None = None  # the earliest reply in time (talk_threads.first_reply)
    first_replier: str | None = None
    mentor_reply: datetime | None = None  # the mentor's first comment after the question
    preview: str = ""  # plain text, at most Settings.preview_chars characters
    tagged: bool = False

    @property
    def answered(self) -> bool:
        return self.first_reply is not None

    @property
    def answered_by_mentor(self) -> bool:
        return self.mentor_reply is not None

    @property
    def response_time(self) -> timedelta | None:
        return None if self.first_reply is None else self.first_reply - self.asked


@dataclass(frozen=True)
class UnansweredItem:
    """One entry of M4, or of the cross-mentor unanswered page."""

    mentor: str
    asker: str
    page: str
    anchor: str
    heading: str  # plain text
    asked: datetime  # the page shows this day, never an age: an age would change the page daily
    overdue: bool
    preview: str


@dataclass(frozen=True)
class AskerRules:
    """Who may ask: the assignment store's ids, the accounts behind thread openers, the tags."""

    mentee_ids: Collection[int]
    askers: Mapping[str, Asker] = field(default_factory=dict)

    def accepts(self, name: str, asked: datetime) -> tuple[bool, bool]:
        """(is a question, is tagged) for a thread NAME opened at ASKED."""
        asker = self.askers.get(name)
        if asker is None or asker.temp or name.startswith("~"):
            return False, False
        tagged = any(abs(t - asked) <= TAG_SLACK for t in asker.tagged_edits)
        return (asker.user_id in self.mentee_ids) or tagged, tagged


def find_questions(page: TalkPageThreads, rules: AskerRules, preview_chars: int) -> list[Question]:
    """The questions on one page, in page order."""
    found: list[Question] = []
    for thread in page.threads:
        if not thread.comments:
            continue
        first = thread.comments[0]
        accepted, tagged = rules.accepts(first.author, first.timestamp)
        if not accepted:
            continue
        reply = first_reply(thread, first.author)
        found.append(
            Question(
                mentor=page.mentor,
                page=page.title,
                archived=page.archived,
                heading=thread.title,
                anchor=thread.anchor,
                asker=first.author,
                asked=first.timestamp,
                first_reply=None if reply is None else reply.timestamp,
                first_replier=None if reply is None else reply.author,
                mentor_reply=_mentor_reply(thread.comments, first, page.mentor),
                preview=question_preview(thread, first, preview_chars),
                tagged=tagged,
            )
        )
    return found


def _mentor_reply(comments: Sequence[Comment], question: Comment, mentor: str) -> datetime | None:
    """The mentor's earliest comment dated at or after the question (the mentor never asks here)."""
    if question.author == mentor:
        return None
    times = [c.timestamp for c in comments if c.author == mentor and c.timestamp >= question.timestamp]
    return min(times, default=None)


def mentor_questions(
    pages: Iterable[TalkPageThreads], rules: AskerRules, preview_chars: int
) -> list[Question]:
    """Every question on a mentor's talk page and archives, each once, oldest first.

    Copies of one question (same asker, same minute, same heading) merge: it lives where the
    talk page has it, and its first reply is the earliest any copy shows. Signatures only give
    the minute, so two questions in one minute are told apart by their headings.
    """
    merged: dict[tuple[str, datetime, str], Question] = {}
    for page in pages:
        for q in find_questions(page, rules, preview_chars):
            key = (q.asker, q.asked, q.heading)
            old = merged.get(key)
            merged[key] = q if old is None else _merge(old, q)
    return sorted(merged.values(), key=lambda q: (q.asked, q.asker))


def _merge(a: Question, b: Question) -> Question:
    live, other = (a, b) if not a.archived or b.archived else (b, a)
    replies = [q for q in (a, b) if q.first_reply is not None]
    earliest = min(replies, key=lambda q: q.first_reply or q.asked, default=None)
    mentor_times = [t for t in (a.mentor_reply, b.mentor_reply) if t is not None]
    return Question(
        mentor=live.mentor,
        page=live.page,
        archived=live.archived and other.archived,
        heading=live.heading,
        anchor=live.anchor,
        asker=live.asker,
        asked=live.asked,
        first_reply=None if earliest is None else earliest.first_reply,
        first_replier=None if earliest is None else earliest.first_replier,
        mentor_reply=min(mentor_times, default=None),
        preview=live.preview,
        tagged=a.tagged or b.tagged,
    )


def age_in_days(asked: datetime, today: date) -> int:
    """Whole UTC calendar days since the question, for the overdue mark (never shown as a number)."""
    return max(0, (today - asked.date()).days)


def unanswered_items(
    questions: Iterable[Question], today: date, overdue_days: int
) -> tuple[UnansweredItem, ...]:
    """Open questions still on the talk page, oldest first; older than OVERDUE_DAYS is marked."""
    items = []
    for q in questions:
        if q.answered or q.archived:
            continue
        items.append(
            UnansweredItem(
                mentor=q.mentor,
                asker=q.asker,
                page=q.page,
                anchor=q.anchor,
                heading=plain_text(q.heading) or q.anchor.replace("_", " "),
                asked=q.asked,
                overdue=age_in_days(q.asked, today) > overdue_days,
                preview=q.preview,
            )
        )
    items.sort(key=lambda i: (i.asked, i.mentor, i.asker))
    return tuple(items)


def questions_by_asker(questions: Iterable[Question]) -> dict[str, tuple[int, int]]:
    """Asker → (questions asked, of which open on the talk page): M1's column and flag."""
    out: dict[str, tuple[int, int]] = {}
    for q in questions:
        asked, open_ = out.get(q.asker, (0, 0))
        out[q.asker] = (asked + 1, open_ + (0 if q.answered or q.archived else 1))
    return out


# ---------------------------------------------------------------------------------------------
# Plain text


_INDENT = re.compile(r"^[:*#;]+", re.MULTILINE)
_WHITESPACE = re.compile(r"\s+")
_QUOTES = re.compile(r"'{2,}")
_MAGIC_WORD = re.compile(r"__[A-Z]+__")


def plain_text(wikitext: str) -> str:
    """What a reader sees of WIKITEXT, roughly: link labels, no templates, tags or comments.

    Good enough for a preview; it is escaped on output anyway, so a wrong guess here shows as
    odd text, never as markup.
    """
    try:
        text = mwparserfromhell.parse(wikitext).strip_code(normalize=True, collapse=True)
    except Exception as error:  # mwparserfromhell's own ParserError: a bug there, not a reason to stop
        log.debug("Could not strip %r: %s", wikitext[:100], error)
        text = wikitext
    text = _INDENT.sub("", text)
    text = _QUOTES.sub("", text)
    text = _MAGIC_WORD.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()


def truncate(text: str, limit: int) -> str:
    """At most LIMIT characters, ending in an ellipsis when cut, at a word break when one is near."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def question_preview(thread: Thread, question: Comment, limit: int) -> str:
    """The question's own words: the thread's text up to where the asker's signature starts."""
    lines = thread.text.split("\n")
    last = question.line - thread.line - 1  # 0-based index of the signature's line in thread.text
    if thread.line <= 0 or not 0 <= last < len(lines):
        return truncate(plain_text(thread.text), limit)
    body = [*lines[:last], lines[last][: question.column]]
    return truncate(plain_text("\n".join(body)), limit)


def answered_counts(questions: Collection[Question], since: datetime) -> tuple[int, int, int, int]:
    """(answered, answered since SINCE, answered by the mentor, by the mentor since SINCE)."""
    answered = [q for q in questions if q.first_reply is not None]
    by_mentor = [q for q in questions if q.mentor_reply is not None]
    return (
        len(answered),
        sum(1 for q in answered if q.first_reply is not None and q.first_reply >= since),
        len(by_mentor),
        sum(1 for q in by_mentor if q.mentor_reply is not None and q.mentor_reply >= since),
    )
