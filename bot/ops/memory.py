"""The local cache: what the last runs saw, so the next run can read only what changed since.

SQLite, because it is embedded, transactional and survives a killed process. The wiki stays the
source of truth: losing this file costs one full refresh and nothing else.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from bot.build.index import IndexRow
from bot.build.pages import MentorRows
from bot.build.questions import UnansweredItem
from bot.build.summary import Seen
from bot.decide.refresh import Recall
from bot.model.change import Cursor
from bot.model.mentee import MenteeFacts
from bot.model.talk import MentorKnown, Thank, ThanksReceived
from bot.parse.dormant_row import decode_dormant, encode_dormant

T = TypeVar("T")

# The shape of the rows below. A memory in another shape is not read (the run is a full refresh,
# and edit summaries say what the pages hold); the next run writes this one.
FORMAT = "3"

SCHEMA = """
create table if not exists kv (key text primary key, value text not null);
create table if not exists mentor_summary (mentor text primary key, data text not null);
create table if not exists mentor_reads (mentor text primary key, data text not null);
create table if not exists dormant (user_id integer primary key, data text not null);
"""


class RunMemory:
    """Small typed accessors over one SQLite file per wiki."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db:
            yield

    def get(self, key: str) -> str | None:
        row = self.db.execute("select value from kv where key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("insert or replace into kv values (?, ?)", (key, value))

    def summaries(self, table: str = "mentor_summary") -> dict[str, Any]:
        return {m: json.loads(d) for m, d in self.db.execute(f"select mentor, data from {table}")}

    def set_summaries(
        self, rows: dict[str, Any], *, replace_all: bool, table: str = "mentor_summary"
    ) -> None:
        with self.db:
            if replace_all:
                self.db.execute(f"delete from {table}")
            self.db.executemany(
                f"insert or replace into {table} values (?, ?)",
                [(m, json.dumps(d, sort_keys=True)) for m, d in rows.items()],
            )


def encode_row(row: Any) -> dict[str, Any]:
    """A flat dataclass as JSON-ready data; dates and datetimes keep their type."""
    out: dict[str, Any] = {}
    for f in fields(row):
        v = getattr(row, f.name)
        if isinstance(v, datetime):
            v = {"datetime": v.isoformat()}
        elif isinstance(v, date):
            v = {"date": v.isoformat()}
        out[f.name] = v
    return out


def decode_row(cls: type[T], data: dict[str, Any]) -> T:
    values = {}
    for k, v in data.items():
        if isinstance(v, dict) and "datetime" in v:
            v = datetime.fromisoformat(v["datetime"])
        elif isinstance(v, dict) and "date" in v:
            v = date.fromisoformat(v["date"])
        values[k] = v
    return cls(**values)


def recall(memory: RunMemory | None, wiki: str) -> Recall:
    """What the memory says about the last run on WIKI (a wiki id and address)."""
    if memory is None:
        return Recall()
    last_run, last_full, cursor = memory.get("last_run"), memory.get("last_full_day"), memory.get("cursor")
    rcid, _, logid = (cursor or "").partition(":")
    return Recall(
        last_run=datetime.fromisoformat(last_run) if last_run else None,
        last_full_day=date.fromisoformat(last_full) if last_full else None,
        cursor=Cursor(int(rcid), int(logid)) if cursor else None,
        same_wiki=memory.get("wiki") == wiki and memory.get("format") == FORMAT,
    )


def encode_seen(seen: Seen | None) -> dict[str, Any] | None:
    if seen is None:
        return None
    return {
        "mentees": list(seen.mentees),
        "flagged": [[name, list(flags)] for name, flags in seen.flagged],
        "week": seen.week.isoformat() if seen.week else None,
        "edits": seen.edits,
        "praise": list(seen.praise),
    }


def decode_seen(data: dict[str, Any] | None) -> Seen | None:
    if data is None:
        return None
    return Seen(
        mentees=tuple(data["mentees"]),
        flagged=tuple((name, tuple(flags)) for name, flags in data["flagged"]),
        week=date.fromisoformat(data["week"]) if data["week"] else None,
        edits=int(data["edits"]),
        praise=tuple(data["praise"]),
    )


def remembered_rows(memory: RunMemory) -> dict[str, MentorRows]:
    """The shared pages' rows and the dashboard snapshot of every mentor, as the last runs left
    them; nothing from a memory in an older shape."""
    if memory.get("format") != FORMAT:
        return {}
    return {
        mentor: MentorRows(
            decode_row(IndexRow, data["index"]),
            tuple(decode_row(UnansweredItem, i) for i in data["open"]),
            decode_seen(data.get("seen")),
        )
        for mentor, data in memory.summaries().items()
    }


def encode_known(k: MentorKnown) -> dict[str, Any]:
    t = k.thanks
    return {
        "archives": sorted(k.archives),
        "older": t.older,
        "horizon": t.horizon.isoformat() if t.horizon else None,
        "recent": [[x.logid, x.timestamp.isoformat()] for x in t.recent],
    }


def decode_known(mentor: str, data: dict[str, Any]) -> MentorKnown:
    horizon = data["horizon"]
    recent = tuple(Thank(int(i), mentor, datetime.fromisoformat(ts)) for i, ts in data["recent"])
    return MentorKnown(
        frozenset(data["archives"]),
        ThanksReceived(recent, int(data["older"]), datetime.fromisoformat(horizon) if horizon else None),
    )


def remembered_reads(memory: RunMemory) -> dict[str, MentorKnown]:
    """Each mentor's archive list and thanks totals as the last runs left them."""
    if memory.get("format") != FORMAT:
        return {}
    return {m: decode_known(m, d) for m, d in memory.summaries("mentor_reads").items()}


class RememberedDormant(Mapping[int, MenteeFacts]):
    """The dormant mentees the memory keeps, by user id: the ids in a sorted array, each one's
    facts decoded only when asked for. At Wikipedia scale they are hundreds of thousands, and
    the read stage needs each one's facts once, to add them up (``bot/model/mentee.py``,
    ``DormantFold``): holding them all as records would cost more than everything else a pass
    holds. Valid while the memory is open and unchanged, so for one pass's read stage."""

    def __init__(self, db: sqlite3.Connection, ids: array[int]) -> None:
        self.db, self.ids = db, ids

    def __contains__(self, uid: object) -> bool:
        if not isinstance(uid, int):
            return False
        i = bisect_left(self.ids, uid)
        return i < len(self.ids) and self.ids[i] == uid

    def __getitem__(self, uid: int) -> MenteeFacts:
        if uid not in self:
            raise KeyError(uid)
        (data,) = self.db.execute("select data from dormant where user_id = ?", (uid,)).fetchone()
        return decode_dormant(uid, data)

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def remembered_dormant(memory: RunMemory, ids: Collection[int]) -> Mapping[int, MenteeFacts]:
    """The facts the memory keeps of those of IDS who were dormant when last read."""
    if memory.get("format") != FORMAT:
        return {}
    rows = memory.db.execute("select user_id from dormant order by user_id")
    kept = array("q", (uid for (uid,) in rows if uid in ids))
    return RememberedDormant(memory.db, kept)


DORMANT_CHUNK = 5_000  # rows written at a time: a first run at Wikipedia scale reads 360,000


def remember_dormant(
    memory: RunMemory,
    read: Iterable[tuple[int, MenteeFacts | str | None]],
    *,
    held: Collection[int] | None,
) -> None:
    """Each mentee READ afresh is kept with its facts (or their row, ``encode_dormant``) when
    dormant, and forgotten when not (None); with HELD (a full refresh), anyone no longer held
    is forgotten too. READ is consumed a chunk at a time. The caller holds the transaction."""
    it = iter(read)
    while chunk := list(islice(it, DORMANT_CHUNK)):
        drop = [(uid,) for uid, f in chunk if f is None]
        keep = [(uid, f if isinstance(f, str) else encode_dormant(f)) for uid, f in chunk if f is not None]
        memory.db.executemany("delete from dormant where user_id = ?", drop)
        memory.db.executemany("insert or replace into dormant values (?, ?)", keep)
    if held is not None:
        gone = [(uid,) for (uid,) in memory.db.execute("select user_id from dormant") if uid not in held]
        memory.db.executemany("delete from dormant where user_id = ?", gone)


def remember(
    memory: RunMemory,
    *,
    rows: Mapping[str, MentorRows],
    reads: Mapping[str, MentorKnown] | None = None,
    dormant: Iterable[tuple[int, MenteeFacts | str | None]] = (),
    held: Collection[int] | None = None,
    full: bool,
    started: datetime,
    wiki: str,
    cursor: Cursor | None,
    refused: bool,
) -> None:
    """After a successful run: where the next one reads changes from, and the shared-page rows.

    A run where the wiki refused a page does not count as a full refresh, so the next run is one
    and tries that page again.
    """
    encoded = {
        m: {
            "index": encode_row(r.index),
            "open": [encode_row(i) for i in r.open],
            "seen": encode_seen(r.seen),
        }
        for m, r in rows.items()
    }
    with memory.transaction():
        memory.set_summaries(encoded, replace_all=full)
        known = {m: encode_known(k) for m, k in (reads or {}).items()}
        memory.set_summaries(known, replace_all=full, table="mentor_reads")
        remember_dormant(memory, dormant, held=held if full else None)
        memory.set("last_run", started.isoformat())
        memory.set("wiki", wiki)
        memory.set("format", FORMAT)
        if cursor is not None:
            memory.set("cursor", f"{cursor.rcid}:{cursor.logid}")
        if refused:
            memory.set("last_full_day", "")
        elif full:
            memory.set("last_full_day", started.date().isoformat())
