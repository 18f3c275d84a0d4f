"""The exam report: per-learner, per-module results of one assignment, from nbgrader's gradebook.

Scores come through `nbgrader.api.Gradebook` (via `collect_results`), never raw SQL, so the
report works on any gradebook database nbgrader supports. A module assignment reports as one
module; an exam reports each of its modules with the practice exam's "review first" ranking
and the final exam's pass or fail.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.exams.diagnostics import diagnose
from course.exams.submissions import LearnerResult, collect_results, exam_infos

if TYPE_CHECKING:
    from course.config import CourseConfig

CSV_COLUMNS = ("learner", "name", "group", "assignment", "status", "score", "max_score",
               "percent", "result", "late", "seconds_late", "module", "module_title",
               "module_score", "module_max", "module_percent", "review_first", "review_rank",
               "notes")


def _percent(score: float, top: float) -> float:
    return round(100 * score / top, 1) if top else 0.0


def _modules(result: LearnerResult, info: dict[str, Any] | None, config: CourseConfig,
             assignment: str) -> tuple[list[dict[str, Any]], str]:
    if info is None:
        title = next((m.title for m in config.modules if m.id == assignment), assignment)
        row = {"module": assignment, "module_title": title, "module_score": result.score,
               "module_max": result.max_score,
               "module_percent": _percent(result.score or 0, result.max_score or 0),
               "review_first": False, "review_rank": None}
        return [row], ""
    diagnosis = diagnose(info, result.grades, result.late_seconds)
    rank = {m.module: n for n, m in enumerate(diagnosis.review_first, 1)}
    rows = [{"module": m.module, "module_title": m.title, "module_score": m.score,
             "module_max": m.max_score, "module_percent": _percent(m.score, m.max_score),
             "review_first": m.review, "review_rank": rank.get(m.module),
             "objectives_missed": list(m.missed), "go_to": list(m.pointers)}
            for m in diagnosis.modules]
    verdict = ("pass" if diagnosis.passed else "fail") if info["kind"] == "final" else ""
    return rows, verdict


def exam_report(config: CourseConfig, root: Path, assignment: str) -> dict[str, Any]:
    """Every roster learner and submitter with status, total, per-module results and reasons."""
    from course.nbgrader_io import read_roster

    roster = {r.id: r for r in read_roster(config, root)}
    info = exam_infos(config, root, only=assignment).get(assignment)
    learners = []
    for result in collect_results(config, root, assignment):
        person = roster.get(result.learner)
        entry: dict[str, Any] = {
            "learner": result.learner, "name": person.name if person else "",
            "group": person.group if person else "", "assignment": assignment,
            "status": result.status, "score": result.score, "max_score": result.max_score,
            "percent": None, "result": "", "late": result.late_seconds > 0,
            "seconds_late": result.late_seconds, "notes": list(result.notes), "modules": [],
        }
        if result.status == "graded":
            entry["modules"], entry["result"] = _modules(result, info, config, assignment)
            entry["percent"] = _percent(result.score or 0, result.max_score or 0)
        learners.append(entry)
    kind = info["kind"] if info else "module"
    return {"assignment": assignment, "kind": kind, "learners": learners}


def report_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per learner and module (one row for a learner with no module results)."""
    rows = []
    for learner in report["learners"]:
        base = {k: learner[k] for k in CSV_COLUMNS if k in learner}
        base["notes"] = "; ".join(learner["notes"])
        for module in learner["modules"] or [{}]:
            rows.append({**base, **{k: module.get(k) for k in CSV_COLUMNS if k in module}})
    return rows


def render(report: dict[str, Any], fmt: str) -> str:
    """The report as CSV (flat rows) or JSON (nested per learner)."""
    if fmt == "json":
        return json.dumps(report, indent=1, ensure_ascii=False) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(report_rows(report))
    return out.getvalue()
