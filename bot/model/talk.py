"""Signed comments, threads and askers, as the talk-page parser and the talk reader hand them on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Comment:
    """One signature: who signed, when (UTC), and on which 1-based line of the page.

    ``column`` is where the signature starts on that line (the signer's link or the unsigned
    template), so a caller can take the comment's own words without the signature.
    """

    author: str
    timestamp: datetime
    line: int
    column: int = field(default=0, compare=False)


@dataclass(frozen=True)
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
    thanks: Mapping[str, tuple[datetime, ...]] = field(default_factory=dict)  # by mentor
    existing: frozenset[str] = frozenset()  # FAQ and resources titles that exist
    community_faq: str | None = None  # the community bank's text, when it was needed and exists


def thread_openers(pages: Iterable[TalkPageThreads]) -> set[str]:
    """Everyone who signed first in some thread: the names the sources must look up."""
    return {t.comments[0].author for p in pages for t in p.threads if t.comments}
