"""All cohort analytics of one snapshot at once: what the dashboard shows and the reports export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from course.analytics.data import CohortData
from course.analytics.exams import (
    exam_by_module,
    exam_scores,
    exam_summary,
    weakest_modules,
)
from course.analytics.progress import (
    at_risk_reasons,
    item_status,
    kc_scores,
    learner_status,
    module_completion,
    week_status,
)

ROSTER_COLUMNS = ["learner", "name", "group", "status", "at_risk", "reasons", "modules_done",
                  "modules_due", "kc_mean", "practice", "final", "result", "confidence",
                  "reflection"]


@dataclass(frozen=True)
class Analysis:
    """The computed tables of one CohortData (all learners, or one group)."""

    data: CohortData
    items: pd.DataFrame  # learner x item status
    weeks: pd.DataFrame  # learner x week status
    completion: pd.DataFrame  # per module
    kc: pd.DataFrame  # learner x module knowledge-check fraction
    practice: pd.DataFrame  # learner x module practice-exam fraction
    weakest: pd.DataFrame  # modules, weakest first
    final: pd.DataFrame  # learner: score, max_score, fraction, passed
    final_summary: dict[str, Any]
    roster: pd.DataFrame  # ROSTER_COLUMNS, at-risk learners first


def _latest_reflection(journal: pd.DataFrame, order: list[str]) -> pd.Series:
    written = journal[journal["reflection"].str.len() > 0].copy()
    written["rank"] = written["module"].map({m: n for n, m in enumerate(order)})
    return written.sort_values("rank").groupby("learner")["reflection"].last()


def roster_table(data: CohortData, items: pd.DataFrame, weeks: pd.DataFrame, kc: pd.DataFrame,
                 final: pd.DataFrame) -> pd.DataFrame:
    """One row per learner: status, at-risk flag and reasons, progress, scores, journal."""
    learners = data.learners.set_index("learner")
    modules = items[items["kind"] == "module"]
    done = modules["status"].isin(["on time", "late"]).groupby(modules["learner"]).sum()
    due = (modules["due"] <= data.today).groupby(modules["learner"]).sum()
    practice = exam_scores(data, "practice")["fraction"]
    kc_mean = kc.mean(axis=1) if not kc.empty else pd.Series(dtype=float)
    passed = frozenset(final.index[final["passed"].astype(bool)])
    reasons = at_risk_reasons(items, kc_mean, practice, data.config.exams.practice.pass_mark,
                              passed)
    status = learner_status(weeks) if not weeks.empty else pd.Series(dtype=object)
    table = pd.DataFrame(index=learners.index)
    table["name"], table["group"] = learners["name"], learners["group"]
    table["status"] = status.reindex(table.index).fillna("on track")
    table["reasons"] = reasons.reindex(table.index).apply(
        lambda r: "; ".join(r) if isinstance(r, list) else "")
    table["at_risk"] = table["reasons"] != ""
    table["modules_done"] = done.reindex(table.index).fillna(0).astype(int)
    table["modules_due"] = due.reindex(table.index).fillna(0).astype(int)
    table["kc_mean"] = kc_mean.reindex(table.index)
    table["practice"] = practice.reindex(table.index)
    table["final"] = final["fraction"].reindex(table.index)
    table["result"] = final["passed"].reindex(table.index).map(
        {True: "pass", False: "fail"}).fillna("")
    table["confidence"] = data.journal.groupby("learner")["confidence"].mean().reindex(
        table.index).astype(float)
    table["reflection"] = _latest_reflection(data.journal, data.module_ids).reindex(
        table.index).fillna("")
    table = table.rename_axis("learner").reset_index()
    table = table.sort_values(["at_risk", "learner"], ascending=[False, True])
    return table[ROSTER_COLUMNS].reset_index(drop=True)


def analyse(data: CohortData) -> Analysis:
    """Compute every table of the cohort analytics for this snapshot."""
    items = item_status(data)
    weeks = week_status(items)
    kc = kc_scores(items)
    practice = exam_by_module(data, "practice")
    final = exam_scores(data, "final")
    return Analysis(data, items, weeks, module_completion(items), kc, practice,
                    weakest_modules(data, practice), final, exam_summary(data, "final"),
                    roster_table(data, items, weeks, kc, final))

