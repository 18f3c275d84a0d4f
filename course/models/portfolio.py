"""Portfolio rationalization: place each offering on strategic value x distinctiveness.

Every offering in a catalog is scored 1-5 on two questions: how much does it serve the
organization's current strategy (strategic value), and how much of it is ours alone, hard to buy
on the market (distinctiveness: proprietary content, processes, culture). The quadrant suggests
an action; the manager still decides.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass

ACTIONS = ("sustain", "revise", "outsource", "retire")
SCALE = (1.0, 5.0)

_QUADRANTS = {
    (True, True): ("high value, high distinctiveness", "sustain",
                   "Serves the strategy and cannot be bought elsewhere: keep it in-house and "
                   "keep investing to keep it current."),
    (True, False): ("high value, low distinctiveness", "outsource",
                    "Serves the strategy but the market offers the same thing: buy or license "
                    "it rather than build and maintain it yourself."),
    (False, True): ("low value, high distinctiveness", "revise",
                    "Unique to the organization but weakly tied to current goals: rework it "
                    "toward a priority, or merge it into an offering that is."),
    (False, False): ("low value, low distinctiveness", "retire",
                     "Neither serves the strategy nor is hard to replace: stop offering it and "
                     "move its budget to higher-value work."),
}


@dataclass(frozen=True)
class Placement:
    """One offering's scores, quadrant and suggested action with the reason."""

    offering_id: str
    strategic_value: float
    distinctiveness: float
    quadrant: str
    action: str
    reason: str


def _check_score(name: str, value: float) -> float:
    """Return value as float if it is a finite number on the 1-5 scale, else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number on the 1-5 scale, got {value!r}")
    value = float(value)
    if math.isnan(value) or not SCALE[0] <= value <= SCALE[1]:
        raise ValueError(f"{name} must be between 1 and 5, got {value:g}")
    return value


def _place(strategic_value: float, distinctiveness: float, value_cut: float,
           distinct_cut: float) -> tuple[str, str, str]:
    """Return (quadrant, action, reason) after validating all four numbers."""
    value = _check_score("strategic value", strategic_value)
    distinct = _check_score("distinctiveness", distinctiveness)
    vcut = _check_score("the strategic value cut-off", value_cut)
    dcut = _check_score("the distinctiveness cut-off", distinct_cut)
    return _QUADRANTS[(value >= vcut, distinct >= dcut)]


def suggest_action(strategic_value: float, distinctiveness: float, value_cut: float = 3.0,
                   distinct_cut: float = 3.0) -> tuple[str, str]:
    """Suggest sustain, revise, outsource or retire for one offering; a score at the cut is high."""
    _, action, reason = _place(strategic_value, distinctiveness, value_cut, distinct_cut)
    return action, reason


def rationalize(scores: Iterable[tuple[str, float, float]], value_cut: float = 3.0,
                distinct_cut: float = 3.0) -> list[Placement]:
    """Place every (offering id, strategic value, distinctiveness) row, in the order given."""
    placements: list[Placement] = []
    seen: set[str] = set()
    for row in scores:
        fields = tuple(row)
        if len(fields) != 3:
            raise ValueError(f"each row needs an offering id and two scores, got {row!r}")
        offering_id, value, distinct = fields
        name = str(offering_id).strip()
        if not name:
            raise ValueError("every offering needs a non-empty id")
        if name in seen:
            raise ValueError(f"offering {name!r} appears twice")
        seen.add(name)
        try:
            quadrant, action, reason = _place(value, distinct, value_cut, distinct_cut)
        except ValueError as exc:
            raise ValueError(f"offering {name!r}: {exc}") from None
        placements.append(Placement(name, float(value), float(distinct), quadrant, action,
                                    reason))
    return placements


def action_counts(placements: Iterable[Placement]) -> dict[str, int]:
    """How many offerings fall under each action, in ACTIONS order."""
    counts = dict.fromkeys(ACTIONS, 0)
    for p in placements:
        counts[p.action] += 1
    return counts
