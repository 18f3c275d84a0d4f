"""Cost per learner and per hour; ratio of totals vs average of ratios; fully loaded cost."""

import pytest

from course.models import finance

# The module's worked example: three courses of very different size.
COURSES = [("Leadership programme", 120_000, 40, 40),
           ("Compliance e-learning", 30_000, 1_500, 1),
           ("Onboarding", 50_000, 250, 16)]


def test_single_course_unit_costs():
    assert finance.cost_per_learner(120_000, 40) == pytest.approx(3_000)
    assert finance.cost_per_learning_hour(120_000, 40 * 40) == pytest.approx(75)


def test_ratio_of_totals_differs_from_average_of_ratios():
    costs = [c for _, c, _, _ in COURSES]
    learners = [n for _, _, n, _ in COURSES]
    assert finance.ratio_of_totals(costs, learners) == pytest.approx(200_000 / 1_790)
    assert finance.average_of_ratios(costs, learners) == pytest.approx((3_000 + 20 + 200) / 3)
    assert round(finance.ratio_of_totals(costs, learners), 2) == 111.73
    assert round(finance.average_of_ratios(costs, learners), 2) == 1_073.33


def test_ratio_of_totals_is_the_size_weighted_average_of_ratios():
    costs, units = [10.0, 300.0, 45.0], [2.0, 100.0, 9.0]
    ratios = [c / u for c, u in zip(costs, units, strict=True)]
    weights = [u / sum(units) for u in units]
    weighted = sum(w * r for w, r in zip(weights, ratios, strict=True))
    assert finance.ratio_of_totals(costs, units) == pytest.approx(weighted)


def test_equal_sizes_make_both_summaries_agree():
    assert finance.ratio_of_totals([100, 300], [10, 10]) == pytest.approx(
        finance.average_of_ratios([100, 300], [10, 10]))


def test_compare_unit_costs_per_learner_and_per_hour():
    result = finance.compare_unit_costs(COURSES)
    assert result.total_cost == 200_000
    assert result.total_learners == 1_790
    assert result.total_hours == 1_600 + 1_500 + 4_000
    assert [c.per_hour for c in result.courses] == pytest.approx([75, 20, 12.5])
    assert round(result.per_hour_totals, 2) == 28.17
    assert round(result.per_hour_average, 2) == 35.83
    assert result.per_learner_average > result.per_learner_totals


def test_zero_units_in_one_course():
    assert finance.ratio_of_totals([100, 50], [10, 0]) == pytest.approx(15)
    with pytest.raises(ValueError, match="course 2 has 0 units"):
        finance.average_of_ratios([100, 50], [10, 0])


@pytest.mark.parametrize("call, message", [
    (lambda: finance.cost_per_learner(1_000, 0), "number of learners must be greater than 0"),
    (lambda: finance.cost_per_learner(-1, 10), "total cost cannot be negative"),
    (lambda: finance.cost_per_learning_hour(1_000, -3), "learning hours must be greater than 0"),
    (lambda: finance.ratio_of_totals([], []), "at least one course"),
    (lambda: finance.ratio_of_totals([1, 2], [1]), "equally long"),
    (lambda: finance.ratio_of_totals([1], [0]), "add up to 0"),
    (lambda: finance.average_of_ratios([1, "x"], [1, 1]), "cost of course 2 must be a number"),
    (lambda: finance.compare_unit_costs([("A", 100, 0, 2)]), "learners in A must be greater"),
    (lambda: finance.compare_unit_costs([]), "at least one course"),
])
def test_bad_input_is_refused_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_fully_loaded_cost_worked_example():
    result = finance.fully_loaded_cost(
        needs_analysis=8_000, development=60_000, development_share=0.25, delivery=36_000,
        evaluation=4_000, participants=24, hours_per_participant=21, hourly_pay=50,
        benefits_rate=0.30, overhead_rate=0.10)
    amounts = dict(result.lines)
    assert amounts["Needs analysis and design (prorated)"] == pytest.approx(2_000)
    assert amounts["Development (prorated)"] == pytest.approx(15_000)
    assert amounts["Participants' time: pay and benefits"] == pytest.approx(32_760)
    assert amounts["Overhead: L&D administration, systems, management"] == pytest.approx(8_976)
    assert result.total == pytest.approx(98_736)
    assert result.per_participant == pytest.approx(4_114)
    assert round(result.per_learning_hour, 2) == 195.90


def test_fully_loaded_cost_with_only_delivery():
    result = finance.fully_loaded_cost(delivery=36_000, participants=24, hours_per_participant=21)
    assert result.total == pytest.approx(36_000)
    assert result.per_participant == pytest.approx(1_500)


@pytest.mark.parametrize("kwargs, message", [
    ({"participants": 0, "hours_per_participant": 1}, "participants must be greater than 0"),
    ({"participants": 5, "hours_per_participant": 0}, "hours per participant must be greater"),
    ({"participants": 5, "hours_per_participant": 1, "development_share": 2},
     "development share must be a share between 0 and 1"),
    ({"participants": 5, "hours_per_participant": 1, "delivery": -10},
     "delivery cannot be negative"),
    ({"participants": 5, "hours_per_participant": 1, "overhead_rate": -0.1},
     "overhead rate cannot be negative"),
])
def test_fully_loaded_cost_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        finance.fully_loaded_cost(**kwargs)


def test_mix_change_lowers_ratio_of_totals_while_every_course_gets_dearer():
    # Module 9, section 4: both courses cost 10 % more per learner, the cheap one grows.
    year1 = finance.ratio_of_totals([120_000, 30_000], [40, 1_500])
    year2 = finance.ratio_of_totals([40 * 3_300, 3_000 * 22], [40, 3_000])
    assert round(year1, 2) == 97.40
    assert round(year2, 2) == 65.13
    assert 1 - year2 / year1 == pytest.approx(1 / 3, abs=0.01)


def test_module_exercise_figures():
    # unit-cost-hours exercise and kc-per-learner item of module 9
    assert round(finance.ratio_of_totals([60_000, 20_000], [600, 800]), 2) == 57.14
    assert finance.average_of_ratios([60_000, 20_000], [600, 800]) == pytest.approx(62.5)
    assert round(finance.average_of_ratios([9_000, 9_000], [10, 290]), 2) == 465.52
    assert finance.ratio_of_totals([9_000, 9_000], [10, 290]) == pytest.approx(60)
