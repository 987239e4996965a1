"""The status page lists every problem on a line of its own, linking the page to fix."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.build.status import ProblemLine, StatusView, problem_line, settings_problems, status_pages
from bot.lifecycle.status import MentorStatus
from bot.model.problem import Problem, Said
from bot.model.titles import MentorTitles, SharedTitles, Titles
from bot.parse.growth_api import parse_growth_mentor_list
from bot.parse.mentor_settings import ReadSettings, parse_mentor_settings
from bot.render.i18n import Messages
from bot.render.pages import render_status
from tests.factories import mentor_status

TEXT = "mentordashboard-settings-shape"  # a message with one parameter
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
TITLES = Titles(
    bot="Bot",
    shutoff="User:Bot/Shutoff",
    settings="Project:Mentorship/Settings.json",
    mentor_list="Project:Mentorship/Mentors",
    status="User:Bot/Status",
    state="User:Bot/Mentorship state.json",
    shared=SharedTitles("Project:I", "Project:U", "Project:R", "Project:F"),
    optout="Template:No mentor",
    assignments_prefix="User:Bot/Assignments/",
    mentors={
        "Smith, John": MentorTitles(
            "User:Smith, John",
            "User talk:Smith, John",
            "User:Smith, John/Mentor dashboard",
            "User:Smith, John/Mentor dashboard/FAQ",
            "User:Smith, John/Mentor dashboard/Praise",
            "User:Smith, John/Mentor dashboard.json",
        )
    },
)
SUBPAGE = "Mentor dashboard.json"


def with_settings(name: str, text: str) -> MentorStatus:
    settings, problems = parse_mentor_settings(text)
    st = mentor_status(name)
    return replace(st, settings=ReadSettings(settings, None, tuple(problems)))


def test_each_settings_problem_names_the_mentors_settings_page() -> None:
    statuses = {
        "Typo": with_settings("Typo", '{"weight": 3, "praise": {"days": 0}}'),
        "Fine": with_settings("Fine", '{"weight": 2}'),
    }
    problems = settings_problems(statuses, SUBPAGE)
    assert [p.where for p in problems] == [f"User:Typo/{SUBPAGE}"] * 2
    assert any('"weight": 3' in p.message for p in problems)
    assert any('"praise.days": 0' in p.message for p in problems)


def test_mentors_without_settings_problems_give_no_lines() -> None:
    assert settings_problems({"A": mentor_status("A")}, SUBPAGE) == []


@pytest.mark.parametrize(
    ("where", "page", "rest"),
    [
        ("Project:Mentorship/Mentors, line 3", "Project:Mentorship/Mentors", ", line 3"),
        (
            "Project:Mentorship/Settings.json (revision 12 by Ann)",
            "Project:Mentorship/Settings.json",
            " (revision 12 by Ann)",
        ),
        (f"User:John (WMF)/{SUBPAGE}", f"User:John (WMF)/{SUBPAGE}", ""),
        ("assignments", None, "assignments"),
    ],
)
def test_the_page_at_the_start_of_where_is_found(where: str, page: str | None, rest: str) -> None:
    assert problem_line(Problem.of(where, TEXT, "m")) == ProblemLine(page, rest, Said.of(TEXT, "m"))


def test_a_known_title_wins_over_the_pattern_when_a_name_holds_a_comma() -> None:
    title = "User:Smith, John"
    assert problem_line(Problem.of(title, TEXT, "m"), [(title, title)]) == ProblemLine(
        title, "", Said.of(TEXT, "m")
    )
    assert problem_line(Problem.of(f"{title}, line 2", TEXT, "m"), [(title, title)]).rest == ", line 2"


def test_the_lifecycles_plain_words_link_the_page_they_mean() -> None:
    pages = status_pages(TITLES)
    assert problem_line(Problem.of("mentor list", TEXT, "m"), pages) == ProblemLine(
        TITLES.mentor_list, "", Said.of(TEXT, "m")
    )
    assert (
        problem_line(Problem.of("assignments", TEXT, "m"), pages).page
        == "Special:PrefixIndex/User:Bot/Assignments/"
    )
    line = problem_line(Problem.of("User:Smith, John/Mentor dashboard.json", TEXT, "m"), pages)
    assert line == ProblemLine("User:Smith, John/Mentor dashboard.json", "", Said.of(TEXT, "m"))


def test_the_rendered_page_links_each_page_once_per_line_and_escapes_the_message() -> None:
    problems = (
        Problem.of(f"User:Typo/{SUBPAGE}", TEXT, '"weight": 3 must be 0, 1, 2 or 4 [[Category:X]]'),
        Problem.of("assignments", TEXT, "page unreadable"),
    )
    view = StatusView("MentorBot", NOW, 1.0, 3, 1, (), 2, False, problems)  # no pages: no alias
    text = render_status(view, Messages.load("en"))
    lines = [line for line in text.splitlines() if line.startswith("* ")]
    assert len(lines) == 2
    assert lines[0].startswith("* [[:User&#58;Typo/Mentor dashboard.json|")
    assert "[[Category" not in text
    shape = "your settings page does not fit the expected shape"
    assert (
        lines[1] == f"* <bdi>assignments</bdi>: {shape}: <bdi>page unreadable</bdi>"
    )  # no page named, no link


@pytest.mark.parametrize(
    ("lang", "place"), [("en", "line 3"), ("cs", "řádek 3"), ("fr", "ligne 3"), ("ar", "السطر 3")]
)
def test_the_place_on_the_page_is_said_in_the_wikis_language(lang: str, place: str) -> None:
    problem = Problem.of(TITLES.mentor_list, TEXT, "m", at=Said.of("mentordashboard-where-line", 3))
    view = StatusView("MentorBot", NOW, 1.0, 3, 1, (), 2, False, (problem,))
    [line] = [line for line in render_status(view, Messages.load(lang)).splitlines() if line.startswith("* ")]
    link = "[[:Project&#58;Mentorship/Mentors|<bdi>Project&#58;Mentorship/Mentors</bdi>]]"
    assert line.startswith(f"* {link}{'، ' if lang == 'ar' else ', '}{place}: ")


def test_a_hostile_place_is_escaped_and_isolated() -> None:
    at = Said.of("mentordashboard-where-mentor", "x]]{{y}}\n== h ==")
    view = StatusView(
        "MentorBot", NOW, 1.0, 3, 1, (), 2, False, (Problem.of(TITLES.mentor_list, TEXT, "m", at=at),)
    )
    [line] = [line for line in render_status(view, Messages.load("en")).splitlines() if line.startswith("* ")]
    assert ', mentor "<bdi>x&#93;&#93;&#123;&#123;y&#125;&#125; &#61;&#61; h &#61;&#61;</bdi>": ' in line


def test_the_place_is_kept_when_a_name_links_the_page() -> None:
    at = Said.of("mentordashboard-where-line", 3)
    line = problem_line(Problem.of("mentor list", TEXT, "m", at=at), status_pages(TITLES))
    assert line == ProblemLine(TITLES.mentor_list, "", Said.of(TEXT, "m"), at)


def test_a_growthexperiments_list_problem_links_the_page_that_manages_mentors() -> None:
    parsed = parse_growth_mentor_list({"growthmentorlist": {"7": {}}})
    [line] = [problem_line(p, status_pages(TITLES)) for p in parsed.problems]
    assert (line.page, line.rest, line.at) == (
        "Special:ManageMentors",
        "",
        Said.of("mentordashboard-where-user-id", "7"),
    )
