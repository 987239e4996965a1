"""Edit summaries that say what changed since the page was last built, in the wiki's language. Pure.

A watchlist entry is only useful when its summary tells the mentor why the page moved: "new
questions: 2; blocked: Newbie1; new mentees: 3", not "23 active mentees". The page before is
known from the run memory (``bot/ops/memory.py``), which keeps, per mentor, the rows of the
shared pages and a ``Seen`` snapshot of the dashboard; comparing that with this pass's build
names the change. The memory is a cache: without it (first run, memory lost) the summary says
what the page holds instead. A change the snapshot does not cover (a new FAQ page, a settings
problem) gets the plain "page updated". Messages come from ``templates/i18n``; edit summaries
are plain text (MediaWiki expands no ``{{PLURAL:}}`` in them), so counts follow a colon.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.build.index import IndexRow
from bot.build.overview import Flag, MenteeRow
from bot.build.questions import UnansweredItem
from bot.render.i18n import Messages

# MediaWiki keeps 500 characters of a summary; the prefix and the separators need some of them.
SUMMARY_CHARS = 400
NAMES_SHOWN = 3  # names listed per kind of event; the rest are counted


@dataclass(frozen=True)
class Seen:
    """What a dashboard showed that its edit summary may report on, as the run memory keeps it."""

    mentees: tuple[str, ...] = ()  # active mentees, sorted
    flagged: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (mentee, flags), flagged mentees only
    week: date | None = None  # the first day of the digest's week
    edits: int = 0  # all edits of the active mentees
    praise: tuple[str, ...] = ()  # mentees M7 suggests


def seen(rows: Sequence[MenteeRow], week: date | None, praise: Iterable[str]) -> Seen:
    return Seen(
        mentees=tuple(sorted(r.name for r in rows)),
        flagged=tuple(sorted((r.name, r.flags) for r in rows if r.flags)),
        week=week,
        edits=sum(r.edits for r in rows),
        praise=tuple(sorted(praise)),
    )


def _key(item: UnansweredItem) -> tuple[str, str, str, str]:
    return (item.mentor, item.asker, item.asked.isoformat(), item.heading)


def _names(names: Sequence[str], messages: Messages) -> str:
    shown = messages.plain("mentordashboard-summary-comma").join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        return messages.plain("mentordashboard-summary-and-more", shown, len(names) - NAMES_SHOWN)
    return shown


def _join(parts: Sequence[str], messages: Messages) -> str:
    separator = messages.plain("mentordashboard-summary-separator")
    text = ""
    for n, part in enumerate(parts):
        longer = part if not text else text + separator + part
        if len(longer) > SUMMARY_CHARS:
            return text + separator + messages.plain("mentordashboard-summary-more", len(parts) - n)
        text = longer
    return text


def _question_changes(
    before: Sequence[UnansweredItem], after: Sequence[UnansweredItem], messages: Messages
) -> list[str]:
    old = {_key(i): i for i in before}
    new = {_key(i): i for i in after}
    parts = []
    if added := [k for k in new if k not in old]:
        parts.append(messages.plain("mentordashboard-summary-new-questions", len(added)))
    if overdue := [k for k, i in new.items() if i.overdue and k in old and not old[k].overdue]:
        parts.append(messages.plain("mentordashboard-summary-overdue", len(overdue)))
    if gone := [k for k in old if k not in new]:
        parts.append(messages.plain("mentordashboard-summary-answered", len(gone)))
    return parts


# The flags an edit summary names people for; an open question is already counted above.
_NAMED_FLAGS = (
    Flag.BLOCKED, Flag.WARNED, Flag.REVERTED,
    Flag.PAGE_DELETED, Flag.PAGE_NOMINATED, Flag.PAGE_TAGGED, Flag.PAGE_MOVED,
)  # fmt: skip


def dashboard_summary(
    prefix: str,
    before: Seen | None,
    before_open: Sequence[UnansweredItem],
    after: Seen,
    after_open: Sequence[UnansweredItem],
    messages: Messages,
) -> str:
    """What changed on one dashboard since BEFORE; without BEFORE, what it holds."""
    if before is None:
        body = messages.plain("mentordashboard-summary-holds", len(after.mentees), len(after_open))
        return f"{prefix}: {body}"
    parts = _question_changes(before_open, after_open, messages)
    old_flags = dict(before.flagged)
    for flag in _NAMED_FLAGS:
        names = [n for n, flags in after.flagged if flag in flags and flag not in old_flags.get(n, ())]
        if names:
            parts.append(messages.plain(f"mentordashboard-summary-flag-{flag}", _names(names, messages)))
    had, has, praised = set(before.mentees), set(after.mentees), set(before.praise)
    if added := [n for n in after.mentees if n not in had]:
        parts.append(messages.plain("mentordashboard-summary-new-mentees", len(added)))
    if left := [n for n in before.mentees if n not in has]:
        parts.append(messages.plain("mentordashboard-summary-mentees-left", len(left)))
    if praise := [n for n in after.praise if n not in praised]:
        parts.append(messages.plain("mentordashboard-summary-praise", _names(praise, messages)))
    if after.edits > before.edits:
        parts.append(messages.plain("mentordashboard-summary-edits", after.edits - before.edits))
    if after.week is not None and after.week != before.week:
        parts.append(messages.plain("mentordashboard-summary-new-week", after.week.isoformat()))
    return f"{prefix}: {_join(parts or [messages.plain('mentordashboard-summary-other')], messages)}"


def index_summary(
    prefix: str, before: Mapping[str, IndexRow] | None, after: Sequence[IndexRow], messages: Messages
) -> str:
    """What changed on the index of dashboards; without BEFORE, what it holds."""
    waiting = sum(r.unanswered for r in after)
    if before is None:
        return f"{prefix}: {messages.plain('mentordashboard-summary-index-holds', len(after), waiting)}"
    now = {r.mentor: r for r in after}
    parts = []
    if added := sorted(m for m in now if m not in before):
        parts.append(messages.plain("mentordashboard-summary-mentors-added", _names(added, messages)))
    if gone := sorted(m for m in before if m not in now):
        parts.append(messages.plain("mentordashboard-summary-mentors-gone", _names(gone, messages)))

    def state(r: IndexRow) -> tuple[object, ...]:
        return (r.away_until, r.inactive, r.leaving, r.leaving_until)

    if moved := sorted(m for m, r in now.items() if m in before and state(r) != state(before[m])):
        parts.append(messages.plain("mentordashboard-summary-status-changed", _names(moved, messages)))
    was = sum(r.unanswered for r in before.values())
    if waiting != was:
        parts.append(messages.plain("mentordashboard-summary-waiting", waiting, was))
    active, was_active = sum(r.active_mentees for r in after), sum(r.active_mentees for r in before.values())
    if active != was_active:
        parts.append(messages.plain("mentordashboard-summary-active", active, was_active))
    return f"{prefix}: {_join(parts or [messages.plain('mentordashboard-summary-other')], messages)}"


def unanswered_summary(
    prefix: str,
    before: Sequence[UnansweredItem] | None,
    after: Sequence[UnansweredItem],
    overdue_days: int,
    messages: Messages,
) -> str:
    """What changed on the cross-mentor list of overdue questions; without BEFORE, what it holds."""
    if before is None:
        holds = messages.plain("mentordashboard-summary-unanswered-holds", len(after), overdue_days)
        return f"{prefix}: {holds}"
    old, new = {_key(i) for i in before if i.overdue}, {_key(i) for i in after}
    parts = []
    if added := new - old:
        parts.append(messages.plain("mentordashboard-summary-overdue", len(added)))
    if gone := old - new:
        parts.append(messages.plain("mentordashboard-summary-answered", len(gone)))
    return f"{prefix}: {_join(parts or [messages.plain('mentordashboard-summary-other')], messages)}"
