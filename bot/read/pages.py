"""Current text, revision, content model and protection of many pages, read in batches.

Both stages that need a page as it is now use this: the read stage for the pages people edit
(mentor list, settings, shutoff) and publish, which compares new text with what is saved and
keeps the page's protection. Cost: one request per 50 titles: texts are the biggest answers
the bot reads, and publish holds one batch of them at a time.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.gateway import Gateway
from bot.model.page import CurrentPage

TEXT_BATCH = 50  # whole page texts per request: what one answer may make the bot hold


def read_current(gw: Gateway, titles: Iterable[str]) -> dict[str, CurrentPage]:
    """Current text, revision and protection of many pages, TEXT_BATCH a request."""
    out: dict[str, CurrentPage] = {}
    for page in gw.query_pages(
        list(titles),
        size=TEXT_BATCH,
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
