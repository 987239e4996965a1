"""The run memory's row for one dormant mentee (ARCHITECTURE §8.6): pure, as every codec here.

The read stage encodes the facts of each dormant mentee it read afresh (the records themselves
are not kept: at Wikipedia scale they would outweigh everything else a pass holds), and the run
memory stores the rows and decodes them on the next refresh (``bot/ops/memory.py``). A change
of this shape needs a new ``FORMAT`` there.
"""

from __future__ import annotations

import json
from datetime import datetime

from bot.model.mentee import MenteeFacts
from bot.model.user import Activity, Block, WikiUser

NO_ACTIVITY = Activity()  # a dormant mentee has no edit in the window: one shared record


def _iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat()


def _dt(v: str | None) -> datetime | None:
    return None if v is None else datetime.fromisoformat(v)


def encode_dormant(f: MenteeFacts) -> str:
    """A dormant mentee's facts as the read stage found them, in one compact JSON row. Their
    activity is not kept: a dormant mentee has no edit in the window (``NO_ACTIVITY``)."""
    u = f.user
    block = None if u.block is None else [_iso(u.block.expiry), u.block.partial]
    return json.dumps(
        [
            u.name,
            _iso(u.registration),
            u.editcount,
            sorted(u.groups),
            block,
            u.temp,
            [t.isoformat() for t in f.reverted],
            [t.isoformat() for t in f.blocks],
            f.warned,
            _iso(f.warned_at),
            f.opted_out,
            f.greeted,
        ],
        separators=(",", ":"),
    )


def decode_dormant(user_id: int, data: str) -> MenteeFacts:
    name, reg, edits, groups, block, temp, reverted, blocks, warned, warned_at, opted_out, greeted = (
        json.loads(data)
    )
    return MenteeFacts(
        user=WikiUser(
            name,
            user_id,
            _dt(reg),
            int(edits),
            frozenset(groups),
            None if block is None else Block(_dt(block[0]), bool(block[1])),
            bool(temp),
        ),
        activity=NO_ACTIVITY,
        reverted=tuple(datetime.fromisoformat(t) for t in reverted),
        blocks=tuple(datetime.fromisoformat(t) for t in blocks),
        warned=bool(warned),
        warned_at=_dt(warned_at),
        opted_out=bool(opted_out),
        greeted=bool(greeted),
    )
