"""The escaper is the only thing between a hostile user name and a mentor's page."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.render.escape import Wikitext, escape
from bot.render.i18n import Messages
from bot.render.pages import user_link

# What escape() may write: decimal character references and &amp;. Removing them must leave
# none of the dangerous characters, no four dashes, no magic-link keyword, no leading space.
REFERENCE = re.compile(r"&#[0-9]+;|&amp;")

# Each hostile input with the raw sequences that would make it act as markup.
HOSTILE: dict[str, tuple[str, ...]] = {
    "~~~~": ("~~~",),
    "~~~": ("~~~",),
    "{{x}}": ("{{", "}}"),
    "{{{1}}}": ("{{", "}}"),
    "[[Category:X]]": ("[[", "]]", "Category:"),
    "[[x]]": ("[[", "]]"),
    "[http://e.com x]": ("[", "]", "http:"),
    "http://e.com": ("http:", "://"),
    "</nowiki>": ("<", ">"),
    "<nowiki>": ("<", ">"),
    "<ref>x</ref>": ("<", ">"),
    "|": ("|",),
    "||": ("|",),
    "!!": ("!",),
    "{|": ("{|", "{"),
    "|}": ("|}", "|"),
    "|-": ("|",),
    "__NOTOC__": ("__", "_"),
    "'''b'''": ("''", "'"),
    "* list": ("*",),
    "# list": ("#",),
    ": indent": (":",),
    "; term": (";",),
    "== h ==": ("=",),
    "----": ("----",),
    "&#126;": ("&#126;",),
    "a\n[[Category:X]]": ("\n", "[[", "Category:"),
    "a\r\n* b": ("\r", "\n", "*"),
    "RFC 123": ("RFC",),
    "ISBN 9780000000000": ("ISBN",),
    "PMID 1234": ("PMID",),
    "-{zh:x}-": ("-{", "}-"),
}
DISPLAYED_AS_IS = [*HOSTILE, "&amp;", " leading space", "Tom & Jerry"]


@pytest.mark.parametrize("hostile", list(HOSTILE))
def test_hostile_input_keeps_none_of_its_markup(hostile: str) -> None:
    # "#" and ";" are legitimately part of the references themselves, so look between them.
    outside_references = REFERENCE.sub("\x00", escape(hostile))
    for sequence in HOSTILE[hostile]:
        assert sequence not in outside_references, f"{sequence!r} survived in {escape(hostile)!r}"


@pytest.mark.parametrize("hostile", DISPLAYED_AS_IS)
def test_hostile_input_still_displays_as_itself(hostile: str) -> None:
    assert html.unescape(escape(hostile)) == re.sub(r"[\r\n]+", " ", hostile)


def test_existing_entity_is_shown_literally_not_decoded() -> None:
    assert escape("&#126;") == "&amp;&#35;126&#59;"
    assert escape("&amp;") == "&amp;amp&#59;"


def test_ampersand_becomes_a_named_reference() -> None:
    assert escape("Tom & Jerry") == "Tom &amp; Jerry"


def test_line_breaks_collapse_to_one_space() -> None:
    assert escape("a\r\n\n\rb\nc") == "a b c"


def test_value_cannot_start_a_preformatted_line() -> None:
    assert not escape(" x").startswith(" ")


def test_plain_text_is_left_readable() -> None:
    assert escape("Newbie 42 (from Paris), done.") == "Newbie 42 (from Paris), done."


def test_wikitext_passes_through_unchanged() -> None:
    markup = Wikitext("[[User:A|A]]")
    assert escape(markup) is markup


def test_non_string_values_are_escaped_as_their_text() -> None:
    assert escape(42) == "42"
    assert escape(date(2024, 1, 2)) == "2024-01-02"


def test_none_is_refused_rather_than_printed() -> None:
    with pytest.raises(TypeError):
        escape(None)


def test_escaped_text_is_not_trusted_by_mistake_when_concatenated() -> None:
    assert type(escape("a") + "b") is str


# The characters that start markup anywhere in running text or a table cell.
DANGEROUS = set("[]{}|<>~'=:*#;!_\"%\n\r&")


@given(st.text())
def test_escaped_text_has_markup_characters_only_inside_references(text: str) -> None:
    escaped = escape(text)
    rest = REFERENCE.sub("", escaped)
    assert not DANGEROUS & set(rest)
    assert "----" not in escaped
    assert not re.search(r"rfc|pmid|isbn", escaped, re.IGNORECASE)
    assert not escaped.startswith(" ")


@given(st.text())
def test_escaped_text_displays_as_the_input_with_line_breaks_collapsed(text: str) -> None:
    assert html.unescape(escape(text)) == re.sub(r"[\r\n]+", " ", text)


@given(st.text())
def test_escaping_escaped_wikitext_changes_nothing(text: str) -> None:
    once = escape(text)
    assert escape(once) == once


def test_user_link_escapes_name_in_targets_and_label() -> None:
    link = user_link("Ann: RFC 1", Messages.load("en"))
    assert link.startswith("[[User:Ann&#58; &#82;FC 1|<bdi>Ann&#58; &#82;FC 1</bdi>]]")
    assert "[[User talk:Ann&#58; &#82;FC 1|talk]]" in link
    assert "[[Special:Contributions/Ann&#58; &#82;FC 1|contribs]]" in link


def test_user_link_shows_a_name_that_cannot_be_a_title_as_text() -> None:
    assert user_link("A]]{{x}}", Messages.load("en")) == f"<bdi>{escape('A]]{{x}}')}</bdi>"
