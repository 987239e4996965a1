"""What happened to the pages a mentee created: the page-fate alerts the read stage hands on.

Plain records, so the build stage can decide and the templates can show them without touching
the wiki (ARCHITECTURE §7.1). Every string here is untrusted user text: titles and the
deletion log's reason are escaped where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Fate(StrEnum):
    """What happened to the page, in the order the alerts are shown."""

    DELETED = "deleted"  # the deletion log has it
    NOMINATED = "nominated"  # a deletion-discussion template sits on it
    TAGGED = "tagged"  # a speedy or proposed-deletion template or category sits on it
    MOVED = "moved"  # moved out of the main namespace (draftified), per the move log


@dataclass(frozen=True, slots=True)
class PageAlert:
    """One alert: TITLE is the page as the mentee created it; LINK is where the mentor looks."""

    fate: Fate
    title: str
    link: str  # the page, its new title, the discussion, or Special:Redirect/logid/<id>
    when: datetime | None = None  # the log entry's time (deleted, moved)
    reason: str = ""  # the deletion log's reason, plain text
    target: str = ""  # where a moved page went
    logid: int = 0  # the deletion log entry, linked as Special:Redirect/logid/<this>
