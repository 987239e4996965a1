"""Pure parts of operating the bot: schedules, the Toolforge jobs file, the run lock."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import jsonschema
import pytest
import pywikibot

from bot.ops.cli import build_parser, split_args
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


# The jobs file's shape, from the Toolforge jobs framework's loader (`toolforge jobs load`): a
# list of jobs, each with a name, a command and an image, at most one of schedule, continuous
# and wait, and only the keys the loader knows.
JOBS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["name", "command", "image"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "maxLength": 52},
            "command": {"type": "string", "minLength": 1},
            "image": {"type": "string", "minLength": 1},
            "schedule": {"type": "string", "pattern": r"^\S+( \S+){4}$"},
            "continuous": {"type": "boolean"},
            "wait": {"type": "boolean"},
            "emails": {"enum": ["none", "all", "onfinish", "onfailure"]},
            "retry": {"type": "integer", "minimum": 0, "maximum": 5},
            "mem": {"type": "string"},
            "cpu": {"type": "string"},
            "no-filelog": {"type": "boolean"},
            "filelog-stdout": {"type": "string"},
            "filelog-stderr": {"type": "string"},
        },
        "not": {
            "anyOf": [
                {"required": ["schedule", "continuous"]},
                {"required": ["schedule", "wait"]},
                {"required": ["continuous", "wait"]},
            ]
        },
    },
}
ENTRY = re.compile(r"^(?P<dash>- |  )(?P<key>[a-z-]+): (?P<value>.+)$")


def read_jobs_file(text: str) -> list[dict[str, object]]:
    """The jobs file as YAML reads it. It is written as block mappings of JSON scalars only, so
    this reader accepts exactly that and fails on anything else."""
    jobs: list[dict[str, object]] = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        m = ENTRY.match(line)
        assert m, f"not a line of the jobs file: {line!r}"
        if m["dash"] == "- ":
            jobs.append({})
        assert jobs and m["key"] not in jobs[-1], line
        jobs[-1][m["key"]] = json.loads(m["value"])
    return jobs


DONE_WHEN = {  # Wikimedia database name → pywikibot family and code (issue 19's "done when")
    "enwiki": ("wikipedia", "en"),
    "cswiki": ("wikipedia", "cs"),
    "metawiki": ("meta", "meta"),
    "commonswiki": ("commons", "commons"),
    "wikidatawiki": ("wikidata", "wikidata"),
}


@pytest.mark.parametrize(
    ("spec", "family", "code"),
    [
        *((db, fam, code) for db, (fam, code) in DONE_WHEN.items()),
        ("specieswiki", "species", "species"),
        ("enwiktionary", "wiktionary", "en"),
        ("frwikisource", "wikisource", "fr"),
        ("zh_min_nanwiki", "wikipedia", "zh-min-nan"),
        ("testwiki", "wikipedia", "test"),
        ("testwikidatawiki", "wikidata", "test"),
        ("wikipedia:ar", "wikipedia", "ar"),
        ("ar:wikipedia", "wikipedia", "ar"),
        ("fr:wiktionary", "wiktionary", "fr"),
        ("mywiki:en", "mywiki", "en"),  # the operator's own family file: taken as written
    ],
)
def test_wiki_names_are_read_the_way_pywikibot_names_the_wiki(spec: str, family: str, code: str) -> None:
    assert parse_wiki(spec) == (code, family)
    fam = pywikibot.family.Family.load(family) if family != "mywiki" else None
    assert fam is None or code in fam.langs  # pywikibot itself knows that wiki


@pytest.mark.parametrize("bad", ["not a wiki!", "enwikix", "wikipedia:nosuchlang"])
def test_unknown_wiki_names_are_a_clear_error(bad: str) -> None:
    with pytest.raises(ValueError, match=r"family:code|has no wiki"):
        parse_wiki(bad)


def test_jobs_file_for_the_done_when_wikis_names_the_right_families() -> None:
    jobs = read_jobs_file(jobs_yaml(list(DONE_WHEN)))
    jsonschema.validate(jobs, JOBS_SCHEMA)
    for job, (family, code) in zip(jobs, DONE_WHEN.values(), strict=True):
        argv = shlex.split(str(job["command"]))
        assert f"-family:{family}" in argv and f"-lang:{code}" in argv, argv


def test_every_job_command_is_a_command_line_the_bot_accepts() -> None:
    jobs = read_jobs_file(jobs_yaml(["cswiki", "metawiki", "enwiktionary"], venv="/data/project/md/venv"))
    for job in jobs:
        program, *args = shlex.split(str(job["command"]))
        assert program == "/data/project/md/venv/bin/mentor-dashboard"
        ours, theirs = split_args(args)
        parsed = build_parser().parse_args(ours)
        assert (parsed.command, parsed.locked_ok, parsed.dry_run) == ("run", True, False)
        assert [a.partition(":")[0] for a in theirs] == ["-family", "-lang"]
        assert parsed.schedule == job["schedule"]  # the workspace's next run (docs/GADGET.md)


def test_jobs_are_hourly_each_at_its_own_minute_and_mail_only_on_failure() -> None:
    jobs = read_jobs_file(jobs_yaml(["cswiki", "arwiki", "frwiki"], image="python3.13"))
    assert [j["name"] for j in jobs] == [
        "mentor-dashboard-cs-wikipedia",
        "mentor-dashboard-ar-wikipedia",
        "mentor-dashboard-fr-wikipedia",
    ]
    assert {j["image"] for j in jobs} == {"python3.13"}
    assert {j["emails"] for j in jobs} == {"onfailure"}
    minutes = [str(j["schedule"]).split()[0] for j in jobs]
    assert [str(j["schedule"]).split()[1:] for j in jobs] == [["*", "*", "*", "*"]] * 3
    assert len(set(minutes)) == 3 and all(0 <= int(m) < 60 for m in minutes)


def test_a_wiki_listed_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        jobs_yaml(["cswiki", "wikipedia:cs"])


def test_second_holder_of_the_run_lock_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "wiki.lock"
    with run_lock(lock), pytest.raises(LockedError, match="another run"), run_lock(lock):
        pass
    with run_lock(lock):  # released again afterwards
        pass
