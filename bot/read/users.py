"""Read mentees' accounts and activity in batches: a few requests per 500 users, never one per user.

Each function returns plain data keyed by username. The figures M1 shows come from here:
account facts from ``list=users``, edits from ``list=usercontribs`` with many users per request,
reverts from the ``mw-reverted`` change tag, blocks from the block log, and opt-outs from one
``embeddedin`` query. Warnings come with the greeting check, from one talk-page query
(``bot/read/greeted.py``).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime

from bot.core.clock import api_time, parse_api_time
from bot.core.names import page_owner, title_text
from bot.gateway import Gateway
from bot.model.user import Activity, Block, Edit, WikiUser

NS_USER = 2
NS_USER_TALK = 3
NS_TEMPLATE = 10


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
    props = "editcount|registration|blockinfo|groups"
    for key, values in (("ususerids", [str(i) for i in ids]), ("ususers", list(names))):
        for chunk in chunks(values, gw.batch_size):
            for u in gw.query_list("users", usprop=props, **{key: "|".join(chunk)}):
                user = _user_from_api(u)
                if user:
                    out[user.name] = user
    return out


def fetch_activity(
    gw: Gateway,
    names: Iterable[str],
    *,
    since: datetime,
    recent: datetime,
    keep_latest: int,
    group_of: Mapping[str, str] | None = None,
) -> dict[str, Activity]:
    """Last edit and recent edit counts, reading contributions back to SINCE only.

    Many users share each request (``ucuser`` takes a batch), so the cost follows the number of
    edits in the window, not the number of mentees. The KEEP_LATEST newest edits of each group
    of GROUP_OF (user -> mentor; without it, each user is a group of their own) are kept whole:
    a mentor's digest lists their mentees' latest ``digest_edits`` edits, so keeping more would
    only hold memory for edits no page shows.
    """
    last: dict[str, datetime] = {}
    first: dict[str, datetime] = {}
    seen: dict[str, int] = defaultdict(int)
    recent_times: dict[str, list[datetime]] = defaultdict(list)
    newest: dict[str, list[tuple[datetime, int, Edit]]] = defaultdict(list)  # a min-heap per group
    for chunk in chunks(list(names), gw.batch_size):
        for c in gw.query_list(
            "usercontribs",
            ucuser="|".join(chunk),
            ucend=api_time(since),
            ucprop="ids|title|timestamp|comment|tags",
            uclimit="max",
        ):
            ts = parse_api_time(c["timestamp"])
            name = c["user"]
            if name not in last or ts > last[name]:
                last[name] = ts
            if name not in first or ts < first[name]:
                first[name] = ts
            seen[name] += 1
            if ts >= recent:
                recent_times[name].append(ts)
            if keep_latest > 0 and "revid" in c:
                heap = newest[group_of.get(name, name) if group_of else name]
                item = (ts, int(c["revid"]), _edit_from_api(c, ts))
                if len(heap) < keep_latest:
                    heapq.heappush(heap, item)
                elif item[:2] > heap[0][:2]:
                    heapq.heapreplace(heap, item)
    latest: dict[str, list[Edit]] = defaultdict(list)
    for heap in newest.values():
        for _, _, e in heap:
            latest[e.user].append(e)
    return {
        n: Activity(
            last_edit=t,
            edits_recent=len(recent_times.get(n, ())),
            recent_times=tuple(sorted(recent_times.get(n, ()), reverse=True)),
            first_in_window=first[n],
            edits_in_window=seen[n],
            latest=tuple(sorted(latest.get(n, ()), key=lambda e: (e.timestamp, e.revid), reverse=True)),
        )
        for n, t in last.items()
    }


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
