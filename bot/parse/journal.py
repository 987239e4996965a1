"""The state page's codec: ``User:<Bot>/Mentorship state.json`` to a ``Journal`` and back. Pure.

Encoding is deterministic (sorted keys, fixed layout), so the same journal always gives the
same text: saving it again is a no-op, and "did anything change?" is a string comparison. A
page the bot did not write is a ``JournalError``, never a guess, because a misread log position
or journal would assign or move mentees a second time.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.core.clock import api_time, parse_api_time
from bot.model.journal import ClaimRecord, ClaimResult, Departure, Journal, JournalError, Move


def encode(journal: Journal) -> str:
    """Deterministic JSON: the same journal always gives the same text, so re-saving is a no-op."""
    body: dict[str, Any] = {
        "newusers": {
            "logid": journal.last_logid,
            "time": _time(journal.last_log_time),
            "waiting": sorted(journal.waiting),
        },
        "claims": {
            m: {
                "rev": r.revid,
                "done": list(r.done),
                "results": [[c.name, c.outcome, c.other] for c in r.results],
                "at": _time(r.at),
            }
            for m, r in sorted(journal.claims.items())
        },
        "batch": journal.batch,
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
            for m in journal.pending
        ],
    }
    if journal.leaving:  # only when someone is leaving, so older state pages stay byte-identical
        body["leaving"] = {
            m: {"reason": d.reason, "since": _time(d.since)} for m, d in sorted(journal.leaving.items())
        }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, indent=1)


def decode(text: str) -> Journal:
    """The journal a state page holds; a blank page is a fresh journal, anything odd an error."""
    if not text.strip():
        return Journal()
    try:
        d = json.loads(text)
        _known_keys(d)
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
        return Journal(
            last_logid=None if nu.get("logid") is None else int(nu["logid"]),
            last_log_time=_parse(nu.get("time")),
            waiting=tuple(int(i) for i in nu.get("waiting", [])),
            claims=claims,
            pending=pending,
            batch=int(d.get("batch", 0)),
            leaving={
                str(m): Departure(str(v["reason"]), parse_api_time(str(v["since"])))
                for m, v in d.get("leaving", {}).items()
            },
        )
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise JournalError("mentordashboard-problem-state-unreadable", str(e)) from e


_KEYS: dict[str, frozenset[str]] = {
    "": frozenset({"newusers", "claims", "batch", "pending", "leaving"}),
    "newusers": frozenset({"logid", "time", "waiting"}),
    "claims": frozenset({"rev", "done", "results", "at"}),
    "pending": frozenset({"id", "name", "to", "from", "reason", "batch", "notice", "by", "rev"}),
    "leaving": frozenset({"reason", "since"}),
}


def _known_keys(d: object) -> None:
    """Refuse a key the bot never writes: a misspelt "pending" would otherwise drop the journal."""
    if not isinstance(d, dict):
        raise ValueError("the page is not a JSON object")
    records: list[tuple[str, object]] = [("", d), ("newusers", d.get("newusers", {}))]
    records += [("claims", r) for r in _values(d.get("claims", {}), "claims")]
    records += [("leaving", r) for r in _values(d.get("leaving", {}), "leaving")]
    pending = d.get("pending", [])
    if not isinstance(pending, list):
        raise ValueError('"pending" is not a list')
    records += [("pending", r) for r in pending]
    for where, record in records:
        if not isinstance(record, dict):
            raise ValueError(f"an entry of {where or 'the page'} is not an object")
        unknown = sorted(set(record) - _KEYS[where])
        if unknown:
            place = f" in {where}" if where else ""
            raise ValueError(f"unexpected key {json.dumps(unknown[0], ensure_ascii=False)}{place}")


def _values(container: object, name: str) -> list[object]:
    if not isinstance(container, dict):
        raise ValueError(f'"{name}" is not an object')
    return list(container.values())


def _time(t: datetime | None) -> str | None:
    return None if t is None else api_time(t)


def _parse(v: object) -> datetime | None:
    return None if v is None else parse_api_time(str(v))
