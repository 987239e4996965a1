"""The community's settings page as data: JSON validated by ``bot/schemas/settings.schema.json``.

Pure, so the rules can be tested without a wiki: the reader (``bot/read/site_settings.py``)
decides which revision to believe, this module only says whether one revision is usable. The
schema refuses unknown keys, so a misspelt key is reported instead of silently keeping its
default, and each refusal names the key, because an admin has to find it in the page.

``Settings`` is the only source of the defaults. The schema's ``default`` annotations repeat
them for people reading or editing the page, and a unit test holds the two equal.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from bot.core.settings import Settings
from bot.model.problem import Said, SaidError

MAX_REPORTED = 5  # schema errors quoted back; more would bury the first one to fix


class SiteSettingsError(SaidError):
    """Settings that cannot be used, with a message an admin can act on."""


@cache
def site_settings_schema() -> dict[str, Any]:
    text = resources.files("bot.schemas").joinpath("settings.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def parse_site_settings(text: str, defaults: Settings) -> Settings:
    """Settings from the page's JSON over DEFAULTS; SiteSettingsError says what is wrong and where."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise SiteSettingsError("mentordashboard-problem-settings-json", e.lineno, e.colno, e.msg) from e
    validator = jsonschema.Draft202012Validator(site_settings_schema())
    errors = sorted(validator.iter_errors(data), key=lambda err: list(err.absolute_path))
    if errors:
        raise SiteSettingsError(
            "mentordashboard-problem-settings-invalid", tuple(_plain(err) for err in errors[:MAX_REPORTED])
        )
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known
    }
    return replace(defaults, **values)


def _plain(err: jsonschema.ValidationError) -> Said:
    """One schema error: the key path, then the validator's own (English) words, which name the
    offending value and rule more exactly than any translation could."""
    path = "/".join(str(p) for p in err.absolute_path)
    where: Said | str = path or Said.of("mentordashboard-problem-settings-page")
    if err.validator == "additionalProperties":
        return Said.of("mentordashboard-problem-settings-unknown-key", where, err.message)
    return Said.of("mentordashboard-problem-settings-error", where, err.message)
