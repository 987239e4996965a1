"""Change a running test wiki's LocalSettings.php for one test module, and put it back."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import localwiki
from wikiseed import Wiki


@contextmanager
def extra_settings(wiki: Wiki, php: str, ready: Callable[[dict[str, Any]], bool]) -> Iterator[None]:
    """Append PHP to the wiki's settings until the block ends.

    PHP's opcache notices the changed file only after a few seconds, so this waits until
    siteinfo's ``general`` block satisfies READY.
    """
    path = localwiki.site_dir(wiki.name) / "LocalSettings.php"
    original = path.read_text()
    path.write_text(original + f"\n{php}\n")
    try:
        deadline = time.monotonic() + 30
        while not ready(general(wiki)):
            if time.monotonic() > deadline:
                raise AssertionError(f"the wiki did not take the setting: {php}")
            time.sleep(0.5)
        yield
    finally:
        path.write_text(original)


def general(wiki: Wiki) -> dict[str, Any]:
    result: dict[str, Any] = wiki.anonymous().get(action="query", meta="siteinfo", siprop="general")
    return dict(result["query"]["general"])
