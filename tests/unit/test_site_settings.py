"""The on-wiki settings page: validated, merged over defaults, errors in plain words."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest

from bot.core.settings import Settings
from bot.read.site_settings import SettingsError, parse_settings, schema

# Settings only the operator may change: moving the assignment store or the lifecycle state page
# would orphan every assignment, who may drive a mentor's settings is a trust decision, and the
# rest are deployment or test knobs.
OPERATOR_ONLY = {
    "assignments_prefix",
    "protect",
    "max_page_bytes",
    "lifecycle_state_page",
    "settings_trusted_groups",
    "assignment_lookback_days",
    "newusers_overlap_hours",
    "assignment_seed",
}


def test_every_community_setting_is_in_the_schema_and_nothing_else() -> None:
    names = {f.name for f in fields(Settings)} - OPERATOR_ONLY
    assert set(schema()["properties"]) == names


def test_given_keys_override_defaults_and_the_rest_stay() -> None:
    s = parse_settings(json.dumps({"recent_days": 7, "warning_prefixes": ["Uw-", "Warn"]}), Settings())
    assert s.recent_days == 7
    assert s.warning_prefixes == ("Uw-", "Warn")
    assert s.active_edit_days == Settings().active_edit_days


def test_broken_json_names_line_and_column() -> None:
    with pytest.raises(SettingsError, match=r"line 2, column \d+: not valid JSON"):
        parse_settings('{"recent_days": 7,\n}', Settings())


def test_misspelt_key_is_refused_with_a_hint() -> None:
    with pytest.raises(SettingsError, match=r"recent_dayz.*check the spelling"):
        parse_settings('{"recent_dayz": 7}', Settings())


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"default_weight": 3}, "default_weight"),
        ({"recent_days": "thirty"}, "recent_days"),
        ({"main_page_rows": 100000}, "main_page_rows"),
        ({"dashboard_subpage": "a[[b]]"}, "dashboard_subpage"),
        ([1, 2], "the page"),
    ],
)
def test_wrong_values_are_reported_with_the_key(body: object, where: str) -> None:
    with pytest.raises(SettingsError, match=where.replace("[", r"\[")):
        parse_settings(json.dumps(body), Settings())


def test_readme_documents_every_setting() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    missing = [key for key in schema()["properties"] if f"| `{key}` |" not in readme]
    assert missing == []
