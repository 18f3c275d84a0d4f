"""Exam analytics on the hand-made snapshot (marks in snapshot.py)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from course.analytics import analyse
from course.analytics.exams import (
    exam_by_module,
    exam_scores,
    exam_summary,
    item_analysis,
    marks_matrix,
    weakest_modules,
)
from course.analytics.stats import quiz_statistics
from tests.course.analytics.snapshot import LATE, snapshot


@pytest.fixture
def data(config):
    return snapshot(config, LATE, exams=True)


def test_practice_exam_splits_into_module_scores(data) -> None:
    # ann 1,1 | 0 -> m01 2/2, m02 0/1; ben 0,1 | 1 -> .5, 1; cat 0,0 | 1 -> 0, 1
    table = exam_by_module(data, "practice")
    assert table.columns.tolist() == ["m01", "m02"]
    assert table.loc["ann"].tolist() == [1.0, 0.0]
    assert table.loc["ben"].tolist() == [0.5, 1.0]
    assert table.loc["cat"].tolist() == [0.0, 1.0]


def test_weakest_modules_come_first(data) -> None:
    # m01 mean (1 + .5 + 0) / 3 = .5 with two under the .7 threshold; m02 2/3 with one under
    weakest = weakest_modules(data, exam_by_module(data, "practice"))
    assert weakest["module"].tolist() == ["m01", "m02"]
    assert weakest["mean"].tolist() == pytest.approx([0.5, 2 / 3])
    assert weakest["under"].tolist() == [2, 1]
    assert weakest["title"].iloc[0] == data.config.module("m01").title


def test_final_scores_and_pass_rate(data) -> None:
    # ann 3/4, ben 2/4, cat 4/4 against a 70 % pass mark
    scores = exam_scores(data, "final")
    assert scores["fraction"].to_dict() == {"ann": 0.75, "ben": 0.5, "cat": 1.0}
    assert scores["passed"].to_dict() == {"ann": True, "ben": False, "cat": True}
    summary = exam_summary(data, "final")
    assert summary["sat"] == 3 and summary["passed"] == 2
    assert summary["pass_rate"] == pytest.approx(2 / 3)
    assert summary["mean"] == 0.75 and summary["median"] == 0.75


def test_a_score_exactly_at_the_pass_mark_passes(config) -> None:
    data = snapshot(config, LATE, exams=True)
    subs = data.submissions.copy()
    subs.loc[(subs["learner"] == "ben") & (subs["assignment"] == "final-exam"),
             ["score", "max_score"]] = [7.0, 10.0]
    assert exam_scores(replace(data, submissions=subs), "final").loc["ben", "passed"]


def test_marks_matrix_and_item_analysis(data) -> None:
    marks, maxima = marks_matrix(data, "final-exam")
    expected = pd.DataFrame({"f1": [1.0, 1, 1], "f2": [1.0, 0, 1], "f3": [1.0, 1, 1],
                             "f4": [0.0, 0, 1]}, index=["ann", "ben", "cat"])
    pd.testing.assert_frame_equal(marks, expected, check_names=False)
    assert maxima.tolist() == [1.0] * 4
    items, test = item_analysis(data, "final")
    assert items["item"].tolist() == ["f1", "f2", "f3", "f4"]
    assert items["number"].tolist() == [1, 2, 3, 4]
    assert items["module"].tolist() == ["m01", "m01", "m02", "m02"]
    assert items["facility"].tolist() == pytest.approx([1, 2 / 3, 1, 1 / 3])
    assert items.loc[0, "flags"][0].startswith("facility 1.000 > 0.95")
    assert test == quiz_statistics(expected)


def test_no_graded_exam_gives_empty_tables(config) -> None:
    data = snapshot(config)
    assert exam_by_module(data, "practice").empty
    assert exam_summary(data, "final")["sat"] == 0
    items, test = item_analysis(data, "final")
    assert items.empty and test["n"] == 0
    analysis = analyse(data)
    assert analysis.weakest.empty and analysis.final.empty
