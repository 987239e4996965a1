"""GrowthExperiments' API answers read into the bot's own records. Pure.

Response shapes are GrowthExperiments' (includes/Api/ApiQueryMentorList.php,
ApiQueryMentorMentee.php):

* ``list=growthmentorlist`` → at the TOP LEVEL of the response, not under ``query``:
  ``{"growthmentorlist": {"<user id>": {"message": str|null, "weight": 0|1|2|4,
  "awayTimestamp"?: ISO 8601, "username": str}}}``; an empty list is ``[]`` (an empty PHP
  array). ``awayTimestamp`` is only there in versions that keep the away time in the list, and
  it can be in the past until GrowthExperiments purges it; older versions also carry
  ``automaticallyAssigned`` (false means weight 0, as GrowthExperiments itself reads it).
* ``list=growthmentormentee&gemmmentor=<name>`` → top level as well:
  ``{"growthmentormentee": {"mentor": str, "mentees": [{"name": str, "id": int}]}}``.

An odd mentor entry is a problem reported next to the others, as on the standalone list; an
answer without the module's key at all is a ``GrowthApiError``, because reading it as an empty
list would make every mentor look gone.
"""

from __future__ import annotations

from typing import Any

from bot.core.clock import parse_api_time
from bot.model.mentor import ALLOWED_WEIGHTS, MentorEntry, ParsedList
from bot.model.problem import Problem, Said

LIST_MODULE = "growthmentorlist"
MENTEE_MODULE = "growthmentormentee"
DEFAULT_WEIGHT = 2  # GrowthExperiments' IMentorWeights::WEIGHT_NORMAL, used when an entry has none
WHERE = "GrowthExperiments mentor list"


class GrowthApiError(ValueError):
    """An answer that is not in the shape GrowthExperiments gives; nothing can be read from it."""


def parse_growth_mentor_list(result: dict[str, Any]) -> ParsedList:
    """Mentors from a growthmentorlist response; an odd entry is reported and skipped."""
    if LIST_MODULE not in result:
        raise GrowthApiError(f"the wiki answered list={LIST_MODULE} without a {LIST_MODULE} key")
    raw = result[LIST_MODULE] or {}
    mentors: list[MentorEntry] = []
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        odd = Problem.of(WHERE, "mentordashboard-problem-growth-list-shape", type(raw).__name__)
        return ParsedList((), (odd,))
    for key, data in raw.items():
        at = Said.of("mentordashboard-where-user-id", key)
        if not str(key).isdigit() or not isinstance(data, dict) or not isinstance(data.get("username"), str):
            problems.append(Problem.of(WHERE, "mentordashboard-problem-growth-entry", at=at))
            continue
        weight = data.get("weight", DEFAULT_WEIGHT)
        if data.get("automaticallyAssigned") is False:
            weight = 0
        if weight not in ALLOWED_WEIGHTS or isinstance(weight, bool):
            problems.append(
                Problem.of(
                    WHERE, "mentordashboard-problem-growth-weight", repr(weight), DEFAULT_WEIGHT, at=at
                )
            )
            weight = DEFAULT_WEIGHT
        away = data.get("awayTimestamp")
        away_until = None
        if isinstance(away, str) and away:
            try:
                away_until = parse_api_time(away)
            except ValueError:
                problems.append(Problem.of(WHERE, "mentordashboard-problem-growth-away", repr(away), at=at))
        message = data.get("message")
        mentors.append(
            MentorEntry(
                username=data["username"],
                weight=int(weight),
                message=message if isinstance(message, str) else "",  # null: GrowthExperiments' default text
                away_until=away_until,
                line=None,
                user_id=int(key),
            )
        )
    return ParsedList(tuple(mentors), tuple(problems))


def parse_growth_mentees(result: dict[str, Any]) -> dict[int, str]:
    """User id → name from a growthmentormentee response."""
    body = result.get(MENTEE_MODULE)
    if not isinstance(body, dict):
        raise GrowthApiError(f"the wiki answered list={MENTEE_MODULE} without that key")
    return {int(m["id"]): str(m["name"]) for m in body.get("mentees") or [] if int(m.get("id", 0)) > 0}
