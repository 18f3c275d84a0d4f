"""The CPD log: activities, cycles from the certificate date, hours across a boundary, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from course.journey.cpd import (
    Activity,
    CpdLog,
    activity_problem,
    csv_text,
    cycle_number,
    cycle_start,
    cycles,
)

CERT = dt.date(2027, 3, 12)
TODAY = dt.date(2029, 6, 1)


def act(day: dt.date, hours: float, kind: str = "reading", notes: str = "",
        ident: str = "") -> Activity:
    return Activity(ident or f"{day:%Y%m%d}{hours:g}", day, kind, hours, notes)


@pytest.mark.parametrize(("day", "kind", "hours", "notes", "words"), [
    (None, "course", 2.0, "", "choose the date"),
    (dt.date(2029, 6, 2), "course", 2.0, "", "in the future"),
    (TODAY, "webinar", 2.0, "", "choose a kind"),
    (TODAY, None, 2.0, "", "choose a kind"),
    (TODAY, "course", 0.0, "", "more than 0"),
    (TODAY, "course", -1.5, "", "more than 0"),
    (TODAY, "course", float("nan"), "", "as a number"),
    (TODAY, "course", True, "", "as a number"),
    (TODAY, "course", "3", "", "as a number"),
    (TODAY, "course", 200.0, "", "at most 168 hours"),
    (TODAY, "course", 2.0, "x" * 2001, "at most 2,000 characters"),
])
def test_activity_problems(day, kind, hours, notes, words) -> None:
    assert words in activity_problem(day, kind, hours, notes, TODAY)


def test_a_valid_activity_has_no_problem() -> None:
    assert activity_problem(TODAY, "roundtable", 1.5, "Peer review of a budget.", TODAY) is None


def test_cycles_are_counted_from_the_certificate_date() -> None:
    assert cycle_number(CERT, 2, CERT - dt.timedelta(days=1)) is None
    assert cycle_number(CERT, 2, CERT) == 1
    assert cycle_number(CERT, 2, dt.date(2029, 3, 11)) == 1
    assert cycle_number(CERT, 2, dt.date(2029, 3, 12)) == 2
    assert cycle_number(CERT, 2, dt.date(2033, 3, 12)) == 4
    assert cycle_number(CERT, 3, dt.date(2030, 3, 11)) == 1
    assert cycle_start(CERT, 2, 3) == dt.date(2031, 3, 12)


def test_a_29_february_certificate_rolls_to_28_february() -> None:
    leap = dt.date(2028, 2, 29)
    assert cycle_start(leap, 2, 2) == dt.date(2030, 2, 28)
    assert cycle_number(leap, 2, dt.date(2030, 2, 27)) == 1
    assert cycle_number(leap, 2, dt.date(2030, 2, 28)) == 2


def test_hours_across_a_cycle_boundary() -> None:
    log = [act(dt.date(2027, 3, 11), 6),    # before the certificate: counts toward none
           act(dt.date(2028, 5, 2), 20.5),
           act(dt.date(2029, 3, 11), 5),    # last day of cycle 1
           act(dt.date(2029, 3, 12), 3),    # first day of cycle 2
           act(dt.date(2029, 5, 30), 1.25)]
    found = cycles(CERT, 2, 40, log, TODAY)
    assert [c.number for c in found] == [1, 2]
    first, current = found
    assert (first.start, first.last_day, first.end) == (CERT, dt.date(2029, 3, 11),
                                                        dt.date(2029, 3, 12))
    assert first.hours == 25.5 and first.remaining == 14.5 and not first.met
    assert current.hours == 4.25 and current.remaining == 35.75
    assert current.start == dt.date(2029, 3, 12) and current.last_day == dt.date(2031, 3, 11)


def test_a_cycle_is_met_at_the_required_hours() -> None:
    found = cycles(CERT, 2, 40, [act(dt.date(2027, 6, 1), 30), act(dt.date(2028, 1, 5), 10)],
                   dt.date(2028, 2, 1))
    assert len(found) == 1 and found[0].met and found[0].remaining == 0


def test_csv_export() -> None:
    log = [act(dt.date(2029, 3, 12), 3, "conference", 'Panel on "skills", day 1\nand 2'),
           act(dt.date(2027, 3, 1), 2, "course", "=HYPERLINK(\"http://x\")"),
           act(dt.date(2028, 5, 2), 1.5, "roundtable", "-negative")]
    rows = list(csv.reader(io.StringIO(csv_text(log, CERT, 2))))
    assert rows[0] == ["date", "kind", "hours", "cycle", "notes"]
    assert rows[1] == ["2027-03-01", "course", "2", "", "'=HYPERLINK(\"http://x\")"]
    assert rows[2] == ["2028-05-02", "roundtable", "1.5", "1", "'-negative"]
    assert rows[3] == ["2029-03-12", "conference", "3", "2", 'Panel on "skills", day 1\nand 2']
    no_cert = list(csv.reader(io.StringIO(csv_text(log, None, 2))))
    assert [r[3] for r in no_cert[1:]] == ["", "", ""]


def test_the_log_is_kept_in_the_answers_store(tmp_path: Path) -> None:
    log = CpdLog.open(tmp_path)
    log.set_certificate_date(CERT, TODAY)
    first = log.add(dt.date(2028, 5, 2), "reading", 2.5, "  A book on evaluation.  ", TODAY)
    second = log.add(dt.date(2029, 4, 1), "conference", 7, "", TODAY)
    again = CpdLog.open(tmp_path)
    assert again.certificate_date == CERT
    assert again.activities == [first, second]
    assert again.activities[0].notes == "A book on evaluation."
    data = json.loads((tmp_path / "cpd-log.answers.json").read_text())
    assert data["scope"] == "cpd-log" and f"activity-{first.id}" in data["items"]
    again.remove(first.id)
    assert CpdLog.open(tmp_path).activities == [second]
    with pytest.raises(KeyError):
        again.remove("nope")
    with pytest.raises(ValueError, match="more than 0"):
        again.add(TODAY, "course", 0, "", TODAY)
    with pytest.raises(ValueError, match="not in the future"):
        again.set_certificate_date(TODAY + dt.timedelta(days=1), TODAY)


def test_two_open_logs_keep_each_others_entries(tmp_path: Path) -> None:
    one, two = CpdLog.open(tmp_path), CpdLog.open(tmp_path)
    a = one.add(dt.date(2028, 1, 1), "course", 1, "from one", TODAY)
    b = two.add(dt.date(2028, 1, 2), "course", 2, "from two", TODAY)
    one.remove(a.id)
    two.reload()
    assert two.activities == [b]
    assert CpdLog.open(tmp_path).activities == [b]


def test_a_damaged_log_is_kept_aside_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "cpd-log.answers.json"
    path.write_text("{broken")
    log = CpdLog.open(tmp_path)
    assert log.activities == [] and any("kept as" in p for p in log.problems)
    assert [p.name for p in tmp_path.glob("cpd-log.answers.json.bad-*")]
    log.add(dt.date(2028, 1, 1), "other", 1, "", TODAY)
    assert len(CpdLog.open(tmp_path).activities) == 1


def test_a_malformed_activity_is_left_out_and_reported(tmp_path: Path) -> None:
    log = CpdLog.open(tmp_path)
    kept = log.add(dt.date(2028, 1, 1), "other", 1, "", TODAY)
    log.store.save("activity-bad", {"date": "2028-13-01", "kind": "course", "hours": 1})
    log.store.save("activity-neg", {"date": "2028-01-01", "kind": "course", "hours": -1})
    again = CpdLog.open(tmp_path)
    assert again.activities == [kept]
    assert len(again.problems) == 2 and "'activity-bad' is malformed" in again.problems[0]
