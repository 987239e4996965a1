"""What the wiki says about itself (``meta=siteinfo``): whether it takes edits, which extensions.

Both are asked fresh every run, never cached, so a wiki that goes read-only, or installs or
removes GrowthExperiments or Thanks, is followed on the next run.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.gateway import Gateway

GROWTH_EXTENSION = "GrowthExperiments"
THANKS_EXTENSION = "Thanks"  # Special:Thanks/<revid> exists only with it
DEFAULT_MAX_ARTICLE_BYTES = 2048 * 1024  # MediaWiki's default $wgMaxArticleSize, for a wiki that does not say


class ReadOnlyError(RuntimeError):
    """The wiki takes no edits for now ($wgReadOnly, a database switchover); try again later."""


@dataclass(frozen=True)
class SiteFacts:
    """What a pass needs to know about the wiki, asked fresh every run."""

    extensions: frozenset[str]
    script: str  # the index.php path, e.g. /w/index.php: the workspace's common.js line
    max_bytes: int  # the largest page the wiki takes (maxarticlesize): the workspace's data pages


def check_writable(gw: Gateway) -> frozenset[str]:
    """Raise ReadOnlyError when the wiki says it is read-only; else the installed extensions."""
    return read_site(gw).extensions


def read_site(gw: Gateway) -> SiteFacts:
    """Raise ReadOnlyError when the wiki says it is read-only; else the extensions, the index.php
    path and the page size limit.

    Asked before logging in, because on a read-only wiki even the login is refused, and
    pywikibot retries a ``readonly`` answer with waits that add up to many minutes. The same
    request lists the extensions, which the choice of backend needs, and the limits the
    workspace's pages need (docs/GADGET.md), read fresh because an operator may change them:
    one request, not two.
    """
    query = gw.request(action="query", meta="siteinfo", siprop="general|extensions")["query"]
    general = query["general"]
    if general.get("readonly"):
        reason = str(general.get("readonlyreason") or "no reason given")
        raise ReadOnlyError(f"the wiki is read-only ({reason}); nothing was written, the next run catches up")
    return SiteFacts(
        extensions=frozenset(str(e.get("name", "")) for e in query.get("extensions", [])),
        script=str(general.get("script", "/index.php")),
        max_bytes=int(general.get("maxarticlesize", DEFAULT_MAX_ARTICLE_BYTES)),
    )


def has_growth(gw: Gateway) -> bool:
    """Whether siteinfo lists GrowthExperiments (one request); for callers without this run's
    answer from ``check_writable``."""
    result = gw.request(action="query", meta="siteinfo", siprop="extensions")
    return any(e.get("name") == GROWTH_EXTENSION for e in result.get("query", {}).get("extensions", []))
