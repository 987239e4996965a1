"""The opt-in message to mentors, and the thank link on the latest edits: the pure parts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.build.alerts import AlertLine, Alerts
from bot.build.attention import NeedsYou, Shortlist
from bot.build.digest import Digest, DigestEdit, build_digest
from bot.build.ping import current_period, ping_view
from bot.build.view import Dashboard
from bot.model.alerts import Fate, PageAlert
from bot.model.problem import english
from bot.parse.mentor_settings import WEEKDAYS, MentorSettings, Notify, parse_mentor_settings
from bot.render.i18n import Messages
from bot.render.pages import page_link, render_dashboard, render_ping, user_name_link
from tests import factories as make

THURSDAY = date(2026, 12, 3)
MESSAGES = Messages.load("en")
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def needs(praise: tuple[str, ...] = ("Newbie",), blocked: tuple[str, ...] = ()) -> NeedsYou:
    return NeedsYou(
        overdue=(),
        overdue_total=0,
        blocked=Shortlist.of(blocked),
        warned=Shortlist.of(()),
        praise=Shortlist.of(praise),
    )


def test_notify_is_off_unless_the_mentor_asks() -> None:
    settings, problems = parse_mentor_settings(json.dumps({"status": "active"}))
    assert (settings.notify, problems) == (Notify.OFF, [])
    assert current_period(settings, THURSDAY) is None


@pytest.mark.parametrize("day", WEEKDAYS)
def test_a_weekly_period_starts_on_the_chosen_day_at_or_before_today(day: str) -> None:
    settings, problems = parse_mentor_settings(json.dumps({"notify": "weekly", "notify_day": day}))
    assert problems == []
    period = current_period(settings, THURSDAY)
    assert period is not None
    assert period.first_day.strftime("%A").lower() == day
    assert 0 <= (THURSDAY - period.first_day).days < 7
    assert period.start == datetime.combine(period.first_day, datetime.min.time(), UTC)


def test_a_weekly_period_without_a_day_starts_on_monday_and_keeps_its_key_all_week() -> None:
    settings, _ = parse_mentor_settings(json.dumps({"notify": "weekly"}))
    keys = {p.key for d in range(7) if (p := current_period(settings, date(2026, 11, 30) + timedelta(d)))}
    assert keys == {"ping:weekly:2026-11-30"}
    nxt = current_period(settings, date(2026, 12, 7))
    assert nxt is not None and nxt.key == "ping:weekly:2026-12-07"


def test_a_daily_period_is_the_day() -> None:
    period = current_period(MentorSettings(notify=Notify.DAILY), THURSDAY)
    assert period is not None and period.key == "ping:daily:2026-12-03"
    assert period.marker == "<!-- mentor-dashboard-notice ping:daily:2026-12-03 -->"


def test_a_wrong_notify_value_is_dropped_and_explained() -> None:
    settings, problems = parse_mentor_settings(json.dumps({"notify": "hourly", "notify_day": "Funday"}))
    assert settings.notify is Notify.OFF and settings.notify_day == 0
    assert any(english(p).startswith('"notify": "hourly"') for p in problems)
    assert any(english(p).startswith('"notify_day": "Funday"') for p in problems)


def test_nothing_to_say_means_no_message() -> None:
    settings = MentorSettings(notify=Notify.DAILY)
    kw = {"dashboard": "User:M/Mentor dashboard", "settings_page": "User:M/Mentor dashboard.json"}
    assert ping_view("M", settings, None, overdue_days=2, today=THURSDAY, **kw) is None
    assert ping_view("M", MentorSettings(), needs(), overdue_days=2, today=THURSDAY, **kw) is None
    assert ping_view("M", settings, needs(), overdue_days=2, today=THURSDAY, **kw) is not None


def rendered(settings: MentorSettings, waiting: NeedsYou) -> str:
    """The message M's settings and what waits give, as the talk page gets it."""
    view = ping_view(
        "M",
        settings,
        waiting,
        dashboard="User:M/Mentor dashboard",
        settings_page="User:M/Mentor dashboard.json",
        overdue_days=2,
        today=THURSDAY,
    )
    assert view is not None
    return render_ping(view, MESSAGES)


def test_the_message_names_who_waits_and_links_the_dashboard_and_the_settings() -> None:
    text = rendered(
        MentorSettings(notify=Notify.WEEKLY), needs(praise=("Good ~~~~ One",), blocked=("Blocked One",))
    )
    assert "M/Mentor dashboard|<bdi>" in text and "M/Mentor dashboard.json|<bdi>" in text
    assert "Blocked One" in text and "Ready for a word of praise:" in text
    assert "~~~~" not in text  # a hostile name adds no signature


def digest_edit(revid: int, *, praiseworthy: bool = False) -> DigestEdit:
    return DigestEdit("Newbie", revid, "Page", NOW, "c", False, (), praiseworthy)


def page(d: Digest) -> str:
    return render_dashboard(Dashboard(mentor="M", updated=NOW, recent_days=30, digest=d), MESSAGES)


def test_the_thank_link_is_on_every_latest_edit_only_where_the_wiki_has_thanks() -> None:
    edits = (digest_edit(41), digest_edit(42))
    with_thanks = page(Digest(date(2026, 11, 30), 0, 0, 0, 0, edits, thanks=True))
    assert "[[Special:Thanks/41|thank]]" in with_thanks and "[[Special:Thanks/42|thank]]" in with_thanks
    without = page(Digest(date(2026, 11, 30), 0, 0, 0, 0, edits))
    assert "Special:Thanks" not in without and "[[Special:Diff/41|diff]]" in without


def test_edits_of_praiseworthy_mentees_are_marked_unless_reverted() -> None:
    stood = make.edit(51, NOW - timedelta(hours=1), user="Good")
    undone = make.edit(52, NOW - timedelta(hours=2), user="Good", tags=("mw-reverted",))
    other = make.edit(53, NOW - timedelta(hours=3), user="Other")
    facts = [
        make.mentee(
            make.wiki_user("Good", NOW - timedelta(days=9), 3), make.window_activity((stood, undone))
        ),
        make.mentee(make.wiki_user("Other", NOW - timedelta(days=9), 1), make.window_activity((other,))),
    ]
    d = build_digest(
        facts,
        questions=(),
        now=NOW,
        window_start=NOW - timedelta(days=180),
        max_edits=10,
        praiseworthy=frozenset({"Good"}),
    )
    assert {e.revid: e.praiseworthy for e in d.edits} == {51: True, 52: False, 53: False}
    text = page(d)
    assert text.count("worth a thank") == 1


def test_a_page_up_for_deletion_is_in_the_message_with_its_section_link_on_the_dashboard() -> None:
    alert = PageAlert(Fate.TAGGED, "Draft of a newcomer", "Draft of a newcomer")
    alerts = Alerts(lines=(AlertLine("Newbie", alert),))
    text = rendered(
        MentorSettings(notify=Notify.DAILY), replace(needs(praise=(), blocked=("B",)), alerts=alerts)
    )
    tagged = MESSAGES.text("mentordashboard-alert-tagged", page_link(alert.title), user_name_link("Newbie"))
    assert f"* {tagged}" in text
    assert "M/Mentor dashboard#" in text and "[[#" not in text  # section links lead to the dashboard
