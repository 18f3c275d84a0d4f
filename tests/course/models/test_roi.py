"""ROI, BCR and the isolation/confidence adjustment (Phillips 1997/2003)."""

import math

import pytest

from course.models import roi


def test_curriculum_worked_figure_bcr_and_roi():
    assert roi.bcr(350_000, 200_000) == pytest.approx(1.75)
    assert roi.roi_percent(350_000, 200_000) == pytest.approx(75.0)
    result = roi.evaluate(350_000, 200_000)
    assert result == roi.RoiResult(350_000.0, 200_000.0, 150_000.0, 1.75, 75.0)


def test_curriculum_worked_figure_confidence_adjustment():
    assert roi.adjusted_benefit(336_000, confidence=0.70) == 235_200.0
    result = roi.evaluate(336_000, 200_000, confidence=0.70)
    assert result.claimed_benefits == 235_200.0
    assert result.net_benefits == pytest.approx(35_200.0)
    assert result.bcr == pytest.approx(1.176)
    assert result.roi_percent == pytest.approx(17.6)


def test_bcr_of_two_is_roi_of_one_hundred_percent():
    assert roi.bcr(400_000, 200_000) == pytest.approx(2.0)
    assert roi.roi_percent(400_000, 200_000) == pytest.approx(100.0)


def test_roi_equals_bcr_minus_one_times_hundred():
    for benefits, costs in [(0, 10), (90, 100), (123_456, 78_900)]:
        assert roi.roi_percent(benefits, costs) == pytest.approx((roi.bcr(benefits, costs) - 1)
                                                                 * 100)


def test_isolation_and_confidence_multiply():
    assert roi.adjusted_benefit(100_000, isolation=0.5, confidence=0.8) == 40_000.0
    result = roi.evaluate(100_000, 50_000, isolation=0.5, confidence=0.8)
    assert result.claimed_benefits == 40_000.0
    assert result.roi_percent == pytest.approx(-20.0)
    assert result.bcr == pytest.approx(0.8)


def test_edges_zero_benefits_and_full_shares():
    assert roi.evaluate(0, 1_000).roi_percent == pytest.approx(-100.0)
    assert roi.adjusted_benefit(1_000, isolation=0, confidence=1) == 0.0
    assert roi.adjusted_benefit(1_000, isolation=1, confidence=1) == 1_000.0


def test_break_even_benefits():
    assert roi.break_even_benefits(200_000) == pytest.approx(200_000)
    assert roi.break_even_benefits(200_000, 75) == pytest.approx(350_000)
    with pytest.raises(ValueError, match="below -100"):
        roi.break_even_benefits(200_000, -150)


@pytest.mark.parametrize("benefits, costs, message", [
    (100, 0, "costs must be greater than 0"),
    (100, -5, "costs must be greater than 0"),
    (-1, 100, "benefits cannot be negative"),
    (math.nan, 100, "finite"),
    ("100", 100, "must be a number"),
    (True, 100, "must be a number"),
])
def test_bad_benefits_or_costs(benefits, costs, message):
    with pytest.raises(ValueError, match=message):
        roi.evaluate(benefits, costs)
    with pytest.raises(ValueError, match=message):
        roi.bcr(benefits, costs)
    with pytest.raises(ValueError, match=message):
        roi.roi_percent(benefits, costs)


@pytest.mark.parametrize("isolation, confidence, message", [
    (1.2, 1.0, "isolation share must be a share between 0 and 1"),
    (-0.1, 1.0, "isolation share"),
    (1.0, 70, "confidence must be a share between 0 and 1"),
    (1.0, -0.5, "confidence"),
])
def test_bad_shares(isolation, confidence, message):
    with pytest.raises(ValueError, match=message):
        roi.evaluate(1_000, 500, isolation=isolation, confidence=confidence)


def test_negative_estimate_is_refused():
    with pytest.raises(ValueError, match="estimate cannot be negative"):
        roi.adjusted_benefit(-10)


def test_module_10_worked_examples():
    # single participant: 24,000 x 60 % program share x 75 % confidence
    assert roi.adjusted_benefit(24_000, isolation=0.60, confidence=0.75) == 10_800.0
    # negotiation program: 336,000 at 70 % confidence against 160,000
    result = roi.evaluate(336_000, 160_000, confidence=0.70)
    assert result.net_benefits == pytest.approx(75_200)
    assert result.bcr == pytest.approx(1.47)
    assert result.roi_percent == pytest.approx(47.0)
    # retail pilot: 5 points of 1,200 staff = 60 leavers x 2,500 against 90,000
    retail = roi.evaluate(0.05 * 1_200 * 2_500, 90_000)
    assert retail.claimed_benefits == pytest.approx(150_000)
    assert round(retail.bcr, 2) == 1.67 and round(retail.roi_percent) == 67
    unisolated = roi.roi_percent(0.08 * 1_200 * 2_500, 90_000)
    assert unisolated > 2 * retail.roi_percent


def test_module_10_exercise_answers():
    assert roi.roi_percent(260_000, 130_000) == pytest.approx(100)
    assert roi.roi_percent(1.5, 1) == pytest.approx(50)
    assert roi.roi_percent(2.4, 1) == pytest.approx(140)
    assert roi.adjusted_benefit(50_000, isolation=0.40, confidence=0.80) == 16_000.0
