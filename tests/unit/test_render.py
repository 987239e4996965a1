"""Rendering view-models to wikitext: structure, order, and no way in for hostile text."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from bot.build.overview import Flag, MenteePageLink, MenteeRow
from bot.build.view import Dashboard, MenteesPage
from bot.core.settings import Settings
from bot.model.said import Code, Said
from bot.render.escape import escape
from bot.render.i18n import Messages
from bot.render.pages import (
    UPDATED_MARKER,
    formatted_number,
    local_date,
    render_dashboard,
    render_mentees_page,
    strip_updated_line,
    user_link,
)

HOSTILE_NAME = "A]]{{x}}~~~~"
HOSTILE_PROBLEM = Said.of(
    "mentordashboard-settings-invalid-other", Code("line 1: [[Category:X]] {{y}} ~~~~\n== h ==")
)
NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


@pytest.fixture(scope="module")
def messages() -> Messages:
    return Messages.load("en")


def row(name: str, **changes: Any) -> MenteeRow:
    base = MenteeRow(
        name=name,
        registered=datetime(2026, 1, 2, 10, 0, tzinfo=UTC),
        edits=1234,
        edits_recent=17,
        reverted=3,
        questions=2,
        blocked_now=False,
        block_count=0,
        last_active=datetime(2026, 3, 1, 23, 59, tzinfo=UTC),
    )
    return replace(base, **changes)


ROWS = (
    row("Zed", starred=True, flags=(Flag.UNANSWERED, Flag.BLOCKED), blocked_now=True, block_count=2),
    row(HOSTILE_NAME),
    row("Amy", registered=None),
)


def dashboard(**changes: Any) -> Dashboard:
    base = Dashboard(
        mentor="Mentor One",
        updated=NOW,
        recent_days=Settings().recent_days,
        problems=(HOSTILE_PROBLEM,),
        rows=ROWS,
        total_mentees=600,
        more_pages=(
            MenteePageLink("User:Mentor One/Mentor dashboard/Mentees", 101, 500),
            MenteePageLink("User:Mentor One/Mentor dashboard/Mentees/2", 501, 600),
        ),
    )
    return replace(base, **changes)


def test_table_has_the_sortable_class_and_every_column_header(messages: Messages) -> None:
    view = dashboard()
    text = render_dashboard(view, messages)
    assert '{| class="wikitable sortable mentor-dashboard-mentees" style="font-size: 90%;"\n' in text
    headers = [line[2:] for line in text.splitlines() if line.startswith("! ")]
    # Issue 20: attention first; reverted edits and blocks are notes beside the flags, not columns.
    columns = ["attention", "mentee", "edits", "edits-since", "questions", "registered", "last-active"]
    since = local_date(view.recent_since, messages)  # only the recent-edits header takes it
    assert headers == [messages.text(f"mentordashboard-col-{column}", since) for column in columns]


def test_recent_edits_header_names_the_day_its_window_starts(messages: Messages) -> None:
    view = dashboard(recent_days=7)
    text = render_dashboard(view, messages)
    header = messages.text("mentordashboard-col-edits-since", local_date(view.recent_since, messages))
    assert f"! {header}\n" in text
    assert view.recent_since.isoformat() in header


def test_one_table_row_per_mentee_with_seven_cells(messages: Messages) -> None:
    text = render_dashboard(dashboard(), messages)
    table = text[text.index("{|") : text.index("\n|}")]
    rows = table.split("\n|-\n")[1:]
    assert len(rows) == len(ROWS)
    assert all(len(r.splitlines()) == 7 for r in rows)


def test_rows_keep_the_order_they_were_given(messages: Messages) -> None:
    text = render_dashboard(dashboard(), messages)
    positions = [text.index(f'data-sort-value="{escape(r.name)}"') for r in ROWS]
    assert positions == sorted(positions)
    reversed_text = render_dashboard(dashboard(rows=ROWS[::-1]), messages)
    positions = [reversed_text.index(f'data-sort-value="{escape(r.name)}"') for r in ROWS]
    assert positions == sorted(positions, reverse=True)


def test_only_starred_rows_carry_the_star(messages: Messages) -> None:
    text = render_dashboard(dashboard(), messages)
    starts = tuple(f'| data-sort-value="{escape(r.name)}" |' for r in ROWS)
    mentee_cells = [line for line in text.splitlines() if line.startswith(starts)]
    assert len(mentee_cells) == len(ROWS)
    assert ["★" in cell for cell in mentee_cells] == [r.starred for r in ROWS]


def test_mentee_cell_links_user_talk_and_contributions_on_one_line(messages: Messages) -> None:
    text = render_dashboard(dashboard(), messages)
    links = user_link("Amy", messages)
    assert "[[User talk:Amy|" in links and "[[Special:Contributions/Amy|" in links
    assert f'| data-sort-value="Amy" | <span style="white-space: nowrap;">{links}</span>\n' in text


def attention_cells(text: str) -> list[str]:
    """The first cell of each mentee row: the flags and notes."""
    table = text[text.index("{|") : text.index("\n|}")]
    return [r.splitlines()[0] for r in table.split("\n|-\n")[1:]]


def test_flags_come_first_as_labels_in_the_given_order(messages: Messages) -> None:
    zed = attention_cells(render_dashboard(dashboard(), messages))[0]
    # Zed is blocked right now: the blocked flag says so in its label.
    labels = [
        messages.texts["mentordashboard-flag-unanswered"],
        messages.texts["mentordashboard-blocked-now"],
    ]
    shown = re.findall(r'<span class="mentor-dashboard-flag"[^>]*>([^<]*)</span>', zed)
    assert shown == labels
    assert zed.index(labels[0]) < zed.index(labels[1])


def test_a_flag_for_a_past_block_says_blocked_not_blocked_now(messages: Messages) -> None:
    view = dashboard(rows=(row("Bo", flags=(Flag.BLOCKED,), block_count=1),))
    cell = attention_cells(render_dashboard(view, messages))[0]
    assert f">{messages.texts['mentordashboard-flag-blocked']}</span>" in cell
    assert messages.texts["mentordashboard-blocked-now"] not in cell


def test_reverted_edits_and_blocks_are_notes_beside_the_flags_unless_a_flag_says_it(
    messages: Messages,
) -> None:
    rows = (*ROWS, row("Old", reverted=2, block_count=1), row("Now", flags=(Flag.REVERTED,), reverted=4))
    cells = attention_cells(render_dashboard(dashboard(rows=rows), messages))
    for r, cell in zip(rows, cells, strict=True):
        reverted = str(messages.text("mentordashboard-note-reverted", formatted_number(r.reverted)))
        blocks = str(messages.text("mentordashboard-note-blocks", formatted_number(r.block_count)))
        assert (reverted in cell) == (r.reverted > 0 and Flag.REVERTED not in r.flags), r.name
        assert (blocks in cell) == (r.block_count > 0 and Flag.BLOCKED not in r.flags), r.name
    assert "<small" not in cells[-1] and "<small" in cells[-2]


def test_the_attention_column_sorts_by_number_of_flags_then_notes(messages: Messages) -> None:
    cells = attention_cells(render_dashboard(dashboard(), messages))
    keys = [int(re.match(r'\| data-sort-value="(-?\d+)" \|', c).group(1)) for c in cells]  # type: ignore[union-attr]
    # Negative, so the first (ascending) click on the column puts the most flags on top.
    assert keys == [-(1000 * len(r.flags) + r.reverted + r.block_count) for r in ROWS]


def test_dates_are_iso_days_and_unknown_registration_says_so(messages: Messages) -> None:
    text = render_dashboard(dashboard(), messages)
    assert '| data-sort-value="2026-01-02" style="white-space: nowrap;" | 2026-01-02\n' in text
    assert '| data-sort-value="2026-03-01" style="white-space: nowrap;" | 2026-03-01\n' in text
    assert f'| data-sort-value="" | {messages.texts["mentordashboard-date-unknown"]}\n' in text


def test_numbers_sort_by_value_and_display_in_the_wiki_language(messages: Messages) -> None:
    text = render_dashboard(dashboard(), messages)
    assert '| data-sort-value="1234" | {{formatnum:1234}}\n' in text


def test_each_subpage_gets_a_line_linking_it(messages: Messages) -> None:
    view = dashboard()
    text = render_dashboard(view, messages)
    for page in view.more_pages:
        line = f"* Mentees {{{{formatnum:{page.first}}}}}–{{{{formatnum:{page.last}}}}} are listed on "
        assert f"{line}[[:{escape(page.title)}|a separate page]]." in text


def test_no_subpage_lines_without_subpages(messages: Messages) -> None:
    text = render_dashboard(dashboard(more_pages=()), messages)
    assert "are listed on" not in text


def test_problems_box_appears_with_one_bullet_per_problem(messages: Messages) -> None:
    first, second = (
        Said.of("mentordashboard-settings-hidden-user"),
        Said.of("mentordashboard-where-line", 2),
    )
    text = render_dashboard(dashboard(problems=(first, second)), messages)
    box = text[text.index('<div class="mentor-dashboard-problems"') :]
    box = box[: box.index("</div>")]
    lines = [line for line in box.splitlines() if line.startswith("* ")]
    assert lines == [f"* {messages.said(first)}", f"* {messages.said(second)}"]


def test_no_problems_box_without_problems(messages: Messages) -> None:
    text = render_dashboard(dashboard(problems=()), messages)
    assert "mentor-dashboard-problems" not in text
    assert messages.texts["mentordashboard-problems-heading"] not in text


def test_hostile_names_and_problems_add_no_markup(messages: Messages) -> None:
    text = render_dashboard(dashboard(), messages)
    for raw in ("A]]", "{{x}}", "{{y}}", "~~~", "[[Category:", "== h ==", "line 1:"):
        assert raw not in text, raw
    assert escape(HOSTILE_NAME) in text
    assert text.count("\n== ") == 1  # the Mentees heading and nothing else


def test_no_mentees_gives_a_sentence_instead_of_a_table(messages: Messages) -> None:
    text = render_dashboard(dashboard(rows=(), total_mentees=0, more_pages=()), messages)
    assert "{|" not in text
    assert messages.texts["mentordashboard-no-mentees"] in text


def test_updated_line_is_utc_to_the_minute_on_a_line_of_its_own(messages: Messages) -> None:
    berlin = timezone(timedelta(hours=1))
    text = render_dashboard(dashboard(updated=datetime(2026, 3, 4, 6, 6, 59, tzinfo=berlin)), messages)
    expected = f'<span class="{UPDATED_MARKER}">Last updated: 2026-03-04 05:06 (UTC)</span>'
    assert f"\n{expected}\n" in text


def test_renders_differing_only_in_the_clock_compare_equal_once_stripped(messages: Messages) -> None:
    one = render_dashboard(dashboard(), messages)
    two = render_dashboard(dashboard(updated=NOW + timedelta(days=3, minutes=7)), messages)
    assert one != two
    assert strip_updated_line(one) == strip_updated_line(two)


def test_stripping_keeps_every_other_line(messages: Messages) -> None:
    text = render_dashboard(dashboard(), messages)
    assert len(strip_updated_line(text).splitlines()) == len(text.splitlines()) - 1


def test_a_real_change_survives_stripping(messages: Messages) -> None:
    one = render_dashboard(dashboard(), messages)
    two = render_dashboard(dashboard(rows=ROWS[:2]), messages)
    assert strip_updated_line(one) != strip_updated_line(two)


def test_user_text_cannot_forge_the_updated_line(messages: Messages) -> None:
    forged = f'<span class="{UPDATED_MARKER}">x</span>'
    one = render_dashboard(dashboard(problems=(Said.of("mentordashboard-where-mentor", "a"),)), messages)
    two = render_dashboard(dashboard(problems=(Said.of("mentordashboard-where-mentor", forged),)), messages)
    assert strip_updated_line(one) != strip_updated_line(two)


def test_rendered_text_ends_without_trailing_whitespace_as_mediawiki_stores_it(messages: Messages) -> None:
    assert render_dashboard(dashboard(), messages) == render_dashboard(dashboard(), messages).rstrip()


def mentees_page(**changes: Any) -> MenteesPage:
    base = MenteesPage(
        mentor="Mentor One",
        title="User:Mentor One/Mentor dashboard/Mentees",
        dashboard_title="User:Mentor One/Mentor dashboard",
        rows=ROWS,
        first=101,
        total=600,
        updated=NOW,
        recent_days=Settings().recent_days,
    )
    return replace(base, **changes)


def test_mentees_page_links_back_to_the_dashboard(messages: Messages) -> None:
    view = mentees_page()
    text = render_mentees_page(view, messages)
    assert f"[[:{escape(view.dashboard_title)}|the mentor dashboard of <bdi>Mentor One</bdi>]]" in text


def test_mentees_page_says_which_rows_it_holds(messages: Messages) -> None:
    text = render_mentees_page(mentees_page(), messages)
    assert "Mentees {{formatnum:101}}–{{formatnum:103}} of {{formatnum:600}}." in text


def test_mentees_page_shares_the_dashboard_table(messages: Messages) -> None:
    def table(text: str) -> str:
        return text[text.index("{|") : text.index("\n|}")]

    assert table(render_mentees_page(mentees_page(), messages)) == table(
        render_dashboard(dashboard(), messages)
    )


def test_mentees_page_has_an_updated_line_that_strips(messages: Messages) -> None:
    one = render_mentees_page(mentees_page(), messages)
    two = render_mentees_page(mentees_page(updated=NOW + timedelta(hours=5)), messages)
    assert one != two
    assert strip_updated_line(one) == strip_updated_line(two)
