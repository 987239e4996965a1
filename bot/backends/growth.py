"""The growth backend: GrowthExperiments' own mentor list and assignments, through its API.

Response shapes are GrowthExperiments' (includes/Api/ApiQueryMentorList.php,
ApiQueryMentorMentee.php, ApiSetMentor.php, ApiManageMentorList.php):

* ``list=growthmentorlist`` → at the TOP LEVEL of the response, not under ``query``:
  ``{"growthmentorlist": {"<user id>": {"message": str|null, "weight": 0|1|2|4,
  "awayTimestamp"?: ISO 8601, "username": str}}}``; an empty list is ``[]`` (an empty PHP
  array). ``awayTimestamp`` is only there in versions that keep the away time in the list, and
  it can be in the past until GrowthExperiments purges it; older versions also carry
  ``automaticallyAssigned`` (false means weight 0, as GrowthExperiments itself reads it).
* ``list=growthmentormentee&gemmmentor=<name>`` → top level as well:
  ``{"growthmentormentee": {"mentor": str, "mentees": [{"name": str, "id": int}]}}``; one mentor
  per request (the module takes one name), no continuation.
* ``action=growthsetmentor`` (mentee, mentor, reason) → ``{"growthsetmentor": {"status": "ok",
  "mentee", "newMentor", "oldMentor" (false when none)}}``; setting the mentor a mentee already
  has is the error ``growthexperiments-homepage-claimmentee-already-mentor``.
* ``action=growthmanagementorlist`` (geaction=change, username, message, weight, isaway,
  awaytimestamp, summary): a ``change`` without ``isaway`` marks the mentor active again, so
  every change sends the away state the mentor should have afterwards.

The bot needs the ``setmentor`` right (to set another user's mentor) and ``managementors`` (to
change another mentor's entry) on such a wiki.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pywikibot

from bot.core.clock import parse_api_time
from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.assignment import Assignments, day_number
from bot.model.mentor import ALLOWED_WEIGHTS, MentorEntry, ParsedList
from bot.model.page import CurrentPage
from bot.model.problem import Problem
from bot.read.users import fetch_users

if TYPE_CHECKING:
    from bot.lifecycle.growth import GrowthLifecycle
    from bot.render.i18n import Messages

LIST_MODULE = "growthmentorlist"
MENTEE_MODULE = "growthmentormentee"
ALREADY_MENTOR = "growthexperiments-homepage-claimmentee-already-mentor"
DEFAULT_WEIGHT = 2  # GrowthExperiments' IMentorWeights::WEIGHT_NORMAL, used when an entry has none
WHERE = "GrowthExperiments mentor list"
DAY_UNKNOWN = 19700101  # an account without a registration date: older than any "new this week"


def parse_mentor_list(result: dict[str, Any]) -> ParsedList:
    """Mentors from a growthmentorlist response; an odd entry is reported and skipped."""
    if LIST_MODULE not in result:
        raise pywikibot.exceptions.Error(f"the wiki answered list={LIST_MODULE} without a {LIST_MODULE} key")
    raw = result[LIST_MODULE] or {}
    mentors: list[MentorEntry] = []
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        odd = Problem(WHERE, f"expected mentors keyed by user id, got {type(raw).__name__}")
        return ParsedList((), (odd,))
    for key, data in raw.items():
        where = f"{WHERE}, user id {key}"
        if not str(key).isdigit() or not isinstance(data, dict) or not isinstance(data.get("username"), str):
            problems.append(Problem(where, "not a mentor entry with a user name; skipped"))
            continue
        weight = data.get("weight", DEFAULT_WEIGHT)
        if data.get("automaticallyAssigned") is False:
            weight = 0
        if weight not in ALLOWED_WEIGHTS or isinstance(weight, bool):
            problems.append(Problem(where, f"weight {weight!r} is not 0, 1, 2 or 4; {DEFAULT_WEIGHT} used"))
            weight = DEFAULT_WEIGHT
        away = data.get("awayTimestamp")
        away_until = None
        if isinstance(away, str) and away:
            try:
                away_until = parse_api_time(away)
            except ValueError:
                problems.append(Problem(where, f"awayTimestamp {away!r} is not a timestamp; ignored"))
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


def parse_mentees(result: dict[str, Any]) -> dict[int, str]:
    """User id → name from a growthmentormentee response."""
    body = result.get(MENTEE_MODULE)
    if not isinstance(body, dict):
        raise pywikibot.exceptions.Error(f"the wiki answered list={MENTEE_MODULE} without that key")
    return {int(m["id"]): str(m["name"]) for m in body.get("mentees") or [] if int(m.get("id", 0)) > 0}


class GrowthBackend:
    name = "growth"

    def __init__(self, gw: Gateway, s: Settings, known: Mapping[str, CurrentPage] | None = None) -> None:
        self.gw = gw
        self.s = s
        self.known = dict(known or {})  # pages the control read holds (the lifecycle state page)

    def mentors(self) -> ParsedList:
        return parse_mentor_list(self.gw.request(action="query", list=LIST_MODULE))

    def mentees_of(self, mentor: str) -> frozenset[int]:
        result = self.gw.request(action="query", list=MENTEE_MODULE, gemmmentor=mentor)
        return frozenset(parse_mentees(result))

    def assignments(self, mentors: Iterable[str]) -> tuple[dict[str, Assignments], list[str]]:
        """One request a mentor: the module takes a single name. The API gives no assignment
        date; GrowthExperiments assigns at sign-up, so the registration day stands in for it
        (one batched users query for all mentees)."""
        held = {m: sorted(self.mentees_of(m)) for m in mentors}
        ids = {uid for uids in held.values() for uid in uids}
        accounts = {u.user_id: u for u in fetch_users(self.gw, ids=ids).values()} if ids else {}

        def day(uid: int) -> int:
            user = accounts.get(uid)
            registered = user.registration if user is not None else None
            return day_number(registered.date()) if registered is not None else DAY_UNKNOWN

        return {m: Assignments(m, "", {uid: day(uid) for uid in uids}) for m, uids in held.items()}, []

    def claim(self, mentee: str, mentor: str, reason: str) -> str | None:
        try:
            self.gw.post("growthsetmentor", mentee=mentee, mentor=mentor, reason=reason)
        except pywikibot.exceptions.APIError as e:
            if e.code == ALREADY_MENTOR:
                return None  # e.g. a run that stopped after the claim and before saving its state
            return f"GrowthExperiments refused the claim ({e.code}: {e.info})"
        return None

    def set_status(
        self,
        mentor: str,
        *,
        away_until: datetime | None,
        message: str | None = None,
        weight: int | None = None,
    ) -> bool:
        """One ``change`` for the mentor. AWAY_UNTIL is required (None means active) because a
        change without ``isaway`` ends an absence: a caller that only changes the weight must
        pass the away date the mentor already has."""
        params: dict[str, Any] = {"geaction": "change", "username": mentor}
        params["summary"] = f"{self.s.summary_prefix}: from {mentor}'s {self.s.mentor_settings_subpage}"
        if message is not None:
            params["message"] = message
        if weight is not None:
            params["weight"] = str(weight)
        if away_until is not None:
            params["isaway"] = "1"
            params["awaytimestamp"] = away_until.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.gw.post("growthmanagementorlist", **params)
        return True

    def lifecycle(
        self, messages: Messages, now: datetime, *, write: bool, show: Callable[[str], None]
    ) -> GrowthLifecycle:
        from bot.lifecycle.growth import GrowthLifecycle

        return GrowthLifecycle(self.gw, self, self.s, messages, now, write=write, show=show, known=self.known)
