"""First reply and response time by time, not page order, through the question rules and M5."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.build.impact import median_hours
from bot.build.questions import AskerRules, mentor_questions
from bot.core.settings import Settings
from bot.model.talk import Asker, TalkPageThreads
from bot.parse.talk_threads import parse_threads
from tests.unit.test_talk_threads import RULES, stamp

MENTOR = "Mentor"
RULES_ANN = AskerRules(frozenset({10}), {"Ann": Asker("Ann", 10)})


def sig(user: str, day: int, hour: int, minute: int = 0) -> str:
    return f"[[User:{user}|{user}]] {stamp(day, hour, minute)}"


def page(*lines: str) -> TalkPageThreads:
    return TalkPageThreads(MENTOR, "User talk:Mentor", 1, False, parse_threads("\n".join(lines), RULES))


def test_a_reply_inserted_above_a_later_one_is_the_first_reply() -> None:
    # The mentor answered at 13:00 at the bottom; a helper's 11:30 answer sits further down.
    [q] = mentor_questions(
        [
            page(
                "== Q ==",
                f"How? {sig('Ann', 1, 10)}",
                f":Later answer. {sig(MENTOR, 1, 13)}",
                f":Earlier answer, placed below. {sig('Helper', 1, 11, 30)}",
            )
        ],
        RULES_ANN,
        Settings().preview_chars,
    )
    assert (q.first_replier, q.first_reply) == ("Helper", datetime(2026, 5, 1, 11, 30, tzinfo=UTC))
    assert q.response_time == timedelta(hours=1, minutes=30)
    assert q.mentor_reply == datetime(2026, 5, 1, 13, tzinfo=UTC)


def test_the_median_response_time_uses_the_earliest_replies() -> None:
    # Three questions answered after 1, 2 and 5 hours in time; page order would say 9, 9 and 9.
    lines = []
    for day, hours in ((1, 1), (2, 2), (3, 5)):
        lines += [
            f"== Q{day} ==",
            f"How? {sig('Ann', day, 8)}",
            f":Slow. {sig(MENTOR, day, 17)}",
            f":Fast. {sig('Helper', day, 8 + hours)}",
        ]
    questions = mentor_questions([page(*lines)], RULES_ANN, Settings().preview_chars)
    assert [q.response_time for q in questions] == [timedelta(hours=h) for h in (1, 2, 5)]
    assert median_hours(questions) == 2
