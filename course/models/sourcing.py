"""Sourcing decisions: weighted vendor scoring with a weight-sensitivity check, and make-vs-buy.

Vendor scoring is a weighted sum: weights are normalised to shares of 1, and a vendor's total is
the sum over criteria of share x score. The sensitivity check asks, for every criterion and every
challenger, how far that one weight (in the user's own units, the others held fixed) must move for
the challenger to tie the leader (Triantaphyllou and Sanchez, 1997); the smallest such move is the
ranking's margin of safety. Make-vs-buy compares two cost lines, fixed + variable x volume; they
cross at (difference in fixed costs) / (difference in variable costs) when that is positive.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_EPS = 1e-9


@dataclass(frozen=True)
class VendorTotal:
    """One vendor's weighted total and what each criterion contributes to it."""

    vendor: str
    total: float
    contributions: dict[str, float]  # criterion -> share x score


@dataclass(frozen=True)
class Flip:
    """The smallest change of one weight that lets a challenger tie the leader."""

    criterion: str
    challenger: str
    weight_from: float  # in the user's units
    weight_to: float  # at this weight the two tie; beyond it the challenger leads
    share_from: float  # the criterion's normalised share before ...
    share_to: float  # ... and at the tie

    @property
    def change(self) -> float:
        """Signed change of the weight, in the user's units."""
        return self.weight_to - self.weight_from


@dataclass(frozen=True)
class VendorRanking:
    """Normalised weights, vendors ranked by total, whether the top is tied, and the flip point."""

    shares: dict[str, float]
    ranked: tuple[VendorTotal, ...]
    tied: bool
    flip: Flip | None  # None when tied, single vendor, or no single weight change can flip


def score_vendors(weights: Mapping[str, float],
                  scores: Mapping[str, Mapping[str, float]]) -> VendorRanking:
    """Rank vendors by the weighted sum of their scores and find the smallest ranking flip."""
    weights = _checked_weights(weights)
    _check_scores(scores, weights)
    total_weight = sum(weights.values())
    shares = {c: w / total_weight for c, w in weights.items()}
    order = {v: i for i, v in enumerate(scores)}
    totals = [VendorTotal(v, sum(shares[c] * s[c] for c in shares),
                          {c: shares[c] * s[c] for c in shares})
              for v, s in scores.items()]
    totals.sort(key=lambda t: (-round(t.total, 9), order[t.vendor]))
    tied = len(totals) > 1 and abs(totals[0].total - totals[1].total) < _EPS
    flip = None if tied else _smallest_flip(weights, scores, totals[0].vendor)
    return VendorRanking(shares, tuple(totals), tied, flip)


def sweep_weight(weights: Mapping[str, float], scores: Mapping[str, Mapping[str, float]],
                 criterion: str, values: Iterable[float]) -> dict[str, list[float]]:
    """Each vendor's total as one criterion's weight takes each of `values` (others fixed)."""
    weights = _checked_weights(weights)
    if criterion not in weights:
        raise ValueError(f"unknown criterion {criterion!r}; known: {', '.join(weights)}")
    _check_scores(scores, weights)
    lines: dict[str, list[float]] = {v: [] for v in scores}
    for value in values:
        trial = {**weights, criterion: float(value)}
        ranking = score_vendors(trial, scores)
        for row in ranking.ranked:
            lines[row.vendor].append(row.total)
    return lines


def _smallest_flip(weights: dict[str, float], scores: Mapping[str, Mapping[str, float]],
                   leader: str) -> Flip | None:
    """Smallest single-weight change at which some challenger ties the leader."""
    total_weight = sum(weights.values())
    best: tuple[float, Flip] | None = None
    for challenger in scores:
        if challenger == leader:
            continue
        gaps = {c: scores[leader][c] - scores[challenger][c] for c in weights}
        lead = sum(weights[c] * gaps[c] for c in weights)  # > 0: leader ahead
        for criterion, gap in gaps.items():
            if abs(gap) < _EPS:
                continue
            change = -lead / gap
            new_weight = weights[criterion] + change
            if new_weight < -_EPS or total_weight + change <= _EPS:
                continue
            new_weight = max(new_weight, 0.0)
            if best is None or abs(change) < best[0] - _EPS:
                flip = Flip(criterion, challenger, weights[criterion], new_weight,
                            weights[criterion] / total_weight,
                            new_weight / (total_weight + change))
                best = (abs(change), flip)
    return best[1] if best else None


def _checked_weights(weights: Mapping[str, float]) -> dict[str, float]:
    if not weights:
        raise ValueError("give at least one criterion with a weight")
    checked: dict[str, float] = {}
    for criterion, weight in weights.items():
        if not str(criterion).strip():
            raise ValueError("every criterion needs a name")
        if not _is_number(weight):
            raise ValueError(f"weight of {criterion!r} must be a number, got {weight!r}")
        if weight < 0:
            raise ValueError(f"weight of {criterion!r} cannot be negative ({weight:g})")
        checked[criterion] = float(weight)
    if sum(checked.values()) <= 0:
        raise ValueError("at least one weight must be above zero")
    return checked


def _check_scores(scores: Mapping[str, Mapping[str, float]], weights: Mapping[str, float]) -> None:
    if not scores:
        raise ValueError("give at least one vendor to score")
    for vendor, row in scores.items():
        if not str(vendor).strip():
            raise ValueError("every vendor needs a name")
        missing = [c for c in weights if c not in row]
        if missing:
            raise ValueError(f"vendor {vendor!r} has no score for: {', '.join(missing)}")
        extra = [c for c in row if c not in weights]
        if extra:
            raise ValueError(f"vendor {vendor!r} is scored on unknown criteria: "
                             f"{', '.join(extra)}")
        for criterion, value in row.items():
            if not _is_number(value) or value < 0:
                raise ValueError(f"score of {vendor!r} on {criterion!r} must be a number of "
                                 f"zero or more, got {value!r}")


@dataclass(frozen=True)
class BreakEven:
    """Make-vs-buy comparison: where the cost lines cross and which is cheaper where."""

    make_fixed: float
    make_variable: float  # per unit (learner, seat, session)
    buy_fixed: float
    buy_variable: float
    planned: float  # the planned volume, in units
    volume: float | None  # units at which both cost the same; None if they never cross above 0
    below: str  # "make", "buy" or "either": cheaper below the break-even (or everywhere)
    above: str  # cheaper above the break-even (or everywhere)
    explanation: str

    @property
    def make_cost(self) -> float:
        """Total cost of making at the planned volume."""
        return total_cost(self.make_fixed, self.make_variable, self.planned)

    @property
    def buy_cost(self) -> float:
        """Total cost of buying at the planned volume."""
        return total_cost(self.buy_fixed, self.buy_variable, self.planned)

    @property
    def cheaper(self) -> str:
        """The cheaper option at the planned volume: "make", "buy" or "either"."""
        return _cheaper(self.make_cost, self.buy_cost)

    @property
    def saving(self) -> float:
        """How much the cheaper option saves at the planned volume."""
        return abs(self.make_cost - self.buy_cost)


def total_cost(fixed: float, variable: float, volume: float) -> float:
    """Fixed cost plus variable cost per unit times volume."""
    return fixed + variable * volume


def break_even(make_fixed: float, make_variable: float, buy_fixed: float,
               buy_variable: float, volume: float = 0.0) -> BreakEven:
    """Compare making and buying: break-even volume = (Fm - Fb) / (vb - vm), if positive."""
    for name, value in (("make fixed cost", make_fixed), ("make cost per unit", make_variable),
                        ("buy fixed cost", buy_fixed), ("buy cost per unit", buy_variable),
                        ("planned volume", volume)):
        if not _is_number(value) or value < 0:
            raise ValueError(f"{name} must be a number of zero or more, got {value!r}")
    costs = (make_fixed, make_variable, buy_fixed, buy_variable, volume)
    fixed_gap = make_fixed - buy_fixed
    variable_gap = buy_variable - make_variable
    if abs(variable_gap) < _EPS:
        side = _cheaper(make_fixed, buy_fixed)
        text = ("Both cost the same per unit, so the lines never cross: "
                + ("they cost the same at every volume." if side == "either" else
                   f"{side} is cheaper at every volume (lower fixed cost)."))
        return BreakEven(*costs, None, side, side, text)
    crossing = fixed_gap / variable_gap
    if crossing <= _EPS:
        side = "make" if make_variable < buy_variable else "buy"
        text = (f"No break-even above zero: {side} costs no more up front and less per unit, "
                f"so it is cheaper at every volume.")
        return BreakEven(*costs, None, side, side, text)
    below = "make" if make_fixed < buy_fixed else "buy"
    above = "buy" if below == "make" else "make"
    text = (f"The cost lines cross at {crossing:,.1f} units: below that {below} is cheaper "
            f"(lower fixed cost), above it {above} is cheaper (lower cost per unit).")
    return BreakEven(*costs, crossing, below, above, text)


def _cheaper(make: float, buy: float) -> str:
    if abs(make - buy) < _EPS:
        return "either"
    return "make" if make < buy else "buy"


def _is_number(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))
