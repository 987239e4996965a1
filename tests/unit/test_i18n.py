"""Message files: complete, documented, and safe to fill with user text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.build.overview import Flag
from bot.parse.site_settings import site_settings_schema
from bot.render.escape import Wikitext
from bot.render.i18n import _PARAMETER, DATE_FORMAT_KEY, DATE_FORMATS, Messages, read_message_file
from bot.render.installed import I18N_DIR, TEMPLATES_DIR

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
    assert {f"mentordashboard-flag-{flag}" for flag in Flag} <= set(en)


def test_unknown_key_raises_a_key_error_naming_the_key() -> None:
    with pytest.raises(KeyError, match="mentordashboard-no-such-thing"):
        Messages.load("en").text("mentordashboard-no-such-thing")


def test_params_are_substituted_in_order() -> None:
    messages = Messages(lang="en", texts={"k": "$2 before $1"})
    assert messages.text("k", "one", "two") == "<bdi>two</bdi> before <bdi>one</bdi>"


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
    assert messages.text("k", "$2", "b") == "<bdi>$2</bdi> and <bdi>b</bdi>"


def test_a_parameter_without_a_value_is_left_as_written() -> None:
    messages = Messages(lang="en", texts={"k": "$1 and $2"})
    assert messages.text("k", "a") == "<bdi>a</bdi> and $2"


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


# --- translations ----------------------------------------------------------------------------

SHIPPED = sorted(p.stem for p in I18N_DIR.glob("*.json") if p.stem not in ("en", "qqq"))
# How many forms {{PLURAL:}} takes in each language (MediaWiki's plural rules, from CLDR).
PLURAL_FORMS = {"en": 2, "cs": 3, "fr": 2, "ar": 6}
_PLURAL = re.compile(r"\{\{PLURAL:[^|}]*\|((?:[^{}]|\{\{[^{}]*\}\})*)\}\}")
_LINK_TARGET = re.compile(r"\[\[([^|\]]+)")


def translation(lang: str) -> dict[str, str]:
    return read_message_file(I18N_DIR / f"{lang}.json")


def test_cs_ar_and_fr_are_shipped() -> None:
    assert {"cs", "ar", "fr"} <= set(SHIPPED)


@pytest.mark.parametrize("lang", SHIPPED)
def test_a_shipped_language_has_exactly_the_english_keys(lang: str) -> None:
    messages = translation(lang)
    assert sorted(set(en) - set(messages)) == [], f"{lang}.json lacks these keys"
    assert sorted(set(messages) - set(en)) == [], f"{lang}.json has keys en.json doesn't"


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_english_parameter_appears_in_the_translation(lang: str) -> None:
    messages = translation(lang)
    lost = {
        key: sorted(set(_PARAMETER.findall(text)) - set(_PARAMETER.findall(messages.get(key, ""))))
        for key, text in en.items()
    }
    assert {key: params for key, params in lost.items() if params} == {}


@pytest.mark.parametrize("lang", ["en", *SHIPPED])
def test_plurals_have_the_forms_of_their_language(lang: str) -> None:
    expected = PLURAL_FORMS.get(lang)
    if expected is None:
        pytest.skip(f"add {lang}'s number of plural forms to PLURAL_FORMS")
    wrong = {
        key: len(forms.split("|"))
        for key, text in translation(lang).items()
        for forms in _PLURAL.findall(text)
        if len(forms.split("|")) != expected
    }
    assert wrong == {}, f"{lang} has {expected} plural forms"


@pytest.mark.parametrize("lang", SHIPPED)
def test_links_keep_their_targets_and_markup_stays_balanced(lang: str) -> None:
    messages = translation(lang)
    for key, text in en.items():
        theirs = messages[key]
        assert sorted(_LINK_TARGET.findall(theirs)) == sorted(_LINK_TARGET.findall(text)), key
        for opening, closing in (("[[", "]]"), ("{{", "}}"), ("<small>", "</small>")):
            assert theirs.count(opening) == theirs.count(closing), (key, opening)


@pytest.mark.parametrize("lang", ["en", *SHIPPED])
def test_the_date_format_is_one_mediawiki_knows(lang: str) -> None:
    assert translation(lang)[DATE_FORMAT_KEY] in DATE_FORMATS


def test_an_unknown_date_format_means_iso_dates() -> None:
    messages = Messages(lang="xx", texts={DATE_FORMAT_KEY: "dmy}}{{evil"})
    assert messages.date_format == "ISO 8601"


def test_the_language_setting_is_a_code_messages_can_load() -> None:
    pattern = site_settings_schema()["properties"]["language"]["pattern"]
    assert all(re.fullmatch(pattern, code) for code in ("", "cs", "pt-br"))
    assert not any(re.fullmatch(pattern, code) for code in ("../en", "EN", "c s"))
