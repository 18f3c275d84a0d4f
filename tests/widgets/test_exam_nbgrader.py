"""nbgrader round trip of a tiny exam: generate, scan the release, submit answers, autograde."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import widgets.exam as exam
from tests.servers import private_env
from widgets.exam import ExamSession
from widgets.store import AnswerStore

pytestmark = pytest.mark.nbgrader

RATIONALE_1 = "Goals agreed with each manager give the coaching a target: zebra-quince-41"
RATIONALE_2 = "A pilot with one team shows what works before a wide roll-out: mango-violet-77"
ITEMS = {
    "q1": ("A bank wants managers to coach after a course. What should come first?",
           [("a", "Book a venue"), ("b", "Agree coaching goals with each manager"),
            ("c", "Buy a platform"), ("d", "Send a newsletter")], "b", RATIONALE_1),
    "q2": ("A new onboarding program is ready. What is the safest next step?",
           [("a", "Launch to all sites at once"), ("b", "Cancel it"),
            ("c", "Pilot it with one team"), ("d", "Wait a year")], "c", RATIONALE_2),
}


def meta(grade_id: str, points: float | None = None) -> dict:
    cell = {"grade": points is not None, "grade_id": grade_id, "locked": True,
            "schema_version": 3, "solution": False, "task": False}
    return {"nbgrader": {**cell, "points": points} if points is not None else cell}


def source_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    cells = [nbformat.v4.new_markdown_cell("# Tiny exam"),
             nbformat.v4.new_code_cell('from widgets.exam import ExamSession\n\n'
                                       f'exam = ExamSession.here("tiny", questions={list(ITEMS)!r})'
                                       '\nexam.progress()', metadata=meta("setup"))]
    for item_id, (stem, options, key, why) in ITEMS.items():
        cells.append(nbformat.v4.new_code_cell(
            f"exam.item({item_id!r}, {stem!r}, {options!r})", metadata=meta(item_id)))
        cells.append(nbformat.v4.new_code_cell(
            "### BEGIN HIDDEN TESTS\n"
            f"# why: {why}\n"
            "from widgets.exam import grade_item\n"
            f"grade_item('tiny', {item_id!r}, key={key!r}, points=1.0,\n"
            f"           options={[o for o, _ in options]!r})\n"
            "### END HIDDEN TESTS", metadata=meta(f"{item_id}-test", points=1)))
    cells.append(nbformat.v4.new_code_cell("exam.progress()", metadata=meta("progress-end")))
    nb.cells = cells
    return nb


def nbgrader(course: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                            env=private_env(home), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def submit(course: Path, student: str) -> Path:
    folder = course / "submitted" / student / "tiny"
    folder.mkdir(parents=True)
    shutil.copy(course / "release" / "tiny" / "tiny.ipynb", folder / "tiny.ipynb")
    return folder


def test_tiny_exam_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exam, "display", lambda _view: None)  # no frontend in this process
    course, home = tmp_path / "course", tmp_path / "home"
    (course / "source" / "tiny").mkdir(parents=True)
    db = course / "gradebook.db"
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'tiny-course'\n"
        f"c.CourseDirectory.db_url = {f'sqlite:///{db}'!r}\n", encoding="utf-8")
    nbformat.write(source_notebook(), course / "source" / "tiny" / "tiny.ipynb")

    nbgrader(course, home, "generate_assignment", "tiny")
    released = [p for p in (course / "release").rglob("*") if p.is_file()]
    assert [p.name for p in released] == ["tiny.ipynb"]
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in released)
    for secret in (RATIONALE_1, RATIONALE_2, "zebra-quince", "mango-violet", "grade_item",
                   "key=", "HIDDEN TESTS"):
        assert secret not in text, f"{secret!r} leaked into the release"
    assert ITEMS["q1"][0] in text  # the stems and options are there

    # alice answers through the exam widgets: q1 right, q2 wrong
    alice = ExamSession.here("tiny", submit(course, "alice"), learner="alice")
    for item_id, choice in (("q1", "b"), ("q2", "a")):
        stem, options, _key, _why = ITEMS[item_id]
        alice.item(item_id, stem, options).choice.value = choice
    # bob's answers file is corrupt; carol's has one malformed entry and q2 right
    (submit(course, "bob") / "tiny.answers.json").write_text("{ this is not json",
                                                              encoding="utf-8")
    carol = submit(course, "carol")
    AnswerStore.open(carol, "tiny").save("q2", "c")
    body = json.loads((carol / "tiny.answers.json").read_text(encoding="utf-8"))
    body["items"]["q1"] = {"value": "b", "attempts": "lots"}
    (carol / "tiny.answers.json").write_text(json.dumps(body), encoding="utf-8")

    nbgrader(course, home, "autograde", "tiny")

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{db}") as gb:
        scores = {s: gb.find_submission("tiny", s).score for s in ("alice", "bob", "carol")}
        cells = {(s, q): gb.find_grade(f"{q}-test", "tiny", "tiny", s).score
                 for s in ("alice", "bob", "carol") for q in ITEMS}
    assert scores == {"alice": 1.0, "bob": 0.0, "carol": 1.0}
    assert cells == {("alice", "q1"): 1.0, ("alice", "q2"): 0.0, ("bob", "q1"): 0.0,
                     ("bob", "q2"): 0.0, ("carol", "q1"): 0.0, ("carol", "q2"): 1.0}

    graded = nbformat.read(course / "autograded" / "bob" / "tiny" / "tiny.ipynb", as_version=4)
    errors = [o for c in graded.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert len(errors) == 2 and all("no answer recorded" in e.evalue for e in errors)
    assert "kept aside" in errors[0].evalue  # the reason reaches the grader and the learner
    stderr = [o for c in graded.cells for o in c.get("outputs", [])
              if o.output_type == "stream" and o.name == "stderr"]
    assert stderr == []
