"""The dashboard in the order a mentor works from it, with "needs you now" on top (issue 20)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.build.attention import NAMES_PER_LINE
from bot.build.faq import PageRef
from bot.build.mentor_talk import mentor_talk_view
from bot.build.overview import Flag, MenteeRow
from bot.build.praise import praise_view
from bot.build.view import Dashboard
from bot.core.settings import Settings
from bot.model.praise import Praise, PraiseEntry, PraiseRules
from bot.render.i18n import Messages
from bot.render.pages import formatted_number as num
from bot.render.pages import render_dashboard, user_name_link
from tests import factories as make
from tests.unit.test_mentor_tools_render import tools

S = Settings()
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
EN = Messages.load("en")


def row(name: str, *flags: Flag) -> MenteeRow:
    return MenteeRow(name, NOW - timedelta(days=9), 5, 2, 0, 0, Flag.BLOCKED in flags, 0, NOW, flags=flags)


def talk(*asked_days_ago: int) -> object:
    questions = [make.question(f"Asker {i}", NOW - timedelta(days=d)) for i, d in enumerate(asked_days_ago)]
    return mentor_talk_view(
        facts=(),
        active=0,
        questions=questions,
        thanks=(),
        today=NOW.date(),
        faq=PageRef("User:M/Mentor dashboard/FAQ", True),
        community_faq=PageRef("Project:Mentorship/FAQ", False),
        resources=PageRef("Project:Mentorship/Resources", False),
        s=S,
    )


def praise(*names: str) -> object:
    entries = tuple(PraiseEntry(n, 9, 0, 20) for n in names)
    return praise_view(
        Praise(PraiseRules.of(S), entries), "User:M/Mentor dashboard/Praise", frozenset(), NOW.date()
    )


def dashboard(**kw: object) -> Dashboard:
    base = Dashboard(
        mentor="M", updated=NOW, recent_days=S.recent_days, rows=(row("Quiet"),), total_mentees=1
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def block(text: str) -> str:
    start = text.index('<div class="mentor-dashboard-needs-you"')
    return text[start : text.index("</div>", start)]


def test_a_quiet_week_has_no_needs_you_block() -> None:
    view = dashboard(talk=talk(0), praise=praise())  # one question, not overdue yet
    assert view.needs_you is None
    text = render_dashboard(view, EN)
    assert "mentor-dashboard-needs-you" not in text
    assert EN.texts["mentordashboard-needs-heading"] not in text


def test_overdue_questions_are_listed_oldest_first_with_a_count_of_the_rest() -> None:
    ages = [S.overdue_days + 1 + i for i in range(NAMES_PER_LINE + 2)] + [0]
    view = dashboard(talk=talk(*ages))
    n = view.needs_you
    assert n is not None
    overdue = len(ages) - 1  # all but the one asked today
    assert n.overdue_total == overdue
    assert len(n.overdue) == NAMES_PER_LINE
    assert [q.asked for q in n.overdue] == sorted(q.asked for q in n.overdue)
    text = block(render_dashboard(view, EN))
    line = next(x for x in text.splitlines() if x.startswith("* "))
    assert str(EN.text("mentordashboard-needs-overdue", num(overdue), num(S.overdue_days))) in line
    assert (
        sum(str(user_name_link(f"Asker {i}")) in line for i in range(len(ages)))
        == NAMES_PER_LINE
        == NAMES_PER_LINE
    )
    assert str(EN.text("mentordashboard-needs-more", num(overdue - NAMES_PER_LINE))) in line
    assert "[[#Unanswered questions|Unanswered questions]]" in line


def test_blocked_warned_and_praise_lines_name_the_mentees_and_link_the_section() -> None:
    rows = (row("Bo", Flag.BLOCKED), row("Wen", Flag.WARNED, Flag.REVERTED), row("Quiet"))
    text = block(render_dashboard(dashboard(rows=rows, praise=praise("Pia", "A]]{{x}}")), EN))
    lines = [x for x in text.splitlines() if x.startswith("* ")]
    assert lines[0].startswith(f"* {EN.texts['mentordashboard-needs-blocked']} {user_name_link('Bo')} (")
    assert lines[1].startswith(f"* {EN.texts['mentordashboard-needs-warned']} {user_name_link('Wen')} (")
    assert "Quiet" not in text
    assert "[[#Mentees|Mentees]]" in lines[0]
    assert lines[2].startswith(f"* {EN.texts['mentordashboard-needs-praise']} {user_name_link('Pia')}, ")
    assert user_name_link("A]]{{x}}") in lines[2] and "{{x}}" not in lines[2]
    assert "[[#Praise|Praise]]" in lines[2]


def test_sections_come_in_the_order_a_mentor_works_through_them() -> None:
    view = dashboard(
        rows=(row("Bo", Flag.BLOCKED),),
        talk=talk(S.overdue_days + 2),
        praise=praise("Pia"),
        tools=tools(),
    )
    text = render_dashboard(view, EN)
    headings = re.findall(r"^== (.*) ==$", text, re.M)
    keys = ["mentees", "questions", "faq", "praise", "tools", "impact", "resources"]
    assert headings == [EN.texts[f"mentordashboard-{k}-heading"] for k in keys]
    assert text.index("mentor-dashboard-needs-you") < text.index("\n== ")


def test_the_worked_json_examples_are_folded_away() -> None:
    text = render_dashboard(dashboard(tools=tools()), EN)
    fold = text[text.index('<div class="mw-collapsible mw-collapsed') :]
    assert fold.index('<div class="mw-collapsible-content">') < fold.index('{"status": "quit"}')
    assert text.count("<pre") == fold.count("<pre") == 6
