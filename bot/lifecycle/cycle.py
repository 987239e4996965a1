"""The mentor lifecycle's one entry point: the backend in use decides which lifecycle runs.

* standalone (``bot/lifecycle/standalone.py``): the bot assigns new accounts, carries out claims,
  reassigns the mentees of departing mentors and posts notices;
* growth (``bot/lifecycle/growth.py``): GrowthExperiments does all that itself, so the bot only
  sends claims and settings changes to its API.

Both read through ``bot/read`` and write through the ``Writer``; the backends supply their own
reads and writes and know nothing of the lifecycle, so the dispatch is here rather than a
method on each backend. ``write=False`` (a ``--mentor`` run, or a dry run) decides and shows,
and writes nothing; a dry-run Writer forces it, so a lifecycle never tries a write the funnel
would refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from bot.backends.growth import GrowthBackend
from bot.backends.standalone import StandaloneBackend
from bot.core.settings import Settings
from bot.lifecycle.backend import Backend
from bot.lifecycle.growth import run_growth
from bot.lifecycle.result import LifecycleResult
from bot.lifecycle.standalone import run_standalone
from bot.model.page import CurrentPage
from bot.publish.funnel import Writer
from bot.render.i18n import Messages

__all__ = ["LifecycleResult", "run_lifecycle"]


def run_lifecycle(
    backend: Backend,
    writer: Writer,
    settings: Settings,
    messages: Messages,
    now: datetime,
    *,
    write: bool,
    show: Callable[[str], None] = print,
    known: Mapping[str, CurrentPage] | None = None,
) -> LifecycleResult:
    """One lifecycle pass before the dashboards are read. KNOWN are the pages this pass read
    already (the control read's mentor list and state page), so they are not read again."""
    pages = dict(known or {})
    write = write and not writer.dry_run
    if isinstance(backend, GrowthBackend):
        return run_growth(backend, writer, settings, messages, now, write=write, show=show, known=pages)
    if isinstance(backend, StandaloneBackend):
        return run_standalone(backend, writer, settings, messages, now, write=write, show=show, known=pages)
    raise TypeError(f"no lifecycle for the {backend.name!r} backend")
