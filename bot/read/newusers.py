"""New accounts from the ``newusers`` log, after the last log id the bot processed.

The log is listed by time, not by id, so the read starts a little before the time of the last
processed entry (``overlap``) and keeps only ids above the last one: entries written within the
same second, or slightly out of order, are neither missed nor taken twice. Temporary accounts
carry ``temp: true`` in the entry (MediaWiki 1.42+); 1.39 has none, and its logged-out editors
stay IP addresses, which the log never lists. Accounts MediaWiki created automatically
(``newusers/autocreate``: central login on a wiki farm such as Wikimedia's or Miraheze's, where
most "new" accounts are editors arriving from another wiki, and temporary accounts) are marked,
because GrowthExperiments never gives them a mentor and neither does the bot. Cost: one
request per batch of log entries (500, or 5,000 for a bot) in the window, usually one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.core.clock import api_time, parse_api_time
from bot.core.names import title_text
from bot.gateway import Gateway
from bot.model.user import NewAccount

AUTOCREATE = "autocreate"  # the log action of an account MediaWiki created by itself


def fetch_new_accounts(gw: Gateway, *, after_logid: int | None, since: datetime) -> list[NewAccount]:
    """Entries with a log id above AFTER_LOGID (all of them when None) from SINCE on, oldest first."""
    out: list[NewAccount] = []
    for e in gw.query_list(
        "logevents",
        letype="newusers",
        ledir="newer",
        lestart=api_time(since),
        leprop="ids|title|timestamp|details|type",
        lelimit="max",
    ):
        logid = int(e["logid"])
        if after_logid is not None and logid <= after_logid:
            continue
        uid = e.get("params", {}).get("userid") or e.get("userid")
        if not uid or "title" not in e:
            continue  # suppressed entry: nothing to assign
        name = title_text(e["title"])
        out.append(
            NewAccount(
                int(uid),
                name,
                logid,
                parse_api_time(e["timestamp"]),
                bool(e.get("temp")),
                autocreated=e.get("action") == AUTOCREATE,
            )
        )
    return sorted(out, key=lambda a: a.logid)


def autocreated_accounts(gw: Gateway, names: Iterable[str]) -> frozenset[str]:
    """Which of NAMES MediaWiki created automatically, by each account's ``newusers`` entry.

    The log is listed by one title at a time, so this costs one request per name; the lifecycle
    asks only for names newly claimed (``plan.claims_to_decide``), usually none.
    """
    out: set[str] = set()
    for name in sorted(set(names)):
        entries = gw.request(
            action="query",
            list="logevents",
            letype="newusers",
            letitle=f"User:{name}",
            leprop="type",
            lelimit=1,
        )["query"]["logevents"]
        if entries and entries[0].get("action") == AUTOCREATE:
            out.add(name)
    return frozenset(out)
