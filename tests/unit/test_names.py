"""One spelling per user and per title: the rules every parser and reader compares names by."""

from __future__ import annotations

import pytest

from bot.core.names import folded, page_owner, spaced, template_key, title_text, ucfirst, user_name


@pytest.mark.parametrize(
    "raw",
    ["Anna Bell", "anna_Bell", " Anna__Bell ", "Anna\u00a0Bell", "Anna\u3000 Bell", "\u200eAnna Bell\u200f"],
)
def test_every_spelling_mediawiki_accepts_names_the_same_user(raw: str) -> None:
    assert user_name(raw) == "Anna Bell"


def test_a_letter_whose_capital_is_two_letters_is_kept() -> None:
    assert ucfirst("ßtraße") == "ßtraße"
    assert ucfirst("élan") == "Élan"
    assert ucfirst("") == ""


def test_namespace_names_compare_in_any_case() -> None:
    assert folded("user_TALK") == folded("User talk")


def test_template_names_drop_the_namespace_and_compare_like_titles() -> None:
    assert template_key("Template:mentor_list entry") == template_key("Mentor list entry")
    assert template_key(" template : unsigned IP") == "Unsigned IP"


def test_spaced_keeps_the_case() -> None:
    assert spaced("a_b  c") == "a b c"


def test_the_owner_of_a_subpage_is_the_user_before_the_first_slash() -> None:
    assert page_owner("User talk:Anna/Archive 1") == "Anna"
    assert title_text("User:192.0.2.0/24") == "192.0.2.0/24"  # a range block keeps its slash
