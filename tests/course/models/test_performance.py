"""Gilbert's PIP and BEM, and the Mager and Pipe walk-through."""

import inspect
import math
from pathlib import Path

import pytest
import yaml

from course.models import performance as perf

# --- PIP ---------------------------------------------------------------------------------------

def test_pip_is_exemplary_over_typical():
    assert perf.pip_ratio(48, 30) == pytest.approx(1.6)


def test_pip_is_a_ratio_not_a_difference():
    # the same 2x ratio at any scale, although the differences are 50 and 5
    assert perf.pip_ratio(100, 50) == perf.pip_ratio(10, 5) == pytest.approx(2.0)


def test_pip_when_lower_is_better_divides_typical_by_exemplary():
    # typical 6 errors per 100 forms, the best 2: the best are three times better
    assert perf.pip_ratio(2, 6, higher_is_better=False) == pytest.approx(3.0)


def test_pip_of_one_when_typical_matches_the_best():
    result = perf.analyze_pip(25, 25)
    assert result.pip == 1.0 and result.band == "small" and result.gap_per_performer == 0


@pytest.mark.parametrize("pip, band", [(1.0, "small"), (1.24, "small"), (1.25, "moderate"),
                                       (1.99, "moderate"), (2.0, "large"), (9.5, "large")])
def test_bands_are_rules_of_thumb_with_guidance(pip, band):
    got, guidance = perf.pip_band(pip)
    assert got == band and guidance


@pytest.mark.parametrize("exemplary, typical", [(0, 10), (10, 0), (-5, 2), (math.nan, 2),
                                                (math.inf, 2), ("48", 30), (True, 2), (None, 3)])
def test_pip_refuses_non_positive_or_non_numbers(exemplary, typical):
    with pytest.raises(ValueError, match="performance must be a number"):
        perf.pip_ratio(exemplary, typical)


def test_pip_refuses_an_exemplar_worse_than_typical():
    with pytest.raises(ValueError, match="at least as good as typical"):
        perf.pip_ratio(20, 30)
    with pytest.raises(ValueError, match="lower is better"):
        perf.pip_ratio(30, 20, higher_is_better=False)


def test_pip_band_refuses_a_pip_below_one():
    with pytest.raises(ValueError, match="at least 1"):
        perf.pip_band(0.8)


def test_value_at_stake_is_gap_times_people_times_unit_value():
    result = perf.analyze_pip(48, 30, performers=40, value_per_unit=12.5)
    assert result.gap_per_performer == 18
    assert result.value_at_stake == pytest.approx(18 * 40 * 12.5)  # 9,000 per period


def test_value_at_stake_for_a_lower_is_better_measure():
    result = perf.analyze_pip(2, 6, higher_is_better=False, performers=10, value_per_unit=30)
    assert result.gap_per_performer == 4 and result.value_at_stake == 1200


def test_value_at_stake_is_absent_without_people_or_unit_value():
    assert perf.analyze_pip(48, 30).value_at_stake is None
    assert perf.analyze_pip(48, 30, performers=40).value_at_stake is None


@pytest.mark.parametrize("performers, unit, message", [
    (-1, 10, "0 or more"), (2.5, 10, "whole number"), (True, 10, "whole number"),
    (10, -3, "value per unit must be 0 or more"), (10, math.nan, "value per unit")])
def test_analyze_pip_refuses_bad_people_or_value(performers, unit, message):
    with pytest.raises(ValueError, match=message):
        perf.analyze_pip(48, 30, performers=performers, value_per_unit=unit)


# --- BEM ---------------------------------------------------------------------------------------

def test_bem_has_six_cells_three_environment_three_person():
    assert [c.id for c in perf.BEM_CELLS] == ["data", "instruments", "incentives",
                                              "knowledge", "capacity", "motives"]
    sides = [c.side for c in perf.BEM_CELLS]
    assert sides.count("environment") == 3 and sides.count("person") == 3
    columns = {(c.side, c.column) for c in perf.BEM_CELLS}
    assert len(columns) == 6


def test_only_the_knowledge_cell_is_fixed_by_training():
    assert [c.id for c in perf.BEM_CELLS if c.training_fixes_it] == ["knowledge"]


def test_bem_cell_lookup_and_bad_id():
    assert perf.bem_cell("incentives").side == "environment"
    with pytest.raises(ValueError, match="unknown BEM cell 'skills'"):
        perf.bem_cell("skills")


def test_classify_causes_counts_sides_and_training_share():
    profile = perf.classify_causes({
        "no checklist for the new claims system": "data",
        "screens freeze twice an hour": "instruments",
        "bonus paid on volume, not accuracy": "incentives",
        "new starters never learned the exceptions rules": "knowledge",
    })
    assert (profile.environment, profile.person) == (3, 1)
    assert profile.training_share == pytest.approx(0.25)
    assert list(profile.by_cell) == ["data", "instruments", "incentives", "knowledge"]
    assert "training addresses 25%" in profile.summary


def test_classify_causes_refuses_empty_or_unknown_cells():
    with pytest.raises(ValueError, match="at least one cause"):
        perf.classify_causes({})
    with pytest.raises(ValueError, match="unknown BEM cell"):
        perf.classify_causes({"poor attitude": "attitude"})


# --- Mager and Pipe walk-through ---------------------------------------------------------------

def test_questions_match_the_walk_through_parameters():
    params = list(inspect.signature(perf.analyze_gap).parameters)
    assert [q.id for q in perf.QUESTIONS] == params
    for q in perf.QUESTIONS:
        assert q.text.endswith("?") and q.yes and q.no


def test_not_worth_pursuing_stops_at_the_first_question():
    result = perf.analyze_gap(worth_solving=False, could_do_if_required=True)
    assert not result.training_problem and result.verdict == "Not worth pursuing"
    assert len(result.findings) == 1


def test_a_genuine_new_skill_gap_is_a_training_problem():
    result = perf.analyze_gap()
    assert result.training_problem and result.verdict == "Training problem"
    assert result.cells == ("knowledge",)
    assert "Fix the environment" not in result.reason


def test_they_can_do_it_so_training_will_not_help():
    result = perf.analyze_gap(could_do_if_required=True, feedback_given=False,
                              wrong_way_rewarded=True)
    assert not result.training_problem and result.verdict == "Not a training problem"
    assert result.cells == ("data", "incentives")
    assert "Give timely, specific feedback on the result." in result.actions
    assert "Stop rewarding the wrong way of working." in result.actions
    # the skill branch ends at "could they do it": no later questions asked
    assert result.findings[-1].question == "Could they do it now if they really had to?"


def test_no_cause_found_sends_the_analyst_back_to_look_again():
    result = perf.analyze_gap(could_do_if_required=True)
    assert not result.training_problem and "look again" in result.reason
    assert result.cells == ()


def test_a_faded_rarely_used_skill_needs_practice():
    result = perf.analyze_gap(did_once_know=True, used_often=False)
    assert result.training_problem and result.verdict.startswith("Practice")


def test_a_once_known_often_used_skill_needs_feedback_not_training():
    result = perf.analyze_gap(did_once_know=True, used_often=True)
    assert not result.training_problem
    assert "data" in result.cells and "feedback" in result.reason


def test_a_task_that_can_be_simplified_comes_before_a_course():
    result = perf.analyze_gap(task_simplifiable=True)
    assert not result.training_problem and result.verdict == "Simplify first"
    assert "instruments" in result.cells


def test_missing_capacity_is_not_a_training_problem():
    result = perf.analyze_gap(has_potential=False)
    assert not result.training_problem and result.cells == ("knowledge", "capacity")


def test_skill_gap_with_environment_causes_trains_and_fixes_both():
    result = perf.analyze_gap(resources_adequate=False, right_way_punished=True)
    assert result.training_problem
    assert result.cells == ("instruments", "incentives", "knowledge")
    assert "Fix the environment causes too" in result.reason
    assert len(result.actions) == 3


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_walk_through_refuses_answers_that_are_not_yes_or_no(bad):
    with pytest.raises(ValueError, match="'feedback_given' must be yes"):
        perf.analyze_gap(feedback_given=bad)


# --- the worked figures stated in module 3 -----------------------------------------------------

def test_module_3_worked_figures():
    claims = perf.analyze_pip(48, 30, performers=40, value_per_unit=25)
    assert claims.pip == pytest.approx(1.6) and claims.value_at_stake == 18_000
    assert claims.value_at_stake / 3 == 6_000
    assert perf.pip_ratio(2, 5, higher_is_better=False) == 2.5  # ward documentation errors
    assert round(perf.pip_ratio(86, 62), 2) == 1.39  # first-contact resolution
    assert round(perf.pip_ratio(14, 38, higher_is_better=False), 2) == 2.71  # repeat contacts
    assert perf.pip_ratio(9, 4) == 2.25  # quotes per week
    assert perf.pip_ratio(174, 120) == pytest.approx(1.45)  # exercise: order lines per hour
    assert perf.pip_ratio(4.8, 7.2, higher_is_better=False) == pytest.approx(1.5)
    assert round(perf.pip_ratio(4.1, 3.9), 2) == 1.05  # satisfaction scores


def test_module_3_building_society_walk_through():
    result = perf.analyze_gap(feedback_given=False, right_way_punished=True,
                              wrong_way_rewarded=True, could_do_if_required=True)
    assert not result.training_problem and result.verdict == "Not a training problem"
    assert result.cells == ("data", "incentives")


def test_module_3_software_firm_walk_through():
    result = perf.analyze_gap(task_simplifiable=True)
    assert result.verdict == "Simplify first"


def test_module_3_exam_bank_figures_match_the_model():
    bank = Path(__file__).resolve().parents[3] / "exams" / "bank" / "m03.yml"
    items = {i["id"]: i for i in yaml.safe_load(bank.read_text(encoding="utf-8"))["items"]}

    def keyed(item_id: str) -> str:
        item = items[item_id]
        return next(o["text"] for o in item["options"] if o["id"] == item["key"])

    assert keyed("m03-q11") == f"{perf.pip_ratio(21, 12):.2f}"
    assert keyed("m03-q12") == f"{perf.pip_ratio(0.9, 3.6, higher_is_better=False):.1f}"
    a = perf.analyze_pip(52, 40, performers=1200, value_per_unit=50)
    b = perf.analyze_pip(6, 2, performers=4, value_per_unit=500)
    assert (round(a.pip, 2), round(b.pip, 2)) == (1.3, 3.0)
    assert (a.value_at_stake, b.value_at_stake) == (720_000, 8_000)
    assert "720,000" in keyed_why(items["m03-q13"]) and "8,000" in keyed_why(items["m03-q13"])


def keyed_why(item: dict) -> str:
    """The rationale of an exam item's keyed option."""
    return next(o["why"] for o in item["options"] if o["id"] == item["key"])
