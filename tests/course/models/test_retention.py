"""The exponential forgetting curve and the spacing planner."""

import math
from datetime import date
from pathlib import Path

import pytest
import yaml

from course.models import retention as ret

# --- the curve: worked figures from the curriculum ---------------------------------------------

def test_worked_figures_with_stability_one_day():
    assert round(ret.retention(1, 1) * 100, 1) == 36.8
    assert round(ret.retention(2, 1) * 100, 1) == 13.5
    assert ret.half_life(1) == pytest.approx(math.log(2))
    assert round(ret.half_life(1), 3) == 0.693


def test_retention_starts_at_one_and_falls():
    assert ret.retention(0, 4) == 1.0
    values = [ret.retention(t, 4) for t in (0, 1, 5, 20)]
    assert values == sorted(values, reverse=True)


@pytest.mark.parametrize("s", [0.5, 1, 3, 40])
def test_half_life_is_s_ln_2_and_gives_fifty_percent(s):
    assert ret.half_life(s) == pytest.approx(s * math.log(2))
    assert ret.retention(ret.half_life(s), s) == pytest.approx(0.5)
    assert ret.time_to_retention(0.5, s) == pytest.approx(ret.half_life(s))


def test_exponential_forgets_the_same_share_in_every_equal_interval():
    assert ret.retention(3, 2) == pytest.approx(ret.retention(1, 2) * ret.retention(2, 2))


@pytest.mark.parametrize("t, s, message", [
    (-1, 1, "cannot be negative"), (1, 0, "greater than 0"), (1, -2, "greater than 0"),
    (math.nan, 1, "finite"), (1, math.inf, "finite"), ("1", 1, "must be a number"),
    (1, True, "must be a number")])
def test_retention_refuses_bad_input(t, s, message):
    with pytest.raises(ValueError, match=message):
        ret.retention(t, s)


@pytest.mark.parametrize("level", [0, -0.1, 1.5])
def test_time_to_retention_refuses_levels_outside_zero_to_one(level):
    with pytest.raises(ValueError, match="above 0 and at most 1"):
        ret.time_to_retention(level, 1)


# --- the approximate Cepeda et al. (2008) ratio ------------------------------------------------

def test_ratio_sits_inside_the_reported_ranges_at_a_week_and_a_year():
    assert 0.20 <= ret.gap_ratio(7) <= 0.40  # "about 20 to 40 %" of a one-week interval
    assert 0.05 <= ret.gap_ratio(350) <= 0.10  # "about 5 to 10 %" of a one-year interval


def test_ratio_falls_as_the_retention_interval_grows_and_is_held_outside_the_data():
    ris = [7, 14, 35, 70, 180, 350]
    ratios = [ret.gap_ratio(r) for r in ris]
    assert ratios == sorted(ratios, reverse=True) and len(set(ratios)) == len(ratios)
    assert ret.gap_ratio(2) == ret.gap_ratio(7) == 0.25
    assert ret.gap_ratio(1000) == ret.gap_ratio(350) == 0.075
    # the absolute gap still grows with the interval
    assert ret.gap_ratio(350) * 350 > ret.gap_ratio(35) * 35 > ret.gap_ratio(7) * 7


def test_ratio_refuses_a_non_positive_interval():
    with pytest.raises(ValueError, match="greater than 0 days"):
        ret.gap_ratio(0)


def test_best_single_gap_is_the_ratio_of_the_time_still_to_go():
    gap = ret.best_single_gap(60)
    assert gap == pytest.approx(ret.gap_ratio(60 - gap) * (60 - gap), rel=1e-9)
    assert 8 < gap < 9


# --- the planner --------------------------------------------------------------------------------

def test_each_gap_is_the_ratio_of_the_time_still_to_go():
    plan = ret.plan_reviews(90, reviews=3, stability=5, boost=2.5)
    assert len(plan.reviews) == 3
    for r in plan.reviews:
        assert r.gap == pytest.approx(ret.gap_ratio(r.time_to_exam) * r.time_to_exam, rel=1e-6)
        assert r.day + r.time_to_exam == pytest.approx(90)
    days = [r.day for r in plan.reviews]
    assert days == sorted(days) and days[0] > 0
    assert sum(r.gap for r in plan.reviews) == pytest.approx(days[-1])


def test_each_review_multiplies_stability_by_the_boost():
    plan = ret.plan_reviews(90, reviews=3, stability=5, boost=2.5)
    assert [r.stability_after for r in plan.reviews] == pytest.approx([12.5, 31.25, 78.125])
    first = plan.reviews[0]
    assert first.retention_before == pytest.approx(math.exp(-first.day / 5))
    last = plan.reviews[-1]
    assert plan.retention_at_exam == pytest.approx(math.exp(-last.time_to_exam / 78.125))
    assert plan.retention_at_exam > plan.retention_without_reviews


def test_no_reviews_leaves_the_plain_curve():
    plan = ret.plan_reviews(30, reviews=0, stability=10)
    assert plan.reviews == ()
    assert plan.retention_at_exam == plan.retention_without_reviews == pytest.approx(
        math.exp(-3))


def test_a_boost_of_one_means_reviews_add_nothing():
    plan = ret.plan_reviews(30, reviews=2, stability=10, boost=1)
    assert all(r.stability_after == 10 for r in plan.reviews)


def test_checkpoints_show_the_worked_figures():
    plan = ret.plan_reviews(60, stability=1)
    assert [d for d, _ in plan.checkpoints] == [1, 2, 7, 30]
    assert round(plan.checkpoints[0][1] * 100, 1) == 36.8
    assert round(plan.checkpoints[1][1] * 100, 1) == 13.5
    assert plan.half_life == pytest.approx(0.693, abs=5e-4)


def test_dates_follow_from_the_start_date():
    plan = ret.plan_reviews(60, reviews=3, start=date(2027, 1, 11))
    first = plan.reviews[0]
    assert (first.date - date(2027, 1, 11)).days == round(first.day)
    assert plan.exam_date == date(2027, 3, 12)
    assert ret.plan_reviews(60).reviews[0].date is None


def test_notes_flag_intervals_outside_the_studied_range_and_crowded_days():
    assert ret.plan_reviews(60).notes == ()
    assert any("shorter than the 7 days" in n for n in ret.plan_reviews(10, reviews=3).notes)
    assert any("longer than the 350 days" in n for n in ret.plan_reviews(500, reviews=2).notes)
    assert any("same day" in n for n in ret.plan_reviews(2, reviews=5).notes)


@pytest.mark.parametrize("kwargs, message", [
    ({"days_to_exam": 0.5}, "at least 1"),
    ({"days_to_exam": math.nan}, "finite"),
    ({"reviews": -1}, "between 0 and 10"),
    ({"reviews": 11}, "between 0 and 10"),
    ({"reviews": 2.5}, "whole number"),
    ({"reviews": True}, "whole number"),
    ({"stability": 0}, "greater than 0"),
    ({"boost": 0.5}, "at least 1"),
    ({"start": "2027-01-11"}, "must be a date"),
])
def test_planner_refuses_bad_input(kwargs, message):
    args = {"days_to_exam": 60, **kwargs}
    with pytest.raises(ValueError, match=message):
        ret.plan_reviews(**args)


def test_curve_jumps_back_to_full_at_each_review():
    plan = ret.plan_reviews(60, reviews=2, stability=5, boost=2)
    curve = ret.retention_curve(plan)
    assert curve[0] == (0.0, 1.0) and curve[-1][0] == pytest.approx(60)
    assert all(0 < r <= 1 for _, r in curve)
    for review in plan.reviews:
        at = [r for t, r in curve if t == review.day]
        assert min(at) == pytest.approx(review.retention_before) and max(at) == 1.0
    assert curve[-1][1] == pytest.approx(plan.retention_at_exam)
    with pytest.raises(ValueError, match="at least 2"):
        ret.retention_curve(plan, points=1)


# --- the worked figures stated in module 4 -----------------------------------------------------

def test_module_4_worked_figures():
    assert round(ret.half_life(1) * 24, 1) == 16.6  # hours
    assert round(ret.retention(7, 10) * 100, 1) == 49.7
    assert round(ret.half_life(10), 2) == 6.93
    assert round(ret.time_to_retention(0.8, 10), 2) == 2.23
    assert round(ret.half_life(4), 2) == 2.77
    assert round(ret.retention(2, 1), 4) == round(ret.retention(1, 1) ** 2, 4)
    assert round(70 * ret.gap_ratio(70), 1) == 10.3  # "roughly 10 days", ratio about 15 %
    assert round(ret.gap_ratio(70), 3) == 0.147
    assert round(350 * ret.gap_ratio(350)) == 26  # a year: "roughly 26 to 27 days"
    assert round(365 * ret.gap_ratio(365), 1) == 27.4
    assert 7 * ret.gap_ratio(7) < 2  # one week: under two days
    assert 0.05 * 365 <= 21 and 28 <= 0.10 * 365  # "three to four weeks": 5-10 % of a year
    assert 0.2 * 7 <= 2 <= 0.4 * 7  # "about two days": 20-40 % of a week
    assert (1000 - 660) / 1000 == 0.34 and (20 - 13) / 20 == 0.35  # savings examples


def test_module_4_planner_examples():
    default = ret.plan_reviews(60, reviews=3, stability=5, boost=2.5)
    assert [round(r.day) for r in default.reviews] == [8, 16, 22]
    assert round(default.retention_at_exam * 100) == 62
    assert default.retention_without_reviews < 0.001
    launch = ret.plan_reviews(42, reviews=2, stability=5, boost=2.5)
    assert [round(r.day) for r in launch.reviews] == [6, 12]


def test_module_4_exam_bank_figures_match_the_model():
    bank = Path(__file__).resolve().parents[3] / "exams" / "bank" / "m04.yml"
    items = {i["id"]: i for i in yaml.safe_load(bank.read_text(encoding="utf-8"))["items"]}

    def option(item_id: str, option_id: str | None = None) -> str:
        item = items[item_id]
        wanted = option_id or item["key"]
        return next(o["text"] for o in item["options"] if o["id"] == wanted)

    assert option("m04-q04") == f"{ret.retention(3, 3) * 100:.1f} %"
    assert option("m04-q04", "d") == f"{ret.retention(6, 3) * 100:.1f} %"
    assert option("m04-q05") == f"{ret.half_life(12):.1f} days"
    assert option("m04-q05", "c") == f"{12 / math.log(2):.1f} days"
    assert option("m04-q06") == f"{ret.time_to_retention(0.8, 20):.1f} days"
    assert option("m04-q06", "c") == f"{ret.half_life(20):.1f} days"
    assert round(ret.half_life(3), 2) == 2.08  # quoted in m04-q04's rationale
    assert round(35 * ret.gap_ratio(35)) == 6  # m04-q07: "about 6 days for 35"
    q07_b = next(o["why"] for o in items["m04-q07"]["options"] if o["id"] == "b")
    assert f"is {28 / 35:.0%}".replace("%", " %") in q07_b  # four weeks of a five-week interval
