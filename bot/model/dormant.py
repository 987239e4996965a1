"""A mentor's dormant mentees (ARCHITECTURE §8.6) as totals, and the rows the run memory keeps.

At Wikipedia scale nine mentees in ten are dormant: never listed, with no edit in the window
read. The build needs only what they add to the figures, so the read stage adds each one into
its mentor's ``Dormant`` and lets the record go; the facts of those read afresh travel to the
run memory as packed text rows (``PackedRows``), a tenth of the records' size.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.model.mentee import MenteeFacts

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def microseconds(t: datetime) -> int:
    """T as whole microseconds since 1970 (UTC): exact, and eight bytes in an ``array``."""
    return (t - EPOCH) // MICROSECOND


@dataclass(frozen=True, slots=True)
class Dormant:
    """What the build needs of one mentor's dormant mentees (ARCHITECTURE §8.6), as totals.

    A dormant mentee is never listed and has no edit in the window read, so no row, flag, praise
    or digest edit of theirs ever shows: they only count, in M5's figures (mentees, edits,
    retention) and the digest's counts for the week. At Wikipedia scale they are nine in ten
    mentees, so they are kept as these totals and sorted arrays, not as one record each.
    """

    count: int = 0
    editcount: int = 0  # their edit counts, summed (M5 "edits")
    edits_recent: int = 0  # always 0 while dormancy means "no edit in the window"; summed anyway
    ids: array[int] = field(default_factory=lambda: array("q"))  # sorted: whose questions count
    registered: array[int] = field(default_factory=lambda: array("q"))  # sorted µs, accounts not temp
    # (registration, last edit) of the accounts not temp that edited before the window at all.
    edited: tuple[tuple[datetime, datetime], ...] = ()
    assigned: array[int] = field(default_factory=lambda: array("l"))  # sorted yyyymmdd days
    troubled: tuple[datetime, ...] = ()  # each one's latest block or warning, when they have one

    def holds(self, user_id: int) -> bool:
        i = bisect_left(self.ids, user_id)
        return i < len(self.ids) and self.ids[i] == user_id

    def registered_by(self, t: datetime) -> int:
        """How many of those not temporary registered at or before T."""
        return bisect_right(self.registered, microseconds(t))

    def assigned_since(self, day: int) -> int:
        return len(self.assigned) - bisect_left(self.assigned, day)


NO_DORMANT = Dormant()


class DormantFold:
    """Adds dormant mentees up into a ``Dormant`` one at a time, so their records can go."""

    def __init__(self) -> None:
        self.count = self.editcount = self.edits_recent = 0
        self.ids, self.registered, self.assigned = array("q"), array("q"), array("l")
        self.edited: list[tuple[datetime, datetime]] = []
        self.troubled: list[datetime] = []

    def add(self, f: MenteeFacts, day: int | None, blocks: tuple[datetime, ...] | None = None) -> None:
        """F with its assignment DAY (yyyymmdd; None: not known); BLOCKS, when given, stand for
        F's own (the block log this pass read, for facts the memory kept)."""
        u = f.user
        self.count += 1
        self.editcount += u.editcount
        self.edits_recent += f.activity.edits_recent
        self.ids.append(u.user_id)
        if u.registration is not None and not u.temp:
            self.registered.append(microseconds(u.registration))
            if f.activity.last_edit is not None:
                self.edited.append((u.registration, f.activity.last_edit))
        if day is not None:
            self.assigned.append(day)
        trouble = list(f.blocks if blocks is None else blocks)
        if f.warned and f.warned_at is not None:
            trouble.append(f.warned_at)
        if trouble:
            self.troubled.append(max(trouble))

    def tally(self) -> Dormant:
        if not self.count:
            return NO_DORMANT
        return Dormant(
            self.count,
            self.editcount,
            self.edits_recent,
            array("q", sorted(self.ids)),
            array("q", sorted(self.registered)),
            tuple(self.edited),
            array("l", sorted(self.assigned)),
            tuple(self.troubled),
        )


class PackedRows:
    """(user id, text row) pairs, compressed a block at a time: a str each would cost five times
    the bytes, and a first run at Wikipedia scale reads hundreds of thousands of dormant mentees.
    Appended to by the read stage, read once by the run memory."""

    BLOCK = 1 << 16  # bytes of rows compressed together

    def __init__(self) -> None:
        self.ids = array("q")
        self.lengths = array("l")  # each row's length in bytes
        self.blocks: list[bytes] = []
        self.pending = bytearray()
        self._sorted: array[int] | None = None

    def append(self, user_id: int, row: str) -> None:
        data = row.encode()
        self.pending += data
        self.ids.append(user_id)
        self.lengths.append(len(data))
        self._sorted = None
        if len(self.pending) >= self.BLOCK:
            self.blocks.append(zlib.compress(self.pending, 1))
            self.pending = bytearray()

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        rows = zip(self.ids, self.lengths, strict=True)
        for block in [*(zlib.decompress(b) for b in self.blocks), bytes(self.pending)]:
            start = 0
            while start < len(block):
                uid, n = next(rows)
                yield uid, block[start : start + n].decode()
                start += n

    def __contains__(self, user_id: object) -> bool:
        if not isinstance(user_id, int):
            return False
        if self._sorted is None:
            self._sorted = array("q", sorted(self.ids))
        i = bisect_left(self._sorted, user_id)
        return i < len(self._sorted) and self._sorted[i] == user_id
