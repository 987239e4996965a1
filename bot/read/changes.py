"""What happened on the wiki since the last run: recent changes and the thanks log.

An incremental run reads these two streams instead of every mentee's activity. Recent changes
carry edits, page creations and log entries (blocks, new accounts); thanks are not in recent
changes, so their log is read on its own. Both are read from a little before the last run's
start, and entries at or below the last run's ids are skipped: ids grow monotonically, clocks
and commit order don't. Both streams ride in one query, each continuing on its own, so a quiet
wiki's incremental run costs one request here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.clock import api_time
from bot.core.names import page_owner, title_text
from bot.gateway import Gateway
from bot.model.change import Changes, Cursor

NS_USER, NS_USER_TALK = 2, 3


def latest_cursor(gw: Gateway) -> Cursor:
    """The newest ids now, in one request: a full run stores them so the next run knows where to start."""
    q = gw.request(
        action="query",
        list="recentchanges|logevents",
        rcprop="ids",
        rclimit=1,
        letype="thanks",
        leprop="ids",
        lelimit=1,
    )["query"]
    rc: dict[str, Any] = next(iter(q.get("recentchanges", [])), {})
    le: dict[str, Any] = next(iter(q.get("logevents", [])), {})
    return Cursor(int(rc.get("rcid", 0)), int(le.get("logid", 0)))


def read_changes(
    gw: Gateway, since: datetime, after: Cursor, *, own: str = "", own_inputs: str = ""
) -> Changes:
    """Changes after AFTER, looking back to SINCE. The bot's own edits (user OWN) are skipped,
    except to pages whose titles start with OWN_INPUTS (its assignment store)."""
    users: set[str] = set()
    titles: set[str] = set()
    owners: set[str] = set()
    thanked: set[str] = set()
    new_accounts = False
    rcid, logid = after.rcid, after.logid
    # Both streams in one query: each list continues on its own until both are done.
    rcs: list[dict[str, Any]] = []
    thanks: list[dict[str, Any]] = []
    for result in gw.query(
        list="recentchanges|logevents",
        rcend=api_time(since),
        rcprop="title|user|timestamp|loginfo|ids",
        rctype="edit|new|log",
        rclimit="max",
        letype="thanks",
        leend=api_time(since),
        leprop="title|user|timestamp|ids",
        lelimit="max",
    ):
        rcs.extend(result.get("query", {}).get("recentchanges", []))
        thanks.extend(result.get("query", {}).get("logevents", []))
    for rc in rcs:
        if int(rc.get("rcid", 0)) <= after.rcid:
            continue
        rcid = max(rcid, int(rc["rcid"]))
        if own and rc.get("user") == own and not (own_inputs and rc.get("title", "").startswith(own_inputs)):
            continue
        if rc.get("user"):
            users.add(rc["user"])
        if rc.get("type") == "log":
            if rc.get("logtype") == "newusers":
                new_accounts = True
            if rc.get("logtype") == "block" and ":" in rc.get("title", ""):
                users.add(title_text(rc["title"]))  # the blocked user, or IP range
        elif rc.get("title"):
            titles.add(rc["title"])
            if rc.get("ns") in (NS_USER, NS_USER_TALK):
                owners.add(page_owner(rc["title"]))
    for e in thanks:
        if int(e.get("logid", 0)) <= after.logid:
            continue
        logid = max(logid, int(e["logid"]))
        if e.get("user"):  # a mentor's thanks count as praise (M7)
            users.add(e["user"])
        if ":" in e.get("title", ""):
            thanked.add(title_text(e["title"]))
    return Changes(
        frozenset(users),
        frozenset(titles),
        frozenset(owners),
        frozenset(thanked),
        new_accounts,
        Cursor(rcid, logid),
    )
