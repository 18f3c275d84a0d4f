"""Weighted vendor scoring with the flip point, and the make-vs-buy break-even."""

import pytest

from course.models.sourcing import break_even, score_vendors, sweep_weight, total_cost

WEIGHTS = {"Content quality": 35, "Price": 30, "Integration": 20, "Service": 15}
SCORES = {
    "A": {"Content quality": 4, "Price": 3, "Integration": 5, "Service": 4},
    "B": {"Content quality": 5, "Price": 2, "Integration": 3, "Service": 4},
    "C": {"Content quality": 3, "Price": 5, "Integration": 4, "Service": 3},
}


def totals(ranking):
    return {row.vendor: round(row.total, 4) for row in ranking.ranked}


def test_worked_example_totals_and_order():
    ranking = score_vendors(WEIGHTS, SCORES)
    # module 8, section 5: A 3.90, C 3.80, B 3.55
    assert totals(ranking) == {"A": 3.9, "C": 3.8, "B": 3.55}
    assert [r.vendor for r in ranking.ranked] == ["A", "C", "B"]
    assert ranking.shares == {"Content quality": 0.35, "Price": 0.3, "Integration": 0.2,
                              "Service": 0.15}
    assert ranking.ranked[0].contributions["Integration"] == pytest.approx(1.0)
    assert not ranking.tied


def test_worked_example_flips_when_price_weight_reaches_35():
    flip = score_vendors(WEIGHTS, SCORES).flip
    assert (flip.criterion, flip.challenger) == ("Price", "C")
    assert flip.weight_from == 30 and flip.weight_to == pytest.approx(35)
    assert flip.change == pytest.approx(5)
    assert flip.share_from == pytest.approx(0.30) and flip.share_to == pytest.approx(1 / 3)
    at_flip = score_vendors({**WEIGHTS, "Price": 35}, SCORES)
    assert at_flip.tied and totals(at_flip)["A"] == totals(at_flip)["C"] == round(405 / 105, 4)
    assert round(at_flip.ranked[0].total, 2) == 3.86  # "C level with A at about 3.86"
    beyond = score_vendors({**WEIGHTS, "Price": 36}, SCORES)
    assert beyond.ranked[0].vendor == "C"
    # module text: cutting quality, integration or service by 10 points also ties A and C
    for criterion in ("Content quality", "Integration", "Service"):
        cut = score_vendors({**WEIGHTS, criterion: WEIGHTS[criterion] - 10}, SCORES)
        assert cut.tied and {r.vendor for r in cut.ranked[:2]} == {"A", "C"}


def test_exercise_flip_point_is_a_ten_point_rise_in_cost():
    # module 8 exercise "flip-weight": quality 50, cost 30, support 20
    weights = {"Quality": 50, "Cost": 30, "Support": 20}
    scores = {"North": {"Quality": 5, "Cost": 2, "Support": 4},
              "South": {"Quality": 3, "Cost": 5, "Support": 3}}
    ranking = score_vendors(weights, scores)
    assert totals(ranking) == {"North": 3.9, "South": 3.6}
    flip = ranking.flip
    assert (flip.criterion, flip.challenger) == ("Cost", "South")
    assert flip.weight_to == pytest.approx(40) and flip.change == pytest.approx(10)
    # the alternatives need bigger moves: Quality down 15; Support cannot go below zero
    assert score_vendors({**weights, "Quality": 35}, scores).tied
    assert score_vendors({**weights, "Support": 0}, scores).ranked[0].vendor == "North"
    at_tie = score_vendors({**weights, "Cost": 40}, scores)
    assert at_tie.tied and round(at_tie.ranked[0].total, 2) == 3.73  # 410 / 110


def test_knowledge_check_weighted_total_and_weight_scale():
    # module 8 knowledge check: "kc-weighted-total" and "kc-weights-scale"
    ranking = score_vendors({"quality": 50, "price": 30, "service": 20},
                            {"V": {"quality": 4, "price": 2, "service": 5}})
    assert ranking.ranked[0].total == pytest.approx(3.6)
    big = score_vendors({"a": 40, "b": 30, "c": 20, "d": 10}, {
        "X": {"a": 3, "b": 5, "c": 2, "d": 4}, "Y": {"a": 4, "b": 3, "c": 4, "d": 1}})
    small = score_vendors({"a": 4, "b": 3, "c": 2, "d": 1}, {
        "X": {"a": 3, "b": 5, "c": 2, "d": 4}, "Y": {"a": 4, "b": 3, "c": 4, "d": 1}})
    assert totals(big) == totals(small)
    assert big.flip.share_to == pytest.approx(small.flip.share_to)


def test_flip_is_smallest_over_all_challengers_and_criteria():
    ranking = score_vendors(WEIGHTS, SCORES)
    best = abs(ranking.flip.change)
    for criterion in WEIGHTS:
        for step in (x / 4 for x in range(1, int(best * 4))):
            for sign in (1, -1):
                trial = {**WEIGHTS, criterion: WEIGHTS[criterion] + sign * step}
                if trial[criterion] < 0:
                    continue
                assert score_vendors(trial, SCORES).ranked[0].vendor == "A"


def test_dominant_leader_cannot_be_flipped_by_one_weight():
    scores = {"X": {"a": 5, "b": 5}, "Y": {"a": 3, "b": 4}}
    ranking = score_vendors({"a": 1, "b": 1}, scores)
    assert ranking.ranked[0].vendor == "X" and ranking.flip is None and not ranking.tied


def test_flip_can_come_from_a_criterion_weighted_zero():
    scores = {"X": {"a": 5, "b": 1}, "Y": {"a": 4, "b": 5}}
    flip = score_vendors({"a": 1, "b": 0}, scores).flip
    assert flip.criterion == "b" and flip.weight_from == 0 and flip.weight_to == pytest.approx(0.25)


def test_tie_at_the_top_and_single_vendor():
    tied = score_vendors({"a": 1}, {"X": {"a": 4}, "Y": {"a": 4}})
    assert tied.tied and tied.flip is None
    assert [r.vendor for r in tied.ranked] == ["X", "Y"]  # input order breaks ties
    alone = score_vendors({"a": 1}, {"X": {"a": 4}})
    assert alone.flip is None and not alone.tied


def test_sweep_matches_scoring_and_shows_the_crossing():
    lines = sweep_weight(WEIGHTS, SCORES, "Price", [0, 35, 60])
    assert [round(v, 4) for v in lines["A"]] == [round(300 / 70, 4), round(405 / 105, 4),
                                                 round(480 / 130, 4)]
    assert lines["A"][1] == pytest.approx(lines["C"][1])
    assert lines["C"][2] > lines["A"][2]


@pytest.mark.parametrize("weights, scores, message", [
    ({}, SCORES, "at least one criterion"),
    ({"Price": 0}, {"A": {"Price": 3}}, "at least one weight must be above zero"),
    ({"Price": -5, "Service": 10}, {"A": {"Price": 3, "Service": 3}}, "cannot be negative"),
    ({"Price": "high"}, {"A": {"Price": 3}}, "must be a number"),
    ({"Price": 1}, {}, "at least one vendor"),
    ({"Price": 1, "Service": 1}, {"A": {"Price": 3}}, "no score for: Service"),
    ({"Price": 1}, {"A": {"Price": 3, "Speed": 2}}, "unknown criteria: Speed"),
    ({"Price": 1}, {"A": {"Price": -1}}, "zero or more"),
    ({"Price": 1}, {"A": {"Price": None}}, "zero or more"),
    ({" ": 1}, {"A": {" ": 1}}, "every criterion needs a name"),
    ({"Price": 1}, {"": {"Price": 1}}, "every vendor needs a name"),
])
def test_bad_scoring_input_is_refused(weights, scores, message):
    with pytest.raises(ValueError, match=message):
        score_vendors(weights, scores)


def test_sweep_refuses_unknown_criterion():
    with pytest.raises(ValueError, match="unknown criterion 'Speed'"):
        sweep_weight(WEIGHTS, SCORES, "Speed", [1])


def test_make_buy_worked_example_breaks_even_at_500_learners():
    result = break_even(60_000, 40, 5_000, 150, volume=800)
    # (60,000 - 5,000) / (150 - 40) = 55,000 / 110 = 500
    assert result.volume == pytest.approx(500)
    assert (result.below, result.above) == ("buy", "make")
    assert result.make_cost == 92_000 and result.buy_cost == 125_000
    assert result.cheaper == "make" and result.saving == 33_000
    low = break_even(60_000, 40, 5_000, 150, volume=300)
    assert (low.make_cost, low.buy_cost, low.cheaper, low.saving) == (72_000, 50_000, "buy",
                                                                       22_000)
    at = break_even(60_000, 40, 5_000, 150, volume=500)
    assert at.cheaper == "either" and at.make_cost == at.buy_cost == 80_000


def test_exercise_break_even_is_600_learners():
    # module 8 exercise "breakeven-calc"
    assert break_even(48_000, 30, 6_000, 100).volume == pytest.approx(600)


def test_sign_check_dominated_option_has_no_break_even():
    # making costs more up front and more per learner: buying wins at every volume
    result = break_even(20_000, 120, 8_000, 90, volume=1_000)
    assert result.volume is None and result.below == result.above == "buy"
    assert "no break-even above zero" in result.explanation.lower()
    # the formula alone gives (20,000 - 8,000) / (90 - 120) = -400: negative, so no crossing
    assert (20_000 - 8_000) / (90 - 120) == -400


def test_equal_variable_costs_never_cross():
    result = break_even(10_000, 50, 4_000, 50, volume=100)
    assert result.volume is None and result.below == "buy" and result.cheaper == "buy"
    same = break_even(10_000, 50, 10_000, 50)
    assert same.below == "either" and same.cheaper == "either"


def test_make_cheaper_below_when_its_fixed_cost_is_lower():
    result = break_even(2_000, 200, 30_000, 60, volume=100)
    assert result.volume == pytest.approx(200)
    assert (result.below, result.above, result.cheaper) == ("make", "buy", "make")


def test_total_cost_line():
    assert total_cost(5_000, 150, 0) == 5_000
    assert total_cost(5_000, 150, 10) == 6_500


@pytest.mark.parametrize("args, message", [
    ((-1, 40, 5_000, 150), "make fixed cost"),
    ((60_000, float("inf"), 5_000, 150), "make cost per unit"),
    ((60_000, 40, "5000", 150), "buy fixed cost"),
    ((60_000, 40, 5_000, -150), "buy cost per unit"),
    ((60_000, 40, 5_000, 150, -10), "planned volume"),
])
def test_bad_costs_are_refused(args, message):
    with pytest.raises(ValueError, match=message):
        break_even(*args)


def test_exam_bank_figures():
    # exams/bank/m08.yml: q03, q04 (break-even) and q06 (weighted totals)
    q03 = break_even(36_000, 20, 4_000, 100, volume=350)
    assert q03.volume == pytest.approx(400)
    assert (q03.make_cost, q03.buy_cost, q03.cheaper, q03.saving) == (43_000, 39_000, "buy",
                                                                       4_000)
    q04 = break_even(15_000, 90, 25_000, 60, volume=200)
    assert q04.volume == pytest.approx(1_000 / 3)
    assert (q04.below, q04.make_cost, q04.buy_cost) == ("make", 33_000, 37_000)
    q06 = score_vendors({"quality": 50, "price": 25, "reach": 25},
                        {"P": {"quality": 3, "price": 5, "reach": 4},
                         "Q": {"quality": 5, "price": 2, "reach": 2}})
    assert totals(q06) == {"P": 3.75, "Q": 3.5}
