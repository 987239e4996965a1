"""Who mentors whom, as one assignments page holds it: ids survive renames, days are yyyymmdd."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Assignments:
    """One mentor's mentees as stored, with the revision it was read at (None: no page yet)."""

    mentor: str
    title: str
    mentees: dict[int, int] = field(default_factory=dict)  # user id -> yyyymmdd
    revid: int | None = None
    # Why the page as it is now cannot be used ("" when it can). The mentees are then those of
    # the bot's own last revision, and nothing moves to or from this mentor until it is fixed.
    unreadable: str = ""


def assignments_title(bot_user: str, prefix: str, mentor: str) -> str:
    return f"User:{bot_user}/{prefix}{mentor}.json"


def day_number(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


class HeldIds(Set[int]):
    """Every user id in the store, once each, in a sorted array: eight bytes an id where a
    frozenset costs about forty, and the store holds every mentee of years (ARCHITECTURE §8.6)."""

    def __init__(self, ids: Iterable[int] = ()) -> None:
        packed = array("q", sorted(ids))
        self.ids = array("q", (u for i, u in enumerate(packed) if i == 0 or packed[i - 1] != u))

    @classmethod
    def of(cls, stored: Iterable[Assignments]) -> HeldIds:
        return cls(uid for a in stored for uid in a.mentees)

    def __contains__(self, uid: object) -> bool:
        if not isinstance(uid, int):
            return False
        i = bisect_left(self.ids, uid)
        return i < len(self.ids) and self.ids[i] == uid

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)
