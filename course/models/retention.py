"""Forgetting and spacing: the exponential forgetting curve and a spaced-review planner.

- Forgetting curve: R(t) = exp(-t / S), retention R after t days for a memory of stability S
  days. Ebbinghaus (1885) fitted a different (logarithmic) formula to his savings data; the
  exponential is a later simplification, convenient for teaching but not the best fit to data.
  Half-life (R = 50 %) is S ln 2.
- Spacing (Cepeda et al. 2008): the best gap before a review grows with the time the material must
  be kept (the retention interval, RI), but shrinks as a share of it: about 20-40 % of a one-week
  RI, about 5-10 % of a one-year RI. The planner interpolates an approximate ratio between those
  ends (25 % at 7 days, 7.5 % at 350 days, on a logarithmic time scale) and places each review so
  the gap before it is that share of the time still to go. This extends a one-review finding to
  several reviews: a sensible default, not a tested optimum.
- Each review multiplies S by a boost factor: an illustrative assumption of this tool, not a law.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from datetime import date, timedelta

SHORTEST_STUDIED_DAYS = 7.0  # the shortest and longest retention intervals in Cepeda et al. 2008
LONGEST_STUDIED_DAYS = 350.0
RATIO_AT_SHORTEST = 0.25  # they report roughly 20-40 % of a one-week interval
RATIO_AT_LONGEST = 0.075  # and roughly 5-10 % of a one-year interval
MAX_REVIEWS = 10
CHECKPOINT_DAYS = (1.0, 2.0, 7.0, 30.0)


def _number(name: str, value: float) -> float:
    """Return value as a finite float, or raise ValueError naming the input."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return v


def _stability(stability: float) -> float:
    s = _number("stability S (days)", stability)
    if s <= 0:
        raise ValueError(f"stability S must be greater than 0 days, got {s:g}")
    return s


def retention(t: float, stability: float) -> float:
    """Share retained after t days: R = exp(-t / S)."""
    days = _number("time t (days)", t)
    if days < 0:
        raise ValueError(f"time t cannot be negative, got {days:g} days")
    return math.exp(-days / _stability(stability))


def half_life(stability: float) -> float:
    """Days until retention falls to 50 %: S ln 2."""
    return _stability(stability) * math.log(2)


def time_to_retention(level: float, stability: float) -> float:
    """Days until retention falls to a level between 0 and 1: t = -S ln(level)."""
    r = _number("retention level", level)
    if not 0 < r <= 1:
        raise ValueError(f"retention level must be above 0 and at most 1 (100 %), got {r:g}")
    return -_stability(stability) * math.log(r)


def gap_ratio(retention_interval: float) -> float:
    """Approximate best review gap as a share of the retention interval (after Cepeda 2008)."""
    ri = _number("retention interval (days)", retention_interval)
    if ri <= 0:
        raise ValueError(f"retention interval must be greater than 0 days, got {ri:g}")
    if ri <= SHORTEST_STUDIED_DAYS:
        return RATIO_AT_SHORTEST
    if ri >= LONGEST_STUDIED_DAYS:
        return RATIO_AT_LONGEST
    position = math.log(ri / SHORTEST_STUDIED_DAYS) / math.log(
        LONGEST_STUDIED_DAYS / SHORTEST_STUDIED_DAYS)
    return RATIO_AT_SHORTEST + position * (RATIO_AT_LONGEST - RATIO_AT_SHORTEST)


def best_single_gap(days_to_exam: float) -> float:
    """Gap g for one review so that g is the approximate ratio of the time left (RI = days - g)."""
    first, last = _distances(_horizon(days_to_exam), 1)
    return first - last


def _horizon(days_to_exam: float) -> float:
    h = _number("days to the exam", days_to_exam)
    if h < 1:
        raise ValueError(f"days to the exam must be at least 1, got {h:g}")
    return h


def _distances(horizon: float, reviews: int) -> list[float]:
    """Days from learning and from each review to the exam: [D0 = horizon, D1, ..., Dn]."""
    if reviews == 0:
        return [horizon]

    def back(last: float) -> list[float]:
        chain = [last]
        for _ in range(reviews):
            chain.append(chain[-1] * (1 + gap_ratio(chain[-1])))
        return chain[::-1]

    lo = horizon / (1 + RATIO_AT_SHORTEST) ** reviews
    hi = horizon / (1 + RATIO_AT_LONGEST) ** reviews
    for _ in range(200):
        mid = (lo + hi) / 2
        if back(mid)[0] < horizon:
            lo = mid
        else:
            hi = mid
    chain = back((lo + hi) / 2)
    chain[0] = horizon
    return chain


@dataclass(frozen=True)
class Review:
    """One planned review: when, the gap before it, retention just before, and S after it."""

    number: int
    day: float
    gap: float
    time_to_exam: float
    retention_before: float
    stability_after: float
    date: date | None


@dataclass(frozen=True)
class SpacingPlan:
    """A review plan with the model's illustrative retention figures."""

    days_to_exam: float
    stability: float
    boost: float
    half_life: float
    reviews: tuple[Review, ...]
    retention_at_exam: float
    retention_without_reviews: float
    checkpoints: tuple[tuple[float, float], ...]  # (day, R) with no reviews
    exam_date: date | None
    notes: tuple[str, ...]


def plan_reviews(days_to_exam: float, reviews: int = 3, stability: float = 1.0,
                 boost: float = 2.0, start: date | None = None) -> SpacingPlan:
    """Place reviews by the approximate Cepeda ratio and model retention with a boost per review."""
    horizon = _horizon(days_to_exam)
    if isinstance(reviews, bool) or not isinstance(reviews, numbers.Integral):
        raise ValueError(f"the number of reviews must be a whole number, got {reviews!r}")
    if not 0 <= reviews <= MAX_REVIEWS:
        raise ValueError(f"the number of reviews must be between 0 and {MAX_REVIEWS}, "
                         f"got {reviews}")
    s = _stability(stability)
    factor = _number("boost factor", boost)
    if factor < 1:
        raise ValueError(f"the boost factor must be at least 1 (1 = a review adds nothing), "
                         f"got {factor:g}")
    if start is not None and not isinstance(start, date):
        raise ValueError(f"the start must be a date, got {start!r}")

    distances = _distances(horizon, int(reviews))
    planned: list[Review] = []
    current, previous_day = s, 0.0
    for number, remaining in enumerate(distances[1:], 1):
        day = horizon - remaining
        before = math.exp(-(day - previous_day) / current)
        current *= factor
        when = start + timedelta(days=round(day)) if start else None
        planned.append(Review(number, day, day - previous_day, remaining, before, current, when))
        previous_day = day
    at_exam = math.exp(-(horizon - previous_day) / current)
    notes = _notes(horizon, distances, planned)
    return SpacingPlan(
        days_to_exam=horizon, stability=s, boost=factor, half_life=half_life(s),
        reviews=tuple(planned), retention_at_exam=at_exam,
        retention_without_reviews=math.exp(-horizon / s),
        checkpoints=tuple((d, retention(d, s)) for d in CHECKPOINT_DAYS),
        exam_date=start + timedelta(days=round(horizon)) if start else None,
        notes=notes)


def _notes(horizon: float, distances: list[float], planned: list[Review]) -> tuple[str, ...]:
    notes: list[str] = []
    if min(distances) < SHORTEST_STUDIED_DAYS:
        notes.append("Some intervals are shorter than the 7 days Cepeda et al. (2008) tested; the "
                     "planner holds the ratio at 25 % there.")
    if horizon > LONGEST_STUDIED_DAYS:
        notes.append("The horizon is longer than the 350 days Cepeda et al. (2008) tested; the "
                     "planner holds the ratio at 7.5 % there.")
    days = [round(r.day) for r in planned]
    if planned and (days[0] < 1 or len(set(days)) < len(days)):
        notes.append("Rounded to whole days, some reviews fall on day 0 or on the same day: use "
                     "fewer reviews or a longer horizon.")
    return tuple(notes)


def retention_curve(plan: SpacingPlan, points: int = 200) -> list[tuple[float, float]]:
    """(day, R) points of the planned sawtooth curve, with a jump back to 100 % at each review."""
    if isinstance(points, bool) or not isinstance(points, numbers.Integral) or points < 2:
        raise ValueError(f"points must be a whole number of at least 2, got {points!r}")
    starts = [0.0] + [r.day for r in plan.reviews]
    ends = [r.day for r in plan.reviews] + [plan.days_to_exam]
    stabilities = [plan.stability] + [r.stability_after for r in plan.reviews]
    curve: list[tuple[float, float]] = []
    for begin, end, s in zip(starts, ends, stabilities, strict=True):
        steps = max(2, round(points * (end - begin) / plan.days_to_exam))
        for i in range(steps + 1):
            t = begin + (end - begin) * i / steps
            curve.append((t, math.exp(-(t - begin) / s)))
    return curve
