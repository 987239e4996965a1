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

from bot.core.clock import api_time, parse_api_time
from bot.core.names import page_owner, title_text
from bot.gateway import Gateway
from bot.model.change import Changes, Cursor
from bot.model.talk import Thank

NS_USER, NS_USER_TALK = 2, 3
# Log entries that make a page appear, vanish or change its title: the page (and a move's
# target) counts as changed, so a remembered list of archive subpages learns of it.
PAGE_LOGS = frozenset({"move", "delete", "import", "merge"})
# Log entries about a user account (its user page is the title): the user counts as changed.
USER_LOGS = frozenset({"block", "rights", "renameuser"})


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
    received: list[Thank] = []
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
        leprop="title|user|timestamp|ids|type",
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
            log_entry(rc, users, titles, owners)
            if rc.get("logtype") == "newusers":
                new_accounts = True
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
            if e.get("action") == "thank" and e.get("ns") == NS_USER:
                received.append(
                    Thank(int(e["logid"]), title_text(e["title"]), parse_api_time(e["timestamp"]))
                )
    return Changes(
        frozenset(users),
        frozenset(titles),
        frozenset(owners),
        frozenset(thanked),
        new_accounts,
        Cursor(rcid, logid),
        tuple(received),
    )


def log_entry(rc: dict[str, Any], users: set[str], titles: set[str], owners: set[str]) -> None:
    """What one log entry of recent changes says changed: the account it is about (a block,
    rights, a rename: its old and new name), or the pages it made appear or vanish."""
    kind, title = rc.get("logtype"), str(rc.get("title", ""))
    params = rc.get("logparams") or {}
    if kind in USER_LOGS and ":" in title:
        users.add(title_text(title))  # the blocked or renamed user, or an IP range
        if kind == "renameuser" and params.get("newuser"):
            users.add(str(params["newuser"]))
    if kind in PAGE_LOGS and title:
        for t, ns in ((title, rc.get("ns")), (str(params.get("target_title", "")), params.get("target_ns"))):
            if t:
                titles.add(t)
                if ns in (NS_USER, NS_USER_TALK):
                    owners.add(page_owner(t))
