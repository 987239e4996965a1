"""The workspace's JSON as MediaWiki stores it, and when two texts of it say the same (docs/GADGET.md).

MediaWiki re-serialises a JSON page on save (FormatJson, pretty): tab-indented, with ``<``, ``>``
and ``&`` written ``\\u003C``, ``\\u003E``, ``\\u0026``, on 1.39 and 1.43 alike (measured).
Writing it that way ourselves makes the text sent the text stored, so the size the build
checks is the size the wiki checks, and a dry run's diff shows only what changed. Pure: the
build writes with it, and publish compares with it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

# What MediaWiki escapes when it re-serialises a JSON page (FormatJson without XMLMETA_OK), and
# the two line separators JavaScript once refused in strings. Each only ever occurs in a string.
_MW_ESCAPES = {"<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
VOLATILE = "updated"  # a data page's clock: never a reason to save
# How that member starts its line in the stored text: a top-level member, one tab in.
UPDATED_JSON_LINE = f'\t"{VOLATILE}": '


def mw_json(value: object) -> str:
    """VALUE as MediaWiki stores a JSON page: tab-indented, ``<>&`` and U+2028/9 escaped."""
    text = json.dumps(value, indent="\t", ensure_ascii=False)
    for char, escaped in _MW_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def same_code(old: str, new: str) -> bool:
    """JavaScript and CSS pages: equal but for trailing whitespace, which MediaWiki drops on save."""
    return old.rstrip() == new.rstrip()


def same_data(old: str, new: str) -> bool:
    """Whether two texts of a JSON page say the same in substance, so the new one is not saved.

    Equal once ``updated`` is dropped, with one allowance: a ``next_run`` one or more whole
    ``run_every`` periods later is the same schedule read one run later (the gadget moves a past
    ``next_run`` on by the same periods). A text that is not JSON is never the same.
    """
    try:
        a, b = json.loads(old), json.loads(new)
    except ValueError:
        return False
    if not (isinstance(a, dict) and isinstance(b, dict)):
        return bool(a == b)
    a, b = dict(a), dict(b)
    for d in (a, b):
        d.pop(VOLATILE, None)
    if a.get("next_run") != b.get("next_run") and _same_schedule(a, b):
        a["next_run"] = b["next_run"]
    return bool(a == b)


def _same_schedule(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    every = b.get("run_every")
    if not isinstance(every, int) or every <= 0 or a.get("run_every") != every:
        return False
    try:
        old = datetime.fromisoformat(str(a.get("next_run")).replace("Z", "+00:00"))
        new = datetime.fromisoformat(str(b.get("next_run")).replace("Z", "+00:00"))
    except ValueError:
        return False
    return (new - old).total_seconds() % every == 0
