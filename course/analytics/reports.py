"""The `progress` and `items` reports: the dashboard's figures as CSV (flat rows) or JSON (nested).

- progress: every learner with status, at-risk flag and reasons, and each scheduled item's due
  date, submission time, status and score (one CSV row per learner and item);
- items: Moodle's item statistics for every item of an exam, plus the test statistics in JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from course.config import CourseConfig

PROGRESS_COLUMNS = ("learner", "name", "group", "status", "at_risk", "reasons", "item", "kind",
                    "week", "due", "submitted_at", "item_status", "seconds_late", "score",
                    "max_score")
ITEM_COLUMNS = ("number", "item", "module", "n", "max_mark", "facility", "sd",
                "discrimination", "efficiency", "flagged", "flags")


class ReportError(ValueError):
    """A report cannot be made as asked (e.g. an unknown exam); the message says why."""


def plain(value: Any) -> Any:
    """A JSON- and CSV-friendly value: NaN and NaT become None, times ISO text, numpy scalars."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    return [{c: plain(row[c]) for c in columns} for row in frame.to_dict("records")]


def progress_report(config: CourseConfig, root: Path, assignment: str | None = None,
                    today: dt.datetime | None = None) -> dict[str, Any]:
    """Every learner's progress against the schedule (optionally one assignment's items only)."""
    from course.analytics import analyse, load_cohort

    analysis = analyse(load_cohort(config, root, today))
    items = analysis.items
    if assignment:
        if assignment not in set(analysis.data.schedule["item"]):
            raise ReportError(f"{assignment}: not a module or exam of {config.id} (known: "
                              f"{', '.join(analysis.data.schedule['item'])})")
        items = items[items["item"] == assignment]
    item_columns = ["item", "kind", "week", "due", "submitted_at", "status", "seconds_late",
                    "score", "max_score"]
    by_learner = {k: g for k, g in items.groupby("learner")}
    learners = []
    for row in analysis.roster.to_dict("records"):
        entry = {k: plain(v) for k, v in row.items()}
        rows = by_learner.get(row["learner"], items.iloc[0:0])
        entry["items"] = _records(rows.sort_values(["due", "item"]), item_columns)
        learners.append(entry)
    return {"course": config.id, "as_of": plain(analysis.data.today),
            "assignment": assignment, "learners": learners}


def progress_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per learner and item."""
    rows = []
    for learner in report["learners"]:
        base = {k: learner[k] for k in ("learner", "name", "group", "status", "at_risk",
                                        "reasons")}
        for item in learner["items"]:
            rows.append({**base, **item, "item_status": item["status"],
                         "status": learner["status"]})
    return rows


def exam_kind(config: CourseConfig, assignment: str | None) -> str:
    """'practice' or 'final' for an exam id (the final when none is given)."""
    if not assignment:
        return "final"
    for kind in ("practice", "final"):
        if getattr(config.exams, kind).id == assignment:
            return kind
    raise ReportError(f"{assignment}: item analysis needs an exam id "
                      f"({config.exams.practice.id} or {config.exams.final.id})")


def items_report(config: CourseConfig, root: Path, assignment: str | None = None
                 ) -> dict[str, Any]:
    """Item analysis of one exam (the final by default): test statistics and every item."""
    from course.analytics import load_cohort
    from course.analytics.exams import item_analysis

    kind = exam_kind(config, assignment)
    items, test = item_analysis(load_cohort(config, root), kind)
    items = items.assign(flagged=items["flags"].map(bool))
    return {"course": config.id, "assignment": getattr(config.exams, kind).id, "kind": kind,
            "test": plain(test), "items": _records(items, list(ITEM_COLUMNS))}


def item_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per item; the flags joined into one text."""
    return [{**item, "flags": "; ".join(item["flags"] or [])} for item in report["items"]]


def spreadsheet_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...] | list[str]) -> str:
    """CSV of these rows and columns, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(plain(v)) for k, v in row.items()} for row in rows)
    return out.getvalue()


def render(report: dict[str, Any], fmt: str, columns: tuple[str, ...],
           rows: list[dict[str, Any]]) -> str:
    """The report as JSON (nested) or CSV (the given flat rows)."""
    if fmt == "json":
        return json.dumps(report, indent=1, ensure_ascii=False) + "\n"
    return csv_text(rows, columns)


def progress_text(config: CourseConfig, root: Path, assignment: str | None, fmt: str) -> str:
    """`report progress` as text."""
    report = progress_report(config, root, assignment)
    return render(report, fmt, PROGRESS_COLUMNS, progress_rows(report))


def items_text(config: CourseConfig, root: Path, assignment: str | None, fmt: str) -> str:
    """`report items` as text."""
    report = items_report(config, root, assignment)
    return render(report, fmt, ITEM_COLUMNS, item_rows(report))
