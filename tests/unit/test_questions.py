"""Question rules (ARCHITECTURE §6.4), M4 items, M5 figures and the revision cache, without a server."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.build.faq import faq_to_create
from bot.build.impact import mentor_impact
from bot.build.index import index_row, overdue_items
from bot.build.mentor_talk import with_question_counts
from bot.build.questions import (
    AskerRules,
    mentor_questions,
    plain_text,
    questions_by_asker,
    truncate,
    unanswered_items,
)
from bot.core.settings import Settings
from bot.model.talk import Asker, TalkPageThreads
from bot.model.user import Activity, WikiUser
from bot.parse.talk_threads import parse_threads
from bot.read.revcache import RevisionCache
from bot.render.pages import section_link, transclusion
from tests import factories as make
from tests.unit.test_talk_threads import RULES, stamp

MENTOR = "Mentor"
TODAY = date(2026, 5, 10)


def sig(user: str, day: int, hour: int, minute: int = 0) -> str:
    return f"[[User:{user}|{user}]] ([[User talk:{user}|talk]]) {stamp(day, hour, minute)}"


def talk(*lines: str, archived: bool = False, title: str = "User talk:Mentor") -> TalkPageThreads:
    return TalkPageThreads(MENTOR, title, 1, archived, parse_threads("\n".join(lines), RULES))


ASKERS = {
    "Ann": Asker("Ann", 10),
    "Ben": Asker("Ben", 11),
    "Stranger": Asker("Stranger", 99),
    "~2026-1": Asker("~2026-1", 50, temp=True),
    "Tia": Asker("Tia", 77, tagged_edits=(datetime(2026, 5, 3, 9, 0, 30, tzinfo=UTC),)),
    "Tmp": Asker("Tmp", 51, temp=True, tagged_edits=(datetime(2026, 5, 3, 9, 0, tzinfo=UTC),)),
}
RULES_ANN_BEN = AskerRules(frozenset({10, 11}), ASKERS)


def questions(*pages: TalkPageThreads) -> list:  # type: ignore[type-arg]
    return mentor_questions(pages, RULES_ANN_BEN, Settings().preview_chars)


def test_thread_opened_by_a_mentee_is_a_question() -> None:
    [q] = questions(talk("== Q ==", f"How? {sig('Ann', 1, 10)}"))
    assert (q.asker, q.asked, q.answered) == ("Ann", datetime(2026, 5, 1, 10, tzinfo=UTC), False)


def test_thread_opened_by_someone_who_is_not_a_mentee_is_not_a_question() -> None:
    assert questions(talk("== Q ==", f"Hi {sig('Stranger', 1, 10)}")) == []


def test_thread_whose_first_signature_is_the_mentor_is_not_a_question_even_if_a_mentee_replies() -> None:
    assert questions(talk("== Q ==", f"Welcome {sig(MENTOR, 1, 9)}", f":Thanks {sig('Ann', 1, 10)}")) == []


def test_temporary_accounts_never_ask_even_with_a_question_tag() -> None:
    text = talk("== Q ==", f"Hi {sig('Tmp', 3, 9)}", "== R ==", f"Hi {sig('~2026-1', 3, 9)}")
    assert questions(text) == []


def test_a_question_tag_makes_a_non_mentee_an_asker() -> None:
    [q] = questions(talk("== Question from [[User:Tia|Tia]] ==", f"Hi {sig('Tia', 3, 9)}"))
    assert q.tagged and q.asker == "Tia"


def test_a_question_tag_on_another_edit_does_not_count() -> None:
    assert questions(talk("== Q ==", f"Hi {sig('Tia', 4, 9)}")) == []


def test_any_later_comment_by_someone_else_answers_it_and_a_temporary_account_may_answer() -> None:
    [q] = questions(talk("== Q ==", f"How? {sig('Ann', 1, 10)}", f":Like this {sig('~2026-1', 1, 12)}"))
    assert q.answered and q.first_replier == "~2026-1" and not q.answered_by_mentor
    assert q.response_time == timedelta(hours=2)


def test_the_askers_own_follow_up_does_not_answer_it() -> None:
    [q] = questions(talk("== Q ==", f"How? {sig('Ann', 1, 10)}", f":Anyone? {sig('Ann', 1, 11)}"))
    assert not q.answered


def test_mentor_reply_after_someone_else_still_counts_as_answered_by_the_mentor() -> None:
    [q] = questions(
        talk("== Q ==", f"How? {sig('Ann', 1, 10)}", f":A {sig('Ben', 1, 11)}", f"::B {sig(MENTOR, 2, 8)}")
    )
    assert q.first_replier == "Ben" and q.mentor_reply == datetime(2026, 5, 2, 8, tzinfo=UTC)


def test_archived_questions_count_but_are_never_open() -> None:
    live = talk("== Live ==", f"Open {sig('Ben', 2, 10)}")
    archive = talk("== Old ==", f"Old {sig('Ann', 1, 10)}", archived=True, title="User talk:Mentor/Archive 1")
    qs = questions(live, archive)
    assert [q.asker for q in qs] == ["Ann", "Ben"]
    assert [i.asker for i in unanswered_items(qs, TODAY, 2)] == ["Ben"]


def test_a_question_both_on_the_page_and_in_the_archive_is_one_question_taking_the_earliest_reply() -> None:
    body = ["== Q ==", f"How? {sig('Ann', 1, 10)}"]
    live = talk(*body)
    archive = talk(*body, f":Answer {sig(MENTOR, 1, 11)}", archived=True, title="User talk:Mentor/Archive 1")
    [q] = questions(live, archive)
    assert q.page == "User talk:Mentor" and not q.archived and q.answered_by_mentor


def test_two_questions_in_the_same_minute_with_different_headings_stay_two() -> None:
    qs = questions(talk("== A ==", f"x {sig('Ann', 1, 10)}", "== B ==", f"y {sig('Ann', 1, 10)}"))
    assert [q.heading for q in qs] == ["A", "B"]


def test_repeated_headings_keep_mediawikis_numbered_anchors() -> None:
    qs = questions(talk("== Help ==", f"x {sig('Ann', 1, 10)}", "== Help ==", f"y {sig('Ben', 1, 11)}"))
    assert [q.anchor for q in qs] == ["Help", "Help_2"]


def test_preview_is_the_question_text_without_the_signature() -> None:
    [q] = questions(
        talk(
            "== Q ==",
            "First line with [[Help:Link|a link]] and {{tpl}}.",
            f"'''Bold''' end. {sig('Ann', 1, 10)}",
        )
    )
    assert q.preview == "First line with a link and . Bold end."


def test_preview_is_cut_to_200_characters_with_an_ellipsis() -> None:
    words = " ".join(f"w{i}" for i in range(200))
    [q] = questions(talk("== Q ==", f"{words} {sig('Ann', 1, 10)}"))
    assert len(q.preview) <= 200 and q.preview.endswith("…") and words.startswith(q.preview[:-1])


def test_truncate_leaves_short_text_alone() -> None:
    assert truncate("short", 200) == "short"


def test_plain_text_drops_markup_and_keeps_what_readers_see() -> None:
    assert plain_text(":* [[A|b]] <!-- c --> ''i'' __NOTOC__ [http://x.example y]") == "b i y"


def test_overdue_counts_whole_calendar_days_and_marks_only_past_the_limit() -> None:
    page = talk(
        "== A ==",
        f"x {sig('Ann', 7, 23, 59)}",  # 3 calendar days before May 10
        "== B ==",
        f"y {sig('Ben', 8, 0, 1)}",  # 2 calendar days
    )
    items = unanswered_items(questions(page), TODAY, 2)
    # Ann asked 3 calendar days before TODAY, Ben 2: the page shows the day asked, never the age.
    assert [(i.asker, i.asked.date(), i.overdue) for i in items] == [
        ("Ann", date(2026, 5, 7), True),
        ("Ben", date(2026, 5, 8), False),
    ]
    assert [i.asker for i in overdue_items(items)] == ["Ann"]


def test_questions_by_asker_counts_all_and_open_ones() -> None:
    page = talk(
        "== A ==", f"x {sig('Ann', 1, 10)}", "== B ==", f"y {sig('Ann', 1, 11)}", f":z {sig('Ben', 1, 12)}"
    )
    assert questions_by_asker(questions(page)) == {"Ann": (2, 1)}


def user(name: str, reg_days: int, uid: int = 1) -> WikiUser:
    now = datetime(2026, 5, 10, 12, tzinfo=UTC)
    return make.wiki_user(name, now - timedelta(days=reg_days), 7, uid=uid)


def test_with_question_counts_fills_m1s_column_and_flag() -> None:
    facts = (make.mentee(user("Ann", 5)), make.mentee(user("Eve", 5)))
    page = talk("== A ==", f"x {sig('Ann', 1, 10)}")
    got = with_question_counts(facts, questions(page))
    assert [(f.questions, f.unanswered) for f in got] == [(1, 1), (0, 0)]


def test_impact_counts_answers_thanks_retention_in_windows_that_start_on_a_monday() -> None:
    page = talk(
        "== Old ==",
        f"x {sig('Ann', 1, 10)}",
        f":a {sig(MENTOR, 1, 13)}",
        "== New ==",
        f"y {sig('Ben', 9, 10)}",
        f":b {sig('Helper', 9, 11)}",
        "== Open ==",
        f"z {sig('Ben', 9, 12)}",
    )
    qs = questions(page)
    reg = datetime(2026, 1, 1, tzinfo=UTC)
    stayed = make.mentee(
        make.wiki_user("Ann", reg, 50, uid=10), Activity(last_edit=reg + timedelta(days=40), edits_recent=4)
    )
    left = make.mentee(make.wiki_user("Ben", reg, 3, uid=11), Activity(last_edit=reg + timedelta(days=2)))
    fresh = make.mentee(user("Cat", 3, 12))
    thanks = [
        datetime(2026, 5, 9, tzinfo=UTC),
        datetime(2026, 3, 30, tzinfo=UTC),  # the 30-day window's Monday, 00:00: inside
        datetime(2026, 3, 29, 23, tzinfo=UTC),  # the Sunday before: outside
    ]
    got = mentor_impact(
        facts=(stayed, left, fresh),
        active=2,
        questions=qs,
        thanks=thanks,
        today=TODAY,
        s=Settings(impact_answered_days=1),  # this week only: from Monday 2026-05-04
    )
    assert (got.mentees_total, got.mentees_active, got.edits.total, got.edits.recent) == (3, 2, 60, 4)
    assert (got.questions_total, got.answered.total, got.answered.recent) == (3, 2, 1)
    assert (got.answered_by_mentor.total, got.answered_by_mentor.recent) == (1, 0)
    assert got.median_response_hours == 2  # 3 h and 1 h
    assert (got.thanks.total, got.thanks.recent) == (3, 2)
    # TODAY is Sunday 2026-05-10; its week began 05-04, and 29 days before that is Sunday 04-05.
    assert (got.windows.answered_since, got.windows.thanks_since) == (date(2026, 5, 4), date(2026, 3, 30))
    assert (got.retention_base, got.retained) == (2, 1)


def test_impact_without_answers_has_no_median() -> None:
    got = mentor_impact(facts=(), active=0, questions=(), thanks=(), today=TODAY, s=Settings())
    assert got.median_response_hours is None


def test_faq_is_created_only_when_missing_and_the_community_bank_exists() -> None:
    assert faq_to_create("F", frozenset(), "bank") == "bank"
    assert faq_to_create("F", frozenset({"F"}), "bank") is None
    assert faq_to_create("F", frozenset(), None) is None


def test_index_row_shows_away_only_until_the_date_and_the_day_the_oldest_was_asked() -> None:
    page = talk("== A ==", f"x {sig('Ann', 5, 10)}", "== B ==", f"y {sig('Ben', 8, 10)}")
    items = unanswered_items(questions(page), TODAY, 2)
    row = index_row(MENTOR, "D", datetime(2026, 5, 12, tzinfo=UTC), 4, items, TODAY)
    assert (row.away_until, row.unanswered, row.oldest_asked) == (date(2026, 5, 12), 2, date(2026, 5, 5))
    assert index_row(MENTOR, "D", datetime(2026, 5, 9, tzinfo=UTC), 4, (), TODAY).away_until is None


def test_section_link_percent_encodes_what_would_break_the_link_and_escapes_the_label() -> None:
    link = section_link("User talk:M", "a|b]]{{x}}", "[[Category:X]] ~~~~")
    assert link.startswith("[[User talk&#58;M#a%7Cb%5D%5D%7B%7Bx%7D%7D|")
    assert "[[Category" not in link and "~~~~" not in link


def test_section_link_for_an_impossible_title_is_plain_text() -> None:
    assert section_link("A|B", "x", "label") == "<bdi>label</bdi>"


def test_transclusion_escapes_the_title() -> None:
    assert transclusion("User:A/FAQ") == "{{:User&#58;A/FAQ}}"


def test_revision_cache_survives_a_restart_and_keeps_only_current_revisions(tmp_path: Path) -> None:
    path = tmp_path / "state" / "c.sqlite3"
    cache = RevisionCache(path)
    cache.keep({"A": 1, "B": 2}, {1: "one", 2: "two"})
    cache.keep({"A": 3}, {3: "three"})
    cache.close()
    again = RevisionCache(path)
    assert again.get_many([1, 2, 3]) == {2: "two", 3: "three"}


def test_an_unreadable_cache_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    cache = RevisionCache(path)
    assert cache.get_many([1]) == {}


def test_settings_default_to_two_days_and_200_characters() -> None:
    s = Settings()
    assert (s.overdue_days, s.preview_chars) == (2, 200)


def test_temporary_account_signature_with_character_references_names_the_account() -> None:
    name = "&#126;2026-1"  # MediaWiki 1.43 writes the "~" of a temporary account as a reference
    line = f"Answer [[Special:Contributions/{name}|{name}]] ([[User talk:{name}|talk]]) {stamp(1, 12)}"
    [thread] = parse_threads(f"== Q ==\n{line}", RULES)
    assert [c.author for c in thread.comments] == ["~2026-1"]


def test_dashboard_sections_render_hostile_questions_as_plain_text() -> None:
    from bot.build.faq import PageRef
    from bot.build.mentor_talk import mentor_talk_view
    from bot.build.view import Dashboard
    from bot.render.i18n import Messages
    from bot.render.pages import render_dashboard

    hostile = "[[Category:X]] {{Evil}} ~~~~ __NOTOC__ |} == h =="
    page = talk(f"== {hostile} ==", f"{hostile} {sig('Ann', 1, 10)}")
    view = mentor_talk_view(
        facts=(),
        active=0,
        questions=questions(page),
        thanks=(),
        today=TODAY,
        faq=PageRef("User:Mentor/Mentor dashboard/FAQ", True),
        community_faq=PageRef("Project:Mentorship/FAQ", False),
        resources=PageRef("Project:Mentorship/Resources", False),
        s=Settings(),
    )
    text = render_dashboard(
        Dashboard(
            mentor=MENTOR,
            updated=datetime(2026, 5, 10, tzinfo=UTC),
            recent_days=Settings().recent_days,
            talk=view,
        ),
        Messages.load("en"),
    )
    assert (
        "[[Category" not in text and "{{Evil" not in text and "~~~~" not in text and "__NOTOC__" not in text
    )
    assert "{{:User&#58;Mentor/Mentor dashboard/FAQ}}" in text
    assert 'data-impact="thanks"' in text and "mentor-dashboard-overdue" in text


def test_m4_lists_the_oldest_questions_up_to_the_row_limit_and_counts_them_all() -> None:
    from bot.build.faq import PageRef
    from bot.build.mentor_talk import mentor_talk_view
    from bot.build.view import Dashboard
    from bot.render.i18n import Messages
    from bot.render.pages import render_dashboard

    lines = [f"== Q{i} ==\nHelp {i} {sig('Ann', 1 + i // 24, i % 24)}" for i in range(30)]
    view = mentor_talk_view(
        facts=(),
        active=0,
        questions=questions(talk(*lines)),
        thanks=(),
        today=TODAY,
        faq=PageRef("User:Mentor/Mentor dashboard/FAQ", True),
        community_faq=PageRef("Project:Mentorship/FAQ", False),
        resources=PageRef("Project:Mentorship/Resources", False),
        s=Settings(question_rows=10),
    )
    page = Dashboard(mentor=MENTOR, updated=NOW_M4, recent_days=30, talk=view)
    text = render_dashboard(page, Messages.load("en"), Settings().max_page_bytes)
    assert text.count('|- class="mentor-dashboard-question') == 10
    assert "#Q0|" in text and "#Q9|" in text and "#Q10|" not in text  # oldest first
    assert "{{formatnum:30}} questions are}} waiting" in text  # the count is of all of them
    assert "{{formatnum:20}} more questions are}} waiting and not listed here" in text


NOW_M4 = datetime(2026, 5, 10, tzinfo=UTC)
