"""The community's on-wiki settings page, validated by the JSON Schema in ``bot/schemas``.

Admins edit ``Project:Mentorship/Settings.json``. A broken edit must not break the bot, and the
bot keeps no copy of its own: the wiki's history is the source of truth, so the settings in force
are those of the newest revision that validates. Errors are reported on the status page in
plain words, naming the key and the revision.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.problem import Problem

HISTORY_READ = 20  # revisions looked at for the newest valid one


class SettingsError(ValueError):
    """Settings that cannot be used, with a message an admin can act on."""


@cache
def schema() -> dict[str, Any]:
    text = resources.files("bot.schemas").joinpath("settings.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def parse_settings(text: str, defaults: Settings) -> Settings:
    """Settings from the page's JSON over DEFAULTS; SettingsError says what is wrong and where."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise SettingsError(f"line {e.lineno}, column {e.colno}: not valid JSON ({e.msg})") from e
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda err: list(err.absolute_path))
    if errors:
        raise SettingsError("; ".join(_plain(err) for err in errors[:5]))
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known
    }
    return replace(defaults, **values)


def _plain(err: jsonschema.ValidationError) -> str:
    where = "/".join(str(p) for p in err.absolute_path) or "the page"
    if err.validator == "additionalProperties":
        return f"{where}: {err.message} (check the spelling of the key)"
    return f"{where}: {err.message}"


def read_settings(gw: Gateway, title: str, defaults: Settings) -> tuple[Settings, list[Problem]]:
    """The newest valid revision's settings; every newer invalid revision becomes a Problem."""
    pages = list(
        gw.query_pages(
            [title],
            prop="revisions",
            rvprop="content|ids|user|timestamp",
            rvslots="main",
            rvlimit=HISTORY_READ,
        )
    )
    revisions = pages[0].get("revisions", []) if pages else []
    problems: list[Problem] = []
    for rev in revisions:
        try:
            settings = parse_settings(rev["slots"]["main"].get("content", ""), defaults)
        except SettingsError as e:
            if not problems:  # the newest broken revision is the one to fix
                where = f"{title} (revision {rev['revid']} by {rev.get('user', '?')})"
                problems.append(
                    Problem(where, f"{e}. The bot uses the last valid settings until it is fixed.")
                )
            continue
        return settings, problems
    if problems:
        problems[0] = Problem(
            problems[0].where, problems[0].message.replace("the last valid settings", "defaults")
        )
    return defaults, problems
