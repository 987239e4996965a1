"""The bot's own memory of the lifecycle, kept on the wiki in ``User:<Bot>/Mentorship state.json``.

Keeping it on the wiki (not in the local cache) is what makes assignment safe to repeat: a lost
cache can never make the bot read the ``newusers`` log from the start again, carry out a claim a
second time, or forget a half-finished reassignment. Pure: encoding and decoding only.

* ``newusers``: the last processed log id and its time, and accounts still waiting for a mentor
  (nobody could take them when they arrived).
* ``claims``: per mentor, the settings revision last read, the claims already carried out (so
  each is carried out once) and the results of the latest ones (shown on the dashboard).
* ``pending``: the journal. Moves are written here before any assignments page changes and
  cleared after the last one; a run that finds moves here finishes them first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.clock import parse_api_time

# Why a mentee moves; each names its reason in edit summaries and notices.
REASON_NEW = "new-account"
REASON_CLAIM = "claim"
REASON_QUIT = "quit"
REASON_REMOVED = "removed"  # the mentor is no longer on the mentor list
REASON_INACTIVE = "inactive"  # the mentor has not edited for Settings.inactive_remove_days
REASON_OPTED_OUT = "opted-out"  # released: the mentee asked for no mentor

NOTICE_WELCOME = "welcome"
NOTICE_REASSIGN = "reassign"


class StateError(ValueError):
    """The state page holds something the bot did not write; it stops rather than guess."""


@dataclass(frozen=True)
class Move:
    """One mentee changing hands: from None is a new assignment, to None a release."""

    user_id: int
    name: str
    to: str | None
    frm: str | None
    reason: str
    batch: int  # the journal entry it belongs to: keys its notice, so a replay never posts twice
    notice: str | None = None  # NOTICE_WELCOME, NOTICE_REASSIGN or None
    by: str = ""  # for a claim: the mentor whose settings revision asked for it
    revid: int = 0  # for a claim: that revision

    def notice_key(self) -> str:
        return f"{self.notice}:{self.user_id}:{self.batch}"


@dataclass(frozen=True)
class ClaimResult:
    name: str
    outcome: str  # see bot.lifecycle.plan CLAIM_*
    other: str = ""  # the previous mentor, or the mentor who holds or took the mentee


@dataclass(frozen=True)
class ClaimRecord:
    revid: int  # settings revision last read
    done: tuple[str, ...] = ()  # claims carried out and still on the page
    results: tuple[ClaimResult, ...] = ()  # of the latest revision that held new claims
    at: datetime | None = None  # when those results were produced


@dataclass(frozen=True)
class State:
    last_logid: int | None = None
    last_log_time: datetime | None = None
    waiting: tuple[int, ...] = ()  # new accounts no mentor could take yet, by user id
    claims: dict[str, ClaimRecord] = field(default_factory=dict)
    pending: tuple[Move, ...] = ()
    batch: int = 0  # last journal entry number used


def encode(state: State) -> str:
    """Deterministic JSON: the same state always gives the same text, so re-saving is a no-op."""
    body: dict[str, Any] = {
        "newusers": {
            "logid": state.last_logid,
            "time": _time(state.last_log_time),
            "waiting": sorted(state.waiting),
        },
        "claims": {
            m: {
                "rev": r.revid,
                "done": list(r.done),
                "results": [[c.name, c.outcome, c.other] for c in r.results],
                "at": _time(r.at),
            }
            for m, r in sorted(state.claims.items())
        },
        "batch": state.batch,
        "pending": [
            {
                "id": m.user_id,
                "name": m.name,
                "to": m.to,
                "from": m.frm,
                "reason": m.reason,
                "batch": m.batch,
                "notice": m.notice,
                "by": m.by,
                "rev": m.revid,
            }
            for m in state.pending
        ],
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, indent=1)


def decode(text: str) -> State:
    if not text.strip():
        return State()
    try:
        d = json.loads(text)
        nu = d.get("newusers", {})
        claims = {
            str(m): ClaimRecord(
                revid=int(r["rev"]),
                done=tuple(str(n) for n in r.get("done", [])),
                results=tuple(ClaimResult(str(a), str(b), str(c)) for a, b, c in r.get("results", [])),
                at=_parse(r.get("at")),
            )
            for m, r in d.get("claims", {}).items()
        }
        pending = tuple(
            Move(
                user_id=int(p["id"]),
                name=str(p["name"]),
                to=p["to"],
                frm=p["from"],
                reason=str(p["reason"]),
                batch=int(p["batch"]),
                notice=p.get("notice"),
                by=str(p.get("by", "")),
                revid=int(p.get("rev", 0)),
            )
            for p in d.get("pending", [])
        )
        return State(
            last_logid=None if nu.get("logid") is None else int(nu["logid"]),
            last_log_time=_parse(nu.get("time")),
            waiting=tuple(int(i) for i in nu.get("waiting", [])),
            claims=claims,
            pending=pending,
            batch=int(d.get("batch", 0)),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise StateError(f"the lifecycle state page cannot be read ({e}); fix or blank it") from e


def _time(t: datetime | None) -> str | None:
    return None if t is None else t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(v: object) -> datetime | None:
    return None if v is None else parse_api_time(str(v))
