"""`build.py report KIND [ASSIGNMENT]`: results exported as CSV or JSON (stdout or a file).

Each report kind is one function in REPORTS taking (config, root, assignment) and returning text
in the chosen format; new kinds (progress, items) are added there.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from course.config import CourseConfig


def exam(config: CourseConfig, root: Path, assignment: str | None, fmt: str) -> str:
    """Per-learner, per-module results of one exam (or module) assignment."""
    from course.exams.report import exam_report, render
    from course.grading import GradingError

    if not assignment:
        raise GradingError("report exam needs an ASSIGNMENT (an exam or module id)")
    if not (root / "source" / assignment).is_dir():
        raise GradingError(f"{assignment}: no such assignment in {root / 'source'}; "
                           "run `build.py build` first")
    return render(exam_report(config, root, assignment), fmt)


def progress(config: CourseConfig, root: Path, assignment: str | None, fmt: str) -> str:
    """Progress against the schedule per learner (or one assignment's), with at-risk flags."""
    from course.analytics.reports import ReportError, progress_text
    from course.grading import GradingError

    try:
        return progress_text(config, root, assignment, fmt)
    except ReportError as exc:
        raise GradingError(str(exc)) from None


def items(config: CourseConfig, root: Path, assignment: str | None, fmt: str) -> str:
    """Item analysis (Moodle's quiz statistics) of an exam, the final by default."""
    from course.analytics.reports import ReportError, items_text
    from course.grading import GradingError

    try:
        return items_text(config, root, assignment, fmt)
    except ReportError as exc:
        raise GradingError(str(exc)) from None


REPORTS: dict[str, Callable[[CourseConfig, Path, str | None, str], str]] = {
    "exam": exam, "progress": progress, "items": items}


def run(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    from course.grading import GradingError
    from widgets.store import atomic_write

    try:
        text = REPORTS[args.kind](config, root, args.assignment, args.format)
    except GradingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.output:
        atomic_write(args.output, text)
        print(f"Wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="export results as CSV or JSON",
                       description="Export results read through nbgrader's gradebook. "
                                   "`report exam ASSIGNMENT`: per-learner, per-module results; "
                                   "`report progress [ASSIGNMENT]`: progress against the "
                                   "schedule with at-risk flags; `report items [EXAM]`: item "
                                   "analysis (Moodle's quiz statistics) of an exam.")
    p.add_argument("kind", choices=sorted(REPORTS), help="what to report")
    p.add_argument("assignment", nargs="?", metavar="ASSIGNMENT", help="exam or module id")
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="default: csv")
    p.add_argument("--output", type=Path, default=None, help="write to this file, not stdout")
    p.set_defaults(func=run)
