"""A page as the build stage made it, on its way to the write funnel.

One record for every page the bot owns, so publish needs no knowledge of which module made a
page: the title, the text, the summary that says what changed, and how the page is saved.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEdit:
    title: str
    text: str
    summary: str
    protect: bool = True  # the bot's own pages are protected; a mentor's FAQ page is theirs
    create_only: bool = False  # created once from a template, never overwritten afterwards
