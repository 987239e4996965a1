"""A page as the build stage made it, on its way to the write funnel.

One record for every page the bot owns, so publish needs no knowledge of which module made a
page: the title, the text, the summary that says what changed, and how the page is saved.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, init=False)
class PageEdit:
    """The text is kept compressed: a pass builds every page before publishing the first, and
    at Wikipedia scale their texts (hundreds of dashboards, mostly their mentee tables) would
    otherwise be the biggest thing it holds. ``text`` gives it back as built."""

    title: str
    packed: bytes  # the text, UTF-8, zlib-compressed
    summary: str
    protect: bool = True  # the bot's own pages are protected; a mentor's FAQ page is theirs
    create_only: bool = False  # created once from a template, never overwritten afterwards
    model: str = "wikitext"  # the content model it is saved with: json, javascript, css (docs/GADGET.md)

    def __init__(
        self,
        title: str,
        text: str,
        summary: str,
        protect: bool = True,
        create_only: bool = False,
        model: str = "wikitext",
    ) -> None:
        for name, value in (
            ("title", title),
            ("packed", zlib.compress(text.encode(), 1)),
            ("summary", summary),
            ("protect", protect),
            ("create_only", create_only),
            ("model", model),
        ):
            object.__setattr__(self, name, value)

    @property
    def text(self) -> str:
        return zlib.decompress(self.packed).decode()


@dataclass(frozen=True)
class TalkMessage:
    """A new section for someone's talk page that must arrive at most once (a mentor's ping).

    MARKER is a hidden key the text holds: a page that already has it gets nothing, and SINCE
    is when the period it belongs to started, so a section the bot added since then (archived
    away by now) counts as sent too.
    """

    title: str
    heading: str
    text: str  # wikitext; publish adds the signature
    summary: str
    marker: str
    since: datetime


@dataclass(frozen=True)
class GadgetInstall:
    """The pages ``run --install-gadget`` writes in the MediaWiki namespace (docs/GADGET.md)."""

    code: PageEdit  # MediaWiki:Gadget-<name>.js
    style: PageEdit  # MediaWiki:Gadget-<name>.css
    description: PageEdit  # MediaWiki:Gadget-<name>: written once, then the interface admins'
    definition_title: str  # MediaWiki:Gadgets-definition, which gets the gadget's line
    name: str
    summary: str
