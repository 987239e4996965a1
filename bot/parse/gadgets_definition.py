"""``MediaWiki:Gadgets-definition``: the line that offers the workspace as a gadget, and adding it. Pure.

The Gadgets extension (bundled with MediaWiki 1.39 and 1.43) reads one gadget a line:
``* name[options]|page.js|page.css``. The bot adds its line only when no line defines a gadget
of that name yet, so a line the interface administrators changed (another section, other
options) is theirs and stays as they wrote it.
"""

from __future__ import annotations

DEFINITION_PAGE = "MediaWiki:Gadgets-definition"
# Core modules on both 1.39 and 1.43 (issue 21): the gadget needs nothing else.
DEPENDENCIES = ("mediawiki.api", "mediawiki.util", "mediawiki.user", "mediawiki.storage")


def definition_line(name: str) -> str:
    """The line that offers the gadget NAME, its code in ``MediaWiki:Gadget-NAME.js`` and ``.css``."""
    return f"* {name}[ResourceLoader|dependencies={','.join(DEPENDENCIES)}]|{name}.js|{name}.css"


def defined(text: str, name: str) -> bool:
    """Whether a line of TEXT defines a gadget called NAME, whatever its options."""
    for line in text.splitlines():
        if not line.startswith("*"):
            continue
        head = line.lstrip("*").strip()
        if head.split("[", 1)[0].split("|", 1)[0].strip() == name:
            return True
    return False


def with_definition(current: str | None, name: str) -> str | None:
    """The definition page CURRENT (None: missing) with NAME's line added at the end; None when
    a line already defines NAME."""
    text = current or ""
    if defined(text, name):
        return None
    return (text.rstrip() + "\n" if text.strip() else "") + definition_line(name)
