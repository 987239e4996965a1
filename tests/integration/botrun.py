"""Run the bot in-process against the test wiki, the way the CLI does, and seed through its store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import pywikibot

from bot.config import Settings
from bot.gateway import Gateway
from bot.i18n import Messages
from bot.publish import save_assignments
from bot.run import Pass, RunReport
from bot.sources import assignments as store


def site() -> pywikibot.site.APISite:
    s = pywikibot.Site()
    s.login()
    return s


def run_bot(
    settings: Settings, *, dry_run: bool = False, only: Iterable[str] = (), now: datetime | None = None
) -> tuple[RunReport, Gateway]:
    s = site()
    gw = Gateway(s)
    try:
        report = Pass(gw, settings, dry_run=dry_run, only=only, now=now, show=lambda _: None).run(
            Messages.load(s.lang)
        )
    finally:
        gw.close()
    return report, gw


def seed_assignments(mentees_of: Mapping[str, Iterable[int]], settings: Settings = Settings()) -> None:
    """Write assignments through the bot's own store, as the standalone backend keeps them."""
    s = site()
    gw = Gateway(s)
    bot_user = str(s.username())
    today = int(datetime.now(UTC).strftime("%Y%m%d"))
    try:
        current, problems = store.read_all(gw, bot_user, settings.assignments_prefix)
        assert not problems, problems
        for mentor, ids in mentees_of.items():
            page = current.get(mentor) or store.Assignments(
                mentor, store.assignments_title(bot_user, settings.assignments_prefix, mentor)
            )
            save_assignments(gw, page, {**page.mentees, **dict.fromkeys(ids, today)}, "test: seed assignments")
    finally:
        gw.close()
