"""Every word in the wiki's language, every user's run of text isolated (issue 20, items 4 and 5)."""

from __future__ import annotations

import re

import pytest

from bot.lifecycle.notices import notice_for
from bot.lifecycle.plan import summary_added, summary_removed
from bot.model.journal import NOTICE_REASSIGN, NOTICE_WELCOME, REASON_NEW, REASON_QUIT, Move
from bot.model.problem import Problem, Said
from bot.parse.mentor_list import parse_mentor_list
from bot.render.escape import Wikitext
from bot.render.i18n import Messages, read_message_file
from bot.render.installed import I18N_DIR
from bot.render.pages import page_link, section_link, user_link, user_name_link

EN = Messages.load("en")
TRANSLATED = ("cs", "ar", "fr")
ENGLISH = read_message_file(I18N_DIR / "en.json")
# Keys whose text is the same in every language: punctuation, or the one parameter shown as is.
SAME_EVERYWHERE = {
    "mentordashboard-summary-comma",
    "mentordashboard-summary-separator",
    "mentordashboard-where-at",
}


def test_a_text_parameter_is_isolated_where_it_is_shown_but_not_in_a_link_target() -> None:
    messages = Messages(lang="en", texts={"k": "[[User:$1|$1]] and [[:$2]] and {{PLURAL:$3|a|b}} $4"})
    text = messages.text("k", "Ann", "Page", "2", "Bob")
    shown = "[[User:Ann|<bdi>Ann</bdi>]] and [[:Page|<bdi>Page</bdi>]] and {{PLURAL:2|a|b}} <bdi>Bob</bdi>"
    assert text == shown


def test_numbers_and_markup_the_bot_made_are_not_isolated() -> None:
    messages = Messages(lang="en", texts={"k": "$1 · $2"})
    assert messages.text("k", 3, Wikitext("{{formatnum:4}}")) == "3 · {{formatnum:4}}"


def test_the_link_helpers_isolate_the_label_and_keep_the_target() -> None:
    name = "مستخدم (Ann)"
    assert user_link(name, EN).startswith(f"[[User:{name}|<bdi>{name}</bdi>]]")
    assert user_name_link(name) == f"[[User:{name}|<bdi>{name}</bdi>]]"
    assert page_link("Talk:A") == "[[:Talk&#58;A|<bdi>Talk&#58;A</bdi>]]"
    assert section_link("Talk:A", "h", "Hello world") == "[[Talk&#58;A#h|<bdi>Hello world</bdi>]]"


def test_plain_text_for_summaries_is_neither_escaped_nor_isolated() -> None:
    messages = Messages(lang="en", texts={"k": "from $1"})
    assert messages.plain("k", "A]]{{b}}\nc") == "from A]]{{b}} c"


def test_a_nested_message_is_rendered_in_the_same_language_and_escaped_once() -> None:
    said = Said.of(
        "mentordashboard-problem-template-user", "X]]", Said.of("mentordashboard-problem-name-empty")
    )
    cs = Messages.load("cs")
    assert (
        cs.said(said) == "user „<bdi>X&#93;&#93;</bdi>“ není uživatelské jméno: uživatelské jméno je prázdné"
    )
    assert Problem(where="p", said=said).message == 'user "X]]" is not a user name: the user name is empty'


def test_english_problem_text_expands_its_own_plurals() -> None:
    one = Said.of("mentordashboard-problem-assignments-orphans", "A", 1)
    two = Said.of("mentordashboard-problem-assignments-orphans", "A, B", 2)
    assert (Problem("p", one).message, Problem("p", two).message) == (
        "A now has no mentor",
        "A, B now have no mentor",
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_summary_protect_reason_and_problem_message_is_translated(lang: str) -> None:
    theirs = read_message_file(I18N_DIR / f"{lang}.json")
    prefixes = ("summary-", "problem-", "settings-", "where-", "dashboard-")
    mine = [k for k in ENGLISH if k.startswith(tuple(f"mentordashboard-{p}" for p in prefixes))]
    mine.append("mentordashboard-protect-reason")
    same = {
        k
        for k in mine
        if theirs[k] == ENGLISH[k] and k not in SAME_EVERYWHERE and re.sub(r"[$0-9:; ]", "", ENGLISH[k])
    }
    assert same == set(), f"{lang} keeps the English text of these"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_summaries_and_notices_come_out_in_the_wikis_language(lang: str) -> None:
    messages = Messages.load(lang)
    moves = [
        Move(1, "Newbie", "Anna", None, REASON_NEW, 1, NOTICE_WELCOME),
        Move(2, "Other", "Anna", "Cleo", REASON_QUIT, 1, NOTICE_REASSIGN),
    ]
    for words in (summary_added("Anna", moves, messages), summary_removed("Cleo", moves, messages)):
        english = (summary_added("Anna", moves, EN), summary_removed("Cleo", moves, EN))
        assert words not in english
    for move in moves:
        notice = notice_for(move, "", "User talk:" + move.name, messages, "P")
        assert notice.summary != notice_for(move, "", "User talk:x", EN, "P").summary
        assert notice.summary.startswith("P: ") and str(move.to) in notice.summary


def test_a_mentor_list_problem_reads_in_the_wikis_language() -> None:
    parsed = parse_mentor_list("* [[Talk:Foo]] | Hi", page="Project:M", user_namespaces=["User"])
    (problem,) = parsed.problems
    assert problem.message == '"* [[Talk:Foo]] | Hi" does not link to a user page'
    quoted = "<bdi>&#42; &#91;&#91;Talk&#58;Foo&#93;&#93; &#124; Hi</bdi>"
    assert Messages.load("fr").said(problem.said) == f"« {quoted} » ne renvoie pas vers une page utilisateur"
