"""Grading: nbgrader autograde and generate_feedback over every submission, in parallel workers.

Workers are local processes, or tasks on a Dask cluster (course/cluster_grading.py) when
grading.cluster or `--cluster` names a scheduler; both run `grade_one` below.

Each worker is one process with one nbgrader API object (start-up paid once) that takes learners
from the shared list until none are left. nbgrader is used as it is; the worker only configures
it: a SQLite busy timeout plus a retry when the gradebook is locked by the other workers, the
exam feedback preprocessor, kernels that print tracebacks plainly (IPython's `Plain` mode: the
same frames and message without source context, about half the kernel time of a notebook whose
wrong answers each raise), and nbgrader's cell-metadata check once per notebook instead of
twice. (nbgrader's `OverwriteCells.add_missing_cells` stays off: it cannot place a test cell that
follows a non-graded cell, as every exam and knowledge-check test cell does, so a deleted test
cell is left to nbgrader's default, 0 and "needs manual grade".)
A learner's grade depends only on the submission, so results are the same for any number of
workers. submitted/ is only ever read.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.exams.submissions import (
    LearnerResult,
    collect_results,
    exam_infos,
    submission_learners,
)

if TYPE_CHECKING:
    from nbgrader.apps import NbGraderAPI

    from course.config import CourseConfig

BUSY_TIMEOUT_SECONDS = 120
KERNEL_ARGUMENTS = ["--InteractiveShell.xmode=Plain"]
ATTEMPTS = 4  # per learner, when the gradebook stays locked or a kernel fails to start
# A kernel that dies before it answers is a start-up failure, not the submission's doing: most
# often two kernels started at once by different workers picked the same free port (a race in
# how jupyter_client chooses ports; jupyter_client#154, papermill#511). A fresh start succeeds.
KERNEL_START_FAILURES = ("Kernel died before replying to kernel_info",
                         "Kernel didn't respond in", "Address already in use")
GRADEBOOK_LOCKED = ("database is locked", "OperationalError")
_WORKER: dict[str, Any] = {}


class GradingError(Exception):
    """Grading cannot start (unknown or unreleased assignment); the message says why."""


@dataclass(frozen=True)
class Outcome:
    """What nbgrader said about one learner."""

    learner: str
    graded: bool
    feedback: bool
    attempts: int
    error: str = ""


@dataclass
class GradeRun:
    """One grading run: the per-learner results and the time it took."""

    assignment: str
    workers: int
    seconds: float
    cluster: str = ""  # the Dask scheduler it ran on; "" for local worker processes
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    results: list[LearnerResult] = field(default_factory=list)


def grading_api(root: Path, exams: dict[str, Any], db_url: str | None = None) -> NbGraderAPI:
    """An nbgrader API for grading: busy timeout, plain tracebacks, one metadata check, exam
    feedback (db_url, when given, replaces the course root's gradebook)."""
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import CheckCellMetadata, GetGrades
    from traitlets.config import Config

    from course.exams.feedback import ExamFeedback
    from course.nbgrader_io import api

    grader = api(root)
    extra = Config()
    extra.Execute.extra_arguments = KERNEL_ARGUMENTS
    # nbgrader checks the cell metadata before executing and again after; execution cannot
    # change it, and each check re-validates the JSON schema itself for every cell (~0.2 s)
    extra.Autograde.autograde_preprocessors = [
        p for p in Autograde.autograde_preprocessors.default()
        if p is not CheckCellMetadata]
    extra.GenerateFeedback.preprocessors = [GetGrades, ExamFeedback, CSSHTMLHeaderPreprocessor]
    extra.ExamFeedback.exams = exams
    grader.update_config(extra)
    if db_url is not None:
        grader.coursedir.db_url = db_url
    url = grader.coursedir.db_url
    if url.startswith("sqlite") and "?" not in url:
        grader.coursedir.db_url = f"{url}?timeout={BUSY_TIMEOUT_SECONDS}"
    return grader


def transient(result: dict) -> bool:
    """Whether a failed nbgrader call may succeed when tried again: the gradebook was locked,
    or the kernel failed to start."""
    text = f"{result.get('error', '')}\n{result.get('log', '')}"
    return any(sign in text for sign in (*GRADEBOOK_LOCKED, *KERNEL_START_FAILURES))


def reason(result: dict) -> str:
    """The exception nbgrader's log reports for a failure (its last line), else its first error."""
    log = result.get("log") or ""
    raised = re.findall(r"^\s*([A-Za-z_.]*(?:Error|Exception)\b:?.*)$", log, re.MULTILINE)
    if raised:
        return raised[-1].strip()
    lines = [ln for ln in log.splitlines() if ln.startswith("[ERROR]")]
    lines = lines or (result.get("error") or "unknown error").strip().splitlines()[-1:]
    return lines[0].removeprefix("[ERROR] ")


def _init_worker(root: str, exams: dict[str, Any]) -> None:
    # nbgrader's SQLAlchemy warnings and each kernel's start-up notice would scribble over the
    # progress bar; everything that matters comes back in nbgrader's captured log.
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    warnings.simplefilter("ignore")
    _WORKER["api"] = grading_api(Path(root), exams)


def retrying(call: Callable[[], dict], pause: float = 1.0) -> tuple[dict, int]:
    """Run an nbgrader API call again while its failure is transient, up to ATTEMPTS times,
    waiting a little longer each time; (last result, attempts)."""
    for attempt in range(1, ATTEMPTS + 1):
        result = call()
        if result["success"] or not transient(result):
            break
        if attempt < ATTEMPTS:
            time.sleep(pause * attempt)
    return result, attempt


def grade_one(assignment: str, learner: str, grader: NbGraderAPI | None = None) -> Outcome:
    """Autograde one learner's submission, then generate its feedback (worker side)."""
    grader = grader or _WORKER["api"]
    try:
        result, attempts = retrying(lambda: grader.autograde(assignment, learner, force=True,
                                                             create=True))
        if not result["success"]:
            return Outcome(learner, False, False, attempts, reason(result))
        feedback, _ = retrying(lambda: grader.generate_feedback(assignment, learner, force=True))
        error = "" if feedback["success"] else f"feedback failed: {reason(feedback)}"
        return Outcome(learner, True, feedback["success"], attempts, error)
    except Exception as exc:  # a worker never takes the batch down with it
        return Outcome(learner, False, False, 1, f"{type(exc).__name__}: {exc}")


def _check_assignment(config: CourseConfig, root: Path, assignment: str) -> None:
    if not (root / "release" / assignment).is_dir():
        raise GradingError(f"{assignment}: no released assignment in {root / 'release'}; "
                           "run `build.py build` first")
    if not (root / "source" / assignment).is_dir():
        raise GradingError(f"{assignment}: no nbgrader source in {root / 'source'}")


def _grade_locally(config: CourseConfig, root: Path, run: GradeRun, learners: list[str],
                   exams: dict[str, Any], bar: Any) -> None:
    """Grade in local worker processes, then collect the results in one of them."""
    assignment, started = run.assignment, time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max(1, min(run.workers, len(learners))), mp_context=context,
                             initializer=_init_worker, initargs=(str(root), exams)) as pool:
        futures = {pool.submit(grade_one, assignment, learner): learner for learner in learners}
        for future in as_completed(futures):
            learner = futures[future]
            try:
                run.outcomes[learner] = future.result()
            except Exception as exc:  # e.g. a worker process killed
                run.outcomes[learner] = Outcome(learner, False, False, 1, f"worker failed: {exc}")
            bar.update(1)
        run.seconds = time.perf_counter() - started
        errors = {k: o.error for k, o in run.outcomes.items() if o.error}
        try:  # a worker has nbgrader loaded already, so the parent need not import it
            run.results = pool.submit(collect_results, config, root, assignment, errors,
                                      exams).result()
        except BrokenProcessPool:
            run.results = collect_results(config, root, assignment, errors, exams)


def _grade_on_cluster(config: CourseConfig, root: Path, run: GradeRun, learners: list[str],
                      exams: dict[str, Any], bar: Any) -> None:
    """Grade as tasks on the Dask cluster at run.cluster; this process records the results."""
    from course.cluster_grading import grade_on_cluster

    def done(outcome: Outcome) -> None:
        run.outcomes[outcome.learner] = outcome
        bar.update(1)

    started = time.perf_counter()
    run.workers = grade_on_cluster(config, root, run.assignment, learners, exams, run.cluster,
                                   done)
    run.seconds = time.perf_counter() - started
    errors = {k: o.error for k, o in run.outcomes.items() if o.error}
    run.results = collect_results(config, root, run.assignment, errors, exams)


def grade_assignment(config: CourseConfig, root: Path, assignment: str,
                     workers: int | None = None, show_progress: bool = False,
                     report: Callable[[str], None] = lambda _m: None,
                     cluster: str | None = None) -> GradeRun:
    """Autograde every submission of an assignment and generate feedback; never aborts.

    cluster (a Dask scheduler address, default grading.cluster in course.yml; "none" for local
    processes) grades on a Dask cluster instead of `workers` local processes.
    """
    from tqdm import tqdm

    root = Path(root).resolve()
    _check_assignment(config, root, assignment)
    cluster = config.grading.cluster if cluster is None else cluster
    cluster = None if cluster in ("", "none") else cluster
    run = GradeRun(assignment, max(1, workers or config.grading.workers), 0.0,
                   cluster=cluster or "")
    exams = exam_infos(config, root, only=assignment)
    learners = submission_learners(root, assignment, with_notebooks=True)
    bar = tqdm(total=len(learners), desc=f"grading {assignment}", unit="learner",
               disable=not show_progress, leave=False)
    with bar:
        grade = _grade_on_cluster if cluster else _grade_locally
        grade(config, root, run, learners, exams, bar)
    where = (f"on the Dask cluster at {cluster} ({run.workers} worker(s))" if cluster
             else f"with {run.workers} worker(s)")
    report(f"graded {sum(o.graded for o in run.outcomes.values())} of {len(learners)} "
           f"submission(s) of {assignment} in {run.seconds:.1f} s {where}")
    return run
