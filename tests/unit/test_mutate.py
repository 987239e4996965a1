"""The mutation suite's edits (tests/integration/mutate.py) do exactly what their names say."""

from __future__ import annotations

import random

import pytest

from tests.integration.mutate import INSERTIONS, KINDS, Mutation, random_mutation

TEXT = "{{Mentor list entry|user=Carrier}}\n* [[User:Bea]] | hi\nlast"


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        (Mutation("delete-char", 2), "{{entor list entry|user=Carrier}}\n* [[User:Bea]] | hi\nlast"),
        (Mutation("duplicate-char", 0), "{{{Mentor list entry|user=Carrier}}\n* [[User:Bea]] | hi\nlast"),
        (Mutation("delete-line", 1), "{{Mentor list entry|user=Carrier}}\nlast"),
        (Mutation("duplicate-line", 2), TEXT + "\nlast"),
        (Mutation("insert", 4, "''"), "{{Me''ntor list entry|user=Carrier}}\n* [[User:Bea]] | hi\nlast"),
    ],
)
def test_each_kind_of_edit_changes_the_text_as_named(mutation: Mutation, expected: str) -> None:
    assert mutation.apply(TEXT) == expected


def test_the_same_seed_draws_the_same_edit_and_every_kind_occurs() -> None:
    draws = [random_mutation(random.Random(f"seed:{i}"), TEXT) for i in range(300)]
    assert draws == [random_mutation(random.Random(f"seed:{i}"), TEXT) for i in range(300)]
    assert {d.kind for d in draws} == set(KINDS)
    assert {d.inserted for d in draws if d.kind == "insert"} == set(INSERTIONS)
    assert all(d.apply(TEXT) != TEXT for d in draws)


def test_a_text_of_one_line_never_loses_its_only_line() -> None:
    draws = [random_mutation(random.Random(i), "one line") for i in range(200)]
    assert all(d.kind != "delete-line" for d in draws)
