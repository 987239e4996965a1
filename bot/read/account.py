"""What the bot's own login may do, and which pages exist: the preflight's reads.

``meta=userinfo`` gives the rights of this session, which for a BotPassword or an OAuth consumer
are already narrowed to its grants; ``meta=siteinfo&siprop=usergroups`` gives what the account's
groups would allow. The difference is what the grants leave out, which is all an API client can
learn about them. Cost: one request for both, and one ``prop=info`` request per 500 titles.
"""

from __future__ import annotations

from collections.abc import Collection

from bot.gateway import Gateway
from bot.model.preflight import Account


def read_account(gw: Gateway) -> Account:
    """The logged-in account: its groups, this session's rights and its groups' rights."""
    query = gw.request(
        action="query", meta="userinfo|siteinfo", uiprop="rights|groups|blockinfo", siprop="usergroups"
    )["query"]
    info = query["userinfo"]
    groups = frozenset(str(g) for g in info.get("groups", ()))
    by_group = {str(g["name"]): g.get("rights", ()) for g in query.get("usergroups", ())}
    group_rights = frozenset(str(r) for g in groups for r in by_group.get(g, ()))
    blocked = str(info.get("blockreason") or "blocked") if "blockid" in info else None
    return Account(
        name=str(info.get("name", "")),
        groups=groups,
        rights=frozenset(str(r) for r in info.get("rights", ())),
        group_rights=group_rights,
        blocked=blocked,
    )


def existing(gw: Gateway, titles: Collection[str]) -> dict[str, bool]:
    """Whether each title exists. TITLES are spelt as the wiki spells them (``bot/read/titles.py``)."""
    out = {str(page["title"]): not page.get("missing") for page in gw.query_pages(titles, prop="info")}
    return {t: out.get(t, False) for t in titles}
