"""Pages in other languages: dates MediaWiki writes in the wiki's language, and right-to-left layout."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from bot.render.i18n import Messages
from bot.render.installed import TEMPLATES_DIR
from bot.render.pages import UPDATED_MARKER, render_dashboard, strip_updated_line
from tests.unit.test_mentor_tools_render import tools
from tests.unit.test_render import NOW, dashboard

FR = Messages.load("fr")
AR = Messages.load("ar")


def test_a_translated_language_shows_dates_through_core_dateformat() -> None:
    text = render_dashboard(dashboard(), FR)
    assert (
        '| data-sort-value="2026-01-02" style="white-space: nowrap;" | {{#dateformat:2026-01-02|dmy}}\n'
        in text
    )


def test_english_keeps_plain_iso_dates_with_no_parser_function() -> None:
    text = render_dashboard(dashboard(), Messages.load("en"))
    assert "#dateformat" not in text
    assert '| data-sort-value="2026-01-02" style="white-space: nowrap;" | 2026-01-02\n' in text


def test_sort_keys_stay_iso_whatever_the_language() -> None:
    text = render_dashboard(dashboard(), AR)
    assert (
        '| data-sort-value="2026-03-01" style="white-space: nowrap;" | {{#dateformat:2026-03-01|dmy}}\n'
        in text
    )
    assert 'data-sort-value="{{' not in text


def test_json_examples_keep_iso_dates_that_the_settings_page_accepts() -> None:
    text = render_dashboard(dashboard(tools=tools(example_away=date(2027, 1, 1))), FR)
    assert '{"status": "away", "away_until": "2027-01-01"}</pre>' in text


def test_json_examples_stay_left_to_right_on_a_right_to_left_page() -> None:
    """Bidi reordering would show ``{"claim": …}`` as ``{claim": …"}`` on an Arabic page."""
    text = render_dashboard(dashboard(tools=tools()), AR)
    examples = [line for line in text.splitlines() if line.startswith("<pre")]
    assert examples
    assert all(line.startswith('<pre dir="ltr">') for line in examples)


def test_an_away_date_is_written_by_mediawiki_in_the_wiki_language() -> None:
    text = render_dashboard(dashboard(tools=tools(status="away", away_until=date(2026, 12, 24))), FR)
    assert "'''absent''' jusqu'au {{#dateformat:2026-12-24|dmy}}." in text


def test_the_localised_updated_line_is_still_the_clock_only_line() -> None:
    one = render_dashboard(dashboard(updated=NOW), AR)
    two = render_dashboard(dashboard(updated=NOW + timedelta(days=3, minutes=7)), AR)
    line = next(x for x in one.splitlines() if UPDATED_MARKER in x)
    assert line.startswith(f'<span class="{UPDATED_MARKER}">')
    assert "{{#dateformat:2026-03-04|dmy}} 05:06" in line
    assert strip_updated_line(one) == strip_updated_line(two)


@pytest.mark.parametrize(("messages", "direction"), [(AR, "rtl"), (FR, "ltr")])
def test_the_page_wrapper_carries_language_and_direction(messages: Messages, direction: str) -> None:
    first = render_dashboard(dashboard(), messages).splitlines()[0]
    assert f'lang="{messages.lang}"' in first
    assert f'dir="{direction}"' in first
    # MediaWiki's own class: lists and floats flip with it even when the wiki's language differs.
    assert f"mw-content-{direction}" in first


def test_no_template_pins_a_physical_side() -> None:
    """Right-to-left pages mirror only what is logical: a left margin would stay on the left."""
    physical = re.compile(
        r"float|(margin|padding|border)-(left|right)|text-align:\s*(left|right)|\bleft:|\bright:"
    )
    for template in TEMPLATES_DIR.glob("*.j2"):
        assert physical.findall(template.read_text(encoding="utf-8")) == [], template.name
