"""Exam notebooks: stems and widgets per item, the key only in hidden tests, none in release/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbgrader.utils import compute_checksum

import course.build
from course.build import BuildContext, run_build
from course.config import CourseConfig, load_config
from course.exams.bank import load_bank
from course.exams.blueprint import build_papers
from course.exams.notebook import exam_notebook, exam_sources, paper_from_notebook
from tests.exams.fixture import SMALL_MINIMUMS, find_leaks, make_project, write_roster


@pytest.fixture(scope="module")
def tiny_built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CourseConfig, Path]]:
    """The tiny project built and released once for this module."""
    from course.exams import blueprint

    folder = tmp_path_factory.mktemp("tiny")
    config = load_config(make_project(folder / "project"))
    root = folder / "root"
    write_roster(root)
    with pytest.MonkeyPatch.context() as patch:
        for kind, value in SMALL_MINIMUMS.items():
            patch.setitem(blueprint.MINIMUMS, kind, value)
        run_build(BuildContext(config, root, report=lambda _m: None))
        yield config, root


@pytest.mark.usefixtures("small_exams")
def test_source_notebook_has_a_widget_and_a_hidden_test_per_item(tiny: CourseConfig) -> None:
    paper = build_papers(tiny)["final"]
    nb = exam_notebook(paper)
    header = nb.cells[0].source
    assert header.startswith("# Final exam") and "**Time limit:** 120 minutes" in header
    assert "**Pass mark:** 70%" in header and "4 points in all" in header
    ids = [item.entry.id for item in paper.items]
    assert nb.cells[1].source == ("from widgets.exam import ExamSession, grade_item\n\n"
                                  "exam = ExamSession.here(\n    'final-exam',\n    questions=[\n"
                                  + "".join(f"        {i!r},\n" for i in ids)
                                  + "    ],\n)\nexam.progress()")
    assert "tags" not in nb.cells[1].metadata  # the progress panel shows in Voila too
    for n, item in enumerate(paper.items):
        show, test = nb.cells[2 + 2 * n], nb.cells[3 + 2 * n]
        assert show.source.startswith(f"exam.item(\n    {item.entry.id!r},\n")
        assert item.entry.item.stem in show.source and "Option d of" in show.source
        assert test.metadata["nbgrader"]["grade_id"] == item.grade_id
        assert test.metadata["nbgrader"]["points"] == 1.0
        assert test.source.splitlines()[0] == "### BEGIN HIDDEN TESTS"
        assert test.source.splitlines()[-1] == "### END HIDDEN TESTS"
        assert f"{item.entry.id!r}, {item.entry.item.answer!r}, points=1.0" in test.source
        assert "grade_item" not in show.source
    assert "RATIONALE" not in nbformat.writes(nb)
    end = [(c.metadata["nbgrader"]["grade_id"], c.source) for c in nb.cells[-3:]]
    assert [grade_id for grade_id, _ in end] == ["end", "progress-end", "submit"]
    assert end[1][1] == "exam.progress()" and "submit the assignment" in end[2][1]


@pytest.mark.usefixtures("small_exams")
def test_setup_cell_opens_the_session_with_every_question_in_order(
        tiny: CourseConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import widgets.exam

    shown: list = []
    monkeypatch.setattr(widgets.exam, "display", shown.append)
    monkeypatch.chdir(tmp_path)
    paper = build_papers(tiny)["practice"]
    nb = exam_notebook(paper)
    scope: dict = {}
    exec(nb.cells[1].source, scope)  # the setup cell, as the kernel runs it
    session = scope["exam"]
    assert session.questions == [item.entry.id for item in paper.items]
    assert shown == [session.panel]
    assert f"0 of {len(paper.items)} questions answered." in session.panel.value
    exec(nb.cells[2].source, scope)  # the first question
    assert "<h4>Question 1</h4>" in session.items[0].widget.children[1].value


@pytest.mark.usefixtures("small_exams")
def test_paper_is_read_back_from_a_built_notebook(tiny: CourseConfig) -> None:
    bank = load_bank(tiny)
    paper = build_papers(tiny, bank)["practice"]
    again = paper_from_notebook(tiny, "practice", exam_notebook(paper).cells, bank)
    assert again == paper


def test_exam_sources_rebuild_when_the_bank_changes(project: Path) -> None:
    config = load_config(project / "course" / "course.yml")
    before = [s.fingerprint() for s in exam_sources(config)]
    bank = project / "exams" / "bank" / "m02.yml"
    bank.write_text(bank.read_text().replace("Stem of m02-q04", "Reworded stem of m02-q04"))
    after = [s.fingerprint() for s in exam_sources(config)]
    assert [s.id for s in exam_sources(config)] == ["practice-exam", "final-exam"]
    assert before[0] != after[0] and before[1] != after[1]


def test_release_holds_no_key_and_no_rationale(tiny_built: tuple[CourseConfig, Path]) -> None:
    config, root = tiny_built
    bank = load_bank(config)
    assert (root / "release" / "final-exam" / "final-exam.ipynb").exists()
    assert find_leaks(root / "release", list(bank.items)) == []
    assert find_leaks(root / "source", list(bank.items))  # the scan finds keys where they are
    nb = nbformat.read(root / "release" / "final-exam" / "final-exam.ipynb", as_version=4)
    tests = [c for c in nb.cells if c.metadata["nbgrader"].get("grade")]
    assert len(tests) == 4 and all(c.source.strip() == "" for c in tests)
    # nbgrader's checksums in the release cover the released (key-free) source only
    assert all(c.metadata["nbgrader"]["checksum"] == compute_checksum(c) for c in tests)


def test_shipped_release_holds_no_key_and_no_rationale(built_course: Path) -> None:
    config = load_config(Path(course.build.__file__).with_name("course.yml"))
    bank = load_bank(config)
    for exam in config.exam_list:
        nb = nbformat.read(built_course / "release" / exam.id / f"{exam.id}.ipynb", 4)
        assert sum(1 for c in nb.cells if c.metadata["nbgrader"].get("grade")) >= 30
    assert find_leaks(built_course / "release", list(bank.items)) == []
