"""M7's read step: who deserves praise, per mentor, after asking the wiki only what it must.

The contributions, reverts and blocks M1 already read decide almost everything. What is left
is "has the mentor praised them lately", and it is asked in the cheapest order: the mentors'
own talk-namespace edits for everyone at once, then the thanks log only for mentors who still
have a candidate left (``leuser`` takes one name). See ``bot/read/engagement.py`` for costs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.core.clock import window_start
from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.mentee import MenteeFacts
from bot.model.praise import (
    EngagementData,
    Praise,
    PraiseOverrides,
    PraiseRules,
    candidates,
    latest_contact,
    not_recently_praised,
)
from bot.read.engagement import fetch_talk_contacts, fetch_thanks_given


def read_praise(
    gw: Gateway,
    mentees_of: Mapping[str, tuple[MenteeFacts, ...]],
    overrides: Mapping[str, PraiseOverrides],
    s: Settings,
    now: datetime,
) -> EngagementData:
    """M7 for every mentor in MENTEES_OF, under the phase "praise"; nothing is asked when M7 is
    off, and the thanks log only for mentors who still have a candidate after the talk edits."""
    if not s.praise_enabled:
        return EngagementData()
    rules = {m: PraiseRules.of(s, overrides.get(m)) for m in mentees_of}
    found = {m: candidates(facts, rules[m], now, s) for m, facts in mentees_of.items()}
    asking = {m: r for m, r in rules.items() if found[m] and r.quiet_days > 0}
    contacts: dict[str, dict[str, datetime]] = {}
    thanks: dict[str, dict[str, datetime]] = {}
    if asking:
        since = min(window_start(now.date(), r.quiet_days) for r in asking.values())
        with gw.phase("praise"):
            contacts = fetch_talk_contacts(gw, asking, since=since)
            still = [
                m
                for m in asking
                if not_recently_praised(found[m], contacts.get(m, {}), asking[m], now.date())
            ]
            thanks = fetch_thanks_given(gw, still, since=since)
    out = {}
    for m, r in rules.items():
        praised = latest_contact(contacts.get(m, {}), thanks.get(m, {}))
        out[m] = Praise(r, tuple(not_recently_praised(found[m], praised, r, now.date())))
    return EngagementData(out)
