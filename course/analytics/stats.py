"""Item analysis with the quiz statistics of Moodle's quiz statistics report (Moodle HQ, 2013).

Pure functions over a marks table: one row per attempt (learner), one column per item, each cell
the marks the attempt earned on the item (an item left unanswered earns 0). Conventions follow
Moodle's calculator, with sample (n - 1) variances throughout:

- facility index: mean mark / maximum mark of the item (the share of the marks earned);
- discrimination index: Pearson correlation of the item's mark with the rest of the test (the
  attempt's total minus this item), so the item is not correlated with itself;
- discriminative efficiency: that covariance over the largest covariance the same marks could
  reach (both lists sorted), i.e. the discrimination index relative to its maximum;
- per test: mean, median, SD, skewness k3 / k2^1.5 and kurtosis k4 / k2^2 of the totals (Fisher's
  k-statistics), coefficient of internal consistency p / (p - 1) (1 - sum of item variances /
  variance of totals) (Cronbach, 1951; KR-20 for right/wrong items, Kuder & Richardson, 1937),
  error ratio sqrt(1 - CIC) and standard error = error ratio x SD.

Moodle shows the indices as percentages; here they are fractions (0.35 is Moodle's 35 %).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

FACILITY_LOW = 0.2
FACILITY_HIGH = 0.95
DISCRIMINATION_LOW = 0.2


def _sample_cov(x: np.ndarray, y: np.ndarray) -> float:
    return float(((x - x.mean()) * (y - y.mean())).sum() / (len(x) - 1))


def item_flags(facility: float, discrimination: float) -> list[str]:
    """Why an item needs a look: too hard, too easy, or not telling strong from weak learners."""
    flags = []
    if facility < FACILITY_LOW:
        flags.append(f"facility {facility:.3f} < {FACILITY_LOW}: too hard or miskeyed")
    if facility > FACILITY_HIGH:
        flags.append(f"facility {facility:.3f} > {FACILITY_HIGH}: too easy")
    if math.isnan(discrimination):
        flags.append("no discrimination: every learner scored the same on this item or the rest")
    elif discrimination < DISCRIMINATION_LOW:
        flags.append(f"discrimination {discrimination:.3f} < {DISCRIMINATION_LOW}")
    return flags


def item_statistics(marks: pd.DataFrame, max_marks: pd.Series | None = None) -> pd.DataFrame:
    """Per item: attempts, facility, SD (share of max), discrimination, efficiency and flags."""
    maxima = (pd.Series(1.0, index=marks.columns) if max_marks is None
              else max_marks.reindex(marks.columns).astype(float))
    values = marks.to_numpy(dtype=float)
    totals = values.sum(axis=1)
    n = len(values)
    rows = []
    for j, item in enumerate(marks.columns):
        x, top = values[:, j], float(maxima[item])
        rest = totals - x
        facility = float(x.mean() / top) if n and top else math.nan
        if n > 1:
            var_x, var_rest = _sample_cov(x, x), _sample_cov(rest, rest)
            cov = _sample_cov(x, rest)
            cov_max = _sample_cov(np.sort(x), np.sort(rest))
            spread = var_x * var_rest
            discrimination = cov / math.sqrt(spread) if spread > 0 else math.nan
            efficiency = cov / cov_max if cov_max > 0 else math.nan  # cov_max >= |cov|
            sd = math.sqrt(var_x) / top if top else math.nan
        else:
            discrimination = efficiency = sd = math.nan
        rows.append({"item": item, "n": n, "max_mark": top, "facility": facility, "sd": sd,
                     "discrimination": discrimination, "efficiency": efficiency,
                     "flags": item_flags(facility, discrimination)})
    return pd.DataFrame(rows).set_index("item")


def quiz_statistics(marks: pd.DataFrame, max_marks: pd.Series | None = None) -> dict[str, float]:
    """Per test: n, items, max, mean, median, SD, skewness, kurtosis, CIC, error ratio, SE."""
    values = marks.to_numpy(dtype=float)
    totals = values.sum(axis=1)
    s, p = len(totals), values.shape[1]
    top = float(max_marks.reindex(marks.columns).sum()) if max_marks is not None else float(p)
    out = {"n": s, "items": p, "max_score": top, "mean": math.nan, "median": math.nan,
           "sd": math.nan, "skewness": math.nan, "kurtosis": math.nan, "cic": math.nan,
           "error_ratio": math.nan, "standard_error": math.nan}
    if s == 0:
        return out
    mean = float(totals.mean())
    out.update(mean=mean, median=float(np.median(totals)))
    if s < 2:
        return out
    d = totals - mean
    m2, m3, m4 = (float((d ** k).sum() / s) for k in (2, 3, 4))
    k2 = s * m2 / (s - 1)
    out["sd"] = math.sqrt(k2)
    if s > 2 and k2:
        k3 = s * s * m3 / ((s - 1) * (s - 2))
        out["skewness"] = k3 / k2 ** 1.5
        if s > 3:
            k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
            out["kurtosis"] = k4 / (k2 * k2)
    if p > 1 and k2:
        item_variance = float(values.var(axis=0, ddof=1).sum())
        cic = p / (p - 1) * (1 - item_variance / k2)
        out["cic"] = cic
        out["error_ratio"] = math.sqrt(max(0.0, 1 - cic))
        out["standard_error"] = out["error_ratio"] * out["sd"]
    return out
