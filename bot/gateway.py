"""The one door to the wiki: batched Action API calls through pywikibot, counted per phase.

Sources and publish take a ``Gateway``; nothing else talks to the wiki. Requests go through
pywikibot's ``Request``, so its retries, maxlag back-off, badtoken refresh and login handling
all apply. Every HTTP request pywikibot makes (login and tokens included) is counted by a hook
on its HTTP session, so the benchmark's figures are what the wiki really served.

The public methods only read: ``request`` refuses every action in ``WRITE_ACTIONS``. Writes go
through ``bot.publish.funnel.Writer``, the one caller of the private write channel, because that
is where dry run is enforced: a write sent any other way would be a write a dry run makes.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pywikibot
from pywikibot.comms import http

log = logging.getLogger(__name__)

# Actions that change the wiki; every other action is a read.
WRITE_ACTIONS = frozenset(
    {"edit", "protect", "block", "unblock", "move", "delete", "growthsetmentor", "growthmanagementorlist"}
)


@dataclass
class RequestCounts:
    """HTTP requests made, by phase and kind ("read" or "write")."""

    by_phase: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, phase: str, kind: str) -> None:
        self.by_phase.setdefault(phase, Counter())[kind] += 1

    @property
    def reads(self) -> int:
        return sum(c["read"] for c in self.by_phase.values())

    @property
    def writes(self) -> int:
        return sum(c["write"] for c in self.by_phase.values())

    def summary(self) -> str:
        parts = [f"{p} {c['read']}r/{c['write']}w" for p, c in self.by_phase.items()]
        return f"{self.reads} read and {self.writes} write requests ({', '.join(parts)})"


def _params_of(request: Any) -> dict[str, list[str]]:
    """The parameters of a prepared requests.Request, from its URL and form body."""
    params = parse_qs(urlsplit(request.url).query)
    body = request.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str) and "action=" in body:
        params.update(parse_qs(body))
    return params


def request_kind(request: Any) -> str:
    """ "write" for a prepared request whose action changes the wiki, else "read"; the benchmark's
    naive baseline is counted by this same rule."""
    action = str((_params_of(request).get("action") or [""])[0])
    return "write" if action in WRITE_ACTIONS else "read"


# Parameters that say what a request asked for; values (titles, texts, tokens) stay out of logs.
_TRACED = ("action", "list", "prop", "meta", "generator", "letype", "gapprefix", "apprefix")


def describe(request: Any) -> str:
    """One short line per request for the debug log: which query, not whose data."""
    params = _params_of(request)
    parts = [f"{k}={params[k][0]}" for k in _TRACED if k in params]
    for k in ("titles", "pageids", "ususers", "ucuser", "usids"):
        if k in params:
            parts.append(f"{k}:{params[k][0].count('|') + 1}")
    return " ".join(parts)


class WriteOutsideFunnelError(RuntimeError):
    """A write action was sent past the write funnel (a bug: a dry run would have written)."""


class Gateway:
    """Batched, counted reads against one site, and the write channel the funnel uses."""

    def __init__(self, site: pywikibot.site.APISite) -> None:
        self.site = site
        self.counts = RequestCounts()
        self.edits = 0
        self._phase = "setup"
        self._hook = self._count
        http.session.hooks.setdefault("response", []).append(self._hook)

    def close(self) -> None:
        hooks = http.session.hooks.get("response", [])
        if self._hook in hooks:
            hooks.remove(self._hook)

    def _count(self, response: Any, *args: Any, **kwargs: Any) -> None:
        if urlsplit(response.request.url).netloc != urlsplit(self.site.base_url("")).netloc:
            return
        kind = request_kind(response.request)
        self.counts.add(self._phase, kind)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s %s: %s", self._phase, kind, describe(response.request))

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Attribute the requests made inside the block to phase NAME."""
        before, self._phase = self._phase, name
        try:
            yield
        finally:
            self._phase = before

    @property
    def batch_size(self) -> int:
        """Titles or names per request: 500 with apihighlimits (bots, sysops), else 50."""
        return 500 if self.site.has_right("apihighlimits") else 50

    def request(self, **params: Any) -> dict[str, Any]:
        """One read request; pywikibot retries transient failures and raises APIError on errors.

        An action that changes the wiki raises WriteOutsideFunnelError: writes go through
        ``bot.publish.funnel.Writer``, so that no write can escape a dry run.
        """
        action = str(params.get("action", ""))
        if action in WRITE_ACTIONS:
            raise WriteOutsideFunnelError(
                f"action={action} changes the wiki; only bot.publish.funnel.Writer may send it"
            )
        return self._submit(params, None)

    def _submit(self, params: dict[str, Any], max_retries: int | None) -> dict[str, Any]:
        params.setdefault("formatversion", 2)
        req = self.site.simple_request(**params)
        if max_retries is not None:
            req.max_retries = max_retries
        result: dict[str, Any] = req.submit()
        return result

    def query(self, **params: Any) -> Iterator[dict[str, Any]]:
        """Every response of a query, following ``continue`` until the end."""
        params = {"action": "query", **params}
        cont: dict[str, Any] = {}
        while True:
            result = self.request(**params, **cont)
            yield result
            if "continue" not in result:
                return
            cont = result["continue"]

    def query_list(self, name: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Items of ``list=NAME`` across continuations."""
        for result in self.query(list=name, **params):
            yield from result.get("query", {}).get(name, [])

    def query_pages(
        self, titles: Iterable[str] = (), key: str = "titles", *, size: int | None = None, **params: Any
    ) -> Iterator[dict[str, Any]]:
        """Page objects for many titles (or ids with key="pageids"), batch_size per request, or
        SIZE when smaller: reads of whole page texts ask for fewer, so one batch's texts are
        all that is held at once.

        Props that continue (templates, revisions of many pages) are merged per page, so each page
        is yielded once with everything the query returned for it.
        """
        items = list(dict.fromkeys(titles))
        size = min(self.batch_size, size or self.batch_size)
        for i in range(0, len(items), size):
            merged: dict[Any, dict[str, Any]] = {}
            for result in self.query(**{key: "|".join(str(t) for t in items[i : i + size])}, **params):
                for page in result.get("query", {}).get("pages", []):
                    ident = page.get("pageid") or page["title"]
                    old = merged.setdefault(ident, {})
                    for k, v in page.items():
                        if isinstance(v, list) and isinstance(old.get(k), list):
                            old[k].extend(v)
                        else:
                            old[k] = v
            yield from merged.values()

    def generator_pages(self, generator: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Pages of ``generator=NAME`` across continuations (pages may repeat with more props)."""
        for result in self.query(generator=generator, **params):
            yield from result.get("query", {}).get("pages", [])

    def _write(self, action: str, *, max_retries: int | None = None, **params: Any) -> dict[str, Any]:
        """The write channel: a write action with the CSRF token; edits count toward ``edits``.

        Only ``bot.publish.funnel.Writer`` calls this (tests/unit/test_funnel.py checks), so a dry
        run, which the Writer enforces, cannot be bypassed. ``max_retries=0`` is for writes that
        must not be sent twice blindly: after a failure whose answer never came, the caller looks
        at the wiki before it sends the write again.
        """
        token: str = self.site.tokens["csrf"]
        result = self._submit({"action": action, "token": token, **params}, max_retries)
        if action == "edit" and not result.get("edit", {}).get("nochange"):
            self.edits += 1
        return result
