"""Pure parts of operating the bot: schedules, the Toolforge jobs file, the run lock."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ops.lock import LockedError, run_lock
from bot.ops.schedule import ScheduleError, trigger
from bot.ops.toolforge import jobs_yaml, parse_wiki


def test_numeric_weekday_is_refused_because_apscheduler_counts_from_monday() -> None:
    with pytest.raises(ScheduleError, match="by name"):
        trigger("0 3 * * 0")


def test_weekdays_by_name_give_a_cron_trigger() -> None:
    t = trigger("17 3 * * mon-fri")
    assert "day_of_week='mon-fri'" in str(t) and "minute='17'" in str(t)


@pytest.mark.parametrize("bad", ["* * * *", "61 * * * *", "* * * * funday"])
def test_malformed_schedules_are_reported_not_raised_raw(bad: str) -> None:
    with pytest.raises(ScheduleError):
        trigger(bad)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("cswiki", ("cs", "wikipedia")),
        ("ar:wikipedia", ("ar", "wikipedia")),
        ("frwiktionary", ("fr", "wiktionary")),
        ("zh_min_nanwiki", ("zh-min-nan", "wikipedia")),
    ],
)
def test_wiki_names_are_understood(spec: str, expected: tuple[str, str]) -> None:
    assert parse_wiki(spec) == expected


def test_jobs_file_has_one_scheduled_job_per_wiki_with_distinct_names() -> None:
    text = jobs_yaml(["cswiki", "arwiki", "frwiki"])
    names = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("- name: ")]
    assert names == [
        "mentor-dashboard-cs-wikipedia",
        "mentor-dashboard-ar-wikipedia",
        "mentor-dashboard-fr-wikipedia",
    ]
    assert text.count("  schedule: ") == 3
    assert '"venv/bin/mentor-dashboard run -family:wikipedia -lang:ar"' in text


def test_unknown_wiki_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="lang:family"):
        parse_wiki("not a wiki!")


def test_second_holder_of_the_run_lock_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "wiki.lock"
    with run_lock(lock), pytest.raises(LockedError, match="another run"), run_lock(lock):
        pass
    with run_lock(lock):  # released again afterwards
        pass
