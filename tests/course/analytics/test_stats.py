"""Moodle quiz statistics on small cases worked by hand (the working is in each comment)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from course.analytics.stats import item_flags, item_statistics, quiz_statistics

# Four learners, three right/wrong items in a perfect Guttman pattern; totals 3, 2, 1, 0.
GUTTMAN = pd.DataFrame({"i1": [1, 1, 1, 0], "i2": [1, 1, 0, 0], "i3": [1, 0, 0, 0]},
                       index=["l1", "l2", "l3", "l4"])


def test_facility_is_the_share_of_marks_earned() -> None:
    stats = item_statistics(GUTTMAN)
    assert stats["facility"].tolist() == [0.75, 0.5, 0.25]


def test_discrimination_correlates_the_item_with_the_rest_of_the_test() -> None:
    # i1: x = 1,1,1,0 and rest = 2,1,0,0; deviations x .25,.25,.25,-.75, rest 1.25,.25,-.75,-.75
    # cov = (.3125 + .0625 - .1875 + .5625) / 3 = .25; var x = .75 / 3 = .25;
    # var rest = 2.75 / 3; r = .25 / sqrt(.25 * 2.75 / 3) = 0.52223
    # i2: x = 1,1,0,0 and rest = 2,1,1,0; cov = 1/3, var x = 1/3, var rest = 2/3; r = 0.70711
    # i3 mirrors i1: x = 1,0,0,0 and rest = 2,2,1,0; cov = .25, var rest = 2.75 / 3; r = 0.52223
    stats = item_statistics(GUTTMAN)
    assert stats["discrimination"].tolist() == pytest.approx([0.52223, 0.70711, 0.52223],
                                                            abs=1e-5)


def test_efficiency_is_one_when_the_marks_are_already_in_rank_order() -> None:
    # sorting x and rest leaves every pair as it was, so cov_max = cov for each item
    assert item_statistics(GUTTMAN)["efficiency"].tolist() == pytest.approx([1, 1, 1])


def test_test_statistics_of_the_guttman_case() -> None:
    # totals 3,2,1,0: mean 1.5, squared deviations 2.25+.25+.25+2.25 = 5, k2 = 5/3, SD 1.29099
    # m3 = 0 so skewness 0; m2 = 1.25, m4 = 10.25/4 = 2.5625,
    # k4 = 16 (5 * 2.5625 - 9 * 1.5625) / 6 = -3.3333, kurtosis = k4 / k2^2 = -1.2
    # item variances .25 + 1/3 + .25 = 5/6; CIC = 3/2 (1 - (5/6)/(5/3)) = .75
    # error ratio sqrt(1 - .75) = .5; standard error .5 * 1.29099 = .64550
    stats = quiz_statistics(GUTTMAN)
    assert stats["n"] == 4 and stats["items"] == 3 and stats["max_score"] == 3
    assert stats["mean"] == 1.5 and stats["median"] == 1.5
    assert stats["sd"] == pytest.approx(1.29099, abs=1e-5)
    assert stats["skewness"] == pytest.approx(0, abs=1e-12)
    assert stats["kurtosis"] == pytest.approx(-1.2)
    assert stats["cic"] == pytest.approx(0.75)
    assert stats["error_ratio"] == pytest.approx(0.5)
    assert stats["standard_error"] == pytest.approx(0.64550, abs=1e-5)


def test_unrelated_items_have_zero_discrimination_and_consistency() -> None:
    # i1 = 1,1,0,0 and i2 = 0,1,1,0: cov = (-.25 + .25 - .25 + .25) / 3 = 0, so r = 0 and DE = 0
    # sorted: 0,0,1,1 with 0,0,1,1, cov_max = 1/3. Totals 1,2,1,0: k2 = 2/3, SD .81650;
    # item variances 1/3 + 1/3 = k2, so CIC = 2 (1 - 1) = 0, error ratio 1, SE = SD.
    # m2 = .5, m3 = 0, m4 = .5, k4 = 16 (5 * .5 - 9 * .25) / 6 = 2/3, kurtosis (2/3)/(4/9) = 1.5
    marks = pd.DataFrame({"i1": [1, 1, 0, 0], "i2": [0, 1, 1, 0]})
    items = item_statistics(marks)
    assert items["discrimination"].tolist() == pytest.approx([0, 0], abs=1e-12)
    assert items["efficiency"].tolist() == pytest.approx([0, 0], abs=1e-12)
    stats = quiz_statistics(marks)
    assert stats["cic"] == pytest.approx(0, abs=1e-12)
    assert stats["error_ratio"] == pytest.approx(1)
    assert stats["standard_error"] == pytest.approx(0.81650, abs=1e-5)
    assert stats["skewness"] == pytest.approx(0, abs=1e-12)
    assert stats["kurtosis"] == pytest.approx(1.5)


def test_a_reversed_item_discriminates_negatively_and_is_flagged() -> None:
    # i3 = 0,0,1,1 against rest = 2,2,0,0: perfectly reversed, r = -1 and DE = -1
    marks = pd.DataFrame({"i1": [1, 1, 0, 0], "i2": [1, 1, 0, 0], "i3": [0, 0, 1, 1]})
    row = item_statistics(marks).loc["i3"]
    assert row["discrimination"] == pytest.approx(-1)
    assert row["efficiency"] == pytest.approx(-1)
    assert row["flags"] == ["discrimination -1.000 < 0.2"]


def test_partial_marks_count_against_the_items_maximum() -> None:
    # a 2-point item scored 2, 1, 1, 0: facility = mean 1 / max 2 = .5, SD = sqrt(2/3) / 2
    marks = pd.DataFrame({"big": [2, 1, 1, 0], "small": [1, 1, 0, 0]})
    stats = item_statistics(marks, pd.Series({"big": 2.0, "small": 1.0}))
    assert stats.loc["big", "facility"] == 0.5
    assert stats.loc["big", "sd"] == pytest.approx(math.sqrt(2 / 3) / 2)
    assert quiz_statistics(marks, pd.Series({"big": 2.0, "small": 1.0}))["max_score"] == 3


def test_an_item_everyone_gets_right_is_flagged_easy_and_undiscriminating() -> None:
    marks = pd.DataFrame({"easy": [1, 1, 1, 1], "other": [1, 0, 1, 0]})
    row = item_statistics(marks).loc["easy"]
    assert row["facility"] == 1 and math.isnan(row["discrimination"])
    assert math.isnan(row["efficiency"])
    assert [f.split(":")[0] for f in row["flags"]] == ["facility 1.000 > 0.95", "no discrimination"]


def test_flag_thresholds() -> None:
    assert item_flags(0.5, 0.3) == []
    assert item_flags(0.19, 0.3) == ["facility 0.190 < 0.2: too hard or miskeyed"]
    assert item_flags(0.96, 0.3) == ["facility 0.960 > 0.95: too easy"]
    assert item_flags(0.5, 0.19) == ["discrimination 0.190 < 0.2"]
    assert item_flags(0.2, 0.2) == [] and item_flags(0.95, 0.2) == []


def test_small_samples_leave_undefined_statistics_empty() -> None:
    one = pd.DataFrame({"i1": [1], "i2": [0]})
    stats = quiz_statistics(one)
    assert stats["mean"] == 1 and math.isnan(stats["sd"]) and math.isnan(stats["cic"])
    assert math.isnan(item_statistics(one).loc["i1", "discrimination"])
    three = pd.DataFrame({"i1": [1, 0, 1], "i2": [1, 0, 0]})
    stats = quiz_statistics(three)
    assert not math.isnan(stats["skewness"]) and math.isnan(stats["kurtosis"])
    assert quiz_statistics(pd.DataFrame({"i1": []}))["n"] == 0
