"""The browser workspace's JSON pages (docs/GADGET.md, issue 21): one mentor's rows, the mentor
list, the messages. Pure.

The gadget (``gadget/``) builds its filters, search, pager and tools from these pages, so they
hold every active mentee, those on ``/Mentees`` subpages too, in compact rows: one array per
mentee, values in ``FIELDS`` order, so a mentor of thousands still fits the wiki's page size
limit. When a page would not fit, its rows continue on ``…/<Mentor>/2.json`` and so on, named
in ``"more"``.

The text is written as MediaWiki stores JSON (``mw_json``, ``bot/parse/workspace.py``), so
the size checked here is the size the wiki checks. Publish saves a page only when it says
something new (``same_data``, in the same module): a new ``updated`` time alone is no change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bot.build.overview import EPOCH, Flag, Hint, MenteeRow
from bot.build.questions import UnansweredItem
from bot.lifecycle.status import MentorStatus
from bot.model.edit import PageEdit
from bot.model.mentee import MenteeFacts
from bot.parse.workspace import mw_json

VERSION = 1  # of every page's shape; the gadget refuses a version it does not know
FIELDS = (
    "name", "registered", "edits", "edits_recent", "reverted", "questions", "unanswered",
    "blocked", "last_edit", "last_active", "starred", "flags", "talk",
)  # fmt: skip

# The short, stable codes of a row's "flags", from M1's flags and hints (bot/build/overview.py).
FLAG_CODES = {
    Flag.UNANSWERED: "unanswered",
    Flag.BLOCKED: "blocked",
    Flag.REVERTED: "reverted",
    Flag.WARNED: "warned",
    Flag.PAGE_DELETED: "deleted",
    Flag.PAGE_NOMINATED: "nominated",
    Flag.PAGE_TAGGED: "deletion",
    Flag.PAGE_MOVED: "moved",
    Flag.UNGREETED: "not-greeted",
}
HINT_CODES = {Hint.GRADUATE: "graduate", Hint.MENTOR: "mentor"}

SIZE_MARGIN = 1024  # bytes kept free under the wiki's limit, for a MediaWiki that writes JSON a little longer


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with "Z", to the second; None stays None (the gadget shows "unknown")."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class NextRun:
    """When the bot expects to run next, from its schedule (bot/ops/schedule.py, ``upcoming``).

    EVERY is the time between runs when the schedule is regular (an hourly cron: 3600 s); the
    gadget then moves a NEXT that has passed on by whole periods, and a data page need not be
    saved again only because the clock reached the next run.
    """

    at: datetime | None = None
    every: int | None = None  # seconds; None: irregular, or not known


@dataclass(frozen=True)
class GadgetSite:
    """What the workspace's pages need besides the facts: the wiki's index.php path and page size
    limit (siteinfo), when the bot runs next, and the gadget's source (``gadget/``)."""

    script: str  # siteinfo "script", e.g. /w/index.php
    max_bytes: int  # siteinfo "maxarticlesize"
    next_run: NextRun
    js: str
    css: str


@dataclass(frozen=True)
class DataTitles:
    """The titles one mentor's data page names: their own pages, and where the page itself goes."""

    data: str  # User:<Bot>/Dashboards/<Mentor>.json
    dashboard: str
    settings: str


def row_of(row: MenteeRow, facts: MenteeFacts | None) -> list[Any]:
    """One mentee as a compact array in ``FIELDS`` order."""
    codes = [FLAG_CODES[Flag(f)] for f in row.flags]
    if row.news.hint:
        codes.append(HINT_CODES[Hint(row.news.hint)])
    last_edit = facts.activity.last_edit if facts is not None else None
    return [
        row.name,
        iso(row.registered),
        row.edits,
        row.edits_recent,
        row.reverted,
        row.questions,
        facts.unanswered if facts is not None else 0,
        row.blocked_now,
        iso(last_edit),
        None if row.last_active == EPOCH else iso(row.last_active),
        row.starred,
        codes,
        f"User talk:{row.name}",
    ]


def overdue_at(asked: datetime, overdue_days: int) -> datetime:
    """The moment a question counts as overdue: 00:00 UTC of the day after ``overdue_days`` whole
    days (bot/build/questions.py, ``age_in_days``), so the gadget can mark it live."""
    day: date = asked.astimezone(UTC).date() if asked.tzinfo else asked.date()
    return datetime.combine(day + timedelta(days=overdue_days + 1), time(), UTC)


def question_of(item: UnansweredItem, overdue_days: int) -> dict[str, Any]:
    return {
        "mentee": item.asker,
        "heading": item.heading,
        "asked": iso(item.asked),
        "overdue": iso(overdue_at(item.asked, overdue_days)),
        "link": f"{item.page}#{item.anchor}",
    }


def mentor_settings(status: MentorStatus | None) -> dict[str, Any]:
    """What the mentor's settings come to now, as the bot reads them: the dialogs start from it."""
    if status is None:
        return {"status": "active", "away_until": None, "message": "", "weight": None, "notify": "off"}
    return {
        "status": str(status.status),
        "away_until": status.away_until.isoformat() if status.away_until else None,
        "message": status.message,
        "weight": status.weight,
        "notify": str(status.settings.settings.notify),
    }


def data_pages(
    mentor: str,
    titles: DataTitles,
    rows: Sequence[MenteeRow],
    facts: Iterable[MenteeFacts],
    questions: Sequence[UnansweredItem],
    status: MentorStatus | None,
    *,
    updated: datetime,
    next_run: NextRun,
    recent_since: date,
    overdue_days: int,
    max_bytes: int,
    summary: str,
) -> list[PageEdit]:
    """One mentor's data page, and its continuation pages when the rows do not fit MAX_BYTES
    (the wiki's ``maxarticlesize``). ROWS are every active mentee, in the dashboard's order."""
    by_name = {f.user.name: f for f in facts}
    arrays = [row_of(r, by_name.get(r.name)) for r in rows]
    head: dict[str, Any] = {
        "version": VERSION,
        "mentor": mentor,
        "dashboard": titles.dashboard,
        "settings": titles.settings,
        "updated": iso(updated),
        "next_run": iso(next_run.at),
        "run_every": next_run.every,
        "recent_since": recent_since.isoformat(),
        "mentor_settings": mentor_settings(status),
        "fields": list(FIELDS),
        "rows": [],
        "questions": [question_of(q, overdue_days) for q in questions],
    }
    pages = split_rows(head, arrays, titles.data, max_bytes - SIZE_MARGIN)
    return [PageEdit(title, mw_json(page), summary, protect=False, model="json") for title, page in pages]


def part_title(data_title: str, n: int) -> str:
    """``…/<Mentor>.json`` for the first part, then ``…/<Mentor>/2.json``, ``…/<Mentor>/3.json`` …"""
    return data_title if n == 1 else f"{data_title.removesuffix('.json')}/{n}.json"


def split_rows(
    head: dict[str, Any], rows: Sequence[list[Any]], data_title: str, budget: int
) -> list[tuple[str, dict[str, Any]]]:
    """HEAD with ROWS, over as many pages as it takes for each to stay within BUDGET bytes.

    A row's cost in the stored text is counted exactly (its lines, two tabs deeper, and the
    separator), so a page is filled without serialising it again for every row. The first page
    names the others in "more", which itself takes room: the split is redone, reserving room for
    more names, until the reservation covers them.
    """
    if len(mw_json({**head, "rows": list(rows)}).encode()) <= budget:
        return [(data_title, {**head, "rows": list(rows)})]
    costs = [_row_cost(r) for r in rows]
    reserve = 1
    while True:
        more = [part_title(data_title, n) for n in range(2, reserve + 2)]
        first_base = len(mw_json({**head, "more": more}).encode())
        part_base = len(mw_json(_part(head, 2, [])).encode())
        chunks = _fill(costs, budget - first_base, budget - part_base)
        if chunks is None:
            raise ValueError(
                f"{data_title}: one mentee row does not fit a page of {budget} bytes; the wiki's "
                "page size limit is too small"
            )
        if len(chunks) - 1 <= reserve:
            break
        reserve = len(chunks) - 1
    pages: list[tuple[str, dict[str, Any]]] = []
    start = 0
    names = [part_title(data_title, n) for n in range(2, len(chunks) + 1)]
    for n, count in enumerate(chunks, start=1):
        chunk = list(rows[start : start + count])
        start += count
        page = {**head, "rows": chunk, "more": names} if n == 1 else _part(head, n, chunk)
        pages.append((part_title(data_title, n), page))
    return pages


def _part(head: Mapping[str, Any], n: int, rows: list[list[Any]]) -> dict[str, Any]:
    """A continuation page: enough to read it alone (whose rows, in which fields), and its rows."""
    return {"version": VERSION, "mentor": head["mentor"], "part": n, "fields": head["fields"], "rows": rows}


def _row_cost(row: list[Any]) -> int:
    """Bytes ROW adds to the stored text inside "rows": its text two tabs deeper a line, and
    ",\\n" (or the line break that opens the array, for the first row)."""
    text = mw_json(row)
    return len(text.encode()) + 2 * (text.count("\n") + 1) + 2


def _fill(costs: Sequence[int], first_room: int, part_room: int) -> list[int] | None:
    """How many rows go on each page, filled in order: FIRST_ROOM bytes on the first page,
    PART_ROOM on each other. None when a row fits no page. The first page may be left with no
    row (a long list of questions filled it); every other page has at least one."""
    chunks, used = [0], 0
    for cost in costs:
        room = first_room if len(chunks) == 1 else part_room
        if used + cost > room:
            if cost > part_room:
                return None
            chunks.append(0)
            used = 0
        chunks[-1] += 1
        used += cost
    return chunks


def mentor_list_page(
    title: str, mentors: Mapping[str, DataTitles], messages_title: str, summary: str
) -> PageEdit:
    """``User:<Bot>/Dashboards.json``: who is a mentor, for the personal-tools link, and where
    each one's pages are. No timestamps, so it changes only when the list does."""
    value = {
        "version": VERSION,
        "mentors": {
            name: {"dashboard": t.dashboard, "data": t.data, "settings": t.settings}
            for name, t in sorted(mentors.items())
        },
        "messages": messages_title,
    }
    return PageEdit(title, mw_json(value), summary, protect=False, model="json")


def messages_page(title: str, lang: str, direction: str, texts: Mapping[str, str], summary: str) -> PageEdit:
    """``User:<Bot>/Dashboards/messages.json``: every ``gadget-*`` message in the wiki's
    language. TEXTS is a loaded ``Messages``' texts, where English already fills the gaps."""
    value = {
        "lang": lang,
        "dir": direction,
        "messages": {k: v for k, v in sorted(texts.items()) if k.startswith("gadget-")},
    }
    return PageEdit(title, mw_json(value), summary, protect=False, model="json")
