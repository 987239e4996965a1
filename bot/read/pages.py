"""Current text, revision, content model and protection of many pages, read in batches.

Both stages that need a page as it is now use this: the read stage for the pages people edit
(mentor list, settings, shutoff) and publish, which compares new text with what is saved and
keeps the page's protection. Cost: one request per batch of titles (500 for a bot, 50
otherwise), whatever the number of pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.gateway import Gateway
from bot.model.page import CurrentPage


def read_current(gw: Gateway, titles: Iterable[str]) -> dict[str, CurrentPage]:
    """Current text, revision and protection of many pages, batched."""
    out: dict[str, CurrentPage] = {}
    for page in gw.query_pages(
        list(titles),
        prop="revisions|info",
        rvprop="content|ids|contentmodel",
        rvslots="main",
        inprop="protection",
    ):
        prot = frozenset(
            (p["type"], p["level"]) for p in page.get("protection", []) if p.get("expiry") == "infinity"
        )
        revs = page.get("revisions")
        if page.get("missing") or not revs:
            out[page["title"]] = CurrentPage(page["title"], None, None, prot)
        else:
            slot = revs[0]["slots"]["main"]
            out[page["title"]] = CurrentPage(
                page["title"],
                slot.get("content", ""),
                int(revs[0]["revid"]),
                prot,
                slot.get("contentmodel", "wikitext"),
            )
    return out
