"""Hidden wikitext, found once for both parsers: what is hidden, and how each caller fills it."""

from __future__ import annotations

import time

import pytest

from bot.parse.hidden import blank_hidden, drop_hidden, hidden_spans


@pytest.mark.parametrize(
    "text",
    [
        "<!-- x -->",
        "<nowiki>x</nowiki>",
        "<PRE>x</pre >",
        '<syntaxhighlight lang="text">x</syntaxhighlight>',
        "<source>x</source>",
        "<nowiki/>",
        "<nowiki />",
    ],
)
def test_each_kind_of_hidden_text_is_hidden_whole(text: str) -> None:
    assert list(hidden_spans(f"a{text}b")) == [(1, 1 + len(text))]


def test_a_comment_inside_nowiki_is_text_and_nowiki_inside_a_comment_is_comment() -> None:
    in_nowiki = "<nowiki><!--</nowiki>"
    assert list(hidden_spans(in_nowiki + "-->")) == [(0, len(in_nowiki))]
    in_comment = "<!--<nowiki>-->"
    assert list(hidden_spans(in_comment + "x</nowiki>")) == [(0, len(in_comment))]


def test_an_unclosed_comment_runs_to_the_end_and_an_unclosed_nowiki_hides_nothing() -> None:
    assert list(hidden_spans("a<!-- b\nc")) == [(1, 9)]
    assert list(hidden_spans("a<nowiki> b")) == []


def test_blanking_keeps_lines_and_columns() -> None:
    text = "a<!-- x\ny -->b"
    assert blank_hidden(text) == "a" + " " * 6 + "\n" + " " * 5 + "b"
    assert len(blank_hidden(text)) == len(text)


def test_dropping_keeps_lines_and_joins_the_text_around() -> None:
    assert drop_hidden("Al<!-- x -->ice\n<pre>\n\n</pre>Bob") == "Alice\n\n\nBob"


def test_many_unclosed_tags_cost_one_pass() -> None:
    text = "<nowiki> <pre> " * 20_000
    started = time.perf_counter()
    assert blank_hidden(text) == text
    assert time.perf_counter() - started < 2
