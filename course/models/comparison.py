"""Could a difference between a trained group and a comparison group be chance?

Two views of the same question on one number per unit (a store's change in staff turnover):
- a permutation test (Fisher, 1935): if the program did nothing, the group labels are
  arbitrary, so shuffle them many times and count how often a shuffled split gives a difference
  at least as large (either sign) as the one observed; p = (count + 1) / (shuffles + 1), which
  never reports an impossible 0 (Phipson and Smyth, 2010);
- an approximate 95 % confidence interval for the difference in means: difference +- 1.96 x
  standard error, with the standard error sqrt(s1^2 / n1 + s2^2 / n2) that does not assume equal
  variances (Welch, 1947). The normal multiplier 1.96 suits groups of about 30 or more; with
  smaller groups the interval is too narrow.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from course.models.roi import finite_number

STORES = Path(__file__).with_name("data") / "stores.csv"
Z95 = 1.96
SHUFFLES = 10_000
SEED = 2027


@dataclass(frozen=True)
class Store:
    """One store of the module 10 retail pilot: turnover (%) in the year before and after."""

    id: str
    group: str  # coached | comparison
    staff: int
    turnover_before: float
    turnover_after: float

    @property
    def change(self) -> float:
        """Change in turnover, in percentage points (negative: fewer leavers)."""
        return round(self.turnover_after - self.turnover_before, 1)


def load_stores(path: Path = STORES) -> list[Store]:
    """The 30 coached and 30 comparison stores of the module 10 scenario."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [Store(r["store"], r["group"], int(r["staff"]), float(r["turnover_before"]),
                      float(r["turnover_after"])) for r in csv.DictReader(handle)]


def _values(name: str, values: Sequence[float]) -> np.ndarray:
    out = np.array([finite_number(f"a value of the {name} group", v) for v in values])
    if len(out) < 2:
        raise ValueError(f"the {name} group needs at least 2 values, got {len(out)}")
    return out


def standard_error(trained: Sequence[float], comparison: Sequence[float]) -> float:
    """Standard error of the difference in means, variances not assumed equal (Welch, 1947)."""
    a, b = _values("trained", trained), _values("comparison", comparison)
    return math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))


def permutation_p_value(trained: Sequence[float], comparison: Sequence[float],
                        shuffles: int = SHUFFLES, seed: int = SEED) -> float:
    """Two-sided p-value of the difference in means by random relabelling (seeded)."""
    a, b = _values("trained", trained), _values("comparison", comparison)
    if shuffles < 1:
        raise ValueError(f"shuffles must be at least 1, got {shuffles}")
    observed = abs(a.mean() - b.mean())
    pooled = np.concatenate([a, b])
    rng = np.random.default_rng(seed)
    orders = np.argsort(rng.random((shuffles, len(pooled))), axis=1)
    shuffled = pooled[orders]
    differences = np.abs(shuffled[:, :len(a)].mean(axis=1) - shuffled[:, len(a):].mean(axis=1))
    extreme = int((differences >= observed - 1e-12).sum())
    return (extreme + 1) / (shuffles + 1)


@dataclass(frozen=True)
class GroupComparison:
    """Means, their difference, an approximate 95 % interval and a permutation p-value."""

    n_trained: int
    n_comparison: int
    mean_trained: float
    mean_comparison: float
    difference: float  # trained minus comparison
    standard_error: float
    ci_low: float
    ci_high: float
    p_value: float
    shuffles: int

    @property
    def could_be_chance(self) -> bool:
        """True when the 95 % interval includes 0 (the data fit 'no effect' too)."""
        return self.ci_low <= 0 <= self.ci_high


def compare_groups(trained: Sequence[float], comparison: Sequence[float],
                   shuffles: int = SHUFFLES, seed: int = SEED) -> GroupComparison:
    """Compare a trained group with a comparison group on one measure per unit."""
    a, b = _values("trained", trained), _values("comparison", comparison)
    difference = float(a.mean() - b.mean())
    se = standard_error(a, b)
    return GroupComparison(len(a), len(b), float(a.mean()), float(b.mean()), difference, se,
                           difference - Z95 * se, difference + Z95 * se,
                           permutation_p_value(a, b, shuffles, seed), shuffles)


def compare_stores(stores: Sequence[Store], per_group: int | None = None,
                   shuffles: int = SHUFFLES, seed: int = SEED) -> GroupComparison:
    """Compare the change in turnover of coached and comparison stores (the first n of each)."""
    coached = [s.change for s in stores if s.group == "coached"]
    others = [s.change for s in stores if s.group == "comparison"]
    if per_group is not None:
        coached, others = coached[:per_group], others[:per_group]
    return compare_groups(coached, others, shuffles, seed)
