"""``named_users``: a mentor missing from the parsed list still counts as listed while the page names them."""

from __future__ import annotations

import json

import pytest

from bot.parse.mentor_list import named_users

NAMES = ("Carrier", "Foo bar", "Anna", "مرشد")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("{{Mentor list entry|user=Carrier|message=it''s me", {"Carrier"}),  # broken entry
        ("<!-- * [[User:Carrier]] -->", {"Carrier"}),  # commented out
        ("<nowiki>{{Mentor list entry|user=foo_bar}}</nowiki>", {"Foo bar"}),  # underscores, lower case
        ("* [[User:Foo  bar]]", {"Foo bar"}),  # runs of spaces
        ("* [[User:Foo&nbsp;bar]] and [[User:carrier]]", {"Foo bar", "Carrier"}),
        ("[[User:Foo%20bar|x]]", {"Foo bar"}),
        ("&#67;arrier", {"Carrier"}),  # a character reference
        ("* [[User:مرشد]]", {"مرشد"}),
        ("", set()),
    ],
)
def test_the_page_names_a_user_in_any_spelling_of_their_name(text: str, named: set[str]) -> None:
    assert named_users(text, "wikitext", NAMES) == named


@pytest.mark.parametrize(
    "text", ["* [[User:Annabel]]", "* [[User:Hanna]]", "Carriers", "Foo barn", "Carrier2"]
)
def test_a_longer_word_containing_the_name_does_not_name_them(text: str) -> None:
    assert named_users(text, "wikitext", NAMES) == frozenset()


def test_a_longer_name_starting_with_the_name_counts_so_a_doubt_keeps_the_mentor() -> None:
    assert named_users("* [[User:Anna B]]", "wikitext", NAMES) == {"Anna"}


def test_later_letters_are_compared_exactly_as_mediawiki_does() -> None:
    assert named_users("* [[User:CARRIER]] [[User:Foo Bar]]", "wikitext", NAMES) == frozenset()


def test_json_escapes_are_decoded_surrogate_pairs_included() -> None:
    text = json.dumps({"Mentors": {"1": {"username": "مرشد"}, "2": {"username": "Zoë 😀"}}})  # ASCII only

    assert "\\u" in text
    assert named_users(text, "json", ("مرشد", "Zoë 😀", "Anna")) == {"مرشد", "Zoë 😀"}


def test_a_broken_json_page_still_names_its_users() -> None:
    text = '{"Mentors": {"7": {"username": "Foo_bar" "weight": 2}}'

    assert named_users(text, "json", NAMES) == {"Foo bar"}


def test_names_given_are_the_only_ones_looked_for() -> None:
    assert named_users("* [[User:Carrier]]", "wikitext", ()) == frozenset()
