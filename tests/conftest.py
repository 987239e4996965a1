"""Shared fixtures: one real local MediaWiki per test session, reset per test module.

The wiki is created from Debian's MediaWiki package by scripts/localwiki.py (MW=1.43 by default,
MW=1.39 selectable) under the site name ``mdtest``, served with ``php -S`` on a free loopback
port, and snapshotted right after creation so each module starts from the same clean wiki.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = "mdtest"
# Pywikibot reads its configuration when first imported: point it at the project's
# user-config.py and the test wiki before anything imports it.
os.environ["PYWIKIBOT_DIR"] = str(ROOT)
os.environ["MENTOR_WIKI"] = SITE
os.environ.setdefault("MENTOR_WIKI_LANG", "en")
sys.path.insert(0, str(ROOT / "scripts"))

import localwiki  # noqa: E402


@pytest.fixture(scope="session")
def wiki_info() -> Iterator[dict[str, Any]]:
    """The session's template wiki: created once, served on one port for the whole session."""
    info = localwiki.create(SITE, os.environ.get("MW") or localwiki.DEFAULT_MW, "en", force=True)
    localwiki.start(SITE)
    # Pywikibot lists family files when it is imported, which may be before this one was written.
    from pywikibot import config

    config.family_files[SITE] = str(ROOT / "families" / f"{SITE}_family.py")
    yield info
    localwiki.stop(SITE, quiet=True)


@pytest.fixture(scope="module")
def fresh_wiki(wiki_info: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A wiki just as it was after creation, for one test module."""
    localwiki.reset(SITE)
    localwiki.start(SITE)
    _forget_pywikibot_sessions()
    yield wiki_info


def _forget_pywikibot_sessions() -> None:
    """After a reset the wiki no longer knows pywikibot's login session: start a new one."""
    if "pywikibot" not in sys.modules:
        return
    import pywikibot
    from pywikibot.comms import http

    pywikibot._sites.clear()
    http.cookie_jar.clear()
