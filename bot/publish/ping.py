"""Post the mentors' opt-in messages (``bot/build/ping.py``): at most one per period, ever.

A new section sent twice is two messages, and a message must survive a crash and a rerun
without coming again, so each one is checked against two records the wiki keeps:

1. the hidden key in its text (``TalkMessage.marker``), looked for on the talk page as it is now
   (one batched read for every message of the pass); the key is saved in the same edit as
   the message, so there is no moment when one exists without the other;
2. the bot's own edits on those talk pages since the period began (one ``usercontribs``
   stream), for a message archived away within its period.

The post itself is ``Writer.new_section``: sent with ``max_retries=0``, and after a lost answer
the page is read and the key looked for before it is sent again. A talk page that keeps the bot
off (``{{nobots}}``) gets nothing; a dry run posts nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.model.edit import TalkMessage
from bot.publish.funnel import Writer
from bot.read.own_edits import own_talk_edits
from bot.read.pages import read_current

log = logging.getLogger(__name__)


@dataclass
class PingReport:
    posted: list[str] = field(default_factory=list)  # talk pages
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (talk page, why)


def post_pings(writer: Writer, pings: Sequence[TalkMessage], bot: str) -> PingReport:
    """Post each message unless this period's is already there, was sent before, or the page
    keeps bots off."""
    report = PingReport()
    if not pings:
        return report
    current = read_current(writer.gw, {p.title for p in pings})
    waiting: list[TalkMessage] = []
    for p in pings:
        page = current.get(p.title)
        if page is not None and page.text is not None and p.marker in page.text:
            report.skipped.append((p.title, "already posted"))
        else:
            waiting.append(p)
    if not waiting:
        return report
    written = own_talk_edits(writer.gw, bot, min(p.since for p in waiting))
    for p in waiting:
        if p.title in written and written[p.title] >= p.since:
            report.skipped.append((p.title, "sent this period"))
            continue
        page = current.get(p.title)
        text = page.text if page is not None and page.text is not None else ""
        why_not = writer.post_section(
            p.title, p.heading, f"{p.text} ~~~~", p.summary, marker=p.marker, current=text
        )
        if why_not:
            report.skipped.append((p.title, why_not))
            continue
        log.info("message posted on %s", p.title)
        report.posted.append(p.title)
    return report
