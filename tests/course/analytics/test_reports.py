"""`build.py report progress|items`: CSV and JSON read back, safe values, clear errors."""

from __future__ import annotations

import csv
import io
import json
import math

import pandas as pd
import pytest

from course.analytics.reports import csv_text, plain, spreadsheet_safe
from course.analytics.synthetic import record_synthetic_grades
from course.cli import main
from course.cohort import generate_cohort
from course.nbgrader_io import sync_gradebook
from course.schedule import due_dates
from tests.course.analytics.roots import copy_root


@pytest.fixture(scope="module")
def root(built_course, config, tmp_path_factory):
    root = copy_root(built_course, config, tmp_path_factory.mktemp("reports"))
    generate_cohort(config, root)
    sync_gradebook(config, root, due_dates(config))
    record_synthetic_grades(config, root)
    return root


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_progress_csv_has_a_row_per_learner_and_item(root, config, capsys) -> None:
    code, out, _ = _run(capsys, "report", "progress", "--root", str(root))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 15 * 12
    statuses = {r["item_status"] for r in rows}
    assert {"on time", "late", "missing"} <= statuses <= {"on time", "late", "behind",
                                                          "missing", "open"}
    assert {r["status"] for r in rows} <= {"on track", "late", "behind", "missing"}
    late = next(r for r in rows if r["item_status"] == "late")
    assert float(late["seconds_late"]) > 0 and late["submitted_at"] > late["due"]


def test_progress_json_for_one_assignment(root, capsys) -> None:
    code, out, _ = _run(capsys, "report", "progress", "m03", "--format", "json",
                        "--root", str(root))
    report = json.loads(out)
    assert code == 0 and report["assignment"] == "m03" and len(report["learners"]) == 15
    assert all([i["item"] for i in learner["items"]] == ["m03"]
               for learner in report["learners"])
    at_risk = [learner for learner in report["learners"] if learner["at_risk"]]
    assert at_risk and all(learner["reasons"] for learner in at_risk)


def test_items_report_of_the_final_by_default(root, config, capsys) -> None:
    code, out, _ = _run(capsys, "report", "items", "--format", "json", "--root", str(root))
    report = json.loads(out)
    assert code == 0 and report["assignment"] == config.exams.final.id
    assert len(report["items"]) == 60 and report["test"]["items"] == 60
    assert 0 < report["test"]["cic"] < 1
    flagged = [i for i in report["items"] if i["flagged"]]
    assert flagged and all(i["flags"] for i in flagged)
    code, out, _ = _run(capsys, "report", "items", "practice-exam", "--root", str(root))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 30 and set(rows[0]) >= {"facility", "discrimination",
                                                             "efficiency", "flags"}


def test_report_errors_name_the_problem(root, capsys) -> None:
    code, _, err = _run(capsys, "report", "items", "m01", "--root", str(root))
    assert code == 2 and "needs an exam id" in err
    code, _, err = _run(capsys, "report", "progress", "m99", "--root", str(root))
    assert code == 2 and "m99: not a module or exam" in err


def test_values_are_plain_and_spreadsheet_safe() -> None:
    assert plain(math.nan) is None and plain(pd.NaT) is None
    assert plain(pd.Timestamp("2027-01-22 17:00", tz="UTC")) == "2027-01-22T17:00:00+00:00"
    assert plain({"a": [1.5, math.nan]}) == {"a": [1.5, None]}
    assert spreadsheet_safe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert spreadsheet_safe("-5") == "'-5" and spreadsheet_safe(-5) == -5
    assert spreadsheet_safe("plain") == "plain"
    text = csv_text([{"name": "@attack", "score": 1.0}], ["name", "score"])
    assert text == "name,score\n'@attack,1.0\n"
