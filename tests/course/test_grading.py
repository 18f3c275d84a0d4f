"""Grading with nbgrader: known answers, feedback and diagnostics, bad submissions, any N workers.

One tiny course (two modules, a four-item practice and final exam) is built and graded once per
module; each test reads what that grading left. submitted/ is hashed before and after.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from course.build import BuildContext, run_build
from course.cli import main
from course.config import CourseConfig, load_config
from course.exams.bank import load_bank
from course.exams.submissions import LearnerResult
from course.grading import GradeRun, GradingError, grade_assignment
from tests.exams.fixture import SMALL_MINIMUMS, find_leaks, make_project, submit, write_roster

pytestmark = pytest.mark.nbgrader

FINAL = {"m01-q03": "c", "m01-q04": "d", "m02-q03": "d", "m02-q04": "c"}
PRACTICE = {"m01-q01": "a", "m01-q02": "b", "m02-q01": "b", "m02-q02": "a"}
ON_TIME = "2027-03-12 09:00:00.000000 UTC"
LATE = "2027-03-13 11:30:00.000000 UTC"  # final due 2027-03-12 17:00 London = 17:00 UTC


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            if p.is_file() else "<folder>" for p in sorted(folder.rglob("*"))}


def edit_notebook(folder: Path, name: str, change) -> None:
    path = folder / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def final_submissions(root: Path) -> None:
    """One learner per case of issue 6, item 6 (plus a clean, a half-right and a late one)."""
    a = "final-exam"
    submit(root, "ann", a, FINAL, timestamp=ON_TIME)
    submit(root, "ben", a, {**FINAL, "m02-q03": "a", "m02-q04": "a"})
    submit(root, "cal", a, None)
    (submit(root, "dan", a, None) / f"{a}.answers.json").write_text("{ this is not json")
    eve = submit(root, "eve", a, {**FINAL, "m01-q03": 3})
    data = json.loads((eve / f"{a}.answers.json").read_text())
    data["items"]["m01-q04"] = "d"  # an entry that is not {"value": ...}
    (eve / f"{a}.answers.json").write_text(json.dumps(data))
    submit(root, "fay", a, {**FINAL, "m01-q03": "z"})
    gus = submit(root, "gus", a, FINAL)
    edit_notebook(gus, a, lambda nb: nb.cells.pop(next(
        i for i, c in enumerate(nb.cells) if c.metadata["nbgrader"]["grade_id"] == "item-m01-q04")))

    def tamper(nb) -> None:
        nb.cells[0].source = "# My own title"
        nb.cells[2].source += "\nprint('changed')"
    edit_notebook(submit(root, "hal", a, FINAL), a, tamper)
    edit_notebook(submit(root, "ivy", a, FINAL), a, lambda nb: nb.cells.extend([
        nbformat.v4.new_markdown_cell("my notes"), nbformat.v4.new_code_cell("1 + 1")]))
    (submit(root, "jon", a, FINAL) / f"{a}.ipynb").write_text('{"cells": [', encoding="utf-8")
    (root / "submitted" / "kim" / a).mkdir(parents=True)
    edit_notebook(submit(root, "lea", a, FINAL), a,
                  lambda nb: nb.cells.insert(2, nbformat.v4.new_code_cell("while True:\n    pass")))
    submit(root, "max", a, FINAL, timestamp=LATE)


@dataclass
class Graded:
    config: CourseConfig
    config_path: Path
    root: Path
    final: GradeRun
    practice: dict[int, GradeRun]
    before: dict[str, str]
    after: dict[str, str]

    def result(self, learner: str) -> LearnerResult:
        return next(r for r in self.final.results if r.learner == learner)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graded]:
    from course.exams import blueprint

    folder = tmp_path_factory.mktemp("graded")
    config_path = make_project(folder / "project", timeout=4)
    config = load_config(config_path)
    root = folder / "root"
    write_roster(root)
    with pytest.MonkeyPatch.context() as patch:
        for kind, value in SMALL_MINIMUMS.items():
            patch.setitem(blueprint.MINIMUMS, kind, value)
        run_build(BuildContext(config, root, report=lambda _m: None))
        final_submissions(root)
        submit(root, "ann", "practice-exam", PRACTICE)
        submit(root, "ben", "practice-exam", {"m01-q01": "b", "m01-q02": "c", "m02-q01": "b"})
        submit(root, "cal", "practice-exam", {**PRACTICE, "m02-q01": "a", "m02-q02": "b"})
        before = tree_digest(root / "submitted")
        final = grade_assignment(config, root, "final-exam", workers=2)
        practice = {n: grade_assignment(config, root, "practice-exam", workers=n) for n in (1, 3)}
        yield Graded(config, config_path, root, final, practice, before,
                     tree_digest(root / "submitted"))


def test_known_answers_get_the_expected_scores(graded: Graded) -> None:
    scores = {r.learner: (r.status, r.score, r.max_score) for r in graded.final.results}
    assert scores["ann"] == ("graded", 4, 4)
    assert scores["ben"] == ("graded", 2, 4)
    ann = graded.result("ann")
    assert ann.notes == () and ann.late_seconds == 0
    assert ann.grades["item-m02-q04"] == (1.0, 1.0)
    assert graded.result("ben").grades["item-m02-q04"] == (0.0, 1.0)


def test_results_are_identical_for_any_number_of_workers(graded: Graded) -> None:
    one, three = graded.practice[1], graded.practice[3]
    assert one.workers == 1 and three.workers == 3
    assert one.results == three.results
    assert [(r.learner, r.score) for r in one.results] == [("ann", 4), ("ben", 1), ("cal", 2)]


def test_submitted_is_left_byte_for_byte_unchanged(graded: Graded) -> None:
    assert graded.after == graded.before
    assert len(graded.before) > 30


BAD = [  # learner, status, score, words every reason must contain
    ("cal", "graded", 0, ["answers file final-exam.answers.json is missing"]),
    ("dan", "graded", 0, ["answers file final-exam.answers.json: the answers file is not valid "
                          "JSON"]),
    ("eve", "graded", 2, ["answer to m01-q03 is not an option id (int)",
                          "the saved answer for 'm01-q04' is malformed"]),
    ("fay", "graded", 3, ["answer to m01-q03 names unknown option 'z'"]),
    ("gus", "graded", 3, ["autograder cell(s) deleted: item-m01-q04; nbgrader scores them 0 and "
                          "marks them for grading by hand"]),
    ("hal", "graded", 4, ["locked cell(s) edited: header, show-m01-q0", "version was restored"]),
    ("ivy", "graded", 4, ["2 extra cell(s) added; they were run but not scored"]),
    ("jon", "not graded", None, ["final-exam.ipynb is not valid JSON", "nbgrader: "]),
    ("kim", "empty", None, ["empty submission folder: nothing to grade"]),
    ("lea", "graded", 4, ["1 extra cell(s) added",
                          "cell 3 (added by the learner) ran past the 4 s limit and was "
                          "interrupted"]),
    ("max", "graded", 4, ["late: submitted 18 h 30 min after the due date (due 2027-03-12 "
                          "17:00 GMT)"]),
]


@pytest.mark.parametrize(("learner", "status", "score", "reasons"), BAD, ids=[b[0] for b in BAD])
def test_bad_submissions_are_graded_or_reported_with_a_reason(
        graded: Graded, learner: str, status: str, score: float | None,
        reasons: list[str]) -> None:
    result = graded.result(learner)
    assert (result.status, result.score) == (status, score)
    for reason in reasons:
        assert any(reason in note for note in result.notes), result.notes


def test_the_batch_is_never_aborted(graded: Graded) -> None:
    assert {r.learner for r in graded.final.results} == {
        "ann", "ben", "cal", "dan", "eve", "fay", "gus", "hal", "ivy", "jon", "kim", "lea", "max"}
    # every folder with a notebook went through nbgrader; the empty one was only reported
    assert set(graded.final.outcomes) == {r.learner for r in graded.final.results} - {"kim"}
    assert not graded.final.outcomes["jon"].graded and graded.final.outcomes["ann"].graded
    assert graded.result("max").late_seconds == 18.5 * 3600


def feedback(graded: Graded, learner: str, assignment: str) -> str:
    return (graded.root / "feedback" / learner / assignment / f"{assignment}.html").read_text()


def test_final_feedback_shows_pass_or_fail_and_no_key(graded: Graded) -> None:
    assert "Result: Pass." in feedback(graded, "ann", "final-exam")
    ben = feedback(graded, "ben", "final-exam")
    assert "Result: Not passed." in ben and "You need 70% to pass" in ben
    assert "Late:</strong> submitted 18 h 30 min" in feedback(graded, "max", "final-exam")
    bank = list(load_bank(graded.config).items)
    assert find_leaks(graded.root / "feedback", bank) == []
    assert "Question 4." in ben and "Stem of m02-q04" in ben


def test_final_feedback_lists_every_question_once_in_order(graded: Graded) -> None:
    ben = feedback(graded, "ben", "final-exam")
    positions = [ben.index(f"Question {n}.") for n in range(1, 5)]
    assert positions == sorted(positions) and "Question 5." not in ben
    assert [ben.count(f"Question {n}.") for n in range(1, 5)] == [1, 1, 1, 1]


def test_grading_kernels_print_plain_tracebacks_with_the_reason(graded: Graded) -> None:
    notebook = graded.root / "autograded" / "ben" / "final-exam" / "final-exam.ipynb"
    errors = [output for cell in nbformat.read(notebook, as_version=4).cells
              if cell.cell_type == "code" for output in cell.outputs
              if output.output_type == "error"]
    assert errors and all(e.ename == "AssertionError" for e in errors)
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(errors[0].traceback))
    assert text.startswith("Traceback (most recent call last)")  # IPython's Plain mode
    assert "----> " not in text and "is not the key" in text


def test_practice_feedback_lists_modules_to_review_first(graded: Graded) -> None:
    ben = feedback(graded, "ben", "practice-exam")
    first, second = ben.index("Module 1: Alpha topics"), ben.index("Module 2: Beta topics")
    assert ben.index("Review first (modules under 70%)") < first < second
    assert "Objectives missed: Explain Alpha topics basics.; Apply Alpha topics to a case." in ben
    assert "section “1. First section” (model: Alpha topics model one)" in ben
    assert "section “2. Second section” (model: Beta topics model two)" in ben
    ann = feedback(graded, "ann", "practice-exam")
    assert "Every module is at or above the threshold" in ann and "Result:" not in ann


def run_cli(capsys: pytest.CaptureFixture, graded: Graded, *args: str) -> str:
    capsys.readouterr()
    code = main([*args, "--config", str(graded.config_path), "--root", str(graded.root)])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_report_exam_csv_has_a_row_per_learner_and_module(graded: Graded,
                                                           capsys: pytest.CaptureFixture) -> None:
    rows = list(csv.DictReader(io.StringIO(run_cli(capsys, graded, "report", "exam",
                                                   "final-exam", "--format", "csv"))))
    ann = [r for r in rows if r["learner"] == "ann"]
    assert [(r["module"], r["module_score"], r["module_max"]) for r in ann] == [
        ("m01", "2.0", "2.0"), ("m02", "2.0", "2.0")]
    assert ann[0]["result"] == "pass" and ann[0]["group"] == "g1" and ann[0]["name"] == "Ann Archer"
    ben = [r for r in rows if r["learner"] == "ben"]
    assert ben[1]["module_percent"] == "0.0" and ben[0]["result"] == "fail"
    kim = [r for r in rows if r["learner"] == "kim"]
    assert len(kim) == 1 and kim[0]["status"] == "empty" and "empty submission" in kim[0]["notes"]
    assert [r["late"] for r in rows if r["learner"] == "max"] == ["True", "True"]


def test_report_exam_json_ranks_review_first(graded: Graded, capsys: pytest.CaptureFixture,
                                             tmp_path: Path) -> None:
    out = tmp_path / "practice.json"
    run_cli(capsys, graded, "report", "exam", "practice-exam", "--format", "json",
            "--output", str(out))
    report = json.loads(out.read_text())
    assert report["kind"] == "practice"
    ben = next(x for x in report["learners"] if x["learner"] == "ben")
    assert [(m["module"], m["review_first"], m["review_rank"]) for m in ben["modules"]] == [
        ("m01", True, 1), ("m02", True, 2)]
    assert ben["modules"][0]["objectives_missed"] == ["Explain Alpha topics basics.",
                                                      "Apply Alpha topics to a case."]
    assert ben["result"] == ""


def test_grade_command_grades_a_module_knowledge_check(graded: Graded,
                                                       capsys: pytest.CaptureFixture) -> None:
    ann = submit(graded.root, "ann", "m01", None)
    (ann / "m01.answers.json").write_text(json.dumps({
        "format": "tmcert-answers", "version": 1, "scope": "m01",
        "items": {"kc1": {"value": True, "attempts": 1, "saved_at": ""}}}))
    shutil.copytree(graded.root / "release" / "m01", graded.root / "submitted" / "ben" / "m01")
    out = run_cli(capsys, graded, "grade", "m01", "--workers", "2", "--quiet")
    lines = out.splitlines()
    assert any(ln.split()[:4] == ["ann", "graded", "1", "/"] for ln in lines), out
    assert any(ln.split()[:4] == ["ben", "graded", "0", "/"] for ln in lines), out
    assert "answers file m01.answers.json is missing" in out
    assert "(no submission)" not in out and "cal" in out  # roster learners are listed too
    report = run_cli(capsys, graded, "report", "exam", "m01", "--format", "json")
    rows = {x["learner"]: x for x in json.loads(report)["learners"]}
    assert rows["ann"]["modules"][0]["module_score"] == 1 and rows["cal"]["status"] == \
        "no submission"


def test_grading_an_unknown_assignment_is_refused(graded: Graded,
                                                  capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(GradingError, match="nope: no released assignment"):
        grade_assignment(graded.config, graded.root, "nope")
    code = main(["grade", "nope", "--config", str(graded.config_path), "--root",
                 str(graded.root)])
    assert code == 2 and "run `build.py build` first" in capsys.readouterr().err
