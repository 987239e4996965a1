"""The growth backend: GrowthExperiments' own mentor list and assignments, through its API.

GrowthExperiments already assigns mentors and keeps the mentor list, so the bot keeps no second,
competing copy: its reads are ``bot/read/growth.py`` (response shapes in
``bot/parse/growth_api.py``), and its two writes go through the funnel (``Writer``):

* ``action=growthsetmentor`` (mentee, mentor, reason) → ``{"growthsetmentor": {"status": "ok",
  "mentee", "newMentor", "oldMentor" (false when none)}}``; setting the mentor a mentee already
  has is the error ``growthexperiments-homepage-claimmentee-already-mentor``, which counts as
  done (ApiSetMentor.php);
* ``action=growthmanagementorlist`` (geaction=change, username, message, weight, isaway,
  awaytimestamp, summary): a ``change`` without ``isaway`` marks the mentor active again, so
  every change sends the away state the mentor should have afterwards (ApiManageMentorList.php).

The bot needs the ``setmentor`` right (to set another user's mentor) and ``managementors`` (to
change another mentor's entry) on such a wiki.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pywikibot

from bot.core.clock import api_time
from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.assignment import Assignments
from bot.model.mentor import ParsedList
from bot.model.problem import Problem
from bot.publish.funnel import Writer
from bot.read.growth import read_growth_assignments, read_growth_mentees, read_growth_mentors

ALREADY_MENTOR = "growthexperiments-homepage-claimmentee-already-mentor"


class GrowthBackend:
    name = "growth"

    def __init__(self, gw: Gateway, writer: Writer, s: Settings) -> None:
        self.gw = gw  # for the readers
        self.writer = writer
        self.s = s

    def mentors(self) -> ParsedList:
        return read_growth_mentors(self.gw)

    def mentees_of(self, mentor: str) -> frozenset[int]:
        return read_growth_mentees(self.gw, mentor)

    def assignments(self, mentors: Iterable[str]) -> tuple[dict[str, Assignments], list[Problem]]:
        """One request a mentor (the module takes a single name), and one users query for all."""
        return read_growth_assignments(self.gw, mentors), []

    def claim(self, mentee: str, mentor: str, reason: str) -> str | None:
        try:
            self.writer.set_growth_mentor(mentee, mentor, reason)
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
        params = {"summary": f"{self.s.summary_prefix}: from {mentor}'s {self.s.mentor_settings_subpage}"}
        if message is not None:
            params["message"] = message
        if weight is not None:
            params["weight"] = str(weight)
        if away_until is not None:
            params["isaway"] = "1"
            params["awaytimestamp"] = api_time(away_until)
        self.writer.change_growth_mentor(mentor, params)
        return True
