"""Who may set a mentor's settings: MediaWiki's own rule, and the bot's check behind it.

A module of its own because importing a revision recounts every user's edits from the revision
table, which would leave the other lifecycle tests' seeded mentors ineligible.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from wikiseed import ApiError, ImportedEdit, UserSpec, Wiki  # noqa: E402

from tests.integration.test_lifecycle import OLD, SETTINGS, run_bot, set_settings, start_from_now  # noqa: E402
from tests.integration.wikipages import text_if_exists  # noqa: E402

pytestmark = pytest.mark.wiki


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    w.create_users(
        [UserSpec(n, registered=OLD, editcount=600) for n in ("Anna", "Bert")]
        + [UserSpec("Sally", registered=OLD, editcount=50, groups=("sysop",)), UserSpec("Meddler")]
    )
    yield w


def test_mediawiki_refuses_a_non_admin_edit_of_another_mentors_settings(wiki: Wiki) -> None:
    with pytest.raises(ApiError) as err:
        wiki.session_for("Bert").edit("User:Anna/Mentor dashboard.json", '{"status": "quit"}')
    assert err.value.code == "customjsonprotected"
    wiki.session_for("Sally").edit("User:Anna/Mentor dashboard.json", '{"weight": 1}')  # admins may


def test_settings_last_saved_by_neither_the_mentor_nor_an_admin_are_ignored(wiki: Wiki) -> None:
    start_from_now(wiki, ["Anna", "Bert"])
    set_settings(wiki, "Bert", {"weight": 1})
    # Import bypasses the rights check, as a loosened wiki would: a non-admin's revision on top.
    wiki.import_edits(
        [ImportedEdit("User:Bert/Mentor dashboard.json", "Meddler", datetime.now(UTC), '{"status": "quit"}')]
    )
    run_bot(replace(SETTINGS, mentor_min_edits=0))  # import recounts edits from revisions
    text = text_if_exists(wiki, "User:Bert/Mentor dashboard") or ""
    said = text.replace("<bdi>Meddler</bdi>", "Meddler")  # the editor's name is isolated
    assert "was made by Meddler, who is neither you nor an admin, so the bot ignores it" in said
    assert "Weight: 1 (" in text, "the mentor's own revision still counts"
    assert "is not mentoring any more" not in text
