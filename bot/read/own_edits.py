"""The bot's own recent edits on talk pages: the second half of "already sent this period".

A mentor's message carries a hidden key (``bot/publish/ping.py``), but the mentor, or an
archiving bot, may move it off the talk page within the period. The bot's own contributions do
not move: one ``usercontribs`` stream over every user talk page since the oldest period start
tells which talk pages the bot already wrote on, whatever their text says now.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.clock import api_time, parse_api_time
from bot.gateway import Gateway

USER_TALK = 3


def own_talk_edits(gw: Gateway, bot: str, since: datetime) -> dict[str, datetime]:
    """User talk page → the time of the bot's latest edit there at or after SINCE."""
    out: dict[str, datetime] = {}
    for c in gw.query_list(
        "usercontribs",
        ucuser=bot,
        ucnamespace=USER_TALK,
        ucstart=api_time(since),
        ucdir="newer",
        ucprop="title|timestamp",
        uclimit="max",
    ):
        at = parse_api_time(c["timestamp"])
        out[c["title"]] = max(at, out.get(c["title"], at))
    return out
