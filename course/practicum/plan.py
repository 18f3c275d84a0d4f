"""A group's deliverable, computed from the case and the workspace fields (pure, no widgets).

Fields are named `<section>.<record>.<field>`, e.g. `portfolio.O12.action`. `check_change`
validates one field before it is stored; `deliverable` turns a snapshot into the decisions, the
stakeholder map, the budget, the evaluation and the progress, reusing the module tools' logic
(course.models: portfolio, stakeholders, finance, roi).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from course.models import finance, portfolio, roi, stakeholders
from course.practicum.case import Case, Offering, Stakeholder

MAX_TEXT = 2000
STRATEGIES = tuple(stakeholders.ADVICE)


def _score(low: int, high: int) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (
                low <= value <= high):
            raise ValueError(f"a score must be a number from {low} to {high}")
        return value
    return check


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in options:
            raise ValueError(f"choose one of: {', '.join(o or '(none)' for o in options)}")
        return value
    return check


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("text expected")
    if len(value) > MAX_TEXT:
        raise ValueError(f"keep it under {MAX_TEXT} characters")
    return value


def _amount(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(
            value) or value < 0:
        raise ValueError("enter an amount of 0 or more")
    return value


def _share(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise ValueError("enter a share between 0 and 1 (0 % to 100 %)")
    return value


SECTIONS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "portfolio": {"value": _score(1, 5), "distinct": _score(1, 5),
                  "action": _choice(("", *portfolio.ACTIONS)), "reason": _text},
    "stakeholder": {"power": _score(1, 10), "interest": _score(1, 10),
                    "strategy": _choice(("", *STRATEGIES)), "notes": _text},
    "sourcing": {"source": _choice(("make", "buy")), "notes": _text},
    "evaluation": {"program": _text, "measure": _text, "benefits": _amount, "costs": _amount,
                   "isolation": _share, "confidence": _share, "method": _text, "levels": _text},
    "summary": {"recommendation": _text, "risks": _text},
}


def records(case: Case, section: str) -> tuple[str, ...]:
    """The record ids a section holds (offering ids, stakeholder ids, or its single record)."""
    if section in ("portfolio", "sourcing"):
        return tuple(o.id for o in case.offerings)
    if section == "stakeholder":
        return tuple(s.id for s in case.stakeholders)
    if section in ("evaluation", "summary"):
        return ("plan",) if section == "evaluation" else ("main",)
    raise KeyError(section)


def key(section: str, record: str, name: str) -> str:
    """The field name for one value of one record."""
    return f"{section}.{record}.{name}"


def _get(values: Mapping[str, Any], section: str, record: str, name: str) -> Any:
    return values.get(key(section, record, name))


def programs(case: Case) -> dict[str, str]:
    """Programs an evaluation plan may cover: every offering and every new commitment."""
    out = {o.id: f"{o.id} {o.title}" for o in case.offerings}
    out.update({c.id: c.label for c in case.organization.budget.commitments})
    return out


def check_change(case: Case, field: str, value: Any) -> Any:
    """Validate one field before it is stored; None clears it. Raises ValueError."""
    parts = field.split(".")
    if len(parts) != 3 or parts[0] not in SECTIONS or parts[2] not in SECTIONS[parts[0]]:
        raise ValueError(f"unknown workspace field {field!r}")
    section, record, name = parts
    if record not in records(case, section):
        raise ValueError(f"unknown record {record!r} in {section}")
    if value is None:
        return None
    try:
        value = SECTIONS[section][name](value)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None
    if section == "evaluation" and name == "program" and value and value not in programs(case):
        raise ValueError(f"program: {value!r} is not an offering or a commitment of the case")
    if section == "sourcing" and name == "source":
        offering = case.offering(record)
        if offering.cost_if(value) is None:
            raise ValueError(f"source: {offering.title} is the company's own content; no outside "
                             "supplier has quoted for it")
    return value


@dataclass(frozen=True)
class Decision:
    """One offering's scores, the suggested action, the group's action and reason."""

    offering: Offering
    value: float | None
    distinct: float | None
    suggested: str | None
    suggested_reason: str
    action: str | None  # the override if given, else the suggestion
    overridden: bool
    reason: str
    warnings: tuple[str, ...]

    @property
    def decided(self) -> bool:
        """An action stands, and an override carries the group's reason."""
        return self.action is not None and (not self.overridden or bool(self.reason.strip()))


def decisions(case: Case, values: Mapping[str, Any]) -> list[Decision]:
    """Every offering's decision, in catalog order."""
    out = []
    for o in case.offerings:
        value, distinct = (_get(values, "portfolio", o.id, n) for n in ("value", "distinct"))
        suggested, why = None, ""
        if value is not None and distinct is not None:
            [placed] = portfolio.rationalize([(o.id, value, distinct)])
            suggested, why = placed.action, placed.reason
        override = _get(values, "portfolio", o.id, "action") or None
        action = override or suggested
        reason = _get(values, "portfolio", o.id, "reason") or ""
        warnings = []
        if override and override != suggested and not reason.strip():
            warnings.append("the group overrides the suggestion: give the reason")
        if action == "retire" and o.mandatory:
            warnings.append("required by law or a customer contract: it cannot simply stop")
        if action == "outsource" and o.alt_cost is None and o.source == "make":
            warnings.append("no supplier has quoted for this proprietary content")
        out.append(Decision(o, value, distinct, suggested, why, action,
                            bool(override and override != suggested), reason, tuple(warnings)))
    return out


@dataclass(frozen=True)
class StakeholderRow:
    """One stakeholder with the group's scores, the grid's strategy and the group's choice."""

    stakeholder: Stakeholder
    power: float | None
    interest: float | None
    suggested: str | None
    strategy: str | None
    borderline: bool
    notes: str


def stakeholder_rows(case: Case, values: Mapping[str, Any]) -> list[StakeholderRow]:
    """Every stakeholder, placed on the power/interest grid when both scores are in."""
    rows = []
    for s in case.stakeholders:
        power, interest, strategy, notes = (_get(values, "stakeholder", s.id, n) for n in (
            "power", "interest", "strategy", "notes"))
        placed = None
        if power is not None and interest is not None:
            placed = stakeholders.map_stakeholders([(s.id, power, interest)]).placements[0]
        suggested = placed.strategy if placed else None
        rows.append(StakeholderRow(s, power, interest, suggested, strategy or suggested,
                                   bool(placed and placed.borderline), notes or ""))
    return rows


@dataclass(frozen=True)
class BudgetLine:
    """One kept offering's sourcing and planned cost."""

    offering: Offering
    action: str | None
    source: str
    cost: float
    saving: float  # against today's cost
    warning: str


@dataclass(frozen=True)
class BudgetPlan:
    """The planned year: lines, totals against the budget, and unit costs before and after."""

    lines: tuple[BudgetLine, ...]
    retired: tuple[Offering, ...]
    offerings_cost: float
    fixed_cost: float
    commitments: float
    total: float
    available: float
    headroom: float
    before: finance.UnitCostComparison
    after: finance.UnitCostComparison | None

    @property
    def within_budget(self) -> bool:
        return self.headroom >= 0


def budget_plan(case: Case, values: Mapping[str, Any],
                decided: list[Decision] | None = None) -> BudgetPlan:
    """Cost the plan: retired offerings drop out, kept ones cost what their source costs."""
    decided = decisions(case, values) if decided is None else decided
    lines, retired = [], []
    for d in decided:
        o = d.offering
        if d.action == "retire":
            retired.append(o)
            continue
        chosen = _get(values, "sourcing", o.id, "source")
        source = chosen or ("buy" if d.action == "outsource" and o.alt_cost is not None
                            else o.source)
        warning = ""
        if d.action == "outsource" and source == "make":
            warning = "the portfolio decision says outsource, the sourcing plan says make"
        cost = o.cost_if(source)
        if cost is None:  # a choice the case no longer allows: keep today's source
            source, cost = o.source, float(o.cost)
        lines.append(BudgetLine(o, d.action, source, cost, o.cost - cost, warning))
    budget = case.organization.budget
    fixed = float(sum(c.amount for c in budget.fixed_costs))
    committed = float(sum(c.amount for c in budget.commitments))
    offerings_cost = sum(line.cost for line in lines)
    total = offerings_cost + fixed + committed
    before = finance.compare_unit_costs([(o.id, o.cost, o.enrolments, o.hours)
                                         for o in case.offerings])
    after = (finance.compare_unit_costs([(li.offering.id, li.cost, li.offering.enrolments,
                                          li.offering.hours) for li in lines]) if lines else None)
    return BudgetPlan(tuple(lines), tuple(retired), offerings_cost, fixed, committed, total,
                      float(budget.available), float(budget.available) - total, before, after)


@dataclass(frozen=True)
class Evaluation:
    """The evaluation plan's fields and, when complete, its projected ROI (Phillips)."""

    program: str
    program_label: str
    measure: str
    levels: str
    method: str
    benefits: float | None
    costs: float | None
    isolation: float | None
    confidence: float | None
    result: roi.RoiResult | None
    problem: str


def program_cost(case: Case, plan: BudgetPlan, program: str) -> float | None:
    """The planned yearly cost of a program: its budget line, or its commitment."""
    for line in plan.lines:
        if line.offering.id == program:
            return line.cost
    for c in case.organization.budget.commitments:
        if c.id == program:
            return float(c.amount)
    return None


def evaluation(case: Case, values: Mapping[str, Any], plan: BudgetPlan) -> Evaluation:
    """Read the evaluation plan; compute ROI and BCR once every number is in."""
    def get(name: str) -> Any:
        return _get(values, "evaluation", "plan", name)

    program = get("program") or ""
    costs = get("costs")
    if costs is None and program:
        costs = program_cost(case, plan, program)
    numbers_in = {"benefit estimate": get("benefits"), "fully loaded costs": costs,
                  "isolation share": get("isolation"), "confidence": get("confidence")}
    missing = [name for name, v in numbers_in.items() if v is None]
    result, problem = None, ""
    if not program:
        problem = "choose the program to evaluate"
    elif missing:
        problem = f"still needed: {', '.join(missing)}"
    else:
        try:
            result = roi.evaluate(get("benefits"), costs, get("isolation"), get("confidence"))
        except ValueError as exc:
            problem = str(exc)
    return Evaluation(program, programs(case).get(program, ""), get("measure") or "",
                      get("levels") or "", get("method") or "", get("benefits"), costs,
                      get("isolation"), get("confidence"), result, problem)


@dataclass(frozen=True)
class Part:
    """Progress on one part of the deliverable."""

    name: str
    done: int
    total: int
    note: str

    @property
    def complete(self) -> bool:
        return self.done >= self.total


@dataclass(frozen=True)
class Deliverable:
    """Everything the group has decided, computed from one snapshot."""

    decisions: tuple[Decision, ...]
    stakeholders: tuple[StakeholderRow, ...]
    budget: BudgetPlan
    evaluation: Evaluation
    recommendation: str
    risks: str
    parts: tuple[Part, ...]

    @property
    def percent(self) -> float:
        """Overall progress: the mean of the parts' shares done."""
        return 100.0 * sum(min(p.done / p.total, 1.0) for p in self.parts) / len(self.parts)


def deliverable(case: Case, values: Mapping[str, Any]) -> Deliverable:
    """Compute the group's deliverable from its workspace fields."""
    decided = decisions(case, values)
    rows = stakeholder_rows(case, values)
    plan = budget_plan(case, values, decided)
    ev = evaluation(case, values, plan)
    recommendation = _get(values, "summary", "main", "recommendation") or ""
    risks = _get(values, "summary", "main", "risks") or ""
    warned = sum(1 for d in decided if d.warnings)
    parts = (
        Part("Portfolio", sum(d.decided for d in decided), len(decided),
             f"{warned} decision(s) to check" if warned else ""),
        Part("Stakeholders", sum(r.strategy is not None for r in rows), len(rows), ""),
        Part("Budget and sourcing", int(plan.within_budget), 1,
             "within budget" if plan.within_budget else
             f"over budget by {-plan.headroom:,.0f}"),
        Part("Evaluation", int(ev.result is not None and bool(ev.method.strip())), 1,
             ev.problem or ("" if ev.method.strip() else "describe how the effect is isolated")),
        Part("Summary", int(bool(recommendation.strip())), 1, ""),
    )
    return Deliverable(tuple(decided), tuple(rows), plan, ev, recommendation, risks, parts)
