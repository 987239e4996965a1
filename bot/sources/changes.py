"""What happened on the wiki since the last run: recent changes and the thanks log.

An incremental run reads these two streams instead of every mentee's activity. Recent changes
carry edits, page creations and log entries (blocks, new accounts); thanks are not in recent
changes, so their log is read on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.gateway import Gateway
from bot.timeutil import parse_api_time


@dataclass(frozen=True)
class Changes:
    users: frozenset[str]  # who edited or was the subject of a block
    titles: frozenset[str]  # pages edited or created
    thanked: frozenset[str]  # users who received thanks
    new_accounts: bool
    until: datetime | None  # newest timestamp seen; the next run starts there


def _api_time(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def read_changes(gw: Gateway, since: datetime) -> Changes:
    users: set[str] = set()
    titles: set[str] = set()
    thanked: set[str] = set()
    new_accounts = False
    newest: str | None = None
    for rc in gw.query_list(
        "recentchanges",
        rcend=_api_time(since),
        rcprop="title|user|timestamp|loginfo",
        rctype="edit|new|log",
        rclimit="max",
    ):
        newest = max(newest or rc["timestamp"], rc["timestamp"])
        if rc.get("user"):
            users.add(rc["user"])
        if rc.get("type") == "log":
            if rc.get("logtype") == "newusers":
                new_accounts = True
            if rc.get("logtype") == "block" and ":" in rc.get("title", ""):
                users.add(rc["title"].split(":", 1)[1])
        elif rc.get("title"):
            titles.add(rc["title"])
    for e in gw.query_list(
        "logevents", letype="thanks", leend=_api_time(since), leprop="title|timestamp", lelimit="max"
    ):
        newest = max(newest or e["timestamp"], e["timestamp"])
        if ":" in e.get("title", ""):
            thanked.add(e["title"].split(":", 1)[1])
    return Changes(
        frozenset(users),
        frozenset(titles),
        frozenset(thanked),
        new_accounts,
        parse_api_time(newest) if newest else None,
    )
