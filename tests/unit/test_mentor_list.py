"""The mentor list parser: three formats, strict about what would mis-assign newcomers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.model.mentor import MESSAGE_LIMIT, MentorEntry, ParsedList
from bot.model.problem import Problem
from bot.parse.mentor_list import parse_mentor_list

PAGE = "Project:Mentorship/Mentors"
USER_NAMESPACES = ("User", "U", "Uživatel", "Wikipedista", "Wikipedistka")


def parse(text: str, **options: Any) -> ParsedList:
    options.setdefault("user_namespaces", USER_NAMESPACES)
    return parse_mentor_list(text, page=PAGE, **options)


def names(result: ParsedList) -> list[str]:
    return [mentor.username for mentor in result.mentors]


def at_line(line: int) -> str:
    return f"{PAGE}, line {line}"


def mentors_json(mentors: dict[str, object]) -> str:
    return json.dumps({"Mentors": mentors}, indent=4)


# --- the template format -----------------------------------------------------------------------


def test_template_entry_gives_user_weight_and_message() -> None:
    result = parse("{{Mentor list entry|user=Alice|weight=4|message=Ask me anything}}")

    assert result == ParsedList(
        mentors=(MentorEntry("Alice", 4, "Ask me anything", None, 1, None),),
        problems=(),
    )


def test_template_user_may_be_first_positional_parameter() -> None:
    result = parse("{{Mentor list entry|Alice|weight=1}}")

    assert [(m.username, m.weight) for m in result.mentors] == [("Alice", 1)]


def test_template_name_matches_with_lowercase_first_letter_and_underscores() -> None:
    result = parse("{{mentor_list_entry|user=Alice}}\n{{Template:Mentor list entry|user=Bob}}")

    assert names(result) == ["Alice", "Bob"]


def test_template_name_differing_after_first_letter_is_not_an_entry() -> None:
    result = parse("{{Mentor List Entry|user=Alice}}")

    assert result == ParsedList((), ())


def test_configured_template_names_are_the_only_ones_accepted() -> None:
    text = "{{Mentor|user=Alice}}\n{{Mentorka|user=Bea}}\n{{Mentor list entry|user=Carol}}"

    result = parse(text, template_names=("Mentor", "mentorka"))

    assert names(result) == ["Alice", "Bea"]


def test_template_without_weight_takes_default_weight() -> None:
    result = parse("{{Mentor list entry|user=Alice}}", default_weight=1)

    assert result.mentors[0].weight == 1


def test_weight_three_is_rejected_and_reported() -> None:
    result = parse("{{Mentor list entry|user=Alice|weight=4}}\n{{Mentor list entry|user=Bob|weight=3}}")

    assert names(result) == ["Alice"]
    assert [p.place for p in result.problems] == [at_line(2)]
    assert '"3"' in result.problems[0].message


def test_weight_in_words_is_rejected_and_reported() -> None:
    result = parse("{{Mentor list entry|user=Alice|weight=high}}")

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [at_line(1)]
    assert '"high"' in result.problems[0].message


def test_template_without_user_is_reported() -> None:
    result = parse("{{Mentor list entry|weight=2|message=Hi}}")

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [at_line(1)]


def test_template_unknown_parameter_is_reported_and_entry_kept() -> None:
    result = parse("{{Mentor list entry|user=Alice|wieght=4}}")

    assert [(m.username, m.weight) for m in result.mentors] == [("Alice", 2)]
    assert [p.place for p in result.problems] == [at_line(1)]
    assert '"wieght"' in result.problems[0].message


def test_template_over_several_lines_is_located_at_its_first_line() -> None:
    text = "== Mentors ==\n\n{{Mentor list entry\n| user = Alice\n| weight = 0\n}}"

    result = parse(text)

    assert result.mentors == (MentorEntry("Alice", 0, "", None, 3, None),)


def test_template_user_with_user_namespace_prefix_is_accepted() -> None:
    result = parse("{{Mentor list entry|user=Wikipedista:Alice}}")

    assert names(result) == ["Alice"]


def test_template_inside_a_list_item_is_read_once() -> None:
    result = parse("* {{Mentor list entry|user=Alice|message=Hi}}")

    assert result == ParsedList((MentorEntry("Alice", 2, "Hi", None, 1, None),), ())


# --- the legacy GrowthExperiments line ---------------------------------------------------------


def test_legacy_line_gives_user_and_message() -> None:
    result = parse("* [[User:Alice]] | Ask me about sources")

    assert result == ParsedList((MentorEntry("Alice", 2, "Ask me about sources", None, 1, None),), ())


def test_legacy_line_with_label_takes_message_after_the_link() -> None:
    result = parse("* [[User:Alice|Alice the Great]] | Hello")

    assert [(m.username, m.message) for m in result.mentors] == [("Alice", "Hello")]


def test_legacy_line_without_message_has_empty_message() -> None:
    result = parse("* [[User:Alice]]")

    assert [(m.username, m.message) for m in result.mentors] == [("Alice", "")]


def test_legacy_message_keeps_pipes_after_the_first() -> None:
    result = parse("* [[User:Alice]]|Ask me | or not")

    assert result.mentors[0].message == "Ask me | or not"


def test_legacy_line_takes_default_weight() -> None:
    result = parse("* [[User:Alice]] | Hi", default_weight=4)

    assert result.mentors[0].weight == 4


def test_legacy_line_with_localised_namespace_alias_is_accepted() -> None:
    result = parse("* [[Uživatel:Zdeněk]] | Ahoj\n* [[Wikipedistka:Jana]]")

    assert names(result) == ["Zdeněk", "Jana"]


@pytest.mark.parametrize(
    "link",
    ["[[user:Alice]]", "[[USER:Alice]]", "[[U:Alice]]", "[[ User : Alice ]]", "[[:User:Alice]]"],
)
def test_legacy_line_namespace_is_matched_like_mediawiki(link: str) -> None:
    result = parse(f"* {link} | Hi")

    assert names(result) == ["Alice"]


def test_namespace_aliases_given_with_underscores_match_links_with_spaces() -> None:
    result = parse("* [[Utilisateur local:Alice]]", user_namespaces=("Utilisateur_local",))

    assert names(result) == ["Alice"]


def test_namespace_not_given_by_the_site_is_not_a_user_namespace() -> None:
    result = parse("* [[Wikipedista:Alice]]", user_namespaces=("User",))

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [at_line(1)]


def test_legacy_line_linking_another_namespace_is_reported() -> None:
    result = parse("Intro.\n* [[Talk:Foo]] | Hi")

    assert result.mentors == ()
    assert [(p.place, p.message) for p in result.problems] == [
        (at_line(2), '"* [[Talk:Foo]] | Hi" does not link to a user page')
    ]


def test_legacy_line_linking_a_user_subpage_is_reported() -> None:
    result = parse("* [[User:Alice/Sandbox]]")

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [at_line(1)]
    assert "subpage" in result.problems[0].message


def test_bullet_without_link_is_reported() -> None:
    result = parse("* Alice, ask her anything")

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [at_line(1)]


def test_legacy_line_with_bold_link_is_accepted() -> None:
    result = parse("* '''[[User:Alice]]''' | Hi")

    assert [(m.username, m.message) for m in result.mentors] == [("Alice", "Hi")]


# --- what is not an entry ----------------------------------------------------------------------


def test_headings_prose_links_and_blank_lines_are_ignored_silently() -> None:
    text = "== Mentors ==\n\nSee [[User:Admin]] for help.\n:[[User:Indented]]\n#[[User:Numbered]]\n*\n"

    assert parse(text) == ParsedList((), ())


@pytest.mark.parametrize(
    "hidden",
    [
        "<!-- * [[User:Ghost]] | Hi -->",
        "<nowiki>* [[User:Ghost]] | Hi</nowiki>",
        "<pre>\n* [[User:Ghost]] | Hi\n</pre>",
        "<!--\n{{Mentor list entry|user=Ghost}}\n-->",
        "<nowiki>{{Mentor list entry|user=Ghost}}</nowiki>",
        "<PRE class='x'>{{Mentor list entry|user=Ghost}}</PRE>",
    ],
)
def test_entries_in_comments_nowiki_and_pre_are_ignored(hidden: str) -> None:
    result = parse(f"{hidden}\n* [[User:Alice]]")

    assert names(result) == ["Alice"]
    assert result.problems == ()


def test_unclosed_comment_hides_the_rest_of_the_page() -> None:
    result = parse("* [[User:Alice]]\n<!-- * [[User:Ghost]]\n* [[User:Ghost2]]")

    assert names(result) == ["Alice"]


def test_line_numbers_count_lines_inside_hidden_content() -> None:
    result = parse("<!--\n\n\n-->\n* [[User:Alice]]\n<pre>\n\n</pre>\n{{Mentor list entry|user=Bob}}")

    assert [m.line for m in result.mentors] == [5, 9]


def test_comment_inside_an_entry_is_dropped_from_its_message() -> None:
    result = parse("* [[User:Alice]] | Hi<!-- note for admins -->")

    assert result.mentors[0].message == "Hi"


# --- user names ----------------------------------------------------------------------------------


def test_usernames_are_normalised_like_mediawiki() -> None:
    result = parse("* [[User: alice__in   wonder_land ]]\n{{Mentor list entry|user=éva_k}}")

    assert names(result) == ["Alice in wonder land", "Éva k"]


@pytest.mark.parametrize(
    "hostile",
    ["Al#ice", "<script>", "Al<b>ice", "A]b", "A[b", "A}b", "A{{!}}b", "Alice/Sub", "Al\nice", "A\tb", "   "],
)
def test_hostile_usernames_are_skipped_and_reported(hostile: str) -> None:
    result = parse(f"{{{{Mentor list entry|user={hostile}}}}}\n{{{{Mentor list entry|user=Bob}}}}")

    assert names(result) == ["Bob"]
    assert [p.place for p in result.problems] == [at_line(1)]


def test_legacy_link_with_fragment_is_reported() -> None:
    result = parse("* [[User:Alice#About]]")

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [at_line(1)]


# --- messages ------------------------------------------------------------------------------------


def test_long_message_is_truncated_and_reported() -> None:
    message = "x" * (MESSAGE_LIMIT + 10)

    result = parse(f"* [[User:Alice]] | {message}")

    assert result.mentors[0].message == message[:MESSAGE_LIMIT]
    assert [p.place for p in result.problems] == [at_line(1)]


def test_message_of_exactly_the_limit_is_kept_whole_without_problem() -> None:
    message = "y" * MESSAGE_LIMIT

    result = parse(f"{{{{Mentor list entry|user=Alice|message= {message} }}}}")

    assert result == ParsedList((MentorEntry("Alice", 2, message, None, 1, None),), ())


# --- duplicates and mixed pages ----------------------------------------------------------------


def test_duplicate_mentor_keeps_first_and_reports_second() -> None:
    result = parse("* [[User:Alice]] | first\n* [[User:Bob]]\n* [[User:Alice]] | second")

    assert [(m.username, m.message) for m in result.mentors] == [("Alice", "first"), ("Bob", "")]
    assert [p.place for p in result.problems] == [at_line(3)]


def test_duplicates_are_found_across_formats_after_normalisation() -> None:
    result = parse("{{Mentor list entry|user=alice_b|weight=4}}\n* [[U:Alice b]] | again")

    assert [(m.username, m.weight) for m in result.mentors] == [("Alice b", 4)]
    assert [p.place for p in result.problems] == [at_line(2)]


def test_mixed_template_and_legacy_page_keeps_page_order() -> None:
    text = (
        "== Mentors ==\n"
        "* [[User:Alice]] | Hi\n"
        "{{Mentor list entry|user=Bob|weight=1}}\n"
        "* [[Wikipedista:Carol]]\n"
        "{{Mentor list entry|Dave|weight=0|message=Manual only}}\n"
    )

    result = parse(text)

    assert result.mentors == (
        MentorEntry("Alice", 2, "Hi", None, 2, None),
        MentorEntry("Bob", 1, "", None, 3, None),
        MentorEntry("Carol", 2, "", None, 4, None),
        MentorEntry("Dave", 0, "Manual only", None, 5, None),
    )
    assert result.problems == ()


def test_problems_come_in_page_order_across_formats() -> None:
    text = "{{Mentor list entry|user=A|weight=9}}\n* [[Talk:B]]\n{{Mentor list entry|user=C|weight=7}}"

    result = parse(text)

    assert [p.place for p in result.problems] == [at_line(1), at_line(2), at_line(3)]


# --- each entry read on its own terms ------------------------------------------------------------

CARRIER = "{{Mentor list entry|user=Carrier|weight=2|message=it''s me}}"


@pytest.mark.parametrize("later", ["''", "'''", "Ask ''any'' mentor.", "== '''Notes''' ==", "'''''"])
def test_apostrophes_in_an_entry_never_pair_with_later_lines(later: str) -> None:
    result = parse(f"{CARRIER}\n{{{{Mentor list entry|user=Anna}}}}\n{later}\n* [[User:Bob]] | it''s")

    assert result == ParsedList(
        (
            MentorEntry("Carrier", 2, "it''s me", None, 1, None),
            MentorEntry("Anna", 2, "", None, 2, None),
            MentorEntry("Bob", 2, "it''s", None, 4, None),
        ),
        (),
    )


@pytest.mark.parametrize("before", ["{{", "{{Other template|x=", "[[", "{|", "''", "<span>"])
def test_unclosed_markup_before_an_entry_does_not_swallow_it(before: str) -> None:
    result = parse(f"{before}\n{CARRIER}\n}}}}\n]]")

    assert result == ParsedList((MentorEntry("Carrier", 2, "it''s me", None, 2, None),), ())


def test_an_entry_nested_in_another_template_is_read() -> None:
    result = parse("{{Box|content=\n{{Mentor list entry|user=Alice}}\n}}")

    assert names(result) == ["Alice"]


def test_an_unclosed_entry_is_reported_by_its_line_and_the_next_is_read() -> None:
    result = parse("Intro\n{{Mentor list entry|user=Alice|message=hi }\n{{Mentor list entry|user=Bob}}")

    assert names(result) == ["Bob"]
    assert [p.place for p in result.problems] == [at_line(2)]
    assert "not closed" in result.problems[0].message and "next entry" in result.problems[0].message


def test_an_entry_unclosed_at_the_end_of_the_page_is_reported() -> None:
    result = parse("* [[User:Alice]]\n{{Mentor list entry|user=Bob|weight=1")

    assert names(result) == ["Alice"]
    assert [p.place for p in result.problems] == [at_line(2)]
    assert "the page ends" in result.problems[0].message


def test_a_closing_brace_inside_an_open_link_does_not_close_the_entry() -> None:
    result = parse("{{Mentor list entry|user=Alice|message=see [[Help:Intro|help}}")

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [at_line(1)]


def test_links_and_templates_inside_a_message_are_kept_whole() -> None:
    result = parse("{{Mentor list entry|user=Alice|message=see [[Help:Intro|help]] {{smiley}}|weight=4}}")

    assert result.mentors == (MentorEntry("Alice", 4, "see [[Help:Intro|help]] {{smiley}}", None, 1, None),)


def test_bullets_inside_a_multiline_entry_are_reported_not_dropped() -> None:
    # MediaWiki reads Bob's line as part of Alice's message: no entry of its own, so it is reported.
    result = parse("{{Mentor list entry|user=Alice|message=hi\n* [[User:Bob]]\n}}")

    assert names(result) == ["Alice"]
    assert [p.place for p in result.problems] == [at_line(2)]
    assert "line 1" in result.problems[0].message


def test_template_name_with_spaces_around_it_is_matched() -> None:
    result = parse("{{ mentor list entry \n| user = Alice\n}}")

    assert result.mentors == (MentorEntry("Alice", 2, "", None, 1, None),)


MARKUP = ["", "''", "'''", "'''''", "{{", "[[", "[", "{", "}}", "]]", "<span>", "<b>", "<ref>", "<!--x-->"]


@pytest.mark.parametrize("before", MARKUP)
@pytest.mark.parametrize("after", MARKUP)
def test_formatting_around_a_legacy_link_never_hides_it(before: str, after: str) -> None:
    result = parse(f"* {before}[[User:Alice]]{after} | hi")

    assert [(m.username, m.message) for m in result.mentors] == [("Alice", "hi")]


VALID_ENTRIES = st.sampled_from(
    [
        "{{Mentor list entry|user=Al|weight=4|message=it''s me}}",
        "{{Mentor list entry|Al|message='''hi''' [[Help:X|x]]}}",
        "* [[User:Al]] | it''s '''me",
        "* '''[[User:Al|Al]]''' | {{",
    ]
)
BROKEN_ENTRIES = st.sampled_from(
    [
        "{{Mentor list entry|user=Al|message=hi }",
        "{{Mentor list entry|user=Al|weight=3}}",
        "{{Mentor list entry|message=nobody}}",
        "{{Mentor list entry|user=Al|message=[[Help:X|x}}",
        "* [[Talk:Al]] | hi",
        "* Al, ask her",
        "* [[User:Al/Sub]]",
    ]
)
NOISE = st.sampled_from(
    ["''", "'''", "{{", "}}", "|", "[[", "]]", "<!-- x -->", "<nowiki>''</nowiki>", "== H ==", "{|", "|}", ""]
)


@given(
    lines=st.lists(
        st.tuples(st.sampled_from(["valid", "broken", "noise"]), VALID_ENTRIES, BROKEN_ENTRIES, NOISE),
        max_size=25,
    )
)
@settings(max_examples=300)
def test_every_line_that_looks_like_an_entry_becomes_a_mentor_or_a_problem(
    lines: list[tuple[str, str, str, str]],
) -> None:
    page, entry_lines, valid_templates = [], set(), set()
    for number, (kind, valid, broken, noise) in enumerate(lines, start=1):
        if kind == "noise":
            page.append(noise)
            continue
        entry_lines.add(number)
        name = f"User {number}"
        page.append((valid if kind == "valid" else broken).replace("Al", name))
        if kind == "valid" and page[-1].startswith("{{"):
            valid_templates.add(name)

    result = parse("\n".join(page))

    outcomes = {m.line for m in result.mentors} | {
        int(p.place.rsplit(", line ", 1)[1]) for p in result.problems if ", line " in p.place
    }
    assert entry_lines <= outcomes
    # A valid template stands alone whatever surrounds it (a bullet line may legitimately sit
    # inside an earlier entry that a stray "}}" closes, as MediaWiki reads it).
    assert valid_templates <= set(names(result))


# --- the JSON format -----------------------------------------------------------------------------


def test_json_page_gives_mentors_with_user_ids_in_page_order() -> None:
    text = mentors_json(
        {
            "42": {"username": "Zed", "message": "Hi", "weight": 4},
            "7": {"username": "Alice", "message": None, "weight": 0},
        }
    )

    result = parse(text)

    assert result == ParsedList(
        mentors=(MentorEntry("Zed", 4, "Hi", None, None, 42), MentorEntry("Alice", 0, "", None, None, 7)),
        problems=(),
    )


def test_json_content_model_is_read_as_json() -> None:
    text = "\n" + mentors_json({"1": {"username": "Alice", "weight": 2}})

    assert names(parse(text, content_model="json")) == ["Alice"]


def test_json_content_model_with_wikitext_reports_invalid_json() -> None:
    result = parse("* [[User:Alice]]", content_model="json")

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [PAGE]


def test_wikitext_starting_with_a_template_is_not_json() -> None:
    result = parse("  {{Mentor list entry|user=Bob}}\n* [[User:Alice]]")

    assert names(result) == ["Bob", "Alice"]
    assert result.problems == ()


def test_wikitext_starting_with_a_table_is_not_json() -> None:
    result = parse('{| class="wikitable"\n|-\n|}\n* [[User:Alice]]')

    assert names(result) == ["Alice"]
    assert result.problems == ()


def test_json_away_timestamp_is_read_as_utc() -> None:
    text = mentors_json({"1": {"username": "Alice", "weight": 2, "awayTimestamp": "20261224183005"}})

    away = parse(text).mentors[0].away_until

    assert away == datetime(2026, 12, 24, 18, 30, 5, tzinfo=UTC)
    assert away is not None and away.utcoffset() is not None


def test_json_null_away_timestamp_means_not_away() -> None:
    text = mentors_json({"1": {"username": "Alice", "weight": 2, "awayTimestamp": None}})

    assert parse(text).mentors[0].away_until is None


@pytest.mark.parametrize("stamp", ["2026-12-24", "20261324000000", 20261224000000, "tomorrow"])
def test_json_unreadable_away_timestamp_skips_the_mentor_and_is_reported(stamp: object) -> None:
    text = mentors_json({"1": {"username": "Alice", "weight": 2, "awayTimestamp": stamp}})

    result = parse(text)

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [f'{PAGE}, mentor "1"']


def test_broken_json_reports_line_and_column_and_lists_nobody() -> None:
    broken_line = '    "1": {"username": "Alice",}'
    text = '{\n  "Mentors": {\n' + broken_line + "\n  }\n}"

    result = parse(text)

    assert result.mentors == ()
    assert len(result.problems) == 1
    assert f"line 3, column {broken_line.index('}') + 1}" in result.problems[0].message


def test_json_entry_without_username_is_skipped_and_reported_by_key() -> None:
    text = mentors_json({"5": {"weight": 2}, "6": {"username": "Bob"}})

    result = parse(text)

    assert names(result) == ["Bob"]
    assert [p.place for p in result.problems] == [f'{PAGE}, mentor "5"']


@pytest.mark.parametrize("weight", ["2", True, 3, 2.0, None, [2]])
def test_json_weight_that_is_not_0_1_2_or_4_skips_the_mentor(weight: object) -> None:
    text = mentors_json({"5": {"username": "Alice", "weight": weight}})

    result = parse(text)

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [f'{PAGE}, mentor "5"']


def test_json_missing_weight_takes_default_weight() -> None:
    text = mentors_json({"5": {"username": "Alice"}})

    assert parse(text, default_weight=4).mentors[0].weight == 4


def test_json_message_of_wrong_type_skips_the_mentor() -> None:
    text = mentors_json({"5": {"username": "Alice", "message": 12}})

    result = parse(text)

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [f'{PAGE}, mentor "5"']


def test_json_long_message_is_truncated_and_reported() -> None:
    message = "z" * (MESSAGE_LIMIT + 1)
    text = mentors_json({"5": {"username": "Alice", "message": message}})

    result = parse(text)

    assert result.mentors[0].message == message[:MESSAGE_LIMIT]
    assert [p.place for p in result.problems] == [f'{PAGE}, mentor "5"']


@pytest.mark.parametrize("key", ["Alice", "-3", "0", "١٢"])
def test_json_key_that_is_not_a_user_id_is_reported(key: str) -> None:
    text = mentors_json({key: {"username": "Alice", "weight": 2}, "9": {"username": "Bob"}})

    result = parse(text)

    assert [(m.username, m.user_id) for m in result.mentors] == [("Bob", 9)]
    assert [p.place for p in result.problems] == [f'{PAGE}, mentor "{key}"']


def test_json_automatically_assigned_false_means_weight_zero() -> None:
    text = mentors_json({"5": {"username": "Alice", "weight": 4, "automaticallyAssigned": False}})

    assert parse(text).mentors[0].weight == 0


def test_json_automatically_assigned_true_keeps_weight() -> None:
    text = mentors_json({"5": {"username": "Alice", "weight": 1, "automaticallyAssigned": True}})

    assert parse(text).mentors[0].weight == 1


@pytest.mark.parametrize("data", [[], {"mentors": {}}, {"Mentors": []}, "Mentors"])
def test_json_without_a_mentors_object_is_reported(data: object) -> None:
    result = parse(json.dumps(data), content_model="json")

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [PAGE]


def test_json_empty_mentors_object_is_an_empty_list_without_problems() -> None:
    assert parse(mentors_json({})) == ParsedList((), ())


def test_json_same_username_under_two_ids_keeps_first() -> None:
    text = mentors_json({"3": {"username": "Alice"}, "4": {"username": "alice"}})

    result = parse(text)

    assert [(m.username, m.user_id) for m in result.mentors] == [("Alice", 3)]
    assert [p.place for p in result.problems] == [f'{PAGE}, mentor "4"']


def test_json_repeated_key_keeps_first_and_reports() -> None:
    text = '{"Mentors": {"3": {"username": "Alice"}, "3": {"username": "Bob"}}}'

    result = parse(text)

    assert names(result) == ["Alice"]
    assert [p.place for p in result.problems] == [f'{PAGE}, mentor "3"']


def test_json_unknown_fields_are_ignored() -> None:
    text = mentors_json({"3": {"username": "Alice", "weight": 1, "note": "x"}})

    assert parse(text) == ParsedList((MentorEntry("Alice", 1, "", None, None, 3),), ())


# --- the contract --------------------------------------------------------------------------------


def test_bad_default_weight_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="default_weight"):
        parse("", default_weight=3)


def test_problem_reads_as_where_then_what() -> None:
    problem = Problem.of(at_line(12), "mentordashboard-problem-json-not-object")
    assert str(problem) == f"{PAGE}, line 12: the entry is not an object, so it is skipped"


@given(text=st.text())
@settings(max_examples=300)
def test_any_text_parses_without_raising(text: str) -> None:
    assert isinstance(parse(text), ParsedList)


WIKITEXT_PIECES = st.sampled_from(
    [
        "*", "**", " ", "\n", "|", "[[", "]]", "{{", "}}", "=", ":", "<!--", "-->", "<nowiki>", "</nowiki>",
        "<pre>", "</pre>", "User:", "U:", "Talk:", "Mentor list entry", "user=", "weight=", "4", "3",
        "message=", "Alice", "é", "/", "#", "_",
    ]
)  # fmt: skip


@given(pieces=st.lists(WIKITEXT_PIECES, max_size=60))
@settings(max_examples=300)
def test_any_wikitext_shaped_text_parses_without_raising(pieces: list[str]) -> None:
    assert isinstance(parse("".join(pieces)), ParsedList)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
MENTOR_RECORDS = st.dictionaries(
    st.sampled_from(["username", "message", "weight", "automaticallyAssigned", "awayTimestamp", "x"]),
    JSON_VALUES | st.sampled_from([0, 1, 2, 4, "20261224000000", "Alice"]),
)
MENTOR_PAGES = st.fixed_dictionaries(
    {
        "Mentors": st.dictionaries(
            st.text(max_size=4) | st.integers(0, 99).map(str), MENTOR_RECORDS | JSON_VALUES
        )
    }
)


@given(
    data=MENTOR_PAGES | JSON_VALUES,
    cut=st.integers(min_value=0, max_value=400),
    content_model=st.sampled_from(["json", "wikitext"]),
)
@settings(max_examples=300)
def test_any_json_shaped_text_parses_without_raising(data: object, cut: int, content_model: str) -> None:
    text = json.dumps(data)

    assert isinstance(parse(text, content_model=content_model), ParsedList)
    assert isinstance(parse(text[:cut], content_model=content_model), ParsedList)


def test_json_nested_too_deeply_for_python_is_reported() -> None:
    result = parse("[" * 100_000 + "]" * 100_000, content_model="json")

    assert result.mentors == ()
    assert [p.place for p in result.problems] == [PAGE]
