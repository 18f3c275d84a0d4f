"""The CPD log view without a browser: set controls, press buttons, read the panels."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from course.config import CourseConfig, Cpd
from course.journey.cpd import CpdLog
from course.journey.snapshot import build_snapshot, write_snapshot
from widgets.cpd import CpdView, cpd_log

TODAY = dt.date(2029, 6, 1)
RULES = Cpd(hours_per_cycle=40, cycle_years=2)


@pytest.fixture
def view(tmp_path: Path) -> CpdView:
    return CpdView(CpdLog.open(tmp_path), RULES, tmp_path, clock=lambda: TODAY)


def add(view: CpdView, day: dt.date, kind: str, hours: float, notes: str = "") -> None:
    view.day.value, view.kind.value, view.hours.value, view.notes.value = day, kind, hours, notes
    view.add_button.click()


def test_without_a_certificate_date_the_summary_asks_for_it(view: CpdView) -> None:
    assert "Enter your certificate's issue date" in view.summary_html
    assert view.table_html == "<p>No activities recorded yet.</p>"


def test_recording_activities_updates_the_cycle(view: CpdView, tmp_path: Path) -> None:
    view.certificate.value = dt.date(2027, 3, 12)
    view.certificate_button.click()
    assert "Certificate date saved." in view.feedback.value
    add(view, dt.date(2029, 3, 11), "conference", 5, "Last day of cycle 1")
    assert "Recorded 5 hours of Conference on 11 Mar 2029." in view.feedback.value
    assert view.day.value is None and view.kind.value == "" and view.hours.value == 0
    add(view, dt.date(2029, 3, 12), "reading", 2.5, "<script>alert(1)</script>")
    summary = view.summary.outputs[0]["data"]["text/html"]
    assert summary.endswith(f"<div class='tmcpd'>{view.summary_html}</div>")
    assert "<strong>Cycle 2</strong> (12 March 2029 to 11 March 2031)" in view.summary_html
    assert "<strong>2.5 of 40 hours</strong> logged; 37.5 hours still to log" in view.summary_html
    assert '<progress max="40" value="2.5"' in view.summary_html
    assert "<li>Cycle 1 (12 Mar 2027 to 11 Mar 2029): 5 hours</li>" in view.summary_html
    assert "<script>" not in view.table_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in view.table_html
    assert view.table_html.index("11 Mar 2029") < view.table_html.index("12 Mar 2029")
    assert len(view.remove_choice.options) == 3 and view.remove_choice.value == ""
    assert len(CpdLog.open(tmp_path).activities) == 2


def test_a_met_requirement_is_said(view: CpdView) -> None:
    view.certificate.value = dt.date(2029, 1, 1)
    view.certificate_button.click()
    add(view, dt.date(2029, 2, 1), "course", 40)
    assert "requirement met" in view.summary_html and "still to log" not in view.summary_html


@pytest.mark.parametrize(("day", "kind", "hours", "words"), [
    (None, "course", 2.0, "Choose the date of the activity."),
    (dt.date(2029, 6, 2), "course", 2.0, "the date is in the future"),
    (TODAY, "", 2.0, "Choose a kind"),
    (TODAY, "course", 0.0, "Hours must be more than 0."),
])
def test_bad_input_is_explained_and_nothing_saved(view: CpdView, tmp_path: Path, day, kind,
                                                  hours, words) -> None:
    add(view, day, kind, hours)
    assert words.lower() in view.feedback.value.lower()
    assert CpdLog.open(tmp_path).activities == []


def test_a_future_certificate_date_is_refused(view: CpdView) -> None:
    view.certificate.value = TODAY + dt.timedelta(days=1)
    view.certificate_button.click()
    assert "not in the future" in view.feedback.value
    assert view.log.certificate_date is None


def test_removing_an_activity(view: CpdView, tmp_path: Path) -> None:
    add(view, dt.date(2028, 1, 1), "course", 1, "keep")
    add(view, dt.date(2028, 1, 2), "course", 2, "drop")
    view.remove_button.click()
    assert "Choose an activity to remove first." in view.feedback.value
    view.remove_choice.value = next(v for label, v in view.remove_choice.options
                                    if "drop" in label)
    view.remove_button.click()
    assert "Activity removed." in view.feedback.value
    assert [a.notes for a in CpdLog.open(tmp_path).activities] == ["keep"]
    assert "drop" not in view.table_html


def test_export_writes_csv_and_offers_a_download(view: CpdView, tmp_path: Path) -> None:
    view.certificate.value = dt.date(2027, 3, 12)
    view.certificate_button.click()
    add(view, dt.date(2028, 5, 2), "roundtable", 1.5, "Budget peer review, notes")
    CpdLog.open(tmp_path).add(dt.date(2029, 4, 1), "reading", 2, "from another tab", TODAY)
    view.export_button.click()
    text = (tmp_path / "cpd-log.csv").read_text()
    assert list(csv.reader(io.StringIO(text))) == [
        ["date", "kind", "hours", "cycle", "notes"],
        ["2028-05-02", "roundtable", "1.5", "1", "Budget peer review, notes"],
        ["2029-04-01", "reading", "2", "2", "from another tab"]]
    [data] = re.findall(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', view.export_html)
    assert base64.b64decode(data).decode() == text
    assert '<a href="cpd-log.csv">cpd-log.csv</a>' in view.export_html


def test_a_damaged_log_is_reported_in_the_view(tmp_path: Path) -> None:
    (tmp_path / "cpd-log.answers.json").write_text("not json")
    view = CpdView(CpdLog.open(tmp_path), RULES, tmp_path, clock=lambda: TODAY)
    assert "not valid JSON" in view.feedback.value and "kept as" in view.feedback.value


def test_cpd_log_opens_beside_the_notebook(config: CourseConfig, tmp_path: Path) -> None:
    write_snapshot(build_snapshot(config), tmp_path)
    view = cpd_log(tmp_path, clock=lambda: TODAY)
    assert view.rules == config.cpd and view.log.store.directory == tmp_path
    add(view, dt.date(2029, 1, 1), "other", 3)
    assert (tmp_path / "cpd-log.answers.json").exists()
