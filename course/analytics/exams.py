"""Exam analytics: scores and pass rate, practice-exam results per module, item analysis.

Exam grade cells are `item-<bank item id>`; `CohortData.exam_items` (read from the built exam
papers) says which module each belongs to, so a practice-exam score splits into module scores
without ever reading a key.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from course.analytics.data import CohortData
from course.analytics.stats import item_statistics, quiz_statistics


def exam_scores(data: CohortData, kind: str) -> pd.DataFrame:
    """Graded submissions of the practice or final exam: score, max, fraction, passed."""
    exam = getattr(data.config.exams, kind)
    subs = data.submissions[(data.submissions["assignment"] == exam.id)
                            & data.submissions["graded"] & (data.submissions["max_score"] > 0)]
    table = subs[["learner", "score", "max_score"]].copy()
    table["fraction"] = table["score"] / table["max_score"]
    table["passed"] = table["fraction"] + 1e-9 >= exam.pass_mark
    return table.set_index("learner")


def exam_summary(data: CohortData, kind: str) -> dict[str, Any]:
    """Sat, passed, pass rate, mean and median fraction of one exam."""
    scores = exam_scores(data, kind)
    exam = getattr(data.config.exams, kind)
    sat = len(scores)
    return {"exam": exam.id, "pass_mark": exam.pass_mark, "sat": sat,
            "passed": int(scores["passed"].sum()),
            "pass_rate": float(scores["passed"].mean()) if sat else math.nan,
            "mean": float(scores["fraction"].mean()) if sat else math.nan,
            "median": float(scores["fraction"].median()) if sat else math.nan}


def _exam_grades(data: CohortData, exam_id: str) -> pd.DataFrame:
    cells = data.exam_items[data.exam_items["assignment"] == exam_id]
    grades = data.grades[data.grades["assignment"] == exam_id]
    return grades.merge(cells, on=["assignment", "cell"], how="inner")


def exam_by_module(data: CohortData, kind: str = "practice") -> pd.DataFrame:
    """Learners x modules: the share of each module's exam points earned."""
    grades = _exam_grades(data, data.exam_id(kind))
    if grades.empty:
        return pd.DataFrame()
    sums = grades.groupby(["learner", "module"])[["score", "max_score"]].sum()
    table = (sums["score"] / sums["max_score"]).unstack("module")
    return table.reindex(columns=[m for m in data.module_ids if m in table.columns])


def weakest_modules(data: CohortData, by_module: pd.DataFrame, kind: str = "practice"
                    ) -> pd.DataFrame:
    """Modules from weakest to strongest: mean share and how many learners are under threshold."""
    exam = getattr(data.config.exams, kind)
    threshold = exam.review_threshold if exam.review_threshold is not None else exam.pass_mark
    if by_module.empty:
        return pd.DataFrame(columns=["module", "title", "mean", "under", "learners"])
    titles = {m.id: m.title for m in data.config.modules}
    table = pd.DataFrame({"mean": by_module.mean(), "under": (by_module < threshold).sum(),
                          "learners": by_module.notna().sum()})
    table["title"] = [titles.get(m, m) for m in table.index]
    table = table.rename_axis("module").reset_index()
    return table[["module", "title", "mean", "under", "learners"]].sort_values(
        ["mean", "module"]).reset_index(drop=True)


def marks_matrix(data: CohortData, exam_id: str) -> tuple[pd.DataFrame, pd.Series]:
    """Learners x items marks of one exam's graded submissions, and each item's maximum."""
    grades = _exam_grades(data, exam_id)
    if grades.empty:
        return pd.DataFrame(), pd.Series(dtype=float)
    order = data.exam_items[data.exam_items["assignment"] == exam_id]
    marks = grades.pivot_table(index="learner", columns="item", values="score", aggfunc="sum")
    marks = marks.reindex(columns=[i for i in order["item"] if i in marks.columns]).fillna(0.0)
    maxima = grades.groupby("item")["max_score"].max().reindex(marks.columns)
    return marks, maxima


def item_analysis(data: CohortData, kind: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Moodle's item statistics for every item of an exam, and the exam's test statistics."""
    exam_id = data.exam_id(kind)
    marks, maxima = marks_matrix(data, exam_id)
    if marks.empty:
        return pd.DataFrame(columns=["number", "item", "module", "n", "facility", "sd",
                                     "discrimination", "efficiency", "flags"]), \
            quiz_statistics(pd.DataFrame(), None)
    stats = item_statistics(marks, maxima)
    modules = data.exam_items[data.exam_items["assignment"] == exam_id].set_index("item")
    stats.insert(0, "module", modules["module"].reindex(stats.index))
    stats.insert(0, "number", range(1, len(stats) + 1))
    return stats.rename_axis("item").reset_index(), quiz_statistics(marks, maxima)
