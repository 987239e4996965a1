"""The weighted random pick of a mentor (ARCHITECTURE §9.4, §9.3). Pure: the caller passes the RNG.

Weights are GrowthExperiments' 0, 1, 2 and 4: a weight-4 mentor is four times as likely as a
weight-1 mentor to get the next newcomer, and weight 0 is never picked. Candidates are sorted by
name before drawing, so a seeded RNG gives the same pick whatever order they were read in.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    name: str
    weight: int


def pick_mentor(candidates: Iterable[Candidate], exclude: Collection[str], rng: random.Random) -> str | None:
    """One mentor drawn by weight, never one in EXCLUDE; None when nobody can be picked."""
    pool = sorted((c for c in candidates if c.weight > 0 and c.name not in exclude), key=lambda c: c.name)
    if not pool:
        return None
    return rng.choices([c.name for c in pool], weights=[c.weight for c in pool])[0]
