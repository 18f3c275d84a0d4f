"""Payback and NPV against values computed by hand."""

from __future__ import annotations

import pytest

from course.models.investment import appraise, discount_factor, npv, payback_years

# Module 9's example: 180,000 up front, net benefits 70,000, 80,000, 60,000, discounted at 8 %.
# By hand: 70,000 / 1.08 = 64,814.81; 80,000 / 1.1664 = 68,587.11; 60,000 / 1.259712 =
# 47,629.93; sum 181,031.85, so NPV = 1,031.85. Cumulative: -110,000, -30,000, +30,000, so
# payback = 2 + 30,000 / 60,000 = 2.5 years. Discounted cumulative after year 2: -46,598.08,
# so discounted payback = 2 + 46,598.08 / 47,629.93 = 2.978 years. ROI (undiscounted) =
# (210,000 - 180,000) / 180,000 = 16.7 %. At 10 %: 63,636.36 + 66,115.70 + 45,078.89 -
# 180,000 = -5,169.05.
EXAMPLE = (180_000, (70_000, 80_000, 60_000))


def test_module_example_at_8_percent() -> None:
    a = appraise(*EXAMPLE, rate=0.08)
    assert [round(d, 2) for d in a.discounted] == [-180_000, 64_814.81, 68_587.11, 47_629.93]
    assert round(a.npv, 2) == 1_031.85
    assert a.payback == 2.5
    assert round(a.discounted_payback, 3) == 2.978
    assert round(a.roi_percent, 1) == 16.7
    assert a.cumulative == (-180_000, -110_000, -30_000, 30_000)


def test_module_example_turns_negative_at_10_percent() -> None:
    a = appraise(*EXAMPLE, rate=0.10)
    assert round(a.npv, 2) == -5_169.05
    assert a.payback == 2.5  # the payback period ignores the discount rate
    assert a.discounted_payback is None  # never paid back in today's money within 3 years


def test_discount_factor_and_npv_basics() -> None:
    assert discount_factor(0.10, 0) == 1
    assert discount_factor(0.10, 2) == pytest.approx(1 / 1.21)
    assert npv(0.0, [-100, 60, 60]) == 20
    assert npv(0.10, [-100, 110]) == pytest.approx(0)


@pytest.mark.parametrize(("flows", "years"), [
    ([-100, 50, 50], 2.0),          # paid back exactly at the end of year 2
    ([-100, 40, 40, 40], 2.5),      # 20 of year 3's 40 needed
    ([-100, 200], 0.5),
    ([-100, 10, 10], None),         # never
    ([0, 10], 0.0),
])
def test_payback_years(flows: list[float], years: float | None) -> None:
    assert payback_years(flows) == years


@pytest.mark.parametrize(("cost", "benefits", "rate", "message"), [
    (0, [10], 0.08, "up-front cost must be greater than 0"),
    (100, [], 0.08, "at least one year"),
    (100, [10], -1.0, "above -100 %"),
    (100, [float("nan")], 0.08, "net benefit of year 1 must be a finite number"),
])
def test_bad_inputs_are_refused_with_a_reason(cost: float, benefits: list[float], rate: float,
                                              message: str) -> None:
    with pytest.raises(ValueError, match=message):
        appraise(cost, benefits, rate)
