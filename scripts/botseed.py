"""Seed what only the bot writes (assignments), through the bot's own store and pywikibot.

The demo and the tests use this instead of hand-written JSON, so seeded assignment pages are
exactly what the standalone backend itself would have saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import pywikibot

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.assignment import Assignments, assignments_title
from bot.publish.funnel import Writer
from bot.publish.pages import save_assignments
from bot.read import assignments as store


def logged_in_site() -> pywikibot.site.APISite:
    site = pywikibot.Site()
    site.login()
    return site


def seed_assignments(
    mentees_of: Mapping[str, Iterable[int]],
    settings: Settings | None = None,
    summary: str = "seed assignments",
) -> None:
    """Add the given user ids to each mentor's assignments page (assigned today)."""
    settings = settings or Settings()
    site = logged_in_site()
    gw = Gateway(site)
    writer = Writer(gw, dry_run=False)
    bot_user = str(site.username())
    today = int(datetime.now(UTC).strftime("%Y%m%d"))
    try:
        current, problems = store.read_all(gw, bot_user, settings.assignments_prefix)
        if problems:
            raise RuntimeError("; ".join(f"{p.where}: {p.message}" for p in problems))
        for mentor, ids in mentees_of.items():
            page = current.get(mentor) or Assignments(
                mentor, assignments_title(bot_user, settings.assignments_prefix, mentor)
            )
            save_assignments(writer, page, {**page.mentees, **dict.fromkeys(ids, today)}, summary)
    finally:
        gw.close()
