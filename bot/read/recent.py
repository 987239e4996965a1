"""What changed since the last run: the input of an incremental run's refresh plan.

Recent changes and the thanks log are read from the cursor the last run left, with a look-back
of ``CHANGE_OVERLAP`` past its start (ids drop what was already seen), so a change saved while
the last run was working is never missed. The names they mention are resolved to user ids in
one users query, because the assignment store knows mentees by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.gateway import Gateway
from bot.model.change import Changes, Cursor
from bot.read.changes import read_changes
from bot.read.users import fetch_users

CHANGE_OVERLAP = timedelta(minutes=10)


@dataclass(frozen=True)
class Recent:
    changes: Changes
    ids_of: dict[str, int]  # user name -> id, for the names the changes mention


def read_recent(
    gw: Gateway, *, last_run: datetime, cursor: Cursor, bot: str, own_inputs: str, listed: Iterable[str]
) -> Recent:
    """The changes since LAST_RUN past CURSOR; the bot's own edits except below OWN_INPUTS
    (its assignments pages, which admins may edit too) are left out."""
    changes = read_changes(gw, since=last_run - CHANGE_OVERLAP, after=cursor, own=bot, own_inputs=own_inputs)
    names = (changes.users | changes.owners) - set(listed)
    ids_of = {u.name: u.user_id for u in fetch_users(gw, names=sorted(names)).values()}
    return Recent(changes, ids_of)
