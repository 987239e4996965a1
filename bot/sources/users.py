"""Read mentees' accounts and activity in batches: a few requests per 500 users, never one per user.

Each function returns plain data keyed by username. The figures M1 shows come from here:
account facts from ``list=users``, edits from ``list=usercontribs`` with many users per request,
reverts from the ``mw-reverted`` change tag, blocks from the block log, warnings from the
templates on mentees' talk pages, and opt-outs from one ``embeddedin`` query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from bot.gateway import Gateway
from bot.timeutil import parse_api_time

NS_USER = 2
NS_USER_TALK = 3
NS_TEMPLATE = 10


@dataclass(frozen=True)
class Block:
    expiry: datetime | None  # None: indefinite
    partial: bool

    @property
    def indefinite(self) -> bool:
        return self.expiry is None


@dataclass(frozen=True)
class WikiUser:
    name: str
    user_id: int
    registration: datetime | None
    editcount: int
    groups: frozenset[str]
    block: Block | None = None
    # MediaWiki 1.43 puts temporary accounts in the implicit "temp" group; a flag is all we keep.
    temp: bool = False

    @property
    def is_bot(self) -> bool:
        return "bot" in self.groups


@dataclass(frozen=True)
class Activity:
    """Edits of one user in the window read: newest first."""

    last_edit: datetime | None = None
    edits_recent: int = 0  # in the last settings.recent_days


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
        for chunk in _chunks(values, gw.batch_size):
            for u in gw.query_list("users", usprop=props, **{key: "|".join(chunk)}):
                user = _user_from_api(u)
                if user:
                    out[user.name] = user
    return out


def fetch_activity(
    gw: Gateway, names: Iterable[str], *, since: datetime, recent: datetime
) -> dict[str, Activity]:
    """Last edit and recent edit counts, reading contributions back to SINCE only.

    Many users share each request (``ucuser`` takes a batch), so the cost follows the number of
    edits in the window, not the number of mentees.
    """
    last: dict[str, datetime] = {}
    recent_counts: dict[str, int] = defaultdict(int)
    for chunk in _chunks(list(names), gw.batch_size):
        for c in gw.query_list(
            "usercontribs",
            ucuser="|".join(chunk),
            ucend=_api_time(since),
            ucprop="timestamp",
            uclimit="max",
        ):
            ts = parse_api_time(c["timestamp"])
            name = c["user"]
            if name not in last or ts > last[name]:
                last[name] = ts
            if ts >= recent:
                recent_counts[name] += 1
    return {n: Activity(last_edit=t, edits_recent=recent_counts.get(n, 0)) for n, t in last.items()}


def fetch_reverted(gw: Gateway, names: Iterable[str]) -> dict[str, list[datetime]]:
    """Timestamps of each user's edits that carry the ``mw-reverted`` tag, all time."""
    out: dict[str, list[datetime]] = defaultdict(list)
    for chunk in _chunks(list(names), gw.batch_size):
        for c in gw.query_list(
            "usercontribs", ucuser="|".join(chunk), uctag="mw-reverted", ucprop="timestamp", uclimit="max"
        ):
            out[c["user"]].append(parse_api_time(c["timestamp"]))
    return dict(out)


def fetch_blocks(gw: Gateway, *, since: datetime) -> dict[str, list[datetime]]:
    """When each user was blocked (block and reblock), from one pass over the block log since SINCE."""
    out: dict[str, list[datetime]] = defaultdict(list)
    for e in gw.query_list(
        "logevents", letype="block", leend=_api_time(since), leprop="title|timestamp|type", lelimit="max"
    ):
        if e.get("action") in ("block", "reblock") and e.get("ns") == NS_USER and "title" in e:
            out[_base_name(e["title"])].append(parse_api_time(e["timestamp"]))
    return dict(out)


def fetch_warned(gw: Gateway, names: Iterable[str], prefixes: Iterable[str], talk_prefix: str) -> set[str]:
    """Users whose talk page transcludes a template whose name starts with one of PREFIXES."""
    wanted = tuple(_ucfirst(p) for p in prefixes)
    if not wanted:
        return set()
    titles = [f"{talk_prefix}:{n}" for n in names]
    warned: set[str] = set()
    for page in gw.query_pages(titles, prop="templates", tlnamespace=NS_TEMPLATE, tllimit="max"):
        for t in page.get("templates", []):
            if _ucfirst(t["title"].split(":", 1)[-1]).startswith(wanted):
                warned.add(_base_name(page["title"]))
                break
    return warned


def fetch_optouts(gw: Gateway, template: str) -> set[str]:
    """Users who put the opt-out template on their user page: one embeddedin query for all."""
    return {
        _base_name(p["title"])
        for p in gw.query_list("embeddedin", eititle=template, einamespace=NS_USER, eilimit="max")
        if "/" not in p["title"].split(":", 1)[-1]
    }


def _base_name(title: str) -> str:
    """The username in a User: or User talk: title, in any namespace name the wiki uses."""
    return title.split(":", 1)[-1].split("/", 1)[0]


def _ucfirst(s: str) -> str:
    return s[:1].upper() + s[1:]


def _api_time(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
