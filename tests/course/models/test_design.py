"""The objective checker and the development-hours estimator (module 6)."""

from pathlib import Path

import pytest

from course.content import load_module_content
from course.models.design import (
    FORMATS,
    LEVELS,
    VAGUE,
    VERBS,
    check_objective,
    check_objectives,
    estimate_dev_hours,
)

ROOT = Path(__file__).resolve().parents[3]


# --- objective checker -------------------------------------------------------------------------

@pytest.mark.parametrize("verb, level", [
    ("list", "remember"), ("identify", "remember"), ("explain", "understand"),
    ("classify", "understand"), ("compare", "understand"), ("calculate", "apply"),
    ("use", "apply"), ("differentiate", "analyze"), ("attribute", "analyze"),
    ("critique", "evaluate"), ("judge", "evaluate"), ("design", "create"), ("plan", "create"),
])
def test_revised_bloom_verbs_get_their_level(verb, level):
    check = check_objective(f"{verb} the options in the case provided")
    assert check.verb == verb and check.level == level and check.measurable


def test_every_level_has_verbs_and_no_verb_is_also_vague():
    assert {VERBS[v] for v in VERBS} == set(LEVELS)
    assert not set(VERBS) & set(VAGUE)


@pytest.mark.parametrize("text, vague", [
    ("Understand the approval limits", "understand"),
    ("Know the five safety rules", "know"),
    ("Appreciate the value of feedback", "appreciate"),
    ("Learn about Gagne's nine events", "learn about"),
    ("Participants will develop an understanding of SAM", "develop an understanding of"),
    ("Be familiar with the expense policy", "be familiar with"),
])
def test_vague_verbs_are_flagged_not_measurable(text, vague):
    check = check_objective(text)
    assert check.vague and not check.measurable
    assert check.verb == vague and check.level is None
    assert any("nobody can observe" in issue for issue in check.issues)


def test_well_formed_objective_passes_with_no_issues():
    check = check_objective("Given a completed claim form, calculate the mileage owed using the "
                            "rate table, within 1% of the correct amount")
    assert (check.verb, check.level) == ("calculate", "apply")
    assert check.has_condition and check.has_criterion and check.issues == ()


@pytest.mark.parametrize("text, verb", [
    ("By the end of this module, learners will be able to: explain ADDIE", "explain"),
    ("Learners will be able to explain ADDIE", "explain"),
    ("You will explain ADDIE", "explain"),
    ("To explain ADDIE", "explain"),
    ("Given a case, learners will classify each barrier", "classify"),
    ("Analyse a training request", "analyze"),
    ("Organise the events of a lesson", "organize"),
])
def test_lead_ins_conditions_first_and_british_spelling(text, verb):
    assert check_objective(text).verb == verb


def test_missing_condition_and_criterion_are_reported():
    check = check_objective("Explain the phases of ADDIE")
    assert check.measurable and not check.has_condition and not check.has_criterion
    assert any(i.startswith("No condition") for i in check.issues)
    assert any(i.startswith("No criterion") for i in check.issues)


def test_unknown_leading_word_is_not_measurable():
    check = check_objective("Synergize the stakeholder value chain")
    assert check.verb is None and not check.measurable and not check.vague
    assert '"synergize" is not in the revised-Bloom verb list' in check.issues[0]


def test_two_performances_in_one_objective_are_flagged():
    check = check_objective("Explain and apply the approval limits")
    assert any('"... and apply ..."' in i for i in check.issues)
    assert not any("two performances" in i
                   for i in check_objective("Compare ADDIE and SAM").issues)


def test_check_objectives_flags_a_level_other_than_intended():
    checks = check_objectives("Describe the nine events\n\nCritique a draft objective",
                              intended="evaluate")
    assert len(checks) == 2
    assert 'You intend evaluate, but "describe" is usually an understand' in checks[0].issues[0]
    assert not any(i.startswith("You intend") for i in checks[1].issues)


def test_module_objectives_start_with_a_verb_of_their_stated_level():
    for folder in ("05-behavior-change", "06-instructional-design"):
        content = load_module_content(ROOT / "modules" / folder / "module.yml")
        for objective in content.objectives:
            check = check_objective(objective.text)
            assert check.level == objective.bloom, (folder, objective.id, check.verb)


@pytest.mark.parametrize("bad, intended, message", [
    ("", "any", "at least one objective"),
    (None, "any", "must be text"),
    ("Explain ADDIE", "synthesis", "intended level"),
    ("\n".join(["Explain ADDIE"] * 31), "any", "at most 30"),
])
def test_check_objectives_bad_input(bad, intended, message):
    with pytest.raises(ValueError, match=message):
        check_objectives(bad, intended)


@pytest.mark.parametrize("bad", ["", "   ", "...", 12])
def test_check_objective_bad_input(bad):
    with pytest.raises(ValueError, match="objective"):
        check_objective(bad)


# --- development-hours estimator ---------------------------------------------------------------

def test_curriculum_worked_figure_two_hours_interactive_is_368():
    e = estimate_dev_hours(2, "elearning-interactive")
    assert e.ratio == 184
    assert e.typical_hours == pytest.approx(368)
    assert (e.low_hours, e.high_hours) == pytest.approx((2 * 127, 2 * 267))


def test_module_worked_examples():
    two_hours = estimate_dev_hours(2, "elearning-interactive", team_hours_per_week=30)
    assert (two_hours.low_weeks, two_hours.typical_weeks, two_hours.high_weeks) == pytest.approx(
        (8.47, 12.27, 17.8), abs=0.01)
    blend = [estimate_dev_hours(4, "ilt"), estimate_dev_hours(1.5, "elearning-basic"),
             estimate_dev_hours(0.5, "elearning-interactive")]
    assert [e.typical_hours for e in blend] == pytest.approx([172, 118.5, 92])
    assert sum(e.typical_hours for e in blend) == pytest.approx(382.5)
    assert sum(e.low_hours for e in blend) == pytest.approx(225)
    assert sum(e.high_hours for e in blend) == pytest.approx(649)
    # the module's exercise and knowledge-check answers
    assert estimate_dev_hours(3, "ilt").typical_hours == pytest.approx(129)
    assert estimate_dev_hours(0.75, "elearning-interactive").typical_hours == pytest.approx(138)


def test_exam_bank_figures():
    blend = (estimate_dev_hours(1.5, "ilt").typical_hours
             + estimate_dev_hours(1, "elearning-interactive").typical_hours)
    assert blend == pytest.approx(248.5)
    advanced = estimate_dev_hours(3, "elearning-advanced", team_hours_per_week=2 * 35)
    assert advanced.typical_hours == pytest.approx(1470)
    assert advanced.typical_weeks == pytest.approx(21)
    assert (round(advanced.low_weeks), round(advanced.high_weeks)) == (9, 31)


def test_rewritten_objectives_in_the_module_pass_the_checker():
    for text in ("Given a case file, decide whether the facts meet the threshold for a formal "
                 "disciplinary meeting, citing the policy clause",
                 "Using the absence policy, calculate the trigger points for three employees' "
                 "absence records with no errors",
                 "Given a completed expense claim, identify every item that breaks the policy, "
                 "with no misses"):
        check = check_objective(text)
        assert check.measurable and check.has_condition, text
    assert not check_objective("Understand the disciplinary procedure").measurable


def test_survey_averages_are_chapman_2010():
    assert {k: f.typical for k, f in FORMATS.items()} == {
        "ilt": 43, "elearning-basic": 79, "elearning-interactive": 184,
        "elearning-advanced": 490}
    for f in FORMATS.values():
        assert f.low < f.typical < f.high


def test_weeks_follow_from_team_capacity_and_own_ratio_is_used():
    e = estimate_dev_hours(3, "ilt", team_hours_per_week=43, own_ratio=30)
    assert e.typical_hours == pytest.approx(129)
    assert e.typical_weeks == pytest.approx(3)
    assert e.own_ratio == 30 and e.own_hours == pytest.approx(90)
    assert estimate_dev_hours(1.5, "elearning-basic").own_hours is None


@pytest.mark.parametrize("hours, kind, capacity, own, message", [
    (0, "ilt", 30, 0, "hours of finished learning must be above 0"),
    (-2, "ilt", 30, 0, "hours of finished learning"),
    (201, "ilt", 30, 0, "at most 200"),
    (float("nan"), "ilt", 30, 0, "must be a number"),
    ("2", "ilt", 30, 0, "must be a number"),
    (2, "video", 30, 0, "unknown kind of learning 'video'"),
    (2, "ilt", 0, 0, "team hours per week"),
    (2, "ilt", 30, -5, "your own ratio"),
])
def test_estimator_bad_input(hours, kind, capacity, own, message):
    with pytest.raises(ValueError, match=message):
        estimate_dev_hours(hours, kind, capacity, own)
