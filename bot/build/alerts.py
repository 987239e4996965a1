"""The page-fate alerts of the "needs you now" block (issue 22). Pure.

Taken from the rows of the page, like the rest of the block (bot/build/attention.py), so an
alert and its M1 flag always agree. The list is capped: a deletion spree must not push the
mentee table off the screen, nor the page past its size limit (each line holds a title and a
log reason of at most a few hundred bytes each).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.build.overview import Hint, MenteeRow
from bot.model.alerts import Fate, PageAlert

MAX_ALERTS = 8


@dataclass(frozen=True)
class AlertLine:
    mentee: str
    alert: PageAlert


@dataclass(frozen=True)
class Alerts:
    lines: tuple[AlertLine, ...] = ()  # deletions first, then nominations, tags and moves
    more: int = 0  # alerts left out of the block (their flags still show in the table)
    graduate: tuple[str, ...] = ()  # mentees ready to graduate
    mentor: tuple[str, ...] = ()  # mentees who meet the wiki's rules for mentors

    def __bool__(self) -> bool:
        return bool(self.lines or self.graduate or self.mentor)


def page_alerts(rows: Sequence[MenteeRow]) -> Alerts:
    order = list(Fate)
    found = [AlertLine(r.name, a) for r in rows for a in r.news.alerts]
    found.sort(key=lambda x: (order.index(x.alert.fate), x.mentee, x.alert.title))
    return Alerts(
        lines=tuple(found[:MAX_ALERTS]),
        more=max(0, len(found) - MAX_ALERTS),
        graduate=tuple(r.name for r in rows if r.news.hint == Hint.GRADUATE),
        mentor=tuple(r.name for r in rows if r.news.hint == Hint.MENTOR),
    )
