"""Reading a real gradebook through nbgrader's API, and synthetic grades equal to autograde's."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from course.analytics import analyse, load_cohort
from course.analytics.gradebook import parse_times, read_gradebook, read_journal, read_submitted
from course.analytics.synthetic import record_synthetic_grades
from course.cohort import generate_cohort
from course.nbgrader_io import sync_gradebook
from course.schedule import due_dates
from tests.course.analytics.roots import copy_root
from widgets.store import read_answers


@pytest.fixture(scope="module")
def graded(built_course, config, tmp_path_factory):
    """A 15-learner cohort with every submission's grades recorded in the gradebook."""
    root = copy_root(built_course, config, tmp_path_factory.mktemp("graded"))
    summary = generate_cohort(config, root)
    sync_gradebook(config, root, due_dates(config))
    assert record_synthetic_grades(config, root) == summary.written
    return root, summary


def test_the_gradebook_reads_back_every_submission_and_grade(graded, config) -> None:
    root, summary = graded
    grades, submissions, students = read_gradebook(root)
    assert len(submissions) == summary.written
    assert len(students) == 15 and students["name"].str.contains(" ").all()
    per_submission = grades.groupby(["learner", "assignment"]).size()
    assert len(per_submission) == summary.written
    module_cells = grades[grades["assignment"] == "m01"]["cell"].unique()
    assert all(c.startswith("kc-") for c in module_cells)
    final = grades[grades["assignment"] == "final-exam"]
    assert final["cell"].str.startswith("item-").all() and (final["max_score"] == 1).all()
    assert record_synthetic_grades(config, root) == 0  # nothing is recorded twice


def test_submitted_folders_and_journal(graded, config) -> None:
    root, summary = graded
    folders = read_submitted(root)
    assert len(folders) == summary.written and folders["submitted_at"].notna().all()
    journal = read_journal(root, [m.id for m in config.modules])
    assert journal["confidence"].between(1, 5).all()
    learner, module = journal.iloc[0][["learner", "module"]]
    saved, _ = read_answers(root / "submitted" / learner / module, module)
    assert journal.iloc[0]["confidence"] == saved["confidence"].value


def test_load_cohort_joins_everything(graded, config) -> None:
    root, summary = graded
    data = load_cohort(config, root)
    assert len(data.learners) == 15 and data.submissions["graded"].all()
    assert set(data.exam_items["assignment"]) == {"practice-exam", "final-exam"}
    assert data.today >= data.schedule["due"].max()  # a finished synthetic course
    analysis = analyse(data)
    assert analysis.final_summary["sat"] == summary.per_assignment["final-exam"]
    assert analysis.practice.shape[1] == len(config.modules)
    missing = (analysis.items["status"] == "missing").sum()
    assert missing == summary.missing


def test_an_ungraded_submission_still_counts_as_submitted(built_course, config, tmp_path) -> None:
    root = copy_root(built_course, config, tmp_path)
    generate_cohort(config, root, learners=2)
    data = load_cohort(config, root)
    assert not data.submissions["graded"].any()
    assert data.submissions["submitted_at"].notna().all()
    assert data.submissions["score"].isna().all()


@pytest.mark.nbgrader
def test_synthetic_grades_equal_what_nbgrader_autograde_records(built_course, config,
                                                                 tmp_path) -> None:
    from course.grading import grade_assignment

    real = copy_root(built_course, config, tmp_path / "real")
    generate_cohort(config, real, learners=3)
    sync_gradebook(config, real, due_dates(config))
    synthetic = copy_root(built_course, config, tmp_path / "synthetic")
    shutil.copytree(real / "submitted", synthetic / "submitted")
    shutil.copy(real / "roster.csv", synthetic / "roster.csv")
    for assignment in ("m01", "practice-exam"):
        grade_assignment(config, real, assignment, workers=2)
    record_synthetic_grades(config, synthetic)
    keys = ["learner", "assignment", "cell"]
    mine = read_gradebook(synthetic)[0].set_index(keys)["score"]
    theirs = read_gradebook(real)[0].set_index(keys)["score"]
    assert len(theirs) > 0
    pd.testing.assert_series_equal(mine.loc[theirs.index].sort_index(), theirs.sort_index())


def test_timestamps_in_nbgrader_and_other_forms() -> None:
    texts = pd.Series(["2027-01-22 16:55:00.123456 UTC", "2027-01-22T18:55:00+02:00",
                       "2027-01-22 16:55:00 Europe/London", "not a time", ""])
    parsed = parse_times(texts)
    expected = pd.Timestamp("2027-01-22 16:55:00", tz="UTC")
    assert parsed[0] == expected + pd.Timedelta(microseconds=123456)
    assert parsed[1] == expected and parsed[2] == expected
    assert parsed[3:].isna().all()
