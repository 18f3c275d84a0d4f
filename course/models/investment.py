"""Payback period and net present value (NPV) of a learning investment over several years.

The cash flows are yearly: year 0 holds the up-front cost (design, development, launch), and
years 1..n the net benefit of each year (benefits minus running costs). A unit of money in year t
is worth 1 / (1 + r)^t today at the discount rate r that finance sets (the cost of capital or a
hurdle rate), so NPV = sum of flow_t / (1 + r)^t; an investment with NPV > 0 earns more than r
(Brealey, Myers and Allen, 2020). The payback period is the time until the cumulative net flow
turns non-negative, interpolated within the year on the assumption that each year's benefit
arrives evenly; it ignores the time value of money (unless discounted) and everything after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from course.models.roi import finite_number


def discount_factor(rate: float, year: int) -> float:
    """What one unit of money in `year` is worth today at this discount rate."""
    r = finite_number("the discount rate", rate)
    if r <= -1:
        raise ValueError(f"the discount rate must be above -100 %, got {r:.0%}")
    return 1 / (1 + r) ** year


def npv(rate: float, flows: Sequence[float]) -> float:
    """Net present value of yearly flows, flows[0] falling today (year 0)."""
    values = [finite_number(f"the flow of year {t}", f) for t, f in enumerate(flows)]
    if not values:
        raise ValueError("give at least the year-0 flow")
    return sum(f * discount_factor(rate, t) for t, f in enumerate(values))


def payback_years(flows: Sequence[float]) -> float | None:
    """Years until the cumulative flow reaches 0 (linear within a year); None if it never does."""
    values = [finite_number(f"the flow of year {t}", f) for t, f in enumerate(flows)]
    cumulative = 0.0
    for t, flow in enumerate(values):
        before, cumulative = cumulative, cumulative + flow
        if cumulative >= 0:
            return float(t) if t == 0 or flow <= 0 else t - 1 + (-before / flow)
    return None


@dataclass(frozen=True)
class Appraisal:
    """A multi-year view of one learning investment."""

    rate: float
    flows: tuple[float, ...]  # year 0 (negative: the up-front cost), then each year's net benefit
    discounted: tuple[float, ...]
    cumulative: tuple[float, ...]
    cumulative_discounted: tuple[float, ...]
    npv: float
    payback: float | None  # years, undiscounted
    discounted_payback: float | None
    roi_percent: float  # undiscounted: (sum of net benefits - up-front cost) / up-front cost x 100


def _running(values: Sequence[float]) -> tuple[float, ...]:
    total, out = 0.0, []
    for v in values:
        total += v
        out.append(total)
    return tuple(out)


def appraise(upfront_cost: float, net_benefits: Sequence[float], rate: float) -> Appraisal:
    """Payback, discounted payback, NPV and undiscounted ROI of an up-front cost and yearly net
    benefits (year 1 onwards), at a stated discount rate."""
    cost = finite_number("the up-front cost", upfront_cost)
    if cost <= 0:
        raise ValueError(f"the up-front cost must be greater than 0, got {cost:,.2f}")
    years = [finite_number(f"the net benefit of year {t + 1}", b)
             for t, b in enumerate(net_benefits)]
    if not years:
        raise ValueError("give the net benefit of at least one year")
    flows = (-cost, *years)
    discounted = tuple(f * discount_factor(rate, t) for t, f in enumerate(flows))
    return Appraisal(
        rate=float(rate), flows=flows, discounted=discounted, cumulative=_running(flows),
        cumulative_discounted=_running(discounted), npv=sum(discounted),
        payback=payback_years(flows), discounted_payback=payback_years(discounted),
        roi_percent=(sum(years) - cost) / cost * 100)
