"""Permutation test and confidence interval, by hand on small groups and on the store data."""

from __future__ import annotations

import math
from itertools import combinations

import pytest

from course.models.comparison import (
    compare_groups,
    compare_stores,
    load_stores,
    permutation_p_value,
    standard_error,
)


def test_store_data_matches_the_module_scenario() -> None:
    stores = load_stores()
    coached = [s for s in stores if s.group == "coached"]
    others = [s for s in stores if s.group == "comparison"]
    assert len(coached) == len(others) == 30
    assert sum(s.staff for s in coached) == 1_200
    for group, after in ((coached, 40.0), (others, 45.0)):
        assert sum(s.turnover_before for s in group) / 30 == pytest.approx(48.0)
        assert sum(s.turnover_after for s in group) / 30 == pytest.approx(after)


def test_standard_error_by_hand() -> None:
    # variances (ddof 1): [1, 2, 3] -> 1; [2, 4, 6, 8] -> 20/3; se = sqrt(1/3 + 20/12)
    assert standard_error([1, 2, 3], [2, 4, 6, 8]) == pytest.approx(math.sqrt(1 / 3 + 20 / 12))


def test_permutation_p_value_matches_exact_enumeration() -> None:
    # 3 vs 3: all 20 splits enumerated by hand-checkable code; the random version converges
    trained, comparison = [5.0, 7.0, 9.0], [1.0, 2.0, 3.0]
    pooled = trained + comparison
    observed = abs(sum(trained) / 3 - sum(comparison) / 3)
    extreme = sum(abs(sum(pooled[i] for i in split) / 3
                      - sum(pooled[i] for i in range(6) if i not in split) / 3) >= observed
                  for split in combinations(range(6), 3))
    assert extreme == 2  # only the observed split and its mirror
    exact = extreme / 20
    assert permutation_p_value(trained, comparison, shuffles=20_000) == pytest.approx(exact,
                                                                                    abs=0.01)


def test_identical_groups_look_like_chance() -> None:
    result = compare_groups([1, 2, 3, 4], [1, 2, 3, 4], shuffles=2_000)
    assert result.difference == 0 and result.could_be_chance and result.p_value == 1.0


def test_thirty_stores_each_the_difference_is_not_chance() -> None:
    result = compare_stores(load_stores())
    assert (result.n_trained, result.n_comparison) == (30, 30)
    assert round(result.difference, 1) == -5.0
    assert round(result.standard_error, 2) == 1.67
    assert (round(result.ci_low, 1), round(result.ci_high, 1)) == (-8.3, -1.7)
    assert result.p_value < 0.01 and not result.could_be_chance
    assert compare_stores(load_stores()) == result  # seeded: the same every run


def test_three_stores_each_could_be_chance() -> None:
    result = compare_stores(load_stores(), per_group=3)
    assert result.could_be_chance and result.p_value > 0.1


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="trained group needs at least 2 values"):
        compare_groups([1.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="shuffles must be at least 1"):
        permutation_p_value([1, 2], [3, 4], shuffles=0)
