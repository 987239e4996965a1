"""What a test wiki's pages hold now, read straight from its API (never through the bot)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wikiseed import Wiki


def text_if_exists(wiki: Wiki, title: str) -> str | None:
    """The current text of TITLE, or None when there is no such page."""
    res = wiki.api(action="query", prop="revisions", titles=title, rvprop="content", rvslots="main")
    page = res["query"]["pages"][0]
    return None if page.get("missing") else str(page["revisions"][0]["slots"]["main"]["content"])


def page_text(wiki: Wiki, title: str) -> str:
    """The current text of TITLE, a page the test expects to be there."""
    text = text_if_exists(wiki, title)
    if text is None:
        raise AssertionError(f"{title} does not exist")
    return text


def latest_revisions(wiki: Wiki, titles: Iterable[str], rvprop: str = "content") -> dict[str, dict[str, Any]]:
    """Title (as the wiki writes it) → its latest revision with RVPROP, for those that exist."""
    out: dict[str, dict[str, Any]] = {}
    titles = list(titles)
    for i in range(0, len(titles), 50):
        res = wiki.api(
            action="query",
            prop="revisions",
            rvprop=rvprop,
            rvslots="main",
            titles="|".join(titles[i : i + 50]),
        )
        for page in res["query"]["pages"]:
            if "revisions" in page:
                out[page["title"]] = page["revisions"][0]
    return out


def texts(wiki: Wiki, titles: Iterable[str]) -> dict[str, str]:
    """Title (as the wiki writes it) → current text, for those of TITLES that exist."""
    return {t: rev["slots"]["main"]["content"] for t, rev in latest_revisions(wiki, titles).items()}


def exists(wiki: Wiki, title: str) -> bool:
    page = wiki.api(action="query", titles=title)["query"]["pages"][0]
    return not page.get("missing")
