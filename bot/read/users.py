"""Read mentees' accounts and activity in batches: a few requests per 500 users, never one per user.

Each function returns plain data keyed by username or user id. The figures M1 shows come from
here: account facts from ``list=users`` and edits from ``list=usercontribs``, both in one request
per batch of users; reverts from the ``mw-reverted`` change tag, blocks from the block log, and
opt-outs from one ``embeddedin`` query. Warnings come with the greeting check, from one talk-page query
(``bot/read/greeted.py``).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from bot.core.clock import api_time, parse_api_time
from bot.core.names import page_owner, title_text
from bot.gateway import Gateway
from bot.model.user import Activity, Block, Edit, WikiUser

NS_USER = 2
NS_USER_TALK = 3
NS_TEMPLATE = 10
ACCOUNT_PROPS = "editcount|registration|blockinfo|groups"
CONTRIB_PROPS = "ids|title|timestamp|comment|tags"


def _user_from_api(u: dict[str, object]) -> WikiUser | None:
    if u.get("missing") or u.get("invalid") or u.get("hidden") or "userid" not in u:
        return None
    block = None
    if "blockid" in u:
        expiry = str(u.get("blockexpiry", "infinite"))
        block = Block(
            expiry=None if expiry in ("infinite", "infinity", "indefinite") else parse_api_time(expiry),
            partial=bool(u.get("blockpartial")),
        )
    groups = frozenset(str(g) for g in u.get("groups", []) or [])  # type: ignore[attr-defined]
    reg = u.get("registration")
    return WikiUser(
        name=str(u["name"]),
        user_id=int(u["userid"]),  # type: ignore[call-overload]
        registration=parse_api_time(str(reg)) if reg else None,
        editcount=int(u.get("editcount", 0) or 0),  # type: ignore[call-overload]
        groups=groups,
        block=block,
        temp="temp" in groups or bool(u.get("temp")),
    )


def fetch_users(gw: Gateway, *, ids: Iterable[int] = (), names: Iterable[str] = ()) -> dict[str, WikiUser]:
    """Accounts by user id and/or name; missing, invalid and hidden accounts are left out."""
    out: dict[str, WikiUser] = {}
    for key, values in (("ususerids", [str(i) for i in ids]), ("ususers", list(names))):
        for chunk in chunks(values, gw.batch_size):
            for u in gw.query_list("users", usprop=ACCOUNT_PROPS, **{key: "|".join(chunk)}):
                user = _user_from_api(u)
                if user:
                    out[user.name] = user
    return out


class _Tally:
    """Contributions folded into per-user figures as they stream in, holding little per edit.

    The KEEP_LATEST newest edits of each group (a mentor's mentees; without GROUP_OF, each user
    is a group of their own) are kept whole: a mentor's digest lists their mentees' latest
    ``digest_edits`` edits, so keeping more would only hold memory for edits no page shows.
    """

    def __init__(self, recent: datetime, keep_latest: int) -> None:
        self.recent = recent
        self.keep_latest = keep_latest
        self.last: dict[str, datetime] = {}
        self.first: dict[str, datetime] = {}
        self.seen: dict[str, int] = defaultdict(int)
        self.recent_times: dict[str, list[datetime]] = defaultdict(list)
        self.newest: dict[str, list[tuple[datetime, int, Edit]]] = defaultdict(list)  # min-heaps

    def add(self, c: dict[str, Any], group: str) -> None:
        ts = parse_api_time(c["timestamp"])
        name = c["user"]
        if name not in self.last or ts > self.last[name]:
            self.last[name] = ts
        if name not in self.first or ts < self.first[name]:
            self.first[name] = ts
        self.seen[name] += 1
        if ts >= self.recent:
            self.recent_times[name].append(ts)
        if self.keep_latest > 0 and "revid" in c:
            heap = self.newest[group]
            item = (ts, int(c["revid"]), _edit_from_api(c, ts))
            if len(heap) < self.keep_latest:
                heapq.heappush(heap, item)
            elif item[:2] > heap[0][:2]:
                heapq.heapreplace(heap, item)

    def result(self) -> dict[str, Activity]:
        latest: dict[str, list[Edit]] = defaultdict(list)
        for heap in self.newest.values():
            for _, _, e in heap:
                latest[e.user].append(e)
        return {
            n: Activity(
                last_edit=t,
                edits_recent=len(self.recent_times.get(n, ())),
                recent_times=tuple(sorted(self.recent_times.get(n, ()), reverse=True)),
                first_in_window=self.first[n],
                edits_in_window=self.seen[n],
                latest=tuple(sorted(latest.get(n, ()), key=lambda e: (e.timestamp, e.revid), reverse=True)),
            )
            for n, t in self.last.items()
        }


def fetch_accounts_and_activity(
    gw: Gateway,
    ids: Iterable[tuple[int, str]],
    *,
    since: datetime,
    recent: datetime,
    keep_latest: int,
    settle: Callable[[int, str, WikiUser], bool] | None = None,
) -> tuple[dict[int, WikiUser], dict[str, Activity]]:
    """Accounts and contributions since SINCE of the users IDS names, as (user id, mentor) pairs.

    Both lists ride in one query per batch of ids (``list=users|usercontribs``), so a batch of
    mentees who made no edit in the window costs one request for everything the read stage
    needs to know they are dormant, instead of one for the accounts and one for the edits
    (ARCHITECTURE §8.6). Only the contributions continue; MediaWiki skips the finished users
    list on continuation. The edits kept whole are grouped by mentor (:class:`_Tally`).

    Once a batch is read, each account with no edit since SINCE is offered to SETTLE with its id
    and mentor; one it takes is not kept. At Wikipedia scale nine accounts in ten are such, and
    the read stage adds them up as they come rather than holding them all (ARCHITECTURE §8.6).
    """
    accounts: dict[int, WikiUser] = {}
    tally = _Tally(recent, keep_latest)
    seen: set[int] = set()
    batch: dict[int, str] = {}
    read: list[WikiUser] = []

    def flush() -> None:
        joined = "|".join(str(i) for i in batch)
        for result in gw.query(
            list="users|usercontribs",
            ususerids=joined,
            usprop=ACCOUNT_PROPS,
            ucuserids=joined,
            ucend=api_time(since),
            ucprop=CONTRIB_PROPS,
            uclimit="max",
        ):
            query = result.get("query", {})
            for u in query.get("users", []):
                user = _user_from_api(u)
                if user:
                    read.append(user)
            for c in query.get("usercontribs", []):
                tally.add(c, batch.get(int(c.get("userid", 0)), c["user"]))
        for user in read:  # the batch's edits are all in: those without any may be settled now
            uid = user.user_id
            if settle is None or user.name in tally.last or not settle(uid, batch.get(uid, ""), user):
                accounts[uid] = user
        read.clear()
        batch.clear()

    for uid, group in ids:
        if uid in seen:
            continue
        seen.add(uid)
        batch[uid] = group
        if len(batch) >= gw.batch_size:
            flush()
    if batch:
        flush()
    return accounts, tally.result()


def _edit_from_api(c: dict[str, object], ts: datetime) -> Edit:
    hidden = "commenthidden" in c or "comment" not in c
    return Edit(
        revid=int(c["revid"]),  # type: ignore[call-overload]
        title=str(c.get("title", "")),
        timestamp=ts,
        comment=None if hidden else str(c["comment"]),
        tags=tuple(str(t) for t in c.get("tags", []) or []),  # type: ignore[attr-defined]
        user=str(c.get("user", "")),
    )


def fetch_reverted(gw: Gateway, names: Iterable[str]) -> dict[str, list[datetime]]:
    """Timestamps of each user's edits that carry the ``mw-reverted`` tag, all time."""
    out: dict[str, list[datetime]] = defaultdict(list)
    for chunk in chunks(list(names), gw.batch_size):
        for c in gw.query_list(
            "usercontribs", ucuser="|".join(chunk), uctag="mw-reverted", ucprop="timestamp", uclimit="max"
        ):
            out[c["user"]].append(parse_api_time(c["timestamp"]))
    return dict(out)


def fetch_blocks(gw: Gateway, *, since: datetime) -> dict[str, list[datetime]]:
    """When each user was blocked (block and reblock), from one pass over the block log since SINCE."""
    out: dict[str, list[datetime]] = defaultdict(list)
    for e in gw.query_list(
        "logevents", letype="block", leend=api_time(since), leprop="title|timestamp|type", lelimit="max"
    ):
        if e.get("action") in ("block", "reblock") and e.get("ns") == NS_USER and "title" in e:
            out[page_owner(e["title"])].append(parse_api_time(e["timestamp"]))
    return dict(out)


def fetch_optouts(gw: Gateway, template: str) -> set[str]:
    """Users who put the opt-out template on their user page: one embeddedin query for all."""
    return {
        page_owner(p["title"])
        for p in gw.query_list("embeddedin", eititle=template, einamespace=NS_USER, eilimit="max")
        if "/" not in title_text(p["title"])
    }


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
