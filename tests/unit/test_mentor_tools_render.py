"""M2 and the "not mentoring any more" page as wikitext: complete, and inert where users wrote."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.build.tools import DepartedPage, MentorTools
from bot.build.view import Dashboard
from bot.lifecycle.status import Ineligibility
from bot.model.journal import ClaimResult
from bot.render.i18n import Messages
from bot.render.pages import render_dashboard, render_departed

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
EN = Messages.load("en")


def tools(**kw: object) -> MentorTools:
    base: dict[str, object] = dict(
        mentor="Anna",
        status="active",
        away_until=None,
        weight=2,
        message="Hi",
        settings_title="User:Anna/Mentor dashboard.json",
        ineligible=(),
        claims=(),
        claims_at=None,
        example_away=date(2027, 1, 1),
        problems=(),
    )
    base.update(kw)
    return MentorTools(**base)  # type: ignore[arg-type]


def page(t: MentorTools) -> str:
    return render_dashboard(Dashboard(mentor="Anna", updated=NOW, recent_days=30, tools=t), EN)


def test_m2_shows_a_worked_example_for_each_action() -> None:
    text = page(tools())
    for example in (
        '{"claim": [',
        '{"status": "away", "away_until": "2027-01-01"}',
        '{"status": "quit"}',
        '{"message": ',
    ):
        assert example in text


def test_the_intro_message_cannot_add_markup() -> None:
    text = page(tools(message="{{Delete}} [[Category:X]] ~~~~"))
    assert "{{Delete}}" not in text and "[[Category:X]]" not in text and "~~~~" not in text
    assert "&#123;&#123;Delete&#125;&#125;" in text


def test_away_with_and_without_a_date() -> None:
    assert "'''away''' until 2026-12-24" in page(tools(status="away", away_until=date(2026, 12, 24)))
    assert "with no return date" in page(tools(status="away"))


def test_ineligibility_reasons_and_claim_results_are_listed() -> None:
    text = page(
        tools(
            ineligible=(Ineligibility("edits", (12, 500)),),
            claims=(ClaimResult("Newbie", "done", "Bert"), ClaimResult("Ghost", "no-such-user")),
            claims_at=NOW,
        )
    )
    assert "** it has 12 {{PLURAL:12|edit|edits}}, and mentors need at least 500" in text
    assert "=== Your latest claims (2026-11-25 12:00 UTC) ===" in text
    assert "* <bdi>Newbie</bdi>: now your mentee (their mentor was <bdi>Bert</bdi>)." in text
    assert "* <bdi>Ghost</bdi>: not claimed, because there is no such user." in text


def test_every_claim_outcome_and_ineligibility_has_a_message() -> None:
    from bot.lifecycle import plan as p
    from bot.lifecycle import status as mentors

    outcomes = list(p.ClaimOutcome)
    for outcome in outcomes:
        other = "-from" if outcome == p.ClaimOutcome.SUPERSEDED else ""
        assert f"mentordashboard-claim-{outcome}{other}" in EN.texts
    assert "mentordashboard-claim-done-from" in EN.texts
    for code in list(mentors.Ineligible):
        assert f"mentordashboard-ineligible-{code}" in EN.texts


def test_the_departed_page_links_the_kept_faq_page() -> None:
    text = render_departed(
        DepartedPage("Anna", "User:Anna/Mentor dashboard", "quit", "User:Anna/Mentor dashboard/FAQ"), EN
    )
    assert "is not mentoring any more" in text and "Mentor dashboard/FAQ|FAQ replies]]" in text
