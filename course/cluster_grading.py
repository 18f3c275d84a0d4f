"""Grading on a Dask cluster: one task per submission; workers need no shared disk.

The client (the machine running `build.py grade --cluster ADDRESS`) packs what every task needs
once: the assignment's source/ files, an nbgrader config and a scratch SQLite gradebook that
holds the assignment (made by nbgrader's own `generate_assignment` from source/, with the due
date copied from the course's gradebook). That is scattered to every worker; each task adds one
learner's submission folder as bytes. On the worker the task lays out a scratch course directory,
runs the same nbgrader autograde and feedback as local grading (`course.grading.grade_one`, one
at a time per worker process) and returns the autograded folder, the feedback folder and the
outcome with its reason.

Only the client writes the course. It records each result in the course's gradebook, whatever
`db_url` the course root's nbgrader_config.py names (SQLite or PostgreSQL), by running nbgrader's
own Autograde on the returned, already executed notebook (in a scratch folder) with execution
left out of its preprocessors: nbgrader then writes exactly what it writes when it grades
(the student, the submission with its timestamp and lateness, every grade from the notebook's
outputs, the comments, zero for a missing notebook), through its own code. Copying rows from
the workers' scratch gradebooks would re-implement that. The autograded and feedback folders the
worker returned are then swapped into place (staged beside their destination, then
`os.replace`).

A worker that dies mid-task: the scheduler runs the task again on another worker. Results are
keyed by learner and the client takes each task's result once, so a learner is recorded once.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
import threading
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.exams.submissions import db_url, submission_folder
from course.grading import (
    GradingError,
    Outcome,
    grade_one,
    grading_api,
    reason,
    retrying,
)

if TYPE_CHECKING:
    from nbgrader.apps import NbGraderAPI

    from course.config import CourseConfig

RETRIES = 2  # a task that raises (not one whose worker died: the scheduler re-runs those)
IN_FLIGHT = 512  # tasks submitted ahead of the results recorded (bounds the client's memory)
CONNECT_SECONDS = 30
SCRATCH_DB = "sqlite:///{}/gradebook.db"
_LOCK = threading.Lock()  # nbgrader is not thread-safe: one task at a time per worker process
_APIS: dict[str, NbGraderAPI] = {}


@dataclass(frozen=True)
class Shared:
    """What every task of one run needs, sent to each worker once."""

    assignment: str
    config_text: str
    source: dict[str, bytes]
    gradebook: bytes
    exams: dict[str, Any]


@dataclass(frozen=True)
class TaskResult:
    """What a task sends back: the outcome and the folders nbgrader wrote."""

    outcome: Outcome
    autograded: dict[str, bytes]
    feedback: dict[str, bytes]
    scratch: str


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder as bytes, by its relative POSIX path ({} if missing)."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_tree(folder: Path, files: dict[str, bytes]) -> None:
    """Write files by relative path under folder; a path that leaves the folder is refused."""
    folder = Path(folder).resolve()
    for name, data in files.items():
        path = (folder / name).resolve()
        if not path.is_relative_to(folder):
            raise ValueError(f"{name!r} is outside {folder}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def swap_in(staged: Path, dest: Path) -> None:
    """Move a staged folder to dest (same file system); an older dest goes only once replaced."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    old = dest.with_name(f".{dest.name}.old-{uuid.uuid4().hex[:8]}")
    if dest.exists():
        os.replace(dest, old)
    os.replace(staged, dest)
    shutil.rmtree(old, ignore_errors=True)


def place_tree(dest: Path, files: dict[str, bytes]) -> None:
    """Write a folder's files beside dest, then swap them in as dest."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        write_tree(staged, files)
        swap_in(staged, dest)
    finally:
        shutil.rmtree(staged, ignore_errors=True)


# worker side ---------------------------------------------------------------------------------

def _scratch_api(shared: Shared, scratch: Path) -> NbGraderAPI:
    """The worker's grading API (made once per run's config) pointed at this task's scratch."""
    key = hashlib.sha256(pickle.dumps((shared.config_text, shared.exams))).hexdigest()
    if key not in _APIS:
        _APIS.clear()
        _APIS[key] = grading_api(scratch, shared.exams, SCRATCH_DB.format(scratch))
    grader = _APIS[key]
    grader.coursedir.root = str(scratch)
    grader.coursedir.db_url = SCRATCH_DB.format(scratch)
    return grader


def grade_task(shared: Shared, learner: str, files: dict[str, bytes]) -> TaskResult:
    """Autograde one submission in a scratch course directory and return what nbgrader wrote."""
    a = shared.assignment
    with _LOCK, tempfile.TemporaryDirectory(prefix="tmcert-grade-") as tmp:
        scratch = Path(tmp)
        (scratch / "nbgrader_config.py").write_text(shared.config_text, encoding="utf-8")
        (scratch / "gradebook.db").write_bytes(shared.gradebook)
        write_tree(scratch / "source" / a, shared.source)
        write_tree(submission_folder(scratch, learner, a), files)
        outcome = grade_one(a, learner, _scratch_api(shared, scratch))
        return TaskResult(outcome, read_tree(scratch / "autograded" / learner / a),
                          read_tree(scratch / "feedback" / learner / a), str(scratch))


# client side ---------------------------------------------------------------------------------

def _template_gradebook(config: CourseConfig, root: Path, assignment: str, tmp: Path) -> bytes:
    """A SQLite gradebook holding the assignment, made by nbgrader's generate_assignment."""
    from nbgrader.api import Gradebook, MissingEntry

    from course.nbgrader_io import api, config_text

    shutil.copytree(root / "source" / assignment, tmp / "source" / assignment)
    url = SCRATCH_DB.format(tmp)
    (tmp / "nbgrader_config.py").write_text(config_text(config, tmp, url), encoding="utf-8")
    made = api(tmp).generate_assignment(assignment, force=True)
    if not made["success"]:
        raise GradingError(f"{assignment}: nbgrader generate_assignment failed for the "
                           f"workers' gradebook: {reason(made)}")
    with Gradebook(db_url(root)) as gb:
        try:
            due = gb.find_assignment(assignment).duedate
        except MissingEntry:
            due = None
    with Gradebook(url) as gb:
        gb.update_or_create_assignment(assignment, duedate=due)
    return (tmp / "gradebook.db").read_bytes()


def pack_shared(config: CourseConfig, root: Path, assignment: str,
                exams: dict[str, Any]) -> Shared:
    """Everything the tasks of one run share, as bytes (no path of this machine is needed)."""
    from course.nbgrader_io import config_text

    with tempfile.TemporaryDirectory(prefix="tmcert-pack-") as tmp:
        gradebook = _template_gradebook(config, root, assignment, Path(tmp))
    # the workers replace root and db_url; the course's own db_url (maybe with a password)
    # is not sent
    text = config_text(config, Path("/scratch"), "sqlite://")
    return Shared(assignment, text, read_tree(root / "source" / assignment), gradebook, exams)


def recording_api(root: Path, scratch: Path, exams: dict[str, Any]) -> NbGraderAPI:
    """nbgrader's Autograde on the course's gradebook, without execution: it records grades."""
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades
    from traitlets.config import Config

    grader = grading_api(root, exams)
    extra = Config()
    extra.Autograde.sanitize_preprocessors = []
    extra.Autograde.autograde_preprocessors = [SaveAutoGrades, AssignLatePenalties]
    grader.update_config(extra)
    grader.coursedir.root = str(scratch)
    return grader


class Recorder:
    """The client's side of each result: grades into the gradebook, folders into the root."""

    def __init__(self, root: Path, assignment: str, exams: dict[str, Any]) -> None:
        self.root, self.assignment = root, assignment
        self.scratch = Path(tempfile.mkdtemp(prefix=".grading-", dir=root))
        self.api = recording_api(root, self.scratch, exams)

    def close(self) -> None:
        """Remove the client's scratch folder (it holds only copies)."""
        shutil.rmtree(self.scratch, ignore_errors=True)

    def record(self, learner: str, result: TaskResult) -> Outcome:
        """Record one task's result; the outcome says what failed, if anything did."""
        try:
            return self._record(learner, result)
        except Exception as exc:  # e.g. a full disk: this learner is not graded, the rest go on
            return Outcome(learner, False, False, result.outcome.attempts,
                           f"recording the grades failed: {type(exc).__name__}: {exc}")

    def _record(self, learner: str, result: TaskResult) -> Outcome:
        a = self.assignment
        outcome = replace(result.outcome, error=result.outcome.error.replace(
            result.scratch, str(self.root)))
        if not outcome.graded:
            return outcome
        write_tree(submission_folder(self.scratch, learner, a), result.autograded)
        try:
            with warnings.catch_warnings():  # nbgrader's SQLAlchemy notices, not problems
                warnings.simplefilter("ignore")
                done, _ = retrying(lambda: self.api.autograde(a, learner, force=True,
                                                              create=True))
            if not done["success"]:
                return replace(outcome, graded=False, feedback=False,
                               error=f"recording the grades failed: {reason(done)}")
            # the folder as the worker's nbgrader wrote it (with what its kernel set aside,
            # which this copy of autograde leaves out by nbgrader's ignore list)
            place_tree(self.root / "autograded" / learner / a, result.autograded)
            if result.feedback:
                place_tree(self.root / "feedback" / learner / a, result.feedback)
        finally:
            shutil.rmtree(self.scratch / "submitted" / learner, ignore_errors=True)
            shutil.rmtree(self.scratch / "autograded" / learner, ignore_errors=True)
        return outcome


def grade_on_cluster(config: CourseConfig, root: Path, assignment: str, learners: list[str],
                     exams: dict[str, Any], address: str,
                     done: Callable[[Outcome], None]) -> int:
    """Grade every learner's submission as a task on the Dask cluster; returns its worker count.

    Each outcome is passed to done as soon as it is recorded.
    """
    from distributed import Client, as_completed

    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except OSError as exc:
        raise GradingError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    run = uuid.uuid4().hex[:8]
    recorder = Recorder(root, assignment, exams)
    try:
        shared = pack_shared(config, root, assignment, exams)
        workers = len(client.nthreads())
        shared_data = client.scatter(shared, broadcast=True, hash=False)
        waiting, futures = list(reversed(learners)), {}

        def submit_next() -> Any:
            learner = waiting.pop()
            files = read_tree(submission_folder(root, learner, assignment))
            future = client.submit(grade_task, shared_data, learner, files, pure=False,
                                   key=f"grade-{assignment}-{learner}-{run}", retries=RETRIES)
            futures[future.key] = learner
            return future

        queue = as_completed([submit_next() for _ in range(min(IN_FLIGHT, len(waiting)))],
                             loop=client.loop)
        for future in queue:
            learner = futures.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # the task failed on every try, or its worker kept dying
                outcome = Outcome(learner, False, False, 1, f"worker failed: {exc}")
            else:
                outcome = recorder.record(learner, result)
            future.release()
            done(outcome)
            if waiting:
                queue.add(submit_next())
        return workers
    finally:
        client.close()
        recorder.close()
