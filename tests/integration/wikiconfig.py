"""Test wikis for one test module: another wiki served beside the session's, or a change to a
running wiki's LocalSettings.php that is put back afterwards."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import localwiki
from pywikibot import config as pwb_config
from wikiseed import Wiki


@contextmanager
def served_wiki(name: str, version: str, lang: str) -> Iterator[str]:
    """A fresh wiki NAME (MediaWiki VERSION, content language LANG), served and known to
    pywikibot until the block ends."""
    localwiki.create(name, version, lang, force=True)
    localwiki.start(name)
    pwb_config.family_files[name] = str(localwiki.FAMILIES / f"{name}_family.py")
    try:
        yield name
    finally:
        localwiki.stop(name, quiet=True)


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
