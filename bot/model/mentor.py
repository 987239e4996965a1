"""A mentor as the mentor list names them, and the list as it was parsed (problems included)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.model.problem import Problem

#: Weights GrowthExperiments knows; 0 means the mentor only claims mentees by hand.
ALLOWED_WEIGHTS = frozenset({0, 1, 2, 4})


#: GrowthExperiments' limit on intro messages, in characters.
MESSAGE_LIMIT = 240


@dataclass(frozen=True)
class MentorEntry:
    """One mentor as the list states it; eligibility and settings are decided later."""

    username: str
    weight: int
    message: str
    away_until: datetime | None  # UTC-aware; only the JSON format can say a mentor is away
    line: int | None  # 1-based line of the page text; None for JSON, where the key locates it
    user_id: int | None  # only the JSON format carries ids


@dataclass(frozen=True)
class ParsedList:
    """The mentors in page order, and what admins should fix."""

    mentors: tuple[MentorEntry, ...]
    problems: tuple[Problem, ...]
