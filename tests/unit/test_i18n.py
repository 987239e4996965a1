"""Message files: complete, documented, and safe to fill with user text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.dashboard.view import FLAG_ORDER
from bot.i18n import I18N_DIR, Messages, read_message_file
from bot.render import TEMPLATES_DIR, Wikitext

en = read_message_file(I18N_DIR / "en.json")
qqq = read_message_file(I18N_DIR / "qqq.json")


def test_every_english_message_is_documented_and_nothing_else() -> None:
    assert set(en) - set(qqq) == set(), "document these keys in qqq.json"
    assert set(qqq) - set(en) == set(), "qqq.json documents keys that en.json lacks"


def test_every_message_a_template_asks_for_exists_in_english() -> None:
    used: set[str] = set()
    for template in TEMPLATES_DIR.glob("*.j2"):
        used |= set(re.findall(r"msg\('([a-z0-9-]+)'[,)]", template.read_text(encoding="utf-8")))
    assert used, "the templates should use messages"
    assert used - set(en) == set()


def test_every_flag_has_a_label() -> None:
    assert {f"mentordashboard-flag-{flag}" for flag in FLAG_ORDER} <= set(en)


def test_unknown_key_raises_a_key_error_naming_the_key() -> None:
    with pytest.raises(KeyError, match="mentordashboard-no-such-thing"):
        Messages.load("en").text("mentordashboard-no-such-thing")


def test_params_are_substituted_in_order() -> None:
    messages = Messages(lang="en", texts={"k": "$2 before $1"})
    assert messages.text("k", "one", "two") == "two before one"


def test_params_are_escaped_but_message_markup_is_kept() -> None:
    messages = Messages(lang="en", texts={"k": "[[User:$1|$1]] has {{PLURAL:$2|one|many}}"})
    text = messages.text("k", "X]]{{y}}~~~~", 2)
    assert text.startswith("[[User:X&#93;&#93;&#123;&#123;y&#125;&#125;&#126;&#126;&#126;&#126;|")
    assert text.endswith("has {{PLURAL:2|one|many}}")
    assert isinstance(text, Wikitext)


def test_wikitext_params_are_not_escaped_again() -> None:
    messages = Messages(lang="en", texts={"k": "see $1"})
    assert messages.text("k", Wikitext("[[A]]")) == "see [[A]]"


def test_a_dollar_number_inside_a_param_is_not_substituted_again() -> None:
    messages = Messages(lang="en", texts={"k": "$1 and $2"})
    assert messages.text("k", "$2", "b") == "$2 and b"


def test_a_parameter_without_a_value_is_left_as_written() -> None:
    messages = Messages(lang="en", texts={"k": "$1 and $2"})
    assert messages.text("k", "a") == "a and $2"


def test_translation_overrides_english_and_english_fills_the_gaps(tmp_path: Path) -> None:
    (tmp_path / "en.json").write_text(json.dumps({"@metadata": {}, "a": "A", "b": "B"}), encoding="utf-8")
    (tmp_path / "de.json").write_text(json.dumps({"@metadata": {}, "a": "Ä"}), encoding="utf-8")
    messages = Messages.load("de-at", directory=tmp_path)
    assert (messages.text("a"), messages.text("b")) == ("Ä", "B")


def test_metadata_is_not_a_message() -> None:
    assert "@metadata" not in Messages.load("en").texts


def test_language_codes_that_are_not_codes_are_refused() -> None:
    with pytest.raises(ValueError):
        Messages.load("../../etc/passwd")


def test_right_to_left_languages_say_so() -> None:
    assert Messages.load("he").direction == "rtl"
    assert Messages.load("en").direction == "ltr"
