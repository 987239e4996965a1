"""Read every mentor's settings page, ``User:<Mentor>/Mentor dashboard.json``, in batches.

The latest revision of all pages comes in one batched query. Only a page whose latest revision
was saved by someone other than its owner needs more: its recent history (so the decide stage
can fall back to the newest revision the owner or an admin saved) and the groups of the people
who edited it. MediaWiki lets nobody else edit these pages, so that is rare.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.clock import parse_api_time
from bot.gateway import Gateway
from bot.parse.mentor_settings import SettingsRevision
from bot.read.users import fetch_users

HISTORY_LIMIT = 50  # revisions looked at when walking back past untrusted edits


def fetch_settings_revisions(
    gw: Gateway, titles: Mapping[str, str]
) -> dict[str, tuple[SettingsRevision, ...]]:
    """Mentor -> revisions of their settings page, newest first (empty: no page).

    Pages whose last editor is the owner get only that revision: nothing older is needed.
    """
    by_title = {t: m for m, t in titles.items()}
    out: dict[str, tuple[SettingsRevision, ...]] = {m: () for m in titles}
    walk_back: list[str] = []
    for page in gw.query_pages(
        list(by_title), prop="revisions", rvprop="ids|user|timestamp|content", rvslots="main"
    ):
        mentor = by_title.get(page["title"])
        revs = page.get("revisions")
        if mentor is None or not revs:
            continue
        rev = _revision(revs[0])
        out[mentor] = (rev,)
        if rev.user != mentor:
            walk_back.append(mentor)
    for mentor in walk_back:
        result = gw.request(
            action="query",
            titles=titles[mentor],
            prop="revisions",
            rvprop="ids|user|timestamp|content",
            rvslots="main",
            rvlimit=HISTORY_LIMIT,
        )
        pages = result.get("query", {}).get("pages", [])
        if pages and pages[0].get("revisions"):
            out[mentor] = tuple(_revision(r) for r in pages[0]["revisions"])
    return out


def fetch_admins(gw: Gateway, names: set[str], groups: tuple[str, ...]) -> set[str]:
    """Which of NAMES are, right now, in one of GROUPS (by default: sysop)."""
    users = fetch_users(gw, names=sorted(n for n in names if n))
    return {u.name for u in users.values() if u.groups & set(groups)}


def _revision(r: dict[str, object]) -> SettingsRevision:
    slots = r.get("slots", {})
    main = slots.get("main", {}) if isinstance(slots, dict) else {}
    return SettingsRevision(
        revid=int(str(r["revid"])),
        user="" if r.get("userhidden") else str(r.get("user", "")),
        timestamp=parse_api_time(str(r["timestamp"])),
        text=str(main.get("content", "")) if isinstance(main, dict) else "",
    )
