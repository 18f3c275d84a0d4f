"""The pure checks: right, wrong, partial and malformed answers for every exercise kind."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from course.content import EXERCISE_KINDS, ModuleContent
from widgets.checks import (
    CONFIDENCE_LABELS,
    Result,
    check,
    confidence_problem,
    reflection_problem,
)


def test_sample_covers_every_kind(content: ModuleContent) -> None:
    assert sorted({e.kind for e in content.exercises}) == sorted(EXERCISE_KINDS)


def test_checks_do_not_import_ipywidgets() -> None:
    code = "import sys, widgets.checks; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_result_is_frozen() -> None:
    result = Result(1.0, True, "why")
    with pytest.raises(AttributeError):
        result.score = 0.0  # type: ignore[misc]


# single choice -------------------------------------------------------------------------------

def test_single_choice_right_gives_that_options_why(content: ModuleContent) -> None:
    result = check(content.item("pick-one"), "b")
    assert (result.score, result.correct) == (1.0, True)
    assert "use on the job" in result.feedback


def test_single_choice_wrong_gives_the_chosen_options_why(content: ModuleContent) -> None:
    result = check(content.item("pick-one"), "a")
    assert (result.score, result.correct) == (0.0, False)
    assert "how participants felt" in result.feedback


@pytest.mark.parametrize(("answer", "words"), [
    ("z", "unknown option 'z'"), (None, "expected one option id"), (["b"], "expected one option"),
    (2, "expected one option id"),
])
def test_single_choice_malformed(content: ModuleContent, answer: object, words: str) -> None:
    result = check(content.item("pick-one"), answer)
    assert result.score == 0.0 and not result.correct
    assert "could not be checked" in result.feedback and words in result.feedback


# multiple select -----------------------------------------------------------------------------

def test_multiple_select_all_keys_and_nothing_else(content: ModuleContent) -> None:
    result = check(content.item("pick-many"), ["b", "a"])
    assert (result.score, result.correct) == (1.0, True)
    assert len(result.details) == 2  # the why of each picked option


@pytest.mark.parametrize(("answer", "score"), [
    (["a"], 0.5),              # one of two keys
    (["a", "b", "c"], 0.5),    # two hits, one false pick
    (["a", "c"], 0.0),         # one hit cancelled by one false pick
    (["a", "b", "c", "d"], 0.0),  # picking everything earns nothing
    (["c", "d"], 0.0),         # floored at 0, never negative
    ([], 0.0),
])
def test_multiple_select_partial_credit(content: ModuleContent, answer: list, score: float) -> None:
    result = check(content.item("pick-many"), answer)
    assert math.isclose(result.score, score)
    assert not result.correct


def test_multiple_select_feedback_explains_each_pick(content: ModuleContent) -> None:
    result = check(content.item("pick-many"), ["a", "c"])
    assert "1 of the 2 options that fit and 1 that do not" in result.feedback
    assert any("overhead" in d for d in result.details)
    assert not any("Venue" in d for d in result.details)  # a missed key is not revealed


@pytest.mark.parametrize("answer", ["a", ["a", "a"], ["a", "x"], [1], {"a": True}, None])
def test_multiple_select_malformed(content: ModuleContent, answer: object) -> None:
    result = check(content.item("pick-many"), answer)
    assert result.score == 0.0 and "could not be checked" in result.feedback


def test_multiple_select_accepts_a_tuple(content: ModuleContent) -> None:
    assert check(content.item("pick-many"), ("a", "b")).correct


# true / false --------------------------------------------------------------------------------

def test_true_false(content: ModuleContent) -> None:
    right, wrong = check(content.item("tf"), True), check(content.item("tf"), False)
    assert (right.score, right.correct, wrong.score, wrong.correct) == (1.0, True, 0.0, False)
    assert "gap the analysis finds" in wrong.feedback


@pytest.mark.parametrize("answer", [1, "true", None, [True]])
def test_true_false_malformed(content: ModuleContent, answer: object) -> None:
    result = check(content.item("tf"), answer)
    assert result.score == 0.0 and "expected True or False" in result.feedback


# numeric -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("answer", "right"), [
    (25, True), (25.0, True), (25.5, True), (24.5, True), (25.51, False), (24.4, False),
    (0.25, False), (-25, False),
])
def test_numeric_tolerance(content: ModuleContent, answer: float, right: bool) -> None:
    result = check(content.item("roi"), answer)
    assert result.correct is right and result.score == (1.0 if right else 0.0)


def test_numeric_feedback_shows_the_unit_and_why(content: ModuleContent) -> None:
    result = check(content.item("roi"), 30)
    assert "30% is not within 0.5% of the expected value" in result.feedback
    assert "= 25%" in result.feedback


def test_numeric_boundary_survives_float_rounding(content: ModuleContent) -> None:
    ex = content.item("roi").model_copy(update={"answer": 1.1, "tolerance": 0.1})
    assert 1.1 - 1.0 > 0.1  # in binary floating point the edge lies just outside
    assert check(ex, 1.0).correct and not check(ex, 0.9999).correct


@pytest.mark.parametrize("answer", ["25", None, True, math.nan, math.inf, [25]])
def test_numeric_malformed(content: ModuleContent, answer: object) -> None:
    result = check(content.item("roi"), answer)
    assert result.score == 0.0 and "could not be checked" in result.feedback


# categorize ----------------------------------------------------------------------------------

RIGHT_SORT = {"smile": "reaction", "quiz": "learning", "observe": "behavior"}


def test_categorize_right(content: ModuleContent) -> None:
    result = check(content.item("sort"), RIGHT_SORT)
    assert (result.score, result.correct, result.details) == (1.0, True, ())


def test_categorize_partial_gives_why_of_each_wrong_item(content: ModuleContent) -> None:
    result = check(content.item("sort"), {**RIGHT_SORT, "quiz": "reaction"})
    assert math.isclose(result.score, 2 / 3) and not result.correct
    assert result.details == ("Post-test score: A test score shows what was learned.",)


def test_categorize_all_wrong(content: ModuleContent) -> None:
    result = check(content.item("sort"), dict.fromkeys(RIGHT_SORT, "behavior") | {
        "observe": "reaction"})
    assert result.score == 0.0 and len(result.details) == 3


@pytest.mark.parametrize(("answer", "words"), [
    ({"smile": "reaction"}, "have no choice yet"),
    ({**RIGHT_SORT, "extra": "reaction"}, "unknown item 'extra'"),
    ({**RIGHT_SORT, "quiz": "results"}, "unknown bucket 'results'"),
    ({**RIGHT_SORT, "quiz": None}, "expected a mapping"),
    (["reaction"], "expected a mapping"),
])
def test_categorize_malformed(content: ModuleContent, answer: object, words: str) -> None:
    result = check(content.item("sort"), answer)
    assert result.score == 0.0 and words in result.feedback


# order ---------------------------------------------------------------------------------------

STEPS = ["analyze", "design", "develop", "implement"]


def test_order_right(content: ModuleContent) -> None:
    result = check(content.item("sequence"), STEPS)
    assert (result.score, result.correct) == (1.0, True)
    assert "uses what the one before it produced" in result.feedback


@pytest.mark.parametrize(("answer", "score"), [
    (["design", "analyze", "develop", "implement"], 5 / 6),   # one adjacent swap: 5 of 6 pairs
    (["implement", "analyze", "design", "develop"], 3 / 6),   # last moved first
    (list(reversed(STEPS)), 0.0),                             # reversed: no pair in order
])
def test_order_pairwise_partial(content: ModuleContent, answer: list, score: float) -> None:
    result = check(content.item("sequence"), answer)
    assert math.isclose(result.score, score) and not result.correct


def test_order_feedback_names_positions(content: ModuleContent) -> None:
    result = check(content.item("sequence"), ["design", "analyze", "develop", "implement"])
    assert "5 of 6 pairs" in result.feedback and "2 of 4 steps" in result.feedback
    assert result.details[0] == "Position 1: Design is not in its place."
    assert result.details[2] == "Position 3: Develop is in its place."


@pytest.mark.parametrize("answer", [
    STEPS[:3], STEPS + ["analyze"], ["analyze", "analyze", "develop", "implement"],
    STEPS[:3] + ["review"], "analyze", {"1": "analyze"},
])
def test_order_malformed(content: ModuleContent, answer: object) -> None:
    result = check(content.item("sequence"), answer)
    assert result.score == 0.0 and "could not be checked" in result.feedback


# match ---------------------------------------------------------------------------------------

def test_match_right_partial_and_wrong(content: ModuleContent) -> None:
    ex = content.item("pairs")
    right = {"sponsor": "sponsor", "sme": "sme", "designer": "designer"}
    assert check(ex, right).correct
    partial = check(ex, {**right, "sponsor": "designer", "designer": "sponsor"})
    assert math.isclose(partial.score, 1 / 3)
    assert partial.details == ("Sponsor: A sponsor owns the budget.",
                               "Designer: A designer turns goals into activities.")


@pytest.mark.parametrize("answer", [
    {"sponsor": "sponsor"}, {"sponsor": "sponsor", "sme": "sme", "designer": "boss"},
    {"sponsor": 1, "sme": "sme", "designer": "designer"}, "sponsor",
])
def test_match_malformed(content: ModuleContent, answer: object) -> None:
    result = check(content.item("pairs"), answer)
    assert result.score == 0.0 and "could not be checked" in result.feedback


# grid ----------------------------------------------------------------------------------------

RIGHT_GRID = {"ceo": "low,high", "team": "high,low", "hr": "high,high"}


def test_grid_right(content: ModuleContent) -> None:
    assert check(content.item("stakeholders"), RIGHT_GRID).correct


def test_grid_partial_names_the_quadrant_chosen(content: ModuleContent) -> None:
    result = check(content.item("stakeholders"), {**RIGHT_GRID, "team": "low,low"})
    assert math.isclose(result.score, 2 / 3)
    assert result.details == (
        "Participants: you placed it in 'Monitor'. Keen, with little say on budget.",)


@pytest.mark.parametrize("answer", [
    {**RIGHT_GRID, "hr": "high"}, {**RIGHT_GRID, "hr": "middle,high"}, {"ceo": "low,high"},
    [["ceo", "low,high"]],
])
def test_grid_malformed(content: ModuleContent, answer: object) -> None:
    result = check(content.item("stakeholders"), answer)
    assert result.score == 0.0 and "could not be checked" in result.feedback


def test_check_refuses_what_is_not_an_exercise() -> None:
    with pytest.raises(ValueError, match="not an exercise"):
        check(object(), "a")


# reflection and confidence -------------------------------------------------------------------

@pytest.mark.parametrize(("value", "ok"), [
    ("I will try spaced practice.", True), ("", False), ("   ", False), (None, False),
    (42, False), ("x" * 20_001, False),
])
def test_reflection_problem(value: object, ok: bool) -> None:
    assert (reflection_problem(value) is None) is ok


@pytest.mark.parametrize(("value", "ok"), [
    (1, True), (5, True), (0, False), (6, False), (3.0, False), (True, False), ("3", False),
    (None, False),
])
def test_confidence_problem(value: object, ok: bool) -> None:
    assert (confidence_problem(value) is None) is ok


def test_every_confidence_level_has_a_text_label() -> None:
    assert sorted(CONFIDENCE_LABELS) == [1, 2, 3, 4, 5]
    assert all(len(label) > 4 for label in CONFIDENCE_LABELS.values())
