"""The deliverable computed from workspace fields: decisions, stakeholders, budget, ROI."""

import pytest

from course.practicum import plan
from course.practicum.case import shipped_case

CASE = shipped_case()


def test_check_change_validates_fields_and_records():
    assert plan.check_change(CASE, "portfolio.O01.value", 4) == 4
    assert plan.check_change(CASE, "portfolio.O01.action", None) is None
    for field, value, message in [
        ("portfolio.O99.value", 3, "unknown record"),
        ("portfolio.O01.colour", 3, "unknown workspace field"),
        ("portfolio.O01", 3, "unknown workspace field"),
        ("portfolio.O01.value", 6, "from 1 to 5"),
        ("portfolio.O01.value", True, "from 1 to 5"),
        ("portfolio.O01.action", "keep", "choose one of"),
        ("stakeholder.S01.power", 11, "from 1 to 10"),
        ("evaluation.plan.isolation", 1.5, "between 0 and 1"),
        ("evaluation.plan.benefits", -1, "0 or more"),
        ("evaluation.plan.program", "O99", "not an offering"),
        ("summary.main.risks", "x" * 2001, "under 2000"),
        ("sourcing.O01.source", "buy", "own content"),  # proprietary: no supplier quote
    ]:
        with pytest.raises(ValueError, match=message):
            plan.check_change(CASE, field, value)
    assert plan.check_change(CASE, "evaluation.plan.program", "ordering-rollout")


def _decision(values, oid):
    return next(d for d in plan.decisions(CASE, values) if d.offering.id == oid)


def test_suggestion_comes_from_the_portfolio_model_and_an_override_needs_a_reason():
    values = {"portfolio.O14.value": 4, "portfolio.O14.distinct": 1}
    d = _decision(values, "O14")
    assert (d.suggested, d.action, d.overridden, d.decided) == (
        "outsource", "outsource", False, True)
    values["portfolio.O14.action"] = "retire"
    d = _decision(values, "O14")
    assert d.overridden and not d.decided and "give the reason" in d.warnings[0]
    values["portfolio.O14.reason"] = "Nobody uses spreadsheets at this level any more"
    assert _decision(values, "O14").decided


def test_an_action_without_scores_counts_but_is_flagged_as_an_override():
    d = _decision({"portfolio.O02.action": "sustain"}, "O02")
    assert d.suggested is None and d.action == "sustain" and d.overridden


def test_retiring_required_training_is_flagged():
    d = _decision({"portfolio.O23.value": 1, "portfolio.O23.distinct": 1}, "O23")
    assert d.action == "retire" and any("required" in w for w in d.warnings)


def test_stakeholder_strategy_from_the_grid_and_override():
    values = {"stakeholder.S02.power": 9, "stakeholder.S02.interest": 3}
    row = plan.stakeholder_rows(CASE, values)[1]
    assert (row.stakeholder.id, row.suggested, row.strategy) == ("S02", "keep satisfied",
                                                                 "keep satisfied")
    values["stakeholder.S02.strategy"] = "manage closely"
    assert plan.stakeholder_rows(CASE, values)[1].strategy == "manage closely"
    border = plan.stakeholder_rows(CASE, {"stakeholder.S01.power": 6,
                                          "stakeholder.S01.interest": 9})[0]
    assert border.borderline


def test_budget_with_no_decisions_is_last_years_catalog_plus_commitments():
    budget = CASE.organization.budget
    p = plan.budget_plan(CASE, {})
    assert p.offerings_cost == sum(o.cost for o in CASE.offerings)
    assert p.total == budget.previous_spend + sum(c.amount for c in budget.commitments)
    assert p.headroom == budget.available - p.total and not p.within_budget
    assert p.after.total_learners == sum(o.enrolments for o in CASE.offerings)


def test_budget_retire_and_outsource_arithmetic():
    o15, o26 = CASE.offering("O15"), CASE.offering("O26")
    values = {"portfolio.O15.value": 1, "portfolio.O15.distinct": 1,   # retire
              "portfolio.O26.value": 4, "portfolio.O26.distinct": 2}   # outsource -> buy
    p = plan.budget_plan(CASE, values)
    assert o15 in p.retired and all(li.offering.id != "O15" for li in p.lines)
    line = next(li for li in p.lines if li.offering.id == "O26")
    assert (line.source, line.cost, line.saving) == ("buy", o26.alt_cost, o26.cost - o26.alt_cost)
    base = plan.budget_plan(CASE, {})
    assert base.total - p.total == o15.cost + o26.cost - o26.alt_cost
    kept = [o for o in CASE.offerings if o.id != "O15"]
    assert p.after.per_learner_totals == pytest.approx(
        p.offerings_cost / sum(o.enrolments for o in kept))
    assert p.after.per_hour_totals == pytest.approx(
        p.offerings_cost / sum(o.enrolments * o.hours for o in kept))
    values["sourcing.O26.source"] = "make"
    line = next(li for li in plan.budget_plan(CASE, values).lines if li.offering.id == "O26")
    assert line.cost == o26.cost and "outsource" in line.warning


def test_evaluation_uses_phillips_roi_with_isolation_and_confidence():
    values = {"evaluation.plan.program": "O07", "evaluation.plan.benefits": 336000,
              "evaluation.plan.isolation": 1, "evaluation.plan.confidence": 0.7}
    ev = plan.evaluation(CASE, values, plan.budget_plan(CASE, values))
    assert ev.costs == CASE.offering("O07").cost  # the planned cost, unless the group enters one
    assert ev.result.claimed_benefits == 235200  # 336,000 at 70 % confidence
    values["evaluation.plan.costs"] = 200000
    values["evaluation.plan.benefits"] = 350000
    values["evaluation.plan.confidence"] = 1
    r = plan.evaluation(CASE, values, plan.budget_plan(CASE, values)).result
    assert r.bcr == pytest.approx(1.75) and r.roi_percent == pytest.approx(75)


def test_evaluation_of_a_commitment_costs_the_commitment():
    values = {"evaluation.plan.program": "ordering-rollout"}
    ev = plan.evaluation(CASE, values, plan.budget_plan(CASE, values))
    assert ev.costs == CASE.organization.budget.commitments[0].amount
    assert ev.result is None and "benefit estimate" in ev.problem


def test_progress_parts_and_percent():
    empty = plan.deliverable(CASE, {})
    assert [p.name for p in empty.parts] == ["Portfolio", "Stakeholders", "Budget and sourcing",
                                             "Evaluation", "Summary"]
    assert empty.percent == 0
    values = {f"portfolio.{o.id}.action": "sustain" for o in CASE.offerings}
    values |= {f"portfolio.{o.id}.reason": "kept" for o in CASE.offerings}
    values["summary.main.recommendation"] = "Keep everything"
    d = plan.deliverable(CASE, values)
    assert d.parts[0].complete and d.parts[4].complete and not d.parts[2].complete
    assert d.percent == pytest.approx(40)


def test_the_practicum_package_is_pure_logic():
    import subprocess
    import sys

    code = ("import sys, course.practicum.case, course.practicum.store, course.practicum.links, "
            "course.practicum.plan, course.practicum.export, course.practicum.overview; "
            "print('ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
