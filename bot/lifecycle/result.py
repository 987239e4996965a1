"""What the mentor lifecycle hands the rest of the pass, whichever backend ran it.

The dashboards need each mentor's status and claim results, the index page who departed, the
incremental read which mentors gained or lost mentees; and when the lifecycle changed nothing,
the read stage reuses what it read (the store, the opt-outs) instead of reading it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.lifecycle.status import MentorStatus
from bot.model.assignment import Assignments
from bot.model.journal import ClaimRecord, Move
from bot.model.mentor import MentorEntry
from bot.model.problem import Problem
from bot.publish.lifecycle import ApplyReport


@dataclass
class LifecycleResult:
    """What the dashboards and the index page need to know about each mentor after this pass."""

    mentors: dict[str, MentorStatus] = field(default_factory=dict)  # the whole list
    claims: dict[str, ClaimRecord] = field(default_factory=dict)
    departed: dict[str, str] = field(default_factory=dict)  # mentor -> quit | removed
    moves: tuple[Move, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    report: ApplyReport = field(default_factory=ApplyReport)
    # What the read stage may reuse instead of reading again (None: read it afresh).
    stored: dict[str, Assignments] | None = None
    optouts: frozenset[str] | None = None
    # Mentors no longer on the list whose mentees are kept for now (ARCHITECTURE §9.8): the read
    # stage builds their dashboards as if they were listed, marked "leaving".
    kept: tuple[MentorEntry, ...] = ()
