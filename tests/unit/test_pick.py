"""The weighted pick: weights hold over many draws, excluded and weight-0 mentors never come up."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from bot.lifecycle.pick import Candidate, pick_mentor

# Chi-square critical value for 3 degrees of freedom at p = 0.001.
CHI2_DF3_P001 = 16.266


def test_ten_thousand_draws_follow_the_weights() -> None:
    mentors = [Candidate("A", 1), Candidate("B", 2), Candidate("C", 4), Candidate("D", 1), Candidate("Z", 0)]
    rng = random.Random(20261125)
    draws = Counter(pick_mentor(mentors, (), rng) for _ in range(10_000))
    total_weight = sum(c.weight for c in mentors)
    expected = {c.name: 10_000 * c.weight / total_weight for c in mentors if c.weight}
    assert set(draws) == set(expected), "weight-0 mentors are never drawn"
    chi2 = sum((draws[name] - e) ** 2 / e for name, e in expected.items())
    assert chi2 < CHI2_DF3_P001


def test_a_skewed_pick_fails_the_same_chi_square() -> None:
    # The statistic above can fail: uniform draws over unequal weights are far outside it.
    rng = random.Random(1)
    draws = Counter(rng.choice("ABCD") for _ in range(10_000))
    expected = {"A": 1250.0, "B": 2500.0, "C": 5000.0, "D": 1250.0}
    assert sum((draws[n] - e) ** 2 / e for n, e in expected.items()) > CHI2_DF3_P001


def test_nobody_to_pick_gives_none() -> None:
    assert pick_mentor([Candidate("A", 0)], (), random.Random(0)) is None
    assert pick_mentor([Candidate("A", 4)], {"A"}, random.Random(0)) is None


def test_the_same_seed_gives_the_same_pick_whatever_the_order() -> None:
    a = [Candidate("A", 1), Candidate("B", 2), Candidate("C", 4)]
    picks = [pick_mentor(a, (), random.Random(7)) for _ in range(3)]
    picks_reversed = [pick_mentor(list(reversed(a)), (), random.Random(7)) for _ in range(3)]
    assert picks == picks_reversed


@given(
    weights=st.dictionaries(st.sampled_from("ABCDEFG"), st.sampled_from([0, 1, 2, 4]), min_size=1),
    excluded=st.sets(st.sampled_from("ABCDEFG")),
    seed=st.integers(0, 2**32),
)
def test_excluded_and_weight_zero_mentors_are_never_picked(
    weights: dict[str, int], excluded: set[str], seed: int
) -> None:
    rng = random.Random(seed)
    allowed = {n for n, w in weights.items() if w > 0 and n not in excluded}
    for _ in range(20):
        got = pick_mentor([Candidate(n, w) for n, w in weights.items()], excluded, rng)
        assert (got in allowed) if allowed else got is None
