"""The structure advisor: factor ratings, scores, the recommendation and bad input."""

import math

import pytest

from course.models.structure import (
    STRUCTURES,
    advise,
    need_rating,
    size_rating,
    spread_rating,
)


def test_size_rating_is_log_scaled_and_clamped():
    assert size_rating(200) == 0.0
    assert size_rating(50) == 0.0
    assert size_rating(2000) == pytest.approx(0.5)
    assert size_rating(20_000) == pytest.approx(1.0)
    assert size_rating(1_000_000) == 1.0
    assert size_rating(600) == pytest.approx(math.log10(3) / 2)


def test_spread_rating_averages_units_and_countries():
    assert spread_rating(1, 1) == 0.0
    assert spread_rating(3, 1) == pytest.approx(0.25)
    assert spread_rating(5, 1) == pytest.approx(0.5)
    assert spread_rating(5, 10) == pytest.approx(1.0)
    assert spread_rating(40, 80) == 1.0


def test_need_rating_maps_one_to_five_onto_zero_to_one():
    assert [need_rating("x", k) for k in range(1, 6)] == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_worked_example_in_the_module_text():
    """Module 1, section 3: 2,000 staff, 3 units, 1 country, consistency 5, responsiveness 3."""
    advice = advise(2000, 3, 1, 5, 3)
    assert advice.scores == {"centralized": 70.0, "federated": 60.0, "decentralized": 30.0}
    assert advice.recommended == "centralized"
    assert not advice.close_call
    assert advice.contributions["centralized"] == {
        "consistency": 30.0, "responsiveness": 15.0, "size": 10.0, "spread": 15.0}
    assert advice.contributions["federated"]["spread"] == 5.0


def test_worked_example_after_growth():
    """The same firm at 20,000 staff, 5 units and 10 countries tips to federated."""
    advice = advise(20_000, 5, 10, 5, 3)
    assert advice.scores == {"centralized": 45.0, "federated": 85.0, "decentralized": 55.0}
    assert advice.recommended == "federated"


def test_numeric_exercise_federated_score():
    """The numeric exercise: consistency 4, responsiveness 5, 20,000 staff, 5 units, 1 country."""
    advice = advise(20_000, 5, 1, 4, 5)
    assert advice.scores["federated"] == 82.5
    assert advice.recommended == "federated"


def test_small_regulated_single_site_is_centralized():
    advice = advise(350, 1, 1, 5, 1)
    assert advice.recommended == "centralized"
    assert advice.scores["centralized"] > 90


def test_large_diverse_low_consistency_is_decentralized():
    advice = advise(40_000, 8, 30, 2, 5)
    assert advice.recommended == "decentralized"
    assert advice.scores["decentralized"] == 92.5


def test_federated_beats_decentralized_only_above_middle_consistency():
    for consistency, expected in ((2, "decentralized"), (4, "federated")):
        advice = advise(30_000, 6, 12, consistency, 5)
        assert advice.recommended == expected


def test_scores_sum_contributions_and_stay_in_range():
    advice = advise(7_500, 4, 3, 2, 4)
    for s in STRUCTURES:
        assert 0 <= advice.scores[s] <= 100
        assert sum(advice.contributions[s].values()) == pytest.approx(advice.scores[s], abs=0.3)


def test_exact_tie_goes_to_the_simpler_structure_and_is_a_close_call():
    # every factor at 0.5: all three structures score 50
    advice = advise(2000, 5, 1, 3, 3)
    assert set(advice.scores.values()) == {50.0}
    assert advice.recommended == "centralized"
    assert advice.close_call
    assert "close call" in advice.reasons[0]


def test_reasons_name_the_favoured_structures():
    advice = advise(2000, 3, 1, 5, 3)
    assert advice.reasons[0].startswith("Centralized scores 70 of 100, ahead of federated (60)")
    assert "Need for consistency is high (5 of 5): it favours centralized and federated." in \
        advice.reasons
    assert any(r.startswith("Size is middling (2,000 employees)") for r in advice.reasons)
    assert "Spread is narrow (3 business units, 1 country): it favours centralized." in \
        advice.reasons


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 1, 1, 3, 3), "employees must be at least 1"),
        ((2.5, 1, 1, 3, 3), "employees must be a whole number"),
        ((100, 0, 1, 3, 3), "business units must be at least 1"),
        ((100, 1, 0, 3, 3), "countries must be at least 1"),
        ((100, 1, 1, 6, 3), "need for consistency must be between 1 and 5"),
        ((100, 1, 1, 3, 0), "need for local responsiveness must be between 1 and 5"),
        ((100, 1, 1, "high", 3), "need for consistency must be a whole number"),
        ((100, True, 1, 3, 3), "business units must be a whole number"),
    ],
)
def test_bad_input_raises_a_clear_value_error(args, message):
    with pytest.raises(ValueError, match=message):
        advise(*args)


@pytest.mark.parametrize(
    ("args", "scores"),
    [  # the module's scenarios (section 4 and 6) and item rationales, as stated in the text
        ((450, 1, 1, 5, 2), (89.0, 41.0, 11.0)),  # credit union
        ((14_000, 4, 1, 5, 4), (51.5, 78.5, 48.5)),  # hospital network
        ((28_000, 7, 20, 2, 5), (7.5, 77.5, 92.5)),  # engineering group
        ((9_000, 2, 3, 4, 3), (56.2, 58.8, 43.8)),  # specialty retailer
        ((3_500, 6, 1, 4, 2), (62.6, 52.4, 37.4)),  # government agency
        ((16_000, 3, 12, 5, 4), (43.5, 86.5, 56.5)),  # pharmaceutical company (exercise)
        ((30_000, 4, 6, 5, 4), (44.4, 85.6, 55.6)),  # retail bank (knowledge check)
        ((200, 1, 1, 3, 1), (85.0, 15.0, 15.0)),  # small firm (knowledge check)
    ],
)
def test_scores_quoted_in_the_module(args, scores):
    advice = advise(*args)
    assert tuple(advice.scores[s] for s in ("centralized", "federated", "decentralized")) == scores


def test_the_retailer_is_flagged_as_a_close_call():
    advice = advise(9_000, 2, 3, 4, 3)
    assert advice.recommended == "federated" and advice.close_call


@pytest.mark.parametrize("employees", [150, 900, 4_000, 25_000])
@pytest.mark.parametrize("spread", [(1, 1), (3, 4), (8, 15)])
def test_federated_beats_decentralized_exactly_when_consistency_is_above_the_middle(employees,
                                                                                   spread):
    for consistency in range(1, 6):
        for responsiveness in range(1, 6):
            s = advise(employees, *spread, consistency, responsiveness).scores
            gap = s["federated"] - s["decentralized"]
            assert gap == pytest.approx(30 * (2 * (consistency - 1) / 4 - 1), abs=0.11)


def test_exam_bank_figures():
    """exams/bank/m01.yml: the numbers quoted in items q06, q07, q09 and q11."""
    assert advise(5_000, 1, 1, 5, 1).scores == {
        "centralized": 86.0, "federated": 44.0, "decentralized": 14.0}
    holding = advise(15_000, 3, 9, 1, 5)
    assert holding.recommended == "decentralized"
    assert (holding.scores["decentralized"], holding.scores["federated"]) == (92.6, 62.6)
    before, after = advise(3_000, 2, 2, 3, 2).scores, advise(3_000, 2, 2, 3, 4).scores
    assert after["centralized"] - before["centralized"] == pytest.approx(-15)
    assert after["federated"] - before["federated"] == pytest.approx(15)
    assert after["decentralized"] - before["decentralized"] == pytest.approx(15)
    assert spread_rating(3, 4) == pytest.approx(0.4167, abs=1e-4)


def test_federated_beats_centralized_when_the_pull_to_the_units_is_above_the_middle():
    """Section 3: F - C = 100 x (0.3(2R-1) + 0.2(2Z-1) + 0.2(2S-1)), whatever consistency is."""
    for employees in (150, 900, 4_000, 25_000):
        for units, countries in ((1, 1), (3, 4), (8, 15)):
            for consistency in (1, 3, 5):
                for responsiveness in range(1, 6):
                    advice = advise(employees, units, countries, consistency, responsiveness)
                    f = advice.factors
                    pull = 0.3 * f["responsiveness"] + 0.2 * f["size"] + 0.2 * f["spread"]
                    gap = advice.scores["federated"] - advice.scores["centralized"]
                    assert gap == pytest.approx(100 * (2 * pull - 0.7), abs=0.11)
