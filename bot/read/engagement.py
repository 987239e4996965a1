"""Read what M7 praise and inactive-mentor handling need that the other sources do not.

Costs per run, for M mentors and a batch size B (500 for a bot, 50 otherwise):

- talk-page contact: ceil(M / B) ``usercontribs`` requests over the mentors' own edits in the
  User talk namespace within the quiet window (usually one request);
- thanks given, for the mentors who have at least one praise candidate: the wiki's whole thanks
  log over the quiet window when that is the cheaper read (a small or quiet wiki: usually one
  request for everyone), else one ``logevents&letype=thanks&leuser=<Mentor>`` request per mentor
  (``leuser`` takes a single name). The first answer of the whole log shows how much time its
  entries (5,000 for a bot) cover, so a busy wiki gives up after that one request;
- last edits of mentors (only when inactive-mentor handling is on): ``usercontribs`` for all
  mentors at once, dropping each mentor from the query as soon as an edit of theirs is seen, so
  one prolific mentor cannot make the others' answers page on and on.

Mentees are never asked about one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.core.clock import api_time, parse_api_time
from bot.core.names import page_owner
from bot.gateway import Gateway
from bot.read.users import NS_USER, NS_USER_TALK, chunks


def fetch_talk_contacts(
    gw: Gateway, mentors: Iterable[str], *, since: datetime
) -> dict[str, dict[str, datetime]]:
    """Mentor → {user: latest edit by the mentor to ``User talk:<user>`` (or a subpage) since SINCE}."""
    out: dict[str, dict[str, datetime]] = {}
    for chunk in chunks(sorted(set(mentors)), gw.batch_size):
        for c in gw.query_list(
            "usercontribs",
            ucuser="|".join(chunk),
            ucnamespace=NS_USER_TALK,
            ucend=api_time(since),
            ucprop="title|timestamp",
            uclimit="max",
        ):
            mentor, user = c["user"], page_owner(c["title"])
            if user == mentor:
                continue
            _keep_latest(out.setdefault(mentor, {}), user, parse_api_time(c["timestamp"]))
    return out


def _keep_latest(seen: dict[str, datetime], user: str, ts: datetime) -> None:
    if user not in seen or ts > seen[user]:
        seen[user] = ts


def fetch_thanks_given(
    gw: Gateway, mentors: Iterable[str], *, since: datetime, budget: int | None = None
) -> dict[str, dict[str, datetime]]:
    """Mentor → {user: latest time the mentor thanked them since SINCE}.

    BUDGET is how many requests the whole-log read may take before the per-mentor read is the
    cheaper one; by default one per mentor.
    """
    names = sorted(set(mentors))
    whole = _thanks_log(gw, set(names), since=since, budget=len(names) if budget is None else budget)
    if whole is not None:
        return whole
    return {
        m: _record_thanks(gw.query_list("logevents", leuser=m, **_thanks_query(since)), {m}).get(m, {})
        for m in names
    }


def _thanks_query(since: datetime) -> dict[str, Any]:
    return {
        "letype": "thanks",
        "leend": api_time(since),
        "leprop": "user|title|timestamp|type",
        "lelimit": "max",
    }


def _record_thanks(
    events: Iterable[dict[str, Any]], thankers: set[str], out: dict[str, dict[str, datetime]] | None = None
) -> dict[str, dict[str, datetime]]:
    """Latest thanks per (thanker, thanked user) from log EVENTS, for the THANKERS only."""
    out = {} if out is None else out
    for e in events:
        mentor = e.get("user")
        if mentor not in thankers or e.get("action") != "thank" or e.get("ns") != NS_USER or "title" not in e:
            continue
        _keep_latest(out.setdefault(mentor, {}), page_owner(e["title"]), parse_api_time(e["timestamp"]))
    return out


def _thanks_log(
    gw: Gateway, thankers: set[str], *, since: datetime, budget: int
) -> dict[str, dict[str, datetime]] | None:
    """The whole thanks log back to SINCE, or None as soon as it looks dearer than BUDGET requests.

    After each answer, the time its entries covered tells how many more answers reaching SINCE
    would take; a busy wiki is recognised after the first one.
    """
    if budget <= 0:
        return None
    out: dict[str, dict[str, datetime]] = {m: {} for m in thankers}
    newest: datetime | None = None
    for used, result in enumerate(gw.query(list="logevents", **_thanks_query(since)), start=1):
        events = result.get("query", {}).get("logevents", [])
        _record_thanks(events, thankers, out)
        if "continue" not in result or not events:
            return out
        first, last = parse_api_time(events[0]["timestamp"]), parse_api_time(events[-1]["timestamp"])
        newest = newest or first
        covered = (newest - last).total_seconds()
        left = (last - since).total_seconds()
        if used >= budget or (covered > 0 and used + used * left / covered > budget):
            return None
    return out


def fetch_last_edits(gw: Gateway, names: Iterable[str], *, since: datetime) -> dict[str, datetime]:
    """Each user's latest edit since SINCE; users with none are absent.

    Contributions come newest first, so the first edit seen of a user is their latest. After
    each answer the users already seen leave the query and it restarts where the answer ended:
    the cost is at most one request per user and usually one in all.
    """
    out: dict[str, datetime] = {}
    for chunk in chunks(sorted(set(names)), gw.batch_size):
        waiting = set(chunk)
        start: str | None = None
        while waiting:
            params: dict[str, Any] = {
                "list": "usercontribs",
                "ucuser": "|".join(sorted(waiting)),
                "ucend": api_time(since),
                "ucprop": "timestamp",
                "uclimit": "max",
            }
            if start is not None:
                params["ucstart"] = start
            result = gw.request(action="query", **params)
            items = result.get("query", {}).get("usercontribs", [])
            for c in items:
                if c["user"] in waiting:
                    out[c["user"]] = parse_api_time(c["timestamp"])
                    waiting.discard(c["user"])
            if "continue" not in result or not items:
                break
            start = items[-1]["timestamp"]  # inclusive: an edit at that second is seen again, harmlessly
    return out
