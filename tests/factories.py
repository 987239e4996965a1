"""Plain records for tests, with defaults: the one place that knows how each record is put together.

A factory takes what a test says about a record and fills in the rest with values that change no
rule's outcome. Times are always given by the test (each module has its own ``NOW``, and the
hour matters to the rules that cut at midnight), so nothing here reads the clock.

User ids come from the name (:func:`user_id`), so they are the same in every run: ``hash(name)``
is salted per process (PYTHONHASHSEED) and gave each run other ids.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from bot.build.questions import Question
from bot.lifecycle.status import MentorStatus
from bot.model.mentee import MenteeFacts
from bot.model.mentor import MentorEntry
from bot.model.talk import Comment, Thread
from bot.model.user import Activity, Block, Edit, NewAccount, WikiUser
from bot.parse.mentor_settings import MentorSettings, ReadSettings, SettingsRevision, Status


def user_id(name: str) -> int:
    """A stable id for NAME: the CRC-32 of its UTF-8 bytes, the same in every process."""
    return zlib.crc32(name.encode("utf-8"))


# --- accounts and what they did ------------------------------------------------------------------


def wiki_user(
    name: str,
    registration: datetime | None,
    editcount: int = 0,
    groups: Iterable[str] = (),
    *,
    block: Block | None = None,
    temp: bool = False,
    uid: int | None = None,
) -> WikiUser:
    """An account; its id is ``user_id(name)`` unless the test needs a particular one (UID)."""
    return WikiUser(
        name, user_id(name) if uid is None else uid, registration, editcount, frozenset(groups), block, temp
    )


def edit(
    revid: int,
    timestamp: datetime,
    *,
    user: str = "",
    comment: str | None = "c",
    tags: tuple[str, ...] = (),
) -> Edit:
    """USER's contribution REVID, on the page "Page REVID"."""
    return Edit(revid, f"Page {revid}", timestamp, comment, tags, user)


def recent_activity(times: Iterable[datetime]) -> Activity:
    """Edits at TIMES, all within the "recent" window, kept newest first as the read stage keeps them."""
    recent = tuple(sorted(times, reverse=True))
    return Activity(last_edit=recent[0] if recent else None, edits_recent=len(recent), recent_times=recent)


def window_activity(
    latest: Sequence[Edit], *, first_in_window: datetime | None = None, edits_in_window: int | None = None
) -> Activity:
    """The newest edits in full (LATEST, newest first), as the digest reads them; the window holds
    just those edits unless EDITS_IN_WINDOW says more."""
    return Activity(
        last_edit=latest[0].timestamp if latest else None,
        first_in_window=first_in_window,
        edits_in_window=len(latest) if edits_in_window is None else edits_in_window,
        latest=tuple(latest),
    )


def new_account(user: WikiUser, logid: int, timestamp: datetime, *, temp: bool = False) -> NewAccount:
    """USER's ``newusers`` log entry; TEMP is the entry's own temporary-account flag."""
    return NewAccount(user.user_id, user.name, logid, timestamp, temp)


def mentee(
    user: WikiUser,
    activity: Activity | None = None,
    *,
    reverted: Iterable[datetime] = (),
    blocks: Iterable[datetime] = (),
    warned: bool = False,
    warned_at: datetime | None = None,
    questions: int = 0,
    unanswered: int = 0,
    opted_out: bool = False,
    assigned: date | None = None,
) -> MenteeFacts:
    """Everything the sources learned about USER; no edits unless an ACTIVITY is given."""
    return MenteeFacts(
        user=user,
        activity=Activity() if activity is None else activity,
        reverted=tuple(reverted),
        blocks=tuple(blocks),
        warned=warned,
        questions=questions,
        unanswered=unanswered,
        opted_out=opted_out,
        assigned=assigned,
        warned_at=warned_at,
    )


# --- mentors ------------------------------------------------------------------------------------


def mentor_entry(
    username: str,
    weight: int = 2,
    message: str = "",
    away_until: datetime | None = None,
    *,
    line: int | None = None,
    uid: int | None = None,
) -> MentorEntry:
    """A mentor as the list states them: LINE for the wikitext format, UID for the JSON one."""
    return MentorEntry(username, weight, message, away_until, line, uid)


def mentor_status(
    name: str,
    status: str = "active",
    *,
    weight: int = 2,
    away_until: date | None = None,
    settings: MentorSettings | None = None,
    revision: SettingsRevision | None = None,
) -> MentorStatus:
    """An eligible listed mentor with no message of their own, as the later stages see them.
    SETTINGS default to an empty settings page, read from REVISION (None: no page)."""
    read = ReadSettings(MentorSettings() if settings is None else settings, revision)
    return MentorStatus(name, Status(status), away_until, weight, "", (), read)


# --- talk pages ---------------------------------------------------------------------------------


def thread(*comments: Comment) -> Thread:
    """The page's first level-2 section, "Q", holding COMMENTS and no text."""
    return Thread(title="Q", level=2, index=1, anchor="Q", comments=comments, text="")


def question(asker: str, asked: datetime, *, mentor: str = "M") -> Question:
    """ASKER's open question under the heading "h" on MENTOR's talk page, asked at ASKED."""
    return Question(mentor, f"User talk:{mentor}", False, "h", "h", asker, asked)
