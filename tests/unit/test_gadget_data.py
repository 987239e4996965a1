"""The workspace's JSON pages (docs/GADGET.md): rows, the split, messages, on change only."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.build.gadget import (
    FIELDS,
    DataTitles,
    NextRun,
    data_pages,
    mentor_list_page,
    messages_page,
    overdue_at,
    part_title,
)
from bot.build.overview import EPOCH, Flag, Hint, MenteeRow, RowNews
from bot.build.questions import UnansweredItem, age_in_days
from bot.ops.schedule import upcoming
from bot.parse.workspace import mw_json, same_data
from bot.render.i18n import Messages
from bot.render.pages import strip_updated_line
from tests import factories as make

NOW = datetime(2026, 12, 3, 14, 17, 30, tzinfo=UTC)
TITLES = DataTitles(
    "User:Bot/Dashboards/Anna.json", "User:Anna/Mentor dashboard", "User:Anna/Mentor dashboard.json"
)
HOURLY = NextRun(datetime(2026, 12, 3, 15, 17, tzinfo=UTC), 3600)


def row(name: str, **kw: object) -> MenteeRow:
    values: dict[str, object] = {
        "registered": NOW - timedelta(days=40),
        "edits": 12,
        "edits_recent": 3,
        "reverted": 1,
        "questions": 2,
        "blocked_now": False,
        "block_count": 0,
        "last_active": NOW - timedelta(days=1),
    }
    values.update(kw)
    return MenteeRow(name=name, **values)  # type: ignore[arg-type]


def pages(
    rows: list[MenteeRow],
    *,
    max_bytes: int = 2 * 1024 * 1024,
    questions: tuple[UnansweredItem, ...] = (),
    next_run: NextRun = HOURLY,
    facts: tuple[object, ...] = (),
) -> list[dict[str, object]]:
    edits = data_pages(
        "Anna",
        TITLES,
        rows,
        facts,  # type: ignore[arg-type]
        questions,
        make.mentor_status("Anna", weight=4),
        updated=NOW,
        next_run=next_run,
        recent_since=date(2026, 11, 2),
        overdue_days=2,
        max_bytes=max_bytes,
        summary="s",
    )
    assert all(e.model == "json" and not e.protect for e in edits)
    return [json.loads(e.text) for e in edits]


def test_every_row_is_an_array_in_the_fields_order() -> None:
    r = row("Pia", flags=(Flag.UNANSWERED, Flag.PAGE_TAGGED), news=RowNews(hint=Hint.GRADUATE), starred=True)
    user = make.wiki_user("Pia", r.registered, r.edits)
    fact = make.mentee(user, make.recent_activity([NOW - timedelta(hours=30)]), unanswered=1)
    [page] = pages([r], facts=(fact,))
    assert page["fields"] == list(FIELDS)
    got = dict(zip(FIELDS, page["rows"][0], strict=True))  # type: ignore[index]
    assert got == {
        "name": "Pia",
        "registered": (NOW - timedelta(days=40)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "edits": 12,
        "edits_recent": 3,
        "reverted": 1,
        "questions": 2,
        "unanswered": 1,
        "blocked": False,
        "last_edit": (NOW - timedelta(hours=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "last_active": (NOW - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "starred": True,
        "flags": ["unanswered", "deletion", "graduate"],
        "talk": "User talk:Pia",
    }


def test_unknown_times_are_null_not_the_epoch() -> None:
    [page] = pages([row("Old", registered=None, last_active=EPOCH)])
    got = dict(zip(FIELDS, page["rows"][0], strict=True))  # type: ignore[index]
    assert (got["registered"], got["last_edit"], got["last_active"]) == (None, None, None)


def test_the_page_names_the_mentor_their_pages_settings_and_the_schedule() -> None:
    [page] = pages([row("A")])
    assert page["mentor"] == "Anna"
    assert page["dashboard"] == TITLES.dashboard
    assert page["settings"] == TITLES.settings
    assert page["updated"] == "2026-12-03T14:17:30Z"
    assert (page["next_run"], page["run_every"]) == ("2026-12-03T15:17:00Z", 3600)
    assert page["mentor_settings"] == {
        "status": "active",
        "away_until": None,
        "message": "",
        "weight": 4,
        "notify": "off",
    }
    assert "more" not in page


def test_questions_carry_the_moment_they_become_overdue() -> None:
    asked = datetime(2026, 12, 1, 23, 59, tzinfo=UTC)
    item = UnansweredItem("Anna", "Pia", "User talk:Anna", "Help_me", "Help me", asked, False, "…")
    [page] = pages([row("Pia")], questions=(item,))
    assert page["questions"] == [
        {
            "mentee": "Pia",
            "heading": "Help me",
            "asked": "2026-12-01T23:59:00Z",
            "overdue": "2026-12-04T00:00:00Z",
            "link": "User talk:Anna#Help_me",
        }
    ]
    # The same rule as M4's mark: overdue from that moment, not a second before.
    limit = overdue_at(asked, 2)
    assert age_in_days(asked, (limit - timedelta(seconds=1)).date()) <= 2 < age_in_days(asked, limit.date())


def test_many_rows_are_split_over_pages_within_the_limit_and_none_is_lost() -> None:
    rows = [row(f"Mentee {i:04d} " + "x" * (i % 50)) for i in range(400)]
    limit = 40_000
    edits = data_pages(
        "Anna",
        TITLES,
        rows,
        (),
        (),
        None,
        updated=NOW,
        next_run=HOURLY,
        recent_since=date(2026, 11, 2),
        overdue_days=2,
        max_bytes=limit,
        summary="s",
    )
    assert len(edits) > 2
    assert all(len(e.text.encode()) <= limit for e in edits)
    parsed = [json.loads(e.text) for e in edits]
    assert [e.title for e in edits] == [part_title(TITLES.data, n) for n in range(1, len(edits) + 1)]
    assert parsed[0]["more"] == [e.title for e in edits[1:]]
    assert [r[0] for p in parsed for r in p["rows"]] == [r.name for r in rows]
    assert all(p["fields"] == list(FIELDS) and p["mentor"] == "Anna" for p in parsed)
    assert [p.get("part") for p in parsed[1:]] == list(range(2, len(edits) + 1))


def test_the_split_fills_pages_close_to_the_limit() -> None:
    rows = [row(f"Mentee {i:04d}") for i in range(400)]
    limit = 30_000
    edits = data_pages(
        "Anna", TITLES, rows, (), (), None, updated=NOW, next_run=HOURLY,
        recent_since=date(2026, 11, 2), overdue_days=2, max_bytes=limit, summary="s",
    )  # fmt: skip
    one_row = len(mw_json([json.loads(edits[0].text)["rows"][0]]).encode())
    assert all(len(e.text.encode()) > limit - 1024 - 2 * one_row for e in edits[:-1])


def test_the_continuation_titles_follow_the_data_page() -> None:
    assert part_title("User:Bot/Dashboards/Anna.json", 1) == "User:Bot/Dashboards/Anna.json"
    assert part_title("User:Bot/Dashboards/Anna.json", 3) == "User:Bot/Dashboards/Anna/3.json"


def test_a_row_that_fits_no_page_is_an_error_not_a_refused_save() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        pages([row("A" * 3000), row("B" * 3000)], max_bytes=3000)


def test_the_text_is_what_mediawiki_stores() -> None:
    # Measured on MediaWiki 1.39 and 1.43: a compact save of this value comes back as this text.
    value = {
        "version": 1,
        "rows": [["A<b>&", 1, None, True, ["x"]], []],
        "e": {},
        "s": "</script>",
        "u": "é\u2028",
    }
    stored = (
        '{\n\t"version": 1,\n\t"rows": [\n\t\t[\n\t\t\t"A\\u003Cb\\u003E\\u0026",\n\t\t\t1,\n\t\t\tnull,\n'
        '\t\t\ttrue,\n\t\t\t[\n\t\t\t\t"x"\n\t\t\t]\n\t\t],\n\t\t[]\n\t],\n\t"e": {},\n'
        '\t"s": "\\u003C/script\\u003E",\n\t"u": "é\\u2028"\n}'
    )
    assert mw_json(value) == stored
    assert json.loads(stored) == value


def test_a_new_clock_alone_is_no_change() -> None:
    [one] = pages([row("A"), row("B")])
    [two] = pages([row("A"), row("B")])
    two["updated"] = "2026-12-04T09:00:00Z"
    assert same_data(mw_json(one), mw_json(two))


def test_a_changed_mentee_is_a_change() -> None:
    [one] = pages([row("A"), row("B")])
    [two] = pages([row("A"), row("B", edits=13)])
    assert not same_data(mw_json(one), mw_json(two))


def test_the_next_run_of_the_same_schedule_is_no_change_and_another_schedule_is() -> None:
    [one] = pages([row("A")], next_run=HOURLY)
    assert HOURLY.at is not None
    [hour_later] = pages([row("A")], next_run=NextRun(HOURLY.at + timedelta(hours=3), 3600))
    [off_grid] = pages([row("A")], next_run=NextRun(HOURLY.at + timedelta(minutes=30), 3600))
    [other] = pages([row("A")], next_run=NextRun(HOURLY.at + timedelta(hours=1), 7200))
    [unknown] = pages([row("A")], next_run=NextRun())
    assert same_data(mw_json(one), mw_json(hour_later))
    assert not same_data(mw_json(one), mw_json(off_grid))
    assert not same_data(mw_json(one), mw_json(other))
    assert not same_data(mw_json(one), mw_json(unknown))


def test_an_irregular_schedule_changes_the_page_when_its_next_run_moves() -> None:
    at = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    [one] = pages([row("A")], next_run=NextRun(at, None))
    [two] = pages([row("A")], next_run=NextRun(at + timedelta(days=1), None))
    assert not same_data(mw_json(one), mw_json(two))


def test_a_page_that_is_not_json_is_never_the_same() -> None:
    [one] = pages([row("A")])
    assert not same_data("{broken", mw_json(one))


def test_schedules_are_read_with_their_period_when_it_is_regular() -> None:
    hourly = upcoming("17 * * * *", datetime(2026, 12, 3, 14, 17, 2, tzinfo=UTC))
    assert (hourly.at, hourly.every) == (datetime(2026, 12, 3, 15, 17, tzinfo=UTC), 3600)
    # A pass started on the very minute of its schedule is not its own next run.
    on_time = upcoming("17 * * * *", datetime(2026, 12, 3, 14, 17, tzinfo=UTC))
    assert on_time.at == datetime(2026, 12, 3, 15, 17, tzinfo=UTC)
    weekdays = upcoming("0 9 * * mon-fri", datetime(2026, 12, 4, 10, 0, tzinfo=UTC))  # a Friday
    assert (weekdays.at, weekdays.every) == (datetime(2026, 12, 7, 9, 0, tzinfo=UTC), None)


def test_the_mentor_list_names_each_mentors_pages_and_holds_no_time() -> None:
    b = DataTitles("User:Bot/Dashboards/Bo.json", "User:Bo/Mentor dashboard", "User:Bo/Mentor dashboard.json")
    edit = mentor_list_page("User:Bot/Dashboards.json", {"Bo": b, "Anna": TITLES}, "User:Bot/M.json", "s")
    value = json.loads(edit.text)
    assert list(value["mentors"]) == ["Anna", "Bo"]
    assert value["mentors"]["Bo"] == {"dashboard": b.dashboard, "data": b.data, "settings": b.settings}
    assert value["messages"] == "User:Bot/M.json"
    assert edit.model == "json" and not edit.protect
    assert "T" not in edit.text.replace("User talk", "")  # no timestamp anywhere


def test_messages_are_the_gadget_keys_in_the_language_with_english_for_the_missing(tmp_path: Path) -> None:
    (tmp_path / "en.json").write_text(
        json.dumps({"gadget-a": "A", "gadget-b": "B $1", "mentordashboard-x": "X"}), encoding="utf-8"
    )
    (tmp_path / "xx.json").write_text(
        json.dumps({"gadget-a": "Á", "mentordashboard-x": "Ẍ"}), encoding="utf-8"
    )
    m = Messages.load("xx", tmp_path)
    edit = messages_page("User:Bot/Dashboards/messages.json", m.lang, m.direction, m.texts, "s")
    assert json.loads(edit.text) == {
        "lang": "xx",
        "dir": "ltr",
        "messages": {"gadget-a": "Á", "gadget-b": "B $1"},
    }


def test_messages_of_a_right_to_left_wiki_say_so() -> None:
    m = Messages.load("ar")
    edit = messages_page("t", m.lang, m.direction, m.texts, "s")
    assert json.loads(edit.text)["dir"] == "rtl"


def test_the_data_pages_clock_is_its_clock_only_line() -> None:
    # What publish, the fault tests and the incremental test drop before comparing texts.
    [one] = pages([row("A")])
    two = dict(one, updated="2027-01-01T00:00:00Z")
    assert strip_updated_line(mw_json(one)) == strip_updated_line(mw_json(two))
    assert '"updated"' not in strip_updated_line(mw_json(one))
