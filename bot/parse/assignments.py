"""The assignment store's page format (ARCHITECTURE §10.2), read and written without the wiki: pure.

One bot-owned user JSON page per mentor, ``User:<Bot>/Assignments/<Mentor>.json``, holding
``{"mentor": "Name", "mentees": {"<assigned yyyymmdd>": [<user id>, …]}}``. Ids survive
renames; grouping by day costs about 9 bytes a mentee, so 50,000 mentees take under 500 kB.

Decoding is strict: an unknown key or a value of the wrong type is an ``AssignmentError``, so a
hand edit the bot does not understand is reported and the page left alone (ARCHITECTURE §9.8),
never half read. The bot writes compact JSON, but MediaWiki stores JSON pages pretty-printed,
so a concurrent edit on other lines can be merged by MediaWiki's three-way merge rather than
refused; the reader reports every revision it did not save. Encoding is deterministic, so an
unchanged store gives byte-identical text and the publish step saves nothing.
"""

from __future__ import annotations

import json

from bot.model.problem import SaidError


class AssignmentError(SaidError):
    """An assignments page the bot cannot trust; the run reports it and leaves the page alone."""


def decode(text: str, title: str) -> tuple[str, dict[int, int]]:
    """Mentor name and mentees (user id -> yyyymmdd day) from a page's JSON; anything unexpected
    is an AssignmentError naming TITLE, because guessing could move someone's mentees."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise AssignmentError(
            "mentordashboard-problem-assignments-json", title, e.msg, e.lineno, e.colno
        ) from e
    if not isinstance(data, dict) or not isinstance(data.get("mentees"), dict):
        raise AssignmentError(
            "mentordashboard-problem-assignments-shape", title, '{"mentor": …, "mentees": {…}}'
        )
    unknown = sorted(set(data) - {"mentor", "mentees"})
    if unknown:  # a renamed key would otherwise be dropped in silence
        shown = json.dumps(unknown[0], ensure_ascii=False)
        raise AssignmentError("mentordashboard-problem-assignments-key", title, shown)
    if not isinstance(data.get("mentor", ""), str):
        raise AssignmentError("mentordashboard-problem-assignments-mentor-type", title)
    mentees: dict[int, int] = {}
    for day, ids in data["mentees"].items():
        if not (isinstance(day, str) and day.isdigit() and len(day) == 8 and isinstance(ids, list)):
            raise AssignmentError("mentordashboard-problem-assignments-day", title, repr(day))
        number = int(day)  # one int per day, shared by its mentees: a store holds 400,000
        for uid in ids:
            if not isinstance(uid, int) or isinstance(uid, bool) or uid <= 0:
                raise AssignmentError("mentordashboard-problem-assignments-id", title, repr(uid), day)
            mentees[uid] = number
    return str(data.get("mentor", "")), mentees


def encode(mentor: str, mentees: dict[int, int]) -> str:
    """Deterministic, compact JSON: days in order, ids sorted, no spaces."""
    by_day: dict[str, list[int]] = {}
    for uid in sorted(mentees):
        by_day.setdefault(str(mentees[uid]), []).append(uid)
    body = {"mentor": mentor, "mentees": dict(sorted(by_day.items()))}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))
