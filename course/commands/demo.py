"""`build.py demo`: the whole course on one machine, as named steps.

build -> synthetic cohort -> grade every module and both exams with nbgrader -> certificates ->
group workspaces -> (unless --no-serve) the instructors' and learners' Voila servers.
Every step keeps what is already there: a second demo run grades nothing twice and never
overwrites submissions, grades, certificates or workspaces.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from course.config import CourseConfig


@dataclass(frozen=True)
class DemoStep:
    """One named step of the demo."""

    name: str
    run: Callable[[argparse.Namespace, CourseConfig, Path], str]


def build_course(args: argparse.Namespace, config: CourseConfig, root: Path) -> str:
    from course.build import BuildContext, run_build

    run_build(BuildContext(config, root, report=lambda _m: None))
    return f"released to {root / 'release'}"


def simulate_cohort(args: argparse.Namespace, config: CourseConfig, root: Path) -> str:
    from course.build import BuildContext, run_build
    from course.cohort import DEFAULT_SEED, generate_cohort

    seed = DEFAULT_SEED if args.seed is None else args.seed
    summary = generate_cohort(config, root, learners=args.learners, seed=seed)
    run_build(BuildContext(config, root, report=lambda _m: None))  # roster into the gradebook
    return (f"{args.learners} learners: {summary.written} new submission(s), "
            f"{summary.kept} kept, {summary.missing} missing, {summary.late} late")


def grade_everything(args: argparse.Namespace, config: CourseConfig, root: Path) -> str:
    from course.grading import grade_assignment

    assignments = [m.id for m in config.modules] + [e.id for e in config.exam_list]
    graded = 0
    for assignment in assignments:
        run = grade_assignment(config, root, assignment, workers=args.workers,
                               show_progress=True)
        graded += sum(o.graded for o in run.outcomes.values())
    return f"{graded} submission(s) graded across {len(assignments)} assignments"


def issue_certificates(args: argparse.Namespace, config: CourseConfig, root: Path) -> str:
    from course.credentials.badge import certify

    issued = certify(config, root)
    return f"{len(issued)} learner(s) certified in {root / 'certificates'}"


def open_workspaces(args: argparse.Namespace, config: CourseConfig, root: Path) -> str:
    from course.practicum.store import init_workspaces

    init_workspaces(config, root).close()
    return f"{len(config.roster.groups)} group workspace(s) in {root / 'workspaces'}"


STEPS: tuple[DemoStep, ...] = (
    DemoStep("build", build_course),
    DemoStep("cohort", simulate_cohort),
    DemoStep("grade", grade_everything),
    DemoStep("certify", issue_certificates),
    DemoStep("workspaces", open_workspaces),
)


def run(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    print(f"== {config.title}: demo in {root}")
    for step in STEPS:
        started = time.perf_counter()
        print(f"-- {step.name} ...", flush=True)
        summary = step.run(args, config, root)
        print(f"   {summary} ({time.perf_counter() - started:.0f} s)", flush=True)
    if args.no_serve:
        print("Done (--no-serve: no server started).")
        return 0
    from course.commands.serve import serve_until_interrupted

    return serve_until_interrupted(config, root, args.port or config.serving.port)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="build, simulate, grade and serve the course",
                       description="Run the main job on this machine: build and release the "
                                   "course, simulate a cohort, grade it with nbgrader, issue "
                                   "certificates, open the group workspaces and serve the "
                                   "dashboards with Voila.")
    p.add_argument("--learners", type=int, default=15, help="cohort size (default 15)")
    p.add_argument("--seed", type=int, default=None, help="seed of the synthetic cohort")
    p.add_argument("--workers", type=int, default=None,
                   help="grading workers (default: grading.workers in course.yml)")
    p.add_argument("--port", type=int, default=None,
                   help="first port for the servers, the next one is used too "
                        "(default: course.yml serving.port)")
    p.add_argument("--no-serve", action="store_true", help="stop after grading; start no server")
    p.set_defaults(func=run)
