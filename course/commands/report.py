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


REPORTS: dict[str, Callable[[CourseConfig, Path, str | None, str], str]] = {"exam": exam}


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
                                   "`report exam ASSIGNMENT`: per-learner, per-module results.")
    p.add_argument("kind", choices=sorted(REPORTS), help="what to report")
    p.add_argument("assignment", nargs="?", metavar="ASSIGNMENT", help="exam or module id")
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="default: csv")
    p.add_argument("--output", type=Path, default=None, help="write to this file, not stdout")
    p.set_defaults(func=run)
