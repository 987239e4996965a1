"""A page's recent revisions with their text: where an input someone broke is recovered from.

The settings page, the mentor list, the state page and the assignments pages all fall back on
their own history when the current text cannot be used (ARCHITECTURE §9.8). This is one request
on purpose: following ``continue`` would page through the whole history of a busy page.
"""

from __future__ import annotations

from typing import Any

from bot.gateway import Gateway

HISTORY_READ = 20  # revisions looked at, newest first


def recent_revisions(gw: Gateway, title: str, limit: int = HISTORY_READ) -> list[dict[str, Any]]:
    """TITLE's last LIMIT revisions, newest first, each with its main slot's text and model."""
    result = gw.request(
        action="query",
        prop="revisions",
        titles=title,
        rvprop="content|contentmodel|ids|user|timestamp",
        rvslots="main",
        rvlimit=limit,
    )
    pages = result.get("query", {}).get("pages", [])
    return list(pages[0].get("revisions", [])) if pages else []


def revision_text(rev: dict[str, Any]) -> str:
    return str(rev.get("slots", {}).get("main", {}).get("content", ""))
