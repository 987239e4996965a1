"""The pages M3 and M6 show: the mentor's own FAQ bank, the community's, and the resources page. Pure.

A mentor's FAQ page is theirs to edit, so the bot only ever creates it, as a copy of the
community bank, and never writes over it: the decision needs the existence check and the bank's
text that ``bot/read/talk.py`` already read with the talk pages, and costs no request.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageRef:
    """A page the dashboard links or transcludes, and whether it is there to show."""

    title: str
    exists: bool


def faq_to_create(faq: str, existing: frozenset[str], community_text: str | None) -> str | None:
    """The text to create a mentor's FAQ page with, or None: only when it is missing, never over it."""
    if faq in existing or community_text is None:
        return None
    return community_text
