"""M2, the mentor tools section, and the short page of a mentor who stopped (ARCHITECTURE §7.1, §7.5). Pure.

Built from the lifecycle's view of the mentor (status, weight, message, eligibility) and the
results of their latest claims, which the state page keeps until the next claims replace them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.lifecycle.status import Ineligibility, MentorStatus
from bot.model.journal import ClaimRecord, ClaimResult
from bot.model.said import Said


@dataclass(frozen=True)
class MentorTools:
    """What M2 shows one mentor."""

    mentor: str
    status: str  # active | away
    away_until: date | None
    weight: int
    message: str
    settings_title: str
    ineligible: tuple[Ineligibility, ...]
    claims: tuple[ClaimResult, ...]
    claims_at: datetime | None
    example_away: date  # a date for the "away" example: the first day of the month after next
    problems: tuple[Said, ...]  # errors in the settings page, for the top of the dashboard
    inactive_days: int | None = None  # away automatically: days without an edit (bot.lifecycle.inactive)


@dataclass(frozen=True)
class DepartedPage:
    """The short page that replaces the dashboard of a mentor who is not mentoring any more."""

    mentor: str
    title: str
    reason: str  # quit | removed | inactive
    faq_title: str


def mentor_tools(
    status: MentorStatus, record: ClaimRecord | None, settings_title: str, now: datetime
) -> MentorTools:
    month = now.month + 2
    example = date(now.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return MentorTools(
        mentor=status.name,
        status=status.status,
        away_until=status.away_until,
        weight=status.weight,
        message=status.message,
        settings_title=settings_title,
        ineligible=status.ineligible,
        claims=record.results if record else (),
        claims_at=record.at if record else None,
        example_away=example,
        problems=status.settings.problems,
        inactive_days=status.quiet_days if status.inactive else None,
    )
