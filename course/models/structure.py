"""The structure advisor (module 1): an organization profile -> a recommended L&D structure.

Four factors are rated on a 0-1 scale:

- consistency C: the need for one standard (regulated content, one brand, one way of working);
- responsiveness R: the need for business units to adapt learning to local markets and timing;
- size Z: employees on a log scale, 0 at 200 or fewer, 0.5 at 2,000, 1 at 20,000 or more;
- spread S: the mean of business-unit spread (1 unit = 0, 5 or more = 1) and geographic spread
  (1 country = 0, 10 or more = 1).

Each structure scores a weighted sum of how well it fits each factor (weights C 0.3, R 0.3,
Z 0.2, S 0.2). A centralized function fits high C and low R, Z and S; a decentralized one fits
low C and high R, Z and S; a federated one (a centre of expertise plus embedded teams) fits high
C *and* high R, Z and S. So federated beats decentralized exactly when C is above the middle,
and beats centralized when the pull towards the units (R, Z, S) is above the middle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

STRUCTURES = ("centralized", "federated", "decentralized")  # ties go to the simpler structure
FACTORS = ("consistency", "responsiveness", "size", "spread")
WEIGHTS = {"consistency": 0.3, "responsiveness": 0.3, "size": 0.2, "spread": 0.2}
# For each structure, whether it fits a HIGH value of the factor (True) or a LOW value (False).
FITS_HIGH = {
    "centralized": {"consistency": True, "responsiveness": False, "size": False, "spread": False},
    "federated": {"consistency": True, "responsiveness": True, "size": True, "spread": True},
    "decentralized": {"consistency": False, "responsiveness": True, "size": True, "spread": True},
}
CLOSE_CALL_POINTS = 5.0  # a winner ahead by fewer points than this is flagged as a close call
MIDDLE_BAND = 0.1  # a rating this close to 0.5 is reported as middling
_LABELS = {"consistency": "Need for consistency", "responsiveness": "Need for local responsiveness",
           "size": "Size", "spread": "Spread"}
_WORDS = {"consistency": ("low", "high"), "responsiveness": ("low", "high"),
          "size": ("small", "large"), "spread": ("narrow", "wide")}


@dataclass(frozen=True)
class StructureAdvice:
    """The advisor's answer: the recommendation, its scores (0-100) and the reasons behind it."""

    recommended: str
    scores: dict[str, float]  # structure -> 0-100
    factors: dict[str, float]  # factor -> 0-1 rating
    contributions: dict[str, dict[str, float]]  # structure -> factor -> points
    reasons: tuple[str, ...]
    close_call: bool


def _whole(name: str, value: float, low: int, high: int | None = None) -> int:
    """Check that `value` is a whole number in range; the message names the input."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be {bound}, not {int(value)}")
    return int(value)


def size_rating(employees: int) -> float:
    """Size on 0-1: log10 scale, 0 at 200 or fewer employees, 1 at 20,000 or more."""
    n = _whole("employees", employees, 1)
    return min(1.0, max(0.0, math.log10(n / 200) / 2))


def spread_rating(business_units: int, countries: int) -> float:
    """Spread 0-1: mean of unit spread (1 -> 0, 5+ -> 1) and country spread (1 -> 0, 10+ -> 1)."""
    units = _whole("business units", business_units, 1)
    lands = _whole("countries", countries, 1)
    return (min(1.0, (units - 1) / 4) + min(1.0, (lands - 1) / 9)) / 2


def need_rating(name: str, level: int) -> float:
    """A need rated 1 (low) to 5 (high), as 0-1."""
    return (_whole(name, level, 1, 5) - 1) / 4


def _reason(factor: str, rating: float, shown: str) -> str:
    """One sentence saying which structures a factor's rating favours."""
    if abs(rating - 0.5) < MIDDLE_BAND:
        return f"{_LABELS[factor]} is middling ({shown}): it tips the balance little either way."
    favoured = [s for s in STRUCTURES if FITS_HIGH[s][factor] == (rating > 0.5)]
    level = _WORDS[factor][rating > 0.5]
    return f"{_LABELS[factor]} is {level} ({shown}): it favours {' and '.join(favoured)}."


def advise(employees: int, business_units: int, countries: int, consistency: int,
           responsiveness: int) -> StructureAdvice:
    """Recommend a structure for an L&D function from the organization's profile."""
    factors = {
        "consistency": need_rating("need for consistency", consistency),
        "responsiveness": need_rating("need for local responsiveness", responsiveness),
        "size": size_rating(employees),
        "spread": spread_rating(business_units, countries),
    }
    contributions = {
        s: {f: round(100 * WEIGHTS[f] * (factors[f] if FITS_HIGH[s][f] else 1 - factors[f]), 1)
            for f in FACTORS}
        for s in STRUCTURES
    }
    scores = {s: round(100 * sum(WEIGHTS[f] * (factors[f] if FITS_HIGH[s][f] else 1 - factors[f])
                                 for f in FACTORS), 1)
              for s in STRUCTURES}
    ranked = sorted(STRUCTURES, key=lambda s: (-scores[s], STRUCTURES.index(s)))
    best, runner_up = ranked[0], ranked[1]
    close = scores[best] - scores[runner_up] < CLOSE_CALL_POINTS
    shown = {
        "consistency": f"{consistency} of 5",
        "responsiveness": f"{responsiveness} of 5",
        "size": f"{int(employees):,} employees",
        "spread": f"{int(business_units)} business unit{'s' * (business_units != 1)}, "
                  f"{int(countries)} countr{'ies' if countries != 1 else 'y'}",
    }
    reasons = [_reason(f, factors[f], shown[f]) for f in FACTORS]
    verdict = (f"{best.capitalize()} scores {scores[best]:g} of 100, ahead of {runner_up} "
               f"({scores[runner_up]:g}).")
    if close:
        verdict += (f" The margin is under {CLOSE_CALL_POINTS:g} points: a close call, so weigh "
                    "culture, leadership and history before choosing.")
    return StructureAdvice(best, scores, factors, contributions, (verdict, *reasons), close)
