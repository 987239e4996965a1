"""The talk-page messages a mentee gets: welcome (new account) and "your mentor changed". Pure.

Both are off by default (communities opt in). Each notice carries a hidden marker with a key
unique to the move that caused it; publish looks for that key before posting, which is what
keeps a repeated or resumed run from posting the same notice twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.model.journal import NOTICE_WELCOME, REASON_REMOVED, Move
from bot.render.i18n import Messages

NOTICE_MARKER = "<!-- mentor-dashboard-notice {key} -->"


@dataclass(frozen=True)
class Notice:
    """A new section on one mentee's talk page."""

    move: Move
    title: str  # the mentee's talk page
    heading: str
    body: str  # wikitext; publish adds the marker and a signature
    summary: str

    @property
    def marker(self) -> str:
        return NOTICE_MARKER.format(key=self.move.notice_key())


def notice_for(move: Move, intro: str, talk_title: str, messages: Messages, summary_prefix: str) -> Notice:
    """The notice MOVE asks for; INTRO is the new mentor's intro message ("" for none)."""
    assert move.to is not None and move.notice is not None
    quote = messages.text("mentordashboard-notice-quote", move.to, intro) if intro else ""
    if move.notice == NOTICE_WELCOME:
        heading = messages.text("mentordashboard-welcome-heading")
        body = messages.text("mentordashboard-welcome-body", move.to)
        summary = messages.plain("mentordashboard-summary-welcome", move.to)
    else:
        key = "removed" if move.reason == REASON_REMOVED else "quit"
        heading = messages.text("mentordashboard-reassign-heading")
        body = messages.text(f"mentordashboard-reassign-body-{key}", move.to, move.frm or "")
        summary = messages.plain(f"mentordashboard-summary-reassign-{key}", move.to, move.frm or "")
    body_text = str(body) + (f"\n\n{quote}" if quote else "")
    return Notice(move, talk_title, str(heading), body_text, f"{summary_prefix}: {summary}")
