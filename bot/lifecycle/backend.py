"""Where the bot gets who mentors whom, and where it writes changes to that (ARCHITECTURE §10).

Two backends answer the same questions, so everything downstream (dashboard, questions, impact,
index pages) is built the same way whichever one the wiki uses:

* ``standalone``: the mentor list page and the bot's own ``User:<Bot>/Assignments/*.json``
  pages; the bot assigns new accounts itself (``bot/lifecycle/standalone.py``).
* ``growth``: GrowthExperiments' API. GrowthExperiments already assigns mentors and keeps the
  mentor list, so the bot must not keep a second, competing copy: it reads through the API and
  sends claims and status changes back through it (``bot/backends/growth.py``).

A backend reads through ``bot/read`` and writes through the ``Writer`` it is given; which
lifecycle runs on it is ``bot/lifecycle/cycle.py``'s business, not the backend's.

``auto`` (the default) picks ``growth`` when ``meta=siteinfo&siprop=extensions`` lists
GrowthExperiments, because a wiki that has it already has its data there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Protocol

import pywikibot

from bot.backends.growth import GrowthBackend
from bot.backends.standalone import StandaloneBackend
from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.assignment import Assignments
from bot.model.mentor import ParsedList
from bot.model.page import CurrentPage
from bot.model.problem import Problem
from bot.publish.funnel import Writer
from bot.read.siteinfo import GROWTH_EXTENSION, has_growth

BACKENDS = ("auto", "standalone", "growth")


class BackendError(pywikibot.exceptions.Error):  # type: ignore[misc]  # pywikibot is untyped
    """The configured backend cannot work on this wiki; the run stops and says why."""


class Backend(Protocol):
    """Mentors, their mentees and the two writes a mentor can ask for."""

    name: str

    def mentors(self) -> ParsedList:
        """Every listed mentor, with weight, intro message and away time, and what to fix."""
        ...

    def mentees_of(self, mentor: str) -> frozenset[int]:
        """User ids of the mentor's current mentees: ids, because they survive renames."""
        ...

    def assignments(self, mentors: Iterable[str]) -> tuple[dict[str, Assignments], list[Problem]]:
        """mentees_of for many mentors at once, in the shape the read stage caches and watches."""
        ...

    def claim(self, mentee: str, mentor: str, reason: str) -> str | None:
        """Make MENTOR the mentee's mentor; None when done, else why not, in plain words."""
        ...

    def set_status(
        self,
        mentor: str,
        *,
        away_until: datetime | None,
        message: str | None = None,
        weight: int | None = None,
    ) -> bool:
        """Record away, message and weight where the backend keeps them; False: nothing to send."""
        ...


def choose(gw: Gateway, s: Settings, extensions: frozenset[str] | None = None) -> str:
    """The backend this run uses: the setting, or for ``auto`` what siteinfo says.

    EXTENSIONS is this run's answer from siteinfo when the caller already has it (the run asks
    for it together with the read-only check); None asks the wiki (one request).
    """
    if s.backend not in BACKENDS:
        raise BackendError(f"backend must be one of {', '.join(BACKENDS)}, not {s.backend!r}")
    if s.backend == "standalone":
        return "standalone"
    installed = has_growth(gw) if extensions is None else GROWTH_EXTENSION in extensions
    if s.backend == "growth" and not installed:
        raise BackendError(
            "the settings ask for the growth backend, but this wiki does not have the "
            "GrowthExperiments extension (meta=siteinfo&siprop=extensions does not list it)"
        )
    return "growth" if installed else "standalone"


def make_backend(
    gw: Gateway,
    writer: Writer,
    s: Settings,
    list_title: str,
    list_page: CurrentPage | None,
    extensions: frozenset[str] | None = None,
    known: Mapping[str, CurrentPage] | None = None,
) -> Backend:
    """The backend for this run, writing through WRITER.

    The standalone one parses the mentor list page the control read holds: LIST_PAGE, or
    LIST_TITLE in KNOWN (the control read's pages) when LIST_PAGE is not given.
    """
    if choose(gw, s, extensions) == "growth":
        return GrowthBackend(gw, writer, s)
    if list_page is None and known is not None:
        list_page = known.get(list_title)
    return StandaloneBackend(gw, writer, s, list_title, list_page)
