"""The obvious Pywikibot mentor dashboard, as a yardstick for the bot's request count.

This is what one writes first with Pywikibot's object API, and it is written honestly: no
deliberate waste, the natural calls for each figure the bot shows.

- The mentor list and each mentor's assignments page: ``Page.text``.
- User ids to names: one ``list=users`` request per 50 ids. Pywikibot has no object for that, so
  this batches by hand, which favours the baseline.
- Per mentee, a ``pywikibot.User``:
  - ``editCount()``, ``registration()`` and ``is_blocked()`` share one cached ``list=users`` call;
  - ``contribs(total=500)`` with tags, for last edit, 30-day edits and reverted edits, skipped when
    the edit count is 0;
  - ``site.logevents(logtype="block", page=…)`` for the block count;
  - ``templates()`` of the user talk page (warnings) and of the user page (opt-out).
- Per mentor, the talk page text (questions), then a comparable sortable table. It is saved to
  ``User:<Mentor>/Naive dashboard`` when the text changed, so the baseline pays for its writes
  just as the bot does. The baseline does not protect its pages; the bot does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import mwparserfromhell
import pywikibot
from pywikibot.comms import http
from pywikibot.data import api

from bot.gateway import request_kind


class RequestCounter:
    """Every HTTP request pywikibot sends to one host, split into reads and writes by ``action``.

    It hooks pywikibot's requests session the way bot/gateway.py does, so the bot and the
    baseline are counted by the same rule, login and token requests included.
    """

    def __init__(self, host: str) -> None:
        self.host = host
        self.reads = 0
        self.writes = 0
        http.session.hooks.setdefault("response", []).append(self._count)

    def _count(self, response: Any, *args: Any, **kwargs: Any) -> None:
        if urlsplit(response.request.url).netloc != self.host:
            return
        if request_kind(response.request) == "write":
            self.writes += 1
        else:
            self.reads += 1


@dataclass(frozen=True)
class Row:
    name: str
    registered: datetime | None
    edits: int
    recent: int
    reverted: int
    blocked: bool
    blocks: int
    last_active: datetime | None
    warned: bool
    opted_out: bool


@dataclass
class NaiveResult:
    mentors: int = 0
    mentees: int = 0
    edits: int = 0


def mentor_names(site: pywikibot.site.APISite, list_title: str = "Project:Mentorship/Mentors") -> list[str]:
    text = pywikibot.Page(site, list_title).text
    names = []
    for t in mwparserfromhell.parse(text).filter_templates():
        if t.name.strip() == "Mentor list entry" and t.has("user"):
            names.append(str(t.get("user").value).strip())
    return names


def names_for_ids(site: pywikibot.site.APISite, ids: list[int]) -> list[str]:
    names: list[str] = []
    for i in range(0, len(ids), 50):
        req = api.Request(
            site=site,
            parameters={"action": "query", "list": "users", "ususerids": "|".join(map(str, ids[i : i + 50]))},
        )
        names += [u["name"] for u in req.submit()["query"]["users"] if "name" in u and "missing" not in u]
    return names


def mentee_row(site: pywikibot.site.APISite, name: str, now: datetime) -> Row:
    user = pywikibot.User(site, name)
    edits = user.editCount()
    reg = user.registration()
    recent = reverted = 0
    last: datetime | None = None
    if edits:
        for c in user.contribs(total=500, prop=["timestamp", "tags"]):
            ts = datetime.fromisoformat(str(c.timestamp).replace("Z", "+00:00"))
            last = last or ts
            recent += ts >= now - timedelta(days=30)
            reverted += "mw-reverted" in c.get("tags", [])
    blocks = sum(1 for e in site.logevents(logtype="block", page=user.getUserPage()) if e.action() == "block")
    warned = any(
        t.title(with_ns=False).startswith("Uw-") for t in user.getUserTalkPage().templates(content=False)
    )
    opted_out = any(
        t.title(with_ns=False) == "No mentor" for t in user.getUserPage().templates(content=False)
    )
    registered = datetime.fromisoformat(reg.isoformat()).replace(tzinfo=UTC) if reg else None
    return Row(
        name,
        registered,
        edits,
        recent,
        reverted,
        user.is_blocked(),
        blocks,
        last or registered,
        warned,
        opted_out,
    )


def render(mentor: str, rows: Iterable[Row], questions: int) -> str:
    out = [
        f"Mentees of [[User:{mentor}|{mentor}]]; sections on the talk page: {questions}.",
        '{| class="wikitable sortable"',
        "! Mentee !! Registered !! Edits !! Last 30 days !! Reverted !! Blocks !! Last active",
    ]
    for r in rows:
        out.append(
            f"|-\n| [[User:{r.name}|{r.name}]] || {r.registered:%Y-%m-%d} || {r.edits} || {r.recent} || "
            f"{r.reverted} || {r.blocks}{' (blocked)' if r.blocked else ''} || "
            f"{r.last_active:%Y-%m-%d}{' ⚑' if r.warned else ''}"
            if r.registered and r.last_active
            else f"|-\n| [[User:{r.name}|{r.name}]] || || {r.edits} || {r.recent} || {r.reverted} || "
            f"{r.blocks} ||"
        )
    out.append("|}")
    return "\n".join(out)


def run(site: pywikibot.site.APISite, mentors: list[str] | None = None, save: bool = True) -> NaiveResult:
    """Build every mentor's table the obvious way; MENTORS limits the run to those names."""
    now = datetime.now(UTC)
    site.login()
    bot = site.username()
    result = NaiveResult()
    for mentor in mentors if mentors is not None else mentor_names(site):
        page = pywikibot.Page(site, f"User:{bot}/Assignments/{mentor}.json")
        data = json.loads(page.text) if page.exists() else {"mentees": {}}
        ids = [int(i) for day in data["mentees"].values() for i in day]
        rows = []
        for name in names_for_ids(site, ids):
            row = mentee_row(site, name, now)
            active = row.last_active is not None and row.last_active >= now - timedelta(days=180)
            if active and not row.opted_out:
                rows.append(row)
        rows.sort(key=lambda r: r.last_active or now, reverse=True)
        talk = pywikibot.Page(site, f"User talk:{mentor}")
        questions = sum(1 for _ in mwparserfromhell.parse(talk.text).get_sections(levels=[2]))
        text = render(mentor, rows, questions)
        out = pywikibot.Page(site, f"User:{mentor}/Naive dashboard")
        if save and out.text != text:
            out.text = text
            out.save(summary="Naive dashboard", bot=True, asynchronous=False, quiet=True)
            result.edits += 1
        result.mentors += 1
        result.mentees += len(ids)
    return result
