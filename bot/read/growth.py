"""Who mentors whom on a GrowthExperiments wiki, read through its API (parsed by
``bot/parse/growth_api.py``).

Cost: the mentor list is one request. Mentees are one request per mentor, because
``list=growthmentormentee`` takes a single mentor name and has no continuation; their
registration days then come in one batched users query for all of them. The API gives no
assignment date, and GrowthExperiments assigns at sign-up, so the registration day stands in.

An answer in the wrong shape is raised as pywikibot's ``Error``, like any other failed request,
so the run stops with a plain message instead of treating every mentor as gone.
"""

from __future__ import annotations

from collections.abc import Iterable

import pywikibot

from bot.gateway import Gateway
from bot.model.assignment import Assignments, day_number
from bot.model.mentor import ParsedList
from bot.parse.growth_api import (
    LIST_MODULE,
    MENTEE_MODULE,
    GrowthApiError,
    parse_growth_mentees,
    parse_growth_mentor_list,
)
from bot.read.users import fetch_users

DAY_UNKNOWN = 19700101  # an account without a registration date: older than any "new this week"


def read_growth_mentors(gw: Gateway) -> ParsedList:
    """Every mentor on GrowthExperiments' list, with weight, message and away time."""
    try:
        return parse_growth_mentor_list(gw.request(action="query", list=LIST_MODULE))
    except GrowthApiError as e:
        raise pywikibot.exceptions.Error(str(e)) from e


def read_growth_mentees(gw: Gateway, mentor: str) -> frozenset[int]:
    """User ids of MENTOR's mentees (one request)."""
    try:
        return frozenset(
            parse_growth_mentees(gw.request(action="query", list=MENTEE_MODULE, gemmmentor=mentor))
        )
    except GrowthApiError as e:
        raise pywikibot.exceptions.Error(str(e)) from e


def read_growth_assignments(gw: Gateway, mentors: Iterable[str]) -> dict[str, Assignments]:
    """Each mentor's mentees, dated by registration day; the pages have no title or revision."""
    held = {m: sorted(read_growth_mentees(gw, m)) for m in mentors}
    ids = {uid for uids in held.values() for uid in uids}
    accounts = {u.user_id: u for u in fetch_users(gw, ids=ids).values()} if ids else {}

    def day(uid: int) -> int:
        user = accounts.get(uid)
        registered = user.registration if user is not None else None
        return day_number(registered.date()) if registered is not None else DAY_UNKNOWN

    return {m: Assignments(m, "", {uid: day(uid) for uid in uids}) for m, uids in held.items()}
