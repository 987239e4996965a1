"""The assignment store's page format: compact, deterministic, and strict about what it trusts."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.model.assignment import day_number
from bot.parse.assignments import AssignmentError, decode, encode


def test_round_trip_keeps_ids_and_dates() -> None:
    text = encode("Mentor", {42: 20261125, 7: 20260101})
    assert decode(text, "T") == ("Mentor", {7: 20260101, 42: 20261125})


def test_encoding_is_deterministic_whatever_the_insertion_order() -> None:
    assert encode("M", {1: 1, 2: 2, 3: 3}) == encode("M", {3: 3, 1: 1, 2: 2})


def test_fifty_thousand_mentees_fit_well_under_two_megabytes() -> None:
    text = encode("Some mentor", {10_000_000 + i: 20261125 for i in range(50_000)})
    assert len(text.encode()) < 600_000


def test_broken_json_is_reported_with_position() -> None:
    with pytest.raises(AssignmentError, match=r"not valid JSON .* line 1 column"):
        decode('{"mentor": "M", "mentees": {', "User:Bot/Assignments/M.json")


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"mentor": "M"},
        {"mentees": {"abc": [1]}},
        {"mentees": {"20261125": "1"}},
        {"mentees": {"20261125": ["1"]}},
        {"mentees": {"20261125": [0]}},
        {"mentees": {"20261125": [True]}},
    ],
)
def test_unexpected_shapes_are_refused(body: object) -> None:
    with pytest.raises(AssignmentError):
        decode(json.dumps(body), "T")


def test_day_number() -> None:
    assert day_number(date(2026, 2, 3)) == 20260203
