"""The pages people edit to steer the bot, read first because everything after depends on them.

The shutoff page, the community settings page, the mentor list and the lifecycle's state page
go in one batched request: one request costs the same for four titles as for one. A settings
page that does not validate falls back to its newest valid revision (one more request), and
the error is reported; a settings change that moves the mentor list means reading it afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pywikibot

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.page import CurrentPage
from bot.model.problem import Problem
from bot.model.titles import Titles
from bot.parse.site_settings import SiteSettingsError, parse_site_settings
from bot.read.pages import read_current
from bot.read.site_settings import read_site_settings
from bot.read.titles import page_titles


@dataclass(frozen=True)
class Control:
    settings: Settings  # the operator's settings with the on-wiki ones applied
    titles: Titles  # worked out from those settings
    pages: dict[str, CurrentPage]  # every page this read holds, by title
    problems: tuple[Problem, ...] = field(default=())

    @property
    def mentor_list(self) -> CurrentPage | None:
        return self.pages.get(self.titles.mentor_list)


def read_control(gw: Gateway, defaults: Settings) -> Control:
    """Raise ShutoffError when the shutoff page says stop; else the settings and control pages."""
    site = gw.site
    titles = page_titles(site, defaults, ())
    pages = read_current(gw, [titles.shutoff, titles.settings, titles.mentor_list, titles.state])
    check_shutoff(pages.get(titles.shutoff))
    s, problems = defaults, list[Problem]()
    saved = pages.get(titles.settings)
    if saved is not None and saved.text is not None:
        try:
            s = parse_site_settings(saved.text, defaults)
        except SiteSettingsError:  # fall back to the newest valid revision, and say why
            s, problems = read_site_settings(gw, titles.settings, defaults)
    moved = page_titles(site, s, ())
    missing = [t for t in (moved.mentor_list, moved.state) if t not in pages]
    if missing:  # the settings moved the list or the state page
        pages.update(read_current(gw, missing))
    return Control(s, moved, pages, tuple(problems))


def wiki_key(site: pywikibot.site.APISite) -> str:
    """The wiki's name in the file names of its lock, run memory and caches: ``family-code``."""
    return f"{site.family.name}-{site.code}"


def wiki_identity(site: pywikibot.site.APISite) -> str:
    """Which wiki the run memory belongs to: a memory from another wiki (or from a wiki
    reinstalled on another address) must never steer an incremental run."""
    # The address comes from the family file, not siteinfo: pywikibot caches siteinfo on disk,
    # so a wiki reinstalled on another port would still report the old server.
    return f"{site.siteinfo['wikiid']} {site.base_url('')}"


class ShutoffError(RuntimeError):
    """Someone asked the bot to stop by writing on its shutoff page."""


def check_shutoff(page: CurrentPage | None) -> None:
    """Raise ShutoffError when the shutoff page holds anything but whitespace."""
    if page and page.text and page.text.strip():
        raise ShutoffError(
            f"{page.title} is not empty, so the bot stopped before writing: {page.text.strip()[:200]}"
        )
