"""What became of the pages mentees created: tagged, nominated, deleted or moved out of articles.

Issue 22: the moment a newcomer's first article is tagged or deleted is when they give up, and
the moment a mentor can help most. Everything is read in batches, never per mentee:

* pages still there: ``usercontribs`` with ``ucshow=new``, many mentees a request, back to
  the window start only (a contribution names the page's current title, so a moved page shows
  under its new name);
* their templates and categories: ``prop=templates|categories`` filtered to the configured
  names, 50 or 500 titles a request;
* moves and deletions: the move and deletion logs of the main namespace, each one stream over
  the window; the creation log, also one stream, is read only when the deletion log has
  something, because a deleted page leaves no contribution that says who created it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.core.clock import api_time, parse_api_time
from bot.core.names import ucfirst
from bot.gateway import Gateway
from bot.model.alerts import Fate, PageAlert
from bot.read.users import chunks

NS_MAIN = 0


def _canon(title: str) -> str:
    return ucfirst(title.replace("_", " ").strip())


def read_page_fate(
    gw: Gateway,
    names: Iterable[str],
    *,
    since: datetime,
    tag_templates: Iterable[str],
    tag_categories: Iterable[str],
    discussion_templates: Iterable[str],
    discussion_page: str,
) -> dict[str, tuple[PageAlert, ...]]:
    """Alerts by mentee name, for the main-namespace pages they created since SINCE.

    DISCUSSION_PAGE is the deletion discussion's title with ``$1`` for the page's title.
    """
    wanted = set(names)
    if not wanted:
        return {}
    live: dict[str, str] = {}  # current title -> creator
    in_ns: dict[str, int] = {}
    for chunk in chunks(sorted(wanted), gw.batch_size):
        for c in gw.query_list(
            "usercontribs", ucuser="|".join(chunk), ucshow="new", ucend=api_time(since),
            ucprop="title", uclimit="max",
        ):  # fmt: skip
            live.setdefault(str(c["title"]), str(c["user"]))
            in_ns[str(c["title"])] = int(c.get("ns", NS_MAIN))
    found: dict[str, list[PageAlert]] = {}
    # A page moved out of articles shows under its new title, outside the main namespace: with
    # no such page there is no move to find, and the move log is not read.
    moved_away = _moves(gw, since, live, found) if any(ns != NS_MAIN for ns in in_ns.values()) else set()
    _deletions(gw, since, wanted, found)
    in_main = [t for t, who in live.items() if t not in moved_away and in_ns[t] == NS_MAIN]
    _tags(gw, in_main, live, tag_templates, tag_categories, discussion_templates, discussion_page, found)
    order = list(Fate)
    return {n: tuple(sorted(a, key=lambda x: (order.index(x.fate), x.title))) for n, a in found.items()}


def _moves(gw: Gateway, since: datetime, live: dict[str, str], found: dict[str, list[PageAlert]]) -> set[str]:
    """Pages moved out of the main namespace, matched by where they are now: one log stream."""
    moved: set[str] = set()
    for e in gw.query_list(
        "logevents", letype="move", lenamespace=NS_MAIN, leend=api_time(since),
        leprop="ids|title|timestamp|details", lelimit="max",
    ):  # fmt: skip
        params = e.get("params") or {}
        target, target_ns = str(params.get("target_title", "")), params.get("target_ns")
        who = live.get(target)
        if who is None or target_ns == NS_MAIN or target in moved:
            continue  # newest first: a later move of the same page was seen already
        moved.add(target)
        alert = PageAlert(
            Fate.MOVED, str(e["title"]), target, parse_api_time(str(e["timestamp"])), target=target
        )
        found.setdefault(who, []).append(alert)
    return moved


def _deletions(gw: Gateway, since: datetime, wanted: set[str], found: dict[str, list[PageAlert]]) -> None:
    """Deleted main-namespace pages a mentee created: the deletion log, then the creation log."""
    deleted: dict[str, dict[str, Any]] = {}
    restored: set[str] = set()
    for e in gw.query_list(
        "logevents", letype="delete", lenamespace=NS_MAIN, leend=api_time(since),
        leprop="ids|title|timestamp|comment|type", lelimit="max",
    ):  # fmt: skip
        title = str(e.get("title", ""))
        if not title or title in deleted or title in restored:
            continue  # newest first: only each page's latest deletion or restore counts
        if e.get("action") == "restore":
            restored.add(title)
        elif e.get("action") == "delete":
            deleted[title] = e
    if not deleted:
        return
    for c in gw.query_list(
        "logevents", letype="create", lenamespace=NS_MAIN, leend=api_time(since),
        leprop="title|user|timestamp", lelimit="max",
    ):  # fmt: skip
        title, who = str(c.get("title", "")), str(c.get("user", ""))
        gone = deleted.pop(title, None)
        if gone is None:
            continue
        if who in wanted and "logid" in gone:
            reason = "" if "commenthidden" in gone else str(gone.get("comment", ""))
            logid = int(gone["logid"])
            when = parse_api_time(str(gone["timestamp"]))
            link = f"Special:Redirect/logid/{logid}"
            alert = PageAlert(Fate.DELETED, title, link, when, reason, logid=logid)
            found.setdefault(who, []).append(alert)
        if not deleted:
            return


def _tags(
    gw: Gateway,
    titles: list[str],
    creator: dict[str, str],
    tag_templates: Iterable[str],
    tag_categories: Iterable[str],
    discussion_templates: Iterable[str],
    discussion_page: str,
    found: dict[str, list[PageAlert]],
) -> None:
    """Deletion templates and categories on the pages still there, batched by title."""
    tpl_ns, cat_ns = gw.site.namespaces[10].custom_name, gw.site.namespaces[14].custom_name
    tagging = {f"{tpl_ns}:{_canon(t)}" for t in tag_templates}
    nominating = {f"{tpl_ns}:{_canon(t)}" for t in discussion_templates}
    cats = {f"{cat_ns}:{_canon(c)}" for c in tag_categories}
    if not titles or not (tagging or nominating or cats):
        return
    params: dict[str, Any] = {"prop": "templates|categories", "tllimit": "max", "cllimit": "max"}
    if tagging or nominating:
        params["tltemplates"] = "|".join(sorted(tagging | nominating))
    else:
        params["prop"] = "categories"
    if cats:
        params["clcategories"] = "|".join(sorted(cats))
    else:
        params["prop"] = "templates"
    for page in gw.query_pages(titles, **params):
        title = str(page["title"])
        who = creator.get(title)
        if who is None or page.get("missing"):
            continue
        on = {str(t["title"]) for t in page.get("templates", [])}
        if on & nominating:
            link = discussion_page.replace("$1", title) if discussion_page else title
            found.setdefault(who, []).append(PageAlert(Fate.NOMINATED, title, link))
        elif on & tagging or any(str(c["title"]) in cats for c in page.get("categories", [])):
            found.setdefault(who, []).append(PageAlert(Fate.TAGGED, title, title))
