"""The modality decision matrix: weighted mean fit, must-have screening, reasons, bad input."""

import pytest

from course.models.modality import CRITERIA, DEFAULT_FIT, MODALITIES, rank_modalities

HOSPITAL = {"practice": 5, "interaction": 2, "spread": 2, "flexibility": 5, "scale": 2,
            "speed": 1, "consistency": 4}


def scores(ranking):
    return {row.modality: round(row.score, 3) for row in ranking.ranked}


def test_hospital_worked_example_without_gates_ranks_self_paced_first():
    ranking = rank_modalities(HOSPITAL)
    # module 7, section 4: totals 79, 73, 63, 56 over a weight sum of 21
    assert scores(ranking) == {"self-paced": 3.762, "blended": 3.476, "virtual": 3.0,
                               "classroom": 2.667}
    assert [row.modality for row in ranking.ranked] == ["self-paced", "blended", "virtual",
                                                        "classroom"]
    assert ranking.best.weaknesses[0] == CRITERIA["practice"]
    assert not ranking.close_call


def test_practice_as_must_have_screens_out_self_paced_and_blended_wins():
    ranking = rank_modalities(HOSPITAL, must_have=["practice"])
    assert ranking.best.modality == "blended"
    assert round(ranking.best.score, 3) == 3.476
    assert [label for label, _ in ranking.screened_out] == [MODALITIES["self-paced"]]
    assert "fit 2" in ranking.screened_out[0][1]


def test_exercise_matrix_total_is_three_and_a_half_for_blended():
    # module 7 exercise "matrix-total": practice 2, scale 3, consistency 1
    ranking = rank_modalities({"practice": 2, "scale": 3, "consistency": 1})
    assert scores(ranking)["blended"] == 3.5
    assert ranking.best.modality == "self-paced"


def test_score_is_weighted_mean_so_scaling_weights_changes_nothing():
    halved = {c: w * 0.5 for c, w in HOSPITAL.items()}
    assert scores(rank_modalities(halved)) == scores(rank_modalities(HOSPITAL))


def test_single_criterion_reproduces_its_fit_row():
    ranking = rank_modalities({"interaction": 3})
    assert {r.modality: r.score for r in ranking.ranked} == DEFAULT_FIT["interaction"]
    assert ranking.best.modality == "classroom"
    assert ranking.best.strengths == (CRITERIA["interaction"],)


def test_zero_weights_are_ignored_and_missing_criteria_count_as_zero():
    with_zero = rank_modalities({"speed": 2, "scale": 0})
    assert scores(with_zero) == scores(rank_modalities({"speed": 1}))


def test_close_call_flagged_when_top_two_within_a_quarter_point():
    ranking = rank_modalities({"speed": 1})  # classroom and virtual both fit 4
    assert ranking.close_call
    assert [r.modality for r in ranking.ranked[:2]] == ["classroom", "virtual"]


def test_custom_fit_table_is_used():
    fit = {"cost": {"a": 2, "b": 5}, "quality": {"a": 5, "b": 1}}
    ranking = rank_modalities({"cost": 1, "quality": 3}, fit=fit)
    assert [(r.modality, r.score) for r in ranking.ranked] == [("a", 4.25), ("b", 2.0)]


@pytest.mark.parametrize("weights, message", [
    ({}, "at least one criterion"),
    ({"practice": 0, "speed": 0}, "at least one criterion"),
    ({"budget": 3}, "unknown criterion 'budget'"),
    ({"practice": -1}, "between 0 and 5"),
    ({"practice": 6}, "between 0 and 5"),
    ({"practice": "high"}, "must be a number"),
    ({"practice": float("nan")}, "must be a number"),
    ({"practice": True}, "must be a number"),
])
def test_bad_weights_raise_clear_errors(weights, message):
    with pytest.raises(ValueError, match=message):
        rank_modalities(weights)


def test_unknown_must_have_is_refused():
    with pytest.raises(ValueError, match="must-have 'cost' is not a criterion"):
        rank_modalities(HOSPITAL, must_have=["cost"])


def test_must_haves_nothing_can_meet_are_refused():
    with pytest.raises(ValueError, match="no modality meets every must-have"):
        rank_modalities(HOSPITAL, must_have=["flexibility", "interaction", "speed"])


@pytest.mark.parametrize("fit, message", [
    ({}, "empty"),
    ({"x": {"a": 3, "b": 3}, "y": {"a": 3}}, "must score exactly"),
    ({"x": {"a": 0, "b": 3}}, "must be 1-5"),
])
def test_bad_fit_tables_are_refused(fit, message):
    with pytest.raises(ValueError, match=message):
        rank_modalities({"x": 1} if fit else {}, fit=fit)


def test_exam_bank_figures():
    # exams/bank/m07.yml q04: discussion 4, any-hour 1 -> virtual 3.6, self-paced 1.8
    got = scores(rank_modalities({"interaction": 4, "flexibility": 1}))
    assert (got["virtual"], got["self-paced"]) == (3.6, 1.8)
