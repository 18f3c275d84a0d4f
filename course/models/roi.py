"""Return on investment of a learning program (Phillips 1997/2003).

BCR = benefits / costs; ROI % = (benefits - fully loaded costs) / costs x 100. So a BCR of 2:1
is an ROI of 100 %. Before the ratios, a benefit estimate is reduced to the share caused by the
program (isolation) and to the estimator's confidence, so the claim stays conservative.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass


def finite_number(name: str, value: float) -> float:
    """Return value as a finite float, or raise ValueError naming the input."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


def _check(benefits: float, costs: float) -> tuple[float, float]:
    """Validate benefits (>= 0) and fully loaded costs (> 0)."""
    b = finite_number("benefits", benefits)
    c = finite_number("costs", costs)
    if c <= 0:
        raise ValueError(f"fully loaded costs must be greater than 0, got {c:,.2f}")
    if b < 0:
        raise ValueError(f"benefits cannot be negative, got {b:,.2f}")
    return b, c


def _share(name: str, value: float) -> float:
    """Validate a share between 0 and 1 (0 % to 100 %)."""
    v = finite_number(name, value)
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"{name} must be a share between 0 and 1 (0 % to 100 %), got {v:g}")
    return v


def bcr(benefits: float, costs: float) -> float:
    """Benefit-cost ratio: monetary benefits divided by fully loaded costs."""
    b, c = _check(benefits, costs)
    return b / c


def roi_percent(benefits: float, costs: float) -> float:
    """ROI %: net benefits (benefits minus fully loaded costs) over costs, times 100."""
    b, c = _check(benefits, costs)
    return (b - c) / c * 100.0


def adjusted_benefit(estimate: float, isolation: float = 1.0, confidence: float = 1.0) -> float:
    """Benefit that may be claimed: estimate x share due to the program x confidence, in cents."""
    e = finite_number("the benefit estimate", estimate)
    if e < 0:
        raise ValueError(f"the benefit estimate cannot be negative, got {e:,.2f}")
    share = _share("the isolation share", isolation)
    conf = _share("the confidence", confidence)
    return round(e * share * conf, 2)


@dataclass(frozen=True)
class RoiResult:
    """Claimed (adjusted) benefits, costs, net benefits, BCR and ROI % of one program."""

    claimed_benefits: float
    costs: float
    net_benefits: float
    bcr: float
    roi_percent: float


def evaluate(benefits: float, costs: float, isolation: float = 1.0,
             confidence: float = 1.0) -> RoiResult:
    """Adjust the benefit estimate for isolation and confidence, then compute BCR and ROI %."""
    _check(benefits, costs)
    claimed = adjusted_benefit(benefits, isolation, confidence)
    c = float(costs)
    return RoiResult(claimed_benefits=claimed, costs=c, net_benefits=claimed - c,
                     bcr=bcr(claimed, c), roi_percent=roi_percent(claimed, c))


def break_even_benefits(costs: float, target_roi_percent: float = 0.0) -> float:
    """Benefits needed to reach a target ROI % (0 % means benefits just equal costs)."""
    _, c = _check(0.0, costs)
    target = finite_number("the target ROI %", target_roi_percent)
    if target < -100:
        raise ValueError(f"an ROI below -100 % is impossible, got {target:g} %")
    return c * (1 + target / 100.0)
