"""`build.py grade ASSIGNMENT`: collect (with a hub), autograde, make and return feedback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.config import CourseConfig


def _score(score: float | None, top: float | None) -> str:
    return "" if score is None or top is None else f"{score:g} / {top:g}"


def _cluster(value: str) -> str:
    from course.config import cluster_address

    try:
        return value if value == "none" else cluster_address(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    from course.grading import GradingError, grade_assignment
    from course.hub.exchange import ExchangeError, collect, release_feedback, uses_exchange

    hub = uses_exchange(config, root)
    try:
        if hub:
            count = collect(config, root, args.assignment)
            print(f"Collected {count} learner(s)' newest submission(s) from the exchange.")
        result = grade_assignment(config, root, args.assignment, args.workers,
                                  show_progress=not args.quiet, report=print,
                                  cluster=args.cluster)
        if hub and release_feedback(config, root, args.assignment):
            print("Feedback released: learners fetch it from their Assignments list.")
    except (GradingError, ExchangeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for learner in result.results:
        score = _score(learner.score, learner.max_score)
        print(f"{learner.learner:<16} {learner.status:<13} {score}")
        for note in learner.notes:
            print(f"{'':<16} - {note}")
    print(f"Feedback: {root / 'feedback'}")
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("grade", parents=[common], help="autograde an assignment and make feedback",
                       description="Autograde every submission under submitted/*/ASSIGNMENT/ "
                                   "with nbgrader in parallel workers (local processes or "
                                   "tasks on a Dask cluster), then generate feedback. "
                                   "With a hub (an exchange in the course root), first collect "
                                   "the newest submissions from nbgrader's exchange (an older "
                                   "copy in submitted/ moves to archive/submitted/) and "
                                   "afterwards release the feedback to the exchange. Bad "
                                   "submissions are graded or reported with the reason.")
    p.add_argument("assignment", metavar="ASSIGNMENT", help="a module or exam id")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="parallel grading workers (default: grading.workers in course.yml)")
    p.add_argument("--cluster", type=_cluster, default=None, metavar="ADDRESS",
                   help="grade as tasks on the Dask scheduler at tcp://HOST:PORT ('none': in "
                        "local processes; default: grading.cluster in course.yml)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)
