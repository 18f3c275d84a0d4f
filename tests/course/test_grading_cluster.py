"""Grading on a real Dask cluster (a `dask scheduler` and two `dask worker` processes on loopback).

The tiny course of test_grading is built once and copied into two course roots with the same
submissions: one graded by local worker processes, one on the cluster. Grades, reasons, feedback
and the gradebook must be the same; a worker killed mid-task must cost nothing and repeat nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from course.build import BuildContext, run_build
from course.cli import main
from course.cluster_grading import Recorder
from course.config import CourseConfig, load_config
from course.exams.bank import load_bank
from course.exams.submissions import LearnerResult
from course.grading import GradeRun, GradingError, grade_assignment
from course.nbgrader_io import CONFIG_NAME, config_text
from tests.course.test_grading import BAD, edit_notebook, final_submissions, tree_digest
from tests.dask_cluster import DaskCluster, kill_process_tree
from tests.exams.fixture import SMALL_MINIMUMS, find_leaks, make_project, submit, write_roster
from tests.servers import free_port

pytestmark = [pytest.mark.nbgrader, pytest.mark.cluster]

SLOW = "import time\ntime.sleep(2.5)  # keeps the task running long enough to kill its worker"


def gradebook_grades(root: Path, assignment: str) -> dict[str, dict[str, tuple]]:
    """Every recorded submission's cells: (auto score, max score, needs manual grade), late."""
    from nbgrader.api import Gradebook

    from course.exams.submissions import db_url

    with Gradebook(db_url(root)) as gb:
        return {s.student.id: {"late": s.total_seconds_late,
                               **{g.name: (g.auto_score, g.max_score, g.needs_manual_grade)
                                  for nb in s.notebooks for g in nb.grades}}
                for s in gb.assignment_submissions(assignment)}


def copy_root(config: CourseConfig, base: Path, dest: Path) -> Path:
    """A copy of a course root whose nbgrader config (root, gradebook) points at the copy."""
    shutil.copytree(base, dest)
    (dest / CONFIG_NAME).write_text(config_text(config, dest), encoding="utf-8")
    return dest


@dataclass
class Both:
    config: CourseConfig
    config_path: Path
    local_root: Path
    cluster_root: Path
    local: GradeRun
    cluster: GradeRun
    address: str
    dask: DaskCluster
    before: dict[str, str]

    def result(self, learner: str) -> LearnerResult:
        return next(r for r in self.cluster.results if r.learner == learner)


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaskCluster]:
    cluster = DaskCluster(tmp_path_factory.mktemp("dask"))
    try:
        yield cluster.start(workers=2)
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, dask_cluster: DaskCluster) -> Iterator[Both]:
    from course.exams import blueprint

    folder = tmp_path_factory.mktemp("cluster-grading")
    config_path = make_project(folder / "project", timeout=4)
    config = load_config(config_path)
    base = folder / "base"
    write_roster(base)
    with pytest.MonkeyPatch.context() as patch:
        for kind, value in SMALL_MINIMUMS.items():
            patch.setitem(blueprint.MINIMUMS, kind, value)
        run_build(BuildContext(config, base, report=lambda _m: None))
        final_submissions(base)
        submit(base, "ann", "practice-exam", {"m01-q01": "a", "m01-q02": "b"})
        local_root = copy_root(config, base, folder / "local")
        cluster_root = copy_root(config, base, folder / "cluster")
        before = tree_digest(cluster_root / "submitted")
        local = grade_assignment(config, local_root, "final-exam", workers=2)
        cluster = grade_assignment(config, cluster_root, "final-exam",
                                   cluster=dask_cluster.address)
        yield Both(config, config_path, local_root, cluster_root, local, cluster,
                   dask_cluster.address, dask_cluster, before)


def test_cluster_grades_equal_the_local_graders(both: Both) -> None:
    assert both.cluster.cluster == both.address and both.cluster.workers == 2
    assert both.cluster.results == both.local.results
    assert {r.learner: r.score for r in both.cluster.results if r.status == "graded"} == {
        "ann": 4, "ben": 2, "cal": 0, "dan": 0, "eve": 2, "fay": 3, "gus": 3, "hal": 4, "ivy": 4,
        "lea": 4, "max": 4}
    assert both.cluster.outcomes == both.local.outcomes


def test_the_gradebook_holds_the_same_grades(both: Both) -> None:
    local = gradebook_grades(both.local_root, "final-exam")
    cluster = gradebook_grades(both.cluster_root, "final-exam")
    graded = {r.learner for r in both.cluster.results if r.status == "graded"}
    assert set(cluster) == graded  # a submission nbgrader could not read is reported, not stored
    assert {k: v for k, v in local.items() if k in graded} == cluster
    assert cluster["max"]["late"] == 18.5 * 3600
    assert cluster["gus"]["item-m01-q04"] == (None, 1.0, True)  # deleted: left to a person


@pytest.mark.parametrize(("learner", "status", "score", "reasons"), BAD, ids=[b[0] for b in BAD])
def test_bad_submissions_through_the_cluster(both: Both, learner: str, status: str,
                                             score: float | None, reasons: list[str]) -> None:
    result = both.result(learner)
    assert (result.status, result.score) == (status, score)
    for reason in reasons:
        assert any(reason in note for note in result.notes), result.notes


def test_the_client_writes_autograded_and_feedback_and_never_submitted(both: Both) -> None:
    root = both.cluster_root
    assert tree_digest(root / "submitted") == both.before
    for kind in ("autograded", "feedback"):
        mine, theirs = (sorted(re.sub(r"\.bad-[0-9T]+$", ".bad-*", p.relative_to(r / kind)
                                      .as_posix()) for p in (r / kind).rglob("*") if p.is_file())
                        for r in (root, both.local_root))
        assert mine == theirs and mine, kind  # same files, no staging folder left behind
    # what a kernel set aside is kept, as local grading keeps it
    assert list((root / "autograded" / "dan" / "final-exam").glob("*.answers.json.bad-*"))
    assert not list(root.glob(".grading-*"))
    ben = nbformat.read(root / "autograded" / "ben" / "final-exam" / "final-exam.ipynb", 4)
    errors = [o for c in ben.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert len(errors) == 2 and all(e.ename == "AssertionError" for e in errors)
    feedback = (root / "feedback" / "max" / "final-exam" / "final-exam.html").read_text()
    assert "Late:</strong> submitted 18 h 30 min" in feedback and "Result: Pass." in feedback
    assert find_leaks(root / "feedback", list(load_bank(both.config).items)) == []


def test_grade_command_takes_the_cluster_from_course_yml_or_the_flag(
        both: Both, capsys: pytest.CaptureFixture) -> None:
    text = both.config_path.read_text().replace("workers: 2", f"workers: 2\n  cluster: "
                                                f"{both.address}")
    on_cluster = both.config_path.with_name("on-cluster.yml")
    on_cluster.write_text(text)
    common = ["--root", str(both.cluster_root), "--quiet"]
    runs = {}
    for name, args in (("yml", ["--config", str(on_cluster)]),
                       ("flag", ["--config", str(both.config_path), "--cluster", both.address]),
                       ("none", ["--config", str(on_cluster), "--cluster", "none"])):
        capsys.readouterr()
        assert main(["grade", "practice-exam", *args, *common]) == 0
        runs[name] = capsys.readouterr().out
    assert f"on the Dask cluster at {both.address} (2 worker(s))" in runs["yml"]
    assert f"on the Dask cluster at {both.address}" in runs["flag"]
    assert "with 2 worker(s)" in runs["none"] and "Dask" not in runs["none"]
    for out in runs.values():
        assert any(ln.split()[:4] == ["ann", "graded", "2", "/"] for ln in out.splitlines()), out


def test_an_unreachable_scheduler_is_a_clear_error(both: Both) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("course.cluster_grading.CONNECT_SECONDS", 2)
        with pytest.raises(GradingError, match="cannot reach the Dask scheduler at tcp://"):
            grade_assignment(both.config, both.cluster_root, "practice-exam", cluster=address)
    assert not list(both.cluster_root.glob(".grading-*"))


def slow_submissions(root: Path, count: int) -> dict[str, bool]:
    """`count` module submissions whose every task takes a few seconds; learner -> answer."""
    given = {f"p{n}": n % 2 == 0 for n in range(count)}
    for learner, value in given.items():
        folder = submit(root, learner, "m02", {"kc1": value})
        edit_notebook(folder, "02-beta", lambda nb: nb.cells.insert(1, nbformat.v4.new_code_cell(
            SLOW)))
    return given


def executing(dask: DaskCluster) -> dict[str, list[str]]:
    """The task keys each worker is running right now, by worker address."""
    with dask.client() as client:
        return client.run(lambda dask_worker: [str(ts.key) for ts in
                                               dask_worker.state.executing])


def wait_for_a_kernel(pid: int, seconds: float = 30) -> None:
    """Wait until the worker process has started a child (nbgrader's kernel)."""
    import psutil

    deadline = time.monotonic() + seconds
    while not psutil.Process(pid).children(recursive=True) and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_worker_killed_mid_task_loses_nothing_and_records_nothing_twice(
        both: Both, monkeypatch: pytest.MonkeyPatch) -> None:
    learners = slow_submissions(both.cluster_root, 6)
    slow_submissions(both.local_root, 6)
    recorded: Counter[str] = Counter()
    record = Recorder.record

    def counting(self: Recorder, learner: str, result) -> object:
        recorded[learner] += 1
        return record(self, learner, result)

    monkeypatch.setattr(Recorder, "record", counting)
    runs: dict[str, GradeRun] = {}
    grading = threading.Thread(target=lambda: runs.update(cluster=grade_assignment(
        both.config, both.cluster_root, "m02", cluster=both.address)))
    grading.start()
    victim, deadline = None, time.monotonic() + 120
    while victim is None and time.monotonic() < deadline and grading.is_alive():
        busy = {w: keys for w, keys in executing(both.dask).items() if keys}
        if busy:
            worker, keys = sorted(busy.items())[0]
            with both.dask.client() as client:
                pid = client.run(os.getpid, workers=[worker])[worker]
            wait_for_a_kernel(pid)  # so that the kill lands while nbgrader runs the notebook
            killed = kill_process_tree(pid)
            victim = keys[0]
        time.sleep(0.1)
    grading.join(timeout=240)
    assert victim is not None and len(killed) >= 2, "no task was caught running"  # worker+kernel
    learner = victim.split("-")[2]
    assert learner in learners
    local = grade_assignment(both.config, both.local_root, "m02", workers=2)
    cluster = runs["cluster"]
    assert set(cluster.outcomes) == set(learners) and all(o.graded for o in
                                                           cluster.outcomes.values())
    assert recorded == Counter(dict.fromkeys(learners, 1))
    assert cluster.results == local.results
    scores = {r.learner: r.score for r in cluster.results if r.learner in learners}
    assert scores == {k: (1.0 if v else 0.0) for k, v in learners.items()}
    assert gradebook_grades(both.cluster_root, "m02") == gradebook_grades(both.local_root, "m02")
    both.dask.wait_for_workers(2)  # the nanny restarted the killed worker
