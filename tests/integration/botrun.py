"""Run the bot in-process against the test wiki, the way the CLI does."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from botseed import logged_in_site, seed_assignments

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.render.i18n import Messages
from bot.run import RunMode, RunReport, run_pass


def run_bot(
    settings: Settings, *, dry_run: bool = False, only: Iterable[str] = (), now: datetime | None = None
) -> tuple[RunReport, Gateway]:
    s = logged_in_site()
    gw = Gateway(s)
    try:
        mode = RunMode.of(dry_run=dry_run, mentors=only)
        report = run_pass(gw, settings, Messages.load(s.lang), mode, now=now, show=lambda _: None)
    finally:
        gw.close()
    return report, gw


__all__ = ["logged_in_site", "run_bot", "seed_assignments"]
