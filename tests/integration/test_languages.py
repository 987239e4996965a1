"""The dashboard on Czech and Arabic wikis: their language, their dates, their direction.

Each wiki is created in its content language, so MediaWiki itself expands the mentee's
``~~~~`` in that language and renders ``{{PLURAL}}``, ``{{formatnum}}`` and ``{{#dateformat}}``.
Expected text comes from the seed, the message files the bot ships and MediaWiki's own
messages (month names), never from the bot's output.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import language_screenshots as screenshot
import localwiki
import pytest
import pywikibot
from wikiseed import UserSpec, Wiki

from bot.model.assignment import day_number
from bot.render.i18n import Messages
from tests.integration.botrun import run_bot, save_assignment_pages, site_of
from tests.integration.wikiconfig import served_wiki

pytestmark = pytest.mark.wiki

MW = os.environ.get("MW") or localwiki.DEFAULT_MW
MENTOR, OTHER = "Mentor Mila", "Mentor Omar"
ASKER, QUIET = "Asking Ada", "Quiet Quentin"
QUESTION = "Jak vložím obrázek? / كيف أضيف صورة؟"
MONTHS = (
    "january", "february", "march", "april", "may_long", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


@dataclass
class Seeded:
    lang: str
    wiki: Wiki
    registered: datetime  # both mentees registered then


def dashboard(mentor: str) -> str:
    return f"User:{mentor}/Mentor dashboard"


def run_pass(site: Any, only: tuple[str, ...] = ()) -> None:
    run_bot(site=site, only=only, cache_dir=Path(tempfile.mkdtemp(prefix="mentor-dashboard-lang-state-")))


@pytest.fixture(scope="module", params=("cs", "ar"))
def seeded(request: pytest.FixtureRequest) -> Iterator[Seeded]:
    """A wiki in LANG with two mentors; a mentee of the first asks a question, signed by MediaWiki."""
    lang: str = request.param
    with served_wiki(f"mdlang{lang}", MW, lang) as name:
        wiki = Wiki(name)
        registered = datetime.now(UTC) - timedelta(days=40)
        ids = wiki.create_users(
            [
                UserSpec(MENTOR, editcount=1000, registered=registered - timedelta(days=400)),
                UserSpec(OTHER, editcount=1000, registered=registered - timedelta(days=400)),
                UserSpec(ASKER, registered=registered),
                UserSpec(QUIET, registered=registered),
            ]
        )
        entries = "".join(f"{{{{Mentor list entry|user={m}}}}}\n" for m in (MENTOR, OTHER))
        wiki.admin().edit("Project:Mentorship/Mentors", entries)
        wiki.session_for(ASKER).new_section(f"User talk:{MENTOR}", QUESTION, "Help, please.")
        wiki.session_for(QUIET).edit(f"User:{QUIET}", "Hello.")  # active: edited today

        site = site_of(name)
        day = day_number(datetime.now(UTC).date())
        days_of = {MENTOR: dict.fromkeys((ids[ASKER], ids[QUIET]), day), OTHER: {}}
        save_assignment_pages(days_of, site=site, summary="seed")
        run_pass(site)
        yield Seeded(lang, wiki, registered)


def parse(s: Seeded, title: str) -> dict[str, Any]:
    result: dict[str, Any] = s.wiki.api(action="parse", page=title, prop="text|sections")["parse"]
    return result


def test_the_dashboard_headings_are_in_the_wiki_language(seeded: Seeded) -> None:
    messages = Messages.load(seeded.lang)
    lines = {sec["line"] for sec in parse(seeded, dashboard(MENTOR))["sections"]}
    for key in ("mentees-heading", "questions-heading", "impact-heading", "tools-heading"):
        assert messages.texts[f"mentordashboard-{key}"] in lines, key


def test_no_message_is_missing_or_left_unrendered(seeded: Seeded) -> None:
    for title in (dashboard(MENTOR), "Project:Mentorship/Dashboards", f"User:{localwiki.BOT_USER}/Status"):
        text = parse(seeded, title)["text"]
        for leftover in ("⧼", "mentordashboard-", "{{PLURAL", "{{formatnum", "{{#dateformat", "$1"):
            assert leftover not in text, (title, leftover)


def test_a_question_signed_in_the_wiki_language_is_on_the_dashboard(seeded: Seeded) -> None:
    text = parse(seeded, dashboard(MENTOR))["text"]
    table = text[text.index("mentor-dashboard-questions") :]
    assert html.escape(QUESTION, quote=False) in table[: table.index("</table>")]


def test_page_direction_follows_the_language(seeded: Seeded) -> None:
    rtl = seeded.lang == "ar"
    direction = "rtl" if rtl else "ltr"
    general = seeded.wiki.api(action="query", meta="siteinfo", siprop="general")["query"]["general"]
    assert bool(general.get("rtl")) is rtl  # MediaWiki lays the whole page out in this direction
    text = parse(seeded, dashboard(MENTOR))["text"]
    assert (
        f'<div class="mentor-dashboard mw-content-{direction}" lang="{seeded.lang}" dir="{direction}">'
        in text
    )
    if not text.startswith('<div class="mw-parser-output">'):  # 1.39 leaves out the direction here
        assert text.startswith(f'<div class="mw-content-{direction} mw-parser-output"')


def test_dates_are_written_by_mediawiki_and_still_sort_by_iso_date(seeded: Seeded) -> None:
    day = seeded.registered.date()
    text = parse(seeded, dashboard(MENTOR))["text"]
    assert f'data-sort-value="{day.isoformat()}"' in text
    fmt = Messages.load(seeded.lang).date_format
    if fmt == "ISO 8601":
        # The cell's other attributes (M1's dates carry a nowrap style) may follow the sort key.
        assert re.search(rf'data-sort-value="{day.isoformat()}"[^>]*>\s*{day.isoformat()}\s*<', text)
        return
    month_key = MONTHS[day.month - 1]
    month = seeded.wiki.api(action="query", meta="allmessages", ammessages=month_key, amlang=seeded.lang)
    month_name = month["query"]["allmessages"][0]["content"]
    shown = re.search(rf'<span class="mw-formatted-date" title="{day.isoformat()}">([^<]*)</span>', text)
    assert shown is not None
    assert month_name in shown[1]


def test_the_language_setting_overrides_the_wiki_language(seeded: Seeded) -> None:
    if seeded.lang != "cs":
        pytest.skip("one override is enough")
    seeded.wiki.admin().edit("Project:Mentorship/Settings.json", '{"language": "fr"}')
    site = pywikibot.Site(seeded.lang, f"mdlang{seeded.lang}")
    run_pass(site, only=(OTHER,))  # only OTHER's page changes, so the other tests see cs pages
    parsed = parse(seeded, dashboard(OTHER))
    assert Messages.load("fr").texts["mentordashboard-mentees-heading"] in {
        s["line"] for s in parsed["sections"]
    }
    assert '<div class="mentor-dashboard mw-content-ltr" lang="fr" dir="ltr">' in parsed["text"]


def test_a_browser_renders_the_right_to_left_dashboard(seeded: Seeded, tmp_path: Path) -> None:
    if seeded.lang != "ar":
        pytest.skip("the screenshot is of the right-to-left page")
    if screenshot.chromium() is None:
        pytest.skip("chromium is not installed; `make screenshots-lang` needs it too")
    url = f"{seeded.wiki.base_url}/index.php?title={dashboard(MENTOR).replace(' ', '_')}"
    out = screenshot.take(url, tmp_path / "dashboard-ar.png")
    assert screenshot.png_size(out) == screenshot.WINDOW
