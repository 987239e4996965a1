"""What the wiki says about itself (``meta=siteinfo``): whether it takes edits, which extensions.

Both are asked fresh every run, never cached, so a wiki that goes read-only, or installs or
removes GrowthExperiments or Thanks, is followed on the next run.
"""

from __future__ import annotations

from bot.gateway import Gateway

GROWTH_EXTENSION = "GrowthExperiments"
THANKS_EXTENSION = "Thanks"  # Special:Thanks/<revid> exists only with it


class ReadOnlyError(RuntimeError):
    """The wiki takes no edits for now ($wgReadOnly, a database switchover); try again later."""


def check_writable(gw: Gateway) -> frozenset[str]:
    """Raise ReadOnlyError when the wiki says it is read-only; else the installed extensions.

    Asked before logging in, because on a read-only wiki even the login is refused, and
    pywikibot retries a ``readonly`` answer with waits that add up to many minutes. The same
    request lists the extensions, which the choice of backend needs: one request, not two.
    """
    query = gw.request(action="query", meta="siteinfo", siprop="general|extensions")["query"]
    general = query["general"]
    if general.get("readonly"):
        reason = str(general.get("readonlyreason") or "no reason given")
        raise ReadOnlyError(f"the wiki is read-only ({reason}); nothing was written, the next run catches up")
    return frozenset(str(e.get("name", "")) for e in query.get("extensions", []))


def has_growth(gw: Gateway) -> bool:
    """Whether siteinfo lists GrowthExperiments (one request); for callers without this run's
    answer from ``check_writable``."""
    result = gw.request(action="query", meta="siteinfo", siprop="extensions")
    return any(e.get("name") == GROWTH_EXTENSION for e in result.get("query", {}).get("extensions", []))


def workspace_site(gw: Gateway) -> tuple[str, int]:
    """The wiki's index.php path (siteinfo ``script``) and its page size limit in bytes
    (``maxarticlesize``), which the browser workspace's pages need (docs/GADGET.md). From
    pywikibot's cached siteinfo, read at login: no request of its own."""
    return str(gw.site.siteinfo["script"]), int(gw.site.siteinfo["maxarticlesize"])
