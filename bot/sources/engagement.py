"""Read what M7 praise and inactive-mentor handling need that the other sources do not.

Costs per run, for M mentors and a batch size B (500 for a bot, 50 otherwise):

- talk-page contact: ceil(M / B) ``usercontribs`` requests over the mentors' own edits in the
  User talk namespace within the quiet window (usually one request);
- thanks given: one ``logevents&letype=thanks&leuser=<Mentor>`` request for each mentor who
  has at least one praise candidate. ``leuser`` takes a single name and the thanks log has no
  other index by performer, so this cannot be batched; asking only for mentors with candidates
  keeps it to the few who need it;
- last edits of mentors (only when inactive-mentor handling is on): ``usercontribs`` for all
  mentors at once, dropping each mentor from the query as soon as an edit of theirs is seen, so
  one prolific mentor cannot make the others' answers page on and on.

Mentees are never asked about one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.gateway import Gateway
from bot.sources.users import NS_USER, NS_USER_TALK, _api_time, _base_name, _chunks
from bot.timeutil import parse_api_time


def fetch_talk_contacts(
    gw: Gateway, mentors: Iterable[str], *, since: datetime
) -> dict[str, dict[str, datetime]]:
    """Mentor → {user: latest edit by the mentor to ``User talk:<user>`` (or a subpage) since SINCE}."""
    out: dict[str, dict[str, datetime]] = {}
    for chunk in _chunks(sorted(set(mentors)), gw.batch_size):
        for c in gw.query_list(
            "usercontribs",
            ucuser="|".join(chunk),
            ucnamespace=NS_USER_TALK,
            ucend=_api_time(since),
            ucprop="title|timestamp",
            uclimit="max",
        ):
            mentor, user = c["user"], _base_name(c["title"])
            if user == mentor:
                continue
            ts = parse_api_time(c["timestamp"])
            seen = out.setdefault(mentor, {})
            if user not in seen or ts > seen[user]:
                seen[user] = ts
    return out


def fetch_thanks_given(
    gw: Gateway, mentors: Iterable[str], *, since: datetime
) -> dict[str, dict[str, datetime]]:
    """Mentor → {user: latest time the mentor thanked them since SINCE}, one request per mentor."""
    out: dict[str, dict[str, datetime]] = {}
    for mentor in sorted(set(mentors)):
        given: dict[str, datetime] = {}
        for e in gw.query_list(
            "logevents",
            letype="thanks",
            leuser=mentor,
            leend=_api_time(since),
            leprop="title|timestamp|type",
            lelimit="max",
        ):
            if e.get("action") != "thank" or e.get("ns") != NS_USER or "title" not in e:
                continue
            user = _base_name(e["title"])
            ts = parse_api_time(e["timestamp"])
            if user not in given or ts > given[user]:
                given[user] = ts
        out[mentor] = given
    return out


def fetch_last_edits(gw: Gateway, names: Iterable[str], *, since: datetime) -> dict[str, datetime]:
    """Each user's latest edit since SINCE; users with none are absent.

    Contributions come newest first, so the first edit seen of a user is their latest. After
    each answer the users already seen leave the query and it restarts where the answer ended:
    the cost is at most one request per user and usually one in all.
    """
    out: dict[str, datetime] = {}
    for chunk in _chunks(sorted(set(names)), gw.batch_size):
        waiting = set(chunk)
        start: str | None = None
        while waiting:
            params: dict[str, Any] = {
                "list": "usercontribs",
                "ucuser": "|".join(sorted(waiting)),
                "ucend": _api_time(since),
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
