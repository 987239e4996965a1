"""A mentor's own settings page, ``User:<Mentor>/Mentor dashboard.json`` (ARCHITECTURE §6.3): pure.

Two decisions live here. Which revision to believe: only one saved by the mentor or by an admin
(MediaWiki already stops everyone else from editing another user's JSON subpage; this is defence
in depth, e.g. against a wiki whose rights were loosened or a page imported with history).
And what the page says: it is validated against ``bot/schemas/mentor-settings.schema.json``; a
field that breaks the schema is dropped and reported in plain words, the valid fields still
count, so a typo in ``away_until`` never cancels a claim written next to it. A report is a
message key with its parameters (``Said``, ARCHITECTURE §7.7), worded in the wiki's language by
the render stage; what the mentor types (keys, values, examples) goes in as ``Code``, never as
words a translator could change.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from bot.core.names import user_name
from bot.core.settings import Settings
from bot.model.praise import PraiseOverrides
from bot.model.said import Code, Said

SCHEMA_FILE = "mentor-settings.schema.json"  # in the package bot.schemas


class Status(StrEnum):
    """A mentor's own status, as their settings page states it."""

    ACTIVE = "active"  # gets new mentees (when eligible and weight > 0)
    AWAY = "away"  # keeps their mentees, gets no new ones until ``away_until``
    QUIT = "quit"  # their mentees are reassigned


class Notify(StrEnum):
    """How often the mentor wants a short section on their talk page about what needs them."""

    OFF = "off"  # the default: a mentor who never asked gets no message from the bot
    DAILY = "daily"
    WEEKLY = "weekly"


# ``notify_day`` for a weekly message, by the names people write; Monday is 0, as in date.weekday().
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class MentorSettingsError(ValueError):
    """A mentor's settings page the bot cannot use as written; the text is shown to the mentor."""


@dataclass(frozen=True)
class SettingsRevision:
    """One saved version of a settings page, as the sources read it."""

    revid: int
    user: str  # who saved it ("" when the name is hidden)
    timestamp: datetime
    text: str


@dataclass(frozen=True)
class MentorSettings:
    """What the mentor asked for; None means "not said", so the mentor list's value applies."""

    status: Status = Status.ACTIVE
    away_until: date | None = None
    message: str | None = None
    weight: int | None = None
    claim: tuple[str, ...] = ()
    starred: tuple[str, ...] = ()
    praise: PraiseOverrides = field(default_factory=PraiseOverrides)
    notify: Notify = Notify.OFF
    notify_day: int = 0  # the weekday a weekly message comes on (Monday is 0)


@dataclass(frozen=True)
class ReadSettings:
    """The settings the bot honours, the revision they come from, and what the mentor should fix."""

    settings: MentorSettings
    revision: SettingsRevision | None  # None: no page, or no revision anyone trusted
    problems: tuple[Said, ...] = ()


@cache
def mentor_settings_schema() -> dict[str, Any]:
    text = resources.files("bot.schemas").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def trusted_revision(
    revisions: Sequence[SettingsRevision], owner: str, admins: Collection[str]
) -> SettingsRevision | None:
    """The newest revision saved by OWNER or by someone in ADMINS; REVISIONS come newest first."""
    for rev in revisions:
        if rev.user == owner or (rev.user and rev.user in admins):
            return rev
    return None


def trusted_settings(
    owner: str, revisions: Sequence[SettingsRevision], admins: Collection[str]
) -> ReadSettings:
    """Settings from the newest trusted revision, with every reason to doubt them spelled out."""
    if not revisions:
        return ReadSettings(MentorSettings(), None)
    problems: list[Said] = []
    rev = trusted_revision(revisions, owner, admins)
    latest = revisions[0]
    if rev is not latest:
        who = latest.user or Said.of("mentordashboard-settings-hidden-user")
        if rev is None:
            problems.append(Said.of("mentordashboard-settings-untrusted-all", latest.revid, who))
        else:
            problems.append(Said.of("mentordashboard-settings-untrusted", latest.revid, who, rev.revid))
    if rev is None:
        return ReadSettings(MentorSettings(), None, tuple(problems))
    settings, errors = parse_mentor_settings(rev.text)
    return ReadSettings(settings, rev, tuple(problems + errors))


def parse_mentor_settings(text: str) -> tuple[MentorSettings, list[Said]]:
    """The settings in TEXT and plain-words problems; invalid fields are dropped, never guessed."""
    if not text.strip():
        return MentorSettings(), []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        return MentorSettings(), [Said.of("mentordashboard-settings-json-invalid", e.lineno, e.colno, e.msg)]
    if not isinstance(data, dict):
        example = Code(json.dumps({"status": Status.ACTIVE.value}))
        return MentorSettings(), [Said.of("mentordashboard-settings-not-object", example)]
    problems: list[Said] = []
    bad: set[str] = set()
    bad_praise: set[str] = set()  # only these praise keys are dropped; the others still count
    validator = jsonschema.Draft202012Validator(mentor_settings_schema())
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        problems.append(_plain(error))
        path = [str(p) for p in error.absolute_path]
        if path[:1] == ["praise"] and isinstance(data.get("praise"), dict):
            bad_praise.update(path[1:2] or set(data["praise"]) - _PRAISE_KEYS)
        elif path:
            bad.add(path[0])
    good = {k: v for k, v in data.items() if k not in bad}
    away_until = None
    if "away_until" in good:
        try:
            away_until = date.fromisoformat(good["away_until"])
        except ValueError:
            written = _as_written("away_until", good["away_until"])
            problems.append(Said.of("mentordashboard-settings-not-a-date", written, Code(_DATE_EXAMPLE)))
    status = Status(good.get("status", Status.ACTIVE))  # the schema allows only these values
    if status == Status.AWAY and away_until is None and "away_until" not in data:
        problems.append(
            Said.of(
                "mentordashboard-settings-away-no-date",
                Code(json.dumps(Status.AWAY.value)),
                Code(json.dumps("away_until")),
                Code(json.dumps("status")),
            )
        )
    return (
        MentorSettings(
            status=status,
            away_until=away_until,
            message=good["message"].strip() if "message" in good else None,
            weight=good.get("weight"),
            claim=_names(good.get("claim", ())),
            starred=_names(good.get("starred", ())),
            praise=_praise(good.get("praise", {}), bad_praise),
            notify=Notify(good.get("notify", Notify.OFF)),  # the schema allows only these values
            notify_day=WEEKDAYS.index(good.get("notify_day", WEEKDAYS[0])),
        ),
        problems,
    )


def _praise(raw: dict[str, Any], bad: set[str]) -> PraiseOverrides:
    """The mentor's praise keys that passed the schema; a wrong one keeps the wiki's default."""
    return PraiseOverrides(**{k: v for k, v in raw.items() if k not in bad})


def _names(raw: Sequence[str]) -> tuple[str, ...]:
    """User names as MediaWiki stores them, each once, in the order written."""
    out = dict.fromkeys(user_name(n.removeprefix("User:").removeprefix("user:")) for n in raw)
    return tuple(n for n in out if n)


_DEFAULTS = Settings()
# The wiki's own defaults make the example, so it never shows numbers the bot does not use.
_PRAISE_EXAMPLE = json.dumps(
    {
        "days": _DEFAULTS.praise_days,
        "min_edits": _DEFAULTS.praise_min_edits,
        "max_edits": _DEFAULTS.praise_max_edits,
        "max_reverted": _DEFAULTS.praise_max_reverted,
        "quiet_days": _DEFAULTS.praise_quiet_days,
        "skip_blocked": _DEFAULTS.praise_skip_blocked,
    }
)
_DATE_EXAMPLE = "2026-12-24"


def _field_rule(field: str, written: Code) -> Said:
    """What FIELD must be, with the mentor's WRITTEN text in front; the allowed values and the
    limits come from the schema, so the wording never drifts from the check."""
    rule: dict[str, Any] = mentor_settings_schema()["properties"].get(field, {})
    if field == "notify_day":
        return Said.of("mentordashboard-settings-invalid-weekday", written, Code(json.dumps(WEEKDAYS[0])))
    if "enum" in rule:
        return Said.of("mentordashboard-settings-invalid-choice", written, _code_list(rule["enum"]))
    if field == "away_until":
        return Said.of("mentordashboard-settings-invalid-date", written, Code(_DATE_EXAMPLE))
    if field == "message":
        return Said.of("mentordashboard-settings-invalid-text", written, rule["maxLength"])
    if field in _NAME_EXAMPLES:
        return Said.of(
            "mentordashboard-settings-invalid-names", written, Code(json.dumps(_NAME_EXAMPLES[field]))
        )
    if field == "praise":
        return Said.of("mentordashboard-settings-invalid-praise", written, Code(_PRAISE_EXAMPLE))
    return Said.of("mentordashboard-settings-invalid-other", written)


_NAME_EXAMPLES = {"claim": ["Newbie1", "Newbie2"], "starred": ["Newbie3"]}
_PRAISE_KEYS_IN_ORDER = tuple(mentor_settings_schema()["properties"]["praise"]["properties"])
_PRAISE_KEYS = frozenset(_PRAISE_KEYS_IN_ORDER)


def _praise_rule(key: str, written: Code) -> Said:
    """What one praise key must be, from the schema, so the wording never drifts from the check."""
    rule: dict[str, Any] = mentor_settings_schema()["properties"]["praise"]["properties"][key]
    if rule["type"] == "boolean":
        return Said.of("mentordashboard-settings-invalid-boolean", written, Code("true"), Code("false"))
    return Said.of("mentordashboard-settings-invalid-range", written, rule["minimum"], rule["maximum"])


def _plain(error: jsonschema.ValidationError) -> Said:
    """Say what is wrong with one field the way a mentor would fix it, not as a validator sees it."""
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and not path:
        instance: dict[str, Any] = error.instance  # type: ignore[assignment]
        extra = sorted(set(instance) - set(mentor_settings_schema()["properties"]))
        known = _code_list(mentor_settings_schema()["properties"])
        return Said.of("mentordashboard-settings-unknown", len(extra), _code_list(extra), known)
    if not path:
        return Said.of("mentordashboard-settings-shape", error.message)
    field = str(path[0])
    if field == "praise" and error.validator == "additionalProperties" and len(path) == 1:
        extra = sorted(set(error.instance) - _PRAISE_KEYS)  # type: ignore[arg-type]
        known = _code_list(_PRAISE_KEYS_IN_ORDER)
        praise = Code(json.dumps("praise"))
        return Said.of(
            "mentordashboard-settings-unknown-praise", len(extra), _code_list(extra), praise, known
        )
    if field == "praise" and len(path) == 2 and path[1] in _PRAISE_KEYS:
        return _praise_rule(str(path[1]), _as_written(f"praise.{path[1]}", error.instance))
    return _field_rule(field, _as_written(field, error.instance))


def _as_written(field: str, value: object) -> Code:
    """``"field": value`` as the mentor wrote it, the value cut short enough for one line."""
    text = json.dumps(value, ensure_ascii=False)
    shown = text[:59] + "…" if len(text) > 60 else text
    return Code(f"{json.dumps(field)}: {shown}")


def _code_list(values: Sequence[object] | Collection[object]) -> Code:
    """Keys or values as JSON writes them, in one run of code: ``"off", "daily", "weekly"``."""
    return Code(", ".join(json.dumps(v, ensure_ascii=False) for v in values))
