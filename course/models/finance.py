"""Unit costs of a training function: cost per learner, per learning hour, and fully loaded cost.

Two ways to summarise unit costs over several courses give different answers:
- ratio of totals: total cost / total units (learners or learning hours); each course weighs by
  its size, so it answers "what did a learner (or an hour) cost us overall?";
- average of ratios: the plain mean of each course's own unit cost; every course weighs the same,
  so a small expensive course pulls it up as much as a large cheap one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from course.models.roi import finite_number as _number


def _non_negative(name: str, value: float) -> float:
    v = _number(name, value)
    if v < 0:
        raise ValueError(f"{name} cannot be negative, got {v:,.2f}")
    return v


def _positive(name: str, value: float) -> float:
    v = _number(name, value)
    if v <= 0:
        raise ValueError(f"{name} must be greater than 0, got {v:g}")
    return v


def _share(name: str, value: float) -> float:
    v = _number(name, value)
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"{name} must be a share between 0 and 1 (0 % to 100 %), got {v:g}")
    return v


def cost_per_learner(total_cost: float, learners: float) -> float:
    """Total cost divided by the number of learners (enrolments or people, stated by the caller)."""
    return _non_negative("total cost", total_cost) / _positive("the number of learners", learners)


def cost_per_learning_hour(total_cost: float, learning_hours: float) -> float:
    """Total cost divided by learner hours (learners x hours each), not by hours of content."""
    return (_non_negative("total cost", total_cost)
            / _positive("learning hours", learning_hours))


def _pairs(costs: Sequence[float], units: Sequence[float]) -> tuple[list[float], list[float]]:
    """Validate two equally long, non-empty lists of costs (>= 0) and units (>= 0)."""
    costs, units = list(costs), list(units)
    if not costs:
        raise ValueError("give at least one course")
    if len(costs) != len(units):
        raise ValueError(f"costs and units must be equally long, got {len(costs)} costs and "
                         f"{len(units)} units")
    c = [_non_negative(f"cost of course {i + 1}", x) for i, x in enumerate(costs)]
    u = [_non_negative(f"units of course {i + 1}", x) for i, x in enumerate(units)]
    return c, u


def ratio_of_totals(costs: Sequence[float], units: Sequence[float]) -> float:
    """Sum of costs over sum of units: each course counts in proportion to its size."""
    c, u = _pairs(costs, units)
    if sum(u) <= 0:
        raise ValueError("the units add up to 0, so there is no cost per unit")
    return sum(c) / sum(u)


def average_of_ratios(costs: Sequence[float], units: Sequence[float]) -> float:
    """Plain mean of each course's cost per unit: every course counts the same."""
    c, u = _pairs(costs, units)
    for i, n in enumerate(u):
        if n <= 0:
            raise ValueError(f"course {i + 1} has 0 units, so it has no cost per unit to average")
    return sum(x / n for x, n in zip(c, u, strict=True)) / len(c)


@dataclass(frozen=True)
class CourseUnitCost:
    """One course's cost, learners, learning hours and its own unit costs."""

    name: str
    cost: float
    learners: float
    learning_hours: float
    per_learner: float
    per_hour: float


@dataclass(frozen=True)
class UnitCostComparison:
    """Per-course unit costs and both ways of summarising them, per learner and per hour."""

    courses: tuple[CourseUnitCost, ...]
    total_cost: float
    total_learners: float
    total_hours: float
    per_learner_totals: float
    per_learner_average: float
    per_hour_totals: float
    per_hour_average: float


def compare_unit_costs(courses: Sequence[tuple[str, float, float, float]]) -> UnitCostComparison:
    """Compare ratio of totals with average of ratios for (name, cost, learners, hours each)."""
    rows = list(courses)
    if not rows:
        raise ValueError("give at least one course")
    costs, learners, hours = [], [], []
    for name, cost, n, h in rows:
        _positive(f"the number of learners in {name}", n)
        _positive(f"hours per learner in {name}", h)
        costs.append(_non_negative(f"the cost of {name}", cost))
        learners.append(float(n))
        hours.append(float(n) * float(h))
    table = tuple(CourseUnitCost(str(name), c, n, lh, c / n, c / lh)
                  for (name, *_), c, n, lh in zip(rows, costs, learners, hours, strict=True))
    return UnitCostComparison(
        courses=table, total_cost=sum(costs), total_learners=sum(learners),
        total_hours=sum(hours),
        per_learner_totals=ratio_of_totals(costs, learners),
        per_learner_average=average_of_ratios(costs, learners),
        per_hour_totals=ratio_of_totals(costs, hours),
        per_hour_average=average_of_ratios(costs, hours))


@dataclass(frozen=True)
class FullyLoadedCost:
    """Cost lines of a program, their total, and the unit costs that follow from it."""

    lines: tuple[tuple[str, float], ...]
    total: float
    per_participant: float
    per_learning_hour: float


def fully_loaded_cost(
    *,
    development: float = 0.0,
    development_share: float = 1.0,
    needs_analysis: float = 0.0,
    delivery: float = 0.0,
    evaluation: float = 0.0,
    participants: float,
    hours_per_participant: float,
    hourly_pay: float = 0.0,
    benefits_rate: float = 0.0,
    overhead_rate: float = 0.0,
) -> FullyLoadedCost:
    """Every cost of a program: prorated analysis and development, delivery, evaluation,
    participants' paid time with benefits, and an overhead allocation on the direct costs."""
    n = _positive("the number of participants", participants)
    h = _positive("hours per participant", hours_per_participant)
    share = _share("the development share", development_share)
    direct = [
        ("Needs analysis and design (prorated)", _non_negative("needs analysis", needs_analysis)
         * share),
        ("Development (prorated)", _non_negative("development", development) * share),
        ("Delivery: facilitators, venue, materials, travel, licences",
         _non_negative("delivery", delivery)),
        ("Evaluation", _non_negative("evaluation", evaluation)),
        ("Participants' time: pay and benefits",
         n * h * _non_negative("hourly pay", hourly_pay)
         * (1 + _non_negative("the benefits rate", benefits_rate))),
    ]
    overhead = sum(v for _, v in direct) * _non_negative("the overhead rate", overhead_rate)
    lines = (*direct, ("Overhead: L&D administration, systems, management", overhead))
    total = sum(v for _, v in lines)
    return FullyLoadedCost(lines=tuple(lines), total=total, per_participant=total / n,
                           per_learning_hour=total / (n * h))
