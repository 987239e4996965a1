"""Mentees' talk pages in one pass: who was warned, and who has never been spoken to.

Warnings are templates on the talk page; "not yet greeted" (issue 22) is a talk page that no
person but its owner has edited, since no welcome and no answer is a newcomer left alone. Both
come from the same ``prop=templates|revisions|contributors`` query, 50 or 500 talk pages a
request, so the greeting costs no request of its own. Accounts in the bot group are left out by
MediaWiki (``pcexcludegroup``), and the bot's own account by name: a welcome the bot posted is
not a person speaking. An edit by an unregistered person (``anoncontributors``) is a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.core.clock import parse_api_time
from bot.core.names import page_owner, title_text, ucfirst
from bot.gateway import Gateway

NS_TEMPLATE = 10


@dataclass(frozen=True)
class MenteeTalk:
    # Warned users, each with when their talk page was last edited: the best date for "warned
    # this week" that costs nothing extra, since the template list itself has no dates.
    warned_at: dict[str, datetime | None]
    ungreeted: frozenset[str]  # talk page missing, or edited only by its owner, bots and the bot


def read_mentee_talk(
    gw: Gateway, names: Iterable[str], prefixes: Iterable[str], talk_prefix: str, bot: str
) -> MenteeTalk:
    wanted_names = list(dict.fromkeys(names))
    wanted = tuple(ucfirst(p) for p in prefixes)
    warned: dict[str, datetime | None] = {}
    greeted: set[str] = set()
    titles = [f"{talk_prefix}:{n}" for n in wanted_names]
    for page in gw.query_pages(
        titles, prop="templates|revisions|contributors", rvprop="timestamp", tlnamespace=NS_TEMPLATE,
        tllimit="max", pcexcludegroup="bot", pclimit="max",
    ):  # fmt: skip
        if page.get("missing"):
            continue
        owner = page_owner(str(page["title"]))
        others = {str(c.get("name", "")) for c in page.get("contributors", [])} - {owner, bot}
        if others or int(page.get("anoncontributors", 0) or 0) > 0:
            greeted.add(owner)
        for t in page.get("templates", []) if wanted else ():
            if ucfirst(title_text(t["title"])).startswith(wanted):
                revs = page.get("revisions") or []
                warned[owner] = parse_api_time(revs[0]["timestamp"]) if revs else None
                break
    return MenteeTalk(warned, frozenset(n for n in wanted_names if n not in greeted))
