"""The on-wiki settings page: validated, merged over defaults, errors in plain words."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.core.settings import Settings
from bot.parse.site_settings import SiteSettingsError, parse_site_settings, site_settings_schema

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
    # The settings page cannot name itself: the bot reads it before it knows what it says.
    "settings_page",
    # The workspace's pages live under User:<Bot>/ like the store, and every mentor's common.js
    # line names the code page (docs/GADGET.md).
    "gadget",
    "gadget_code_page",
    "gadget_style_page",
    "gadget_list_page",
    "gadget_data_prefix",
    "gadget_messages_page",
    "gadget_name",
}
README = Path(__file__).resolve().parents[2] / "README.md"


def as_json(value: object) -> Any:
    """A Settings value as the JSON page writes it: tuples are lists."""
    return list(value) if isinstance(value, tuple) else value


def properties() -> dict[str, dict[str, Any]]:
    props: dict[str, dict[str, Any]] = site_settings_schema()["properties"]
    return props


def test_every_community_setting_is_in_the_schema_and_nothing_else() -> None:
    names = {f.name for f in fields(Settings)} - OPERATOR_ONLY
    assert set(properties()) == names


@pytest.mark.parametrize("key", sorted(properties()))
def test_the_schema_default_is_the_settings_default(key: str) -> None:
    assert properties()[key]["default"] == as_json(getattr(Settings(), key))


def test_the_defaults_themselves_pass_the_schema() -> None:
    defaults = {key: prop["default"] for key, prop in properties().items()}
    jsonschema.Draft202012Validator(site_settings_schema()).validate(defaults)


def test_given_keys_override_defaults_and_the_rest_stay() -> None:
    s = parse_site_settings(json.dumps({"recent_days": 7, "warning_prefixes": ["Uw-", "Warn"]}), Settings())
    assert s.recent_days == 7
    assert s.warning_prefixes == ("Uw-", "Warn")
    assert s.active_edit_days == Settings().active_edit_days


def test_broken_json_names_line_and_column() -> None:
    with pytest.raises(SiteSettingsError, match=r"line 2, column \d+: not valid JSON"):
        parse_site_settings('{"recent_days": 7,\n}', Settings())


def test_misspelt_key_is_refused_with_a_hint() -> None:
    with pytest.raises(SiteSettingsError, match=r"recent_dayz.*check the spelling"):
        parse_site_settings('{"recent_dayz": 7}', Settings())


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
    with pytest.raises(SiteSettingsError, match=where.replace("[", r"\[")):
        parse_site_settings(json.dumps(body), Settings())


def readme_rows() -> dict[str, str]:
    """The README's settings table: key -> the default column, as written."""
    rows = re.findall(r"^\| `([a-z_]+)` \| `([^|]*)` \|", README.read_text(), re.MULTILINE)
    return dict(rows)


def test_readme_documents_every_setting_and_nothing_else() -> None:
    assert set(readme_rows()) == set(properties())


def test_readme_gives_each_setting_its_default() -> None:
    wrong = {
        key: shown
        for key, shown in readme_rows().items()
        if shown != json.dumps(as_json(getattr(Settings(), key)), ensure_ascii=False)
    }
    assert wrong == {}
