"""Signed comments, threads and askers, as the talk-page parser and the talk reader hand them on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Comment:
    """One signature: who signed, when (UTC), and on which 1-based line of the page.

    ``column`` is where the signature starts on that line (the signer's link or the unsigned
    template), so a caller can take the comment's own words without the signature.
    """

    author: str
    timestamp: datetime
    line: int
    column: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Thread:
    """A level-2 section with everything under it, including its level-3+ subsections.

    ``title`` is the heading's wikitext as written, stripped. ``index`` is the 1-based position
    among the page's level-2 sections. ``anchor`` is the fragment MediaWiki gives the heading,
    made unique against every earlier heading of any level on the page, the way MediaWiki does;
    see :func:`anchor_for` for what it can and cannot reproduce. ``text`` is the section body
    (the lines after the heading), unmasked.
    """

    title: str
    level: int
    index: int
    anchor: str
    comments: tuple[Comment, ...]
    text: str
    tags: frozenset[str] = frozenset()
    line: int = 0  # 1-based page line of the heading; ``text`` starts on the line after it


@dataclass(frozen=True)
class Asker:
    """What the sources learned about someone who opened a thread on a mentor's talk page."""

    name: str
    user_id: int | None  # None: no such account (an IP, a renamed or deleted user)
    temp: bool = False
    tagged_edits: tuple[datetime, ...] = ()  # their talk-page edits with a question tag


@dataclass(frozen=True)
class TalkPageThreads:
    """One talk page or archive subpage of a mentor, parsed."""

    mentor: str
    title: str
    revid: int
    archived: bool
    threads: tuple[Thread, ...]


@dataclass(frozen=True)
class TalkData:
    """Everything read for M3–M6, for the mentors of one run."""

    pages: Mapping[str, tuple[TalkPageThreads, ...]] = field(default_factory=dict)  # by mentor
    askers: Mapping[str, Asker] = field(default_factory=dict)
    thanks: Mapping[str, ThanksReceived] = field(default_factory=dict)  # by mentor
    existing: frozenset[str] = frozenset()  # FAQ and resources titles that exist
    community_faq: str | None = None  # the community bank's text, when it was needed and exists
    archives: Mapping[str, frozenset[str]] = field(default_factory=dict)  # archive titles, by mentor


def thread_openers(pages: Iterable[TalkPageThreads]) -> set[str]:
    """Everyone who signed first in some thread: the names the sources must look up."""
    return {t.comments[0].author for p in pages for t in p.threads if t.comments}


@dataclass(frozen=True, slots=True)
class Thank:
    """One entry of the thanks log: who was thanked, when, and its log id (ids never repeat)."""

    logid: int
    recipient: str
    timestamp: datetime


@dataclass(frozen=True)
class ThanksReceived:
    """The thanks a mentor received, as M5 counts them: every thank since HORIZON one by one, and
    the ones before it as a bare count, so the run memory need not keep a mentor's whole log.

    HORIZON is None when ``recent`` holds every thank (a fresh read of the log).
    """

    recent: tuple[Thank, ...] = ()
    older: int = 0
    horizon: datetime | None = None

    @classmethod
    def of(cls, times: Iterable[datetime]) -> ThanksReceived:
        """From bare times (no log ids to merge by), as the build's callers may hand them."""
        return cls(tuple(Thank(0, "", t) for t in times))

    @property
    def total(self) -> int:
        return self.older + len(self.recent)

    def since(self, start: datetime) -> int:
        """Thanks at or after START; only asked for a START at or after the horizon."""
        return sum(1 for t in self.recent if t.timestamp >= start)

    def covers(self, start: datetime) -> bool:
        """Whether ``since(START)`` is exact: nothing before the horizon is needed."""
        return self.horizon is None or start >= self.horizon

    def adding(self, thanks: Iterable[Thank]) -> ThanksReceived:
        """With THANKS added, each log id once (a stream may repeat what a full read saw)."""
        seen = {t.logid for t in self.recent}
        new: list[Thank] = []
        for t in thanks:
            if t.logid not in seen:
                seen.add(t.logid)
                new.append(t)
        return ThanksReceived((*self.recent, *new), self.older, self.horizon) if new else self

    def pruned(self, horizon: datetime) -> ThanksReceived:
        """Thanks before HORIZON folded into the count; the window never moves back, so they are
        never needed one by one again."""
        if self.horizon is not None and horizon <= self.horizon:
            return self
        keep = tuple(t for t in self.recent if t.timestamp >= horizon)
        return ThanksReceived(keep, self.older + len(self.recent) - len(keep), horizon)


@dataclass(frozen=True)
class MentorKnown:
    """What the run memory keeps of a mentor's per-mentor reads, so that a refresh with memory
    learns what is new from the change streams instead of asking once per mentor."""

    archives: frozenset[str]  # archive subpages of their talk page, as last seen
    thanks: ThanksReceived
