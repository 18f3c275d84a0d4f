"""The personal schedule on a given "today": this week's items, overdue modules, phases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from course.journey.progress import course_progress
from course.journey.snapshot import Snapshot
from course.journey.timeline import (
    DONE,
    OVERDUE,
    PAST,
    THIS_WEEK,
    UPCOMING,
    as_moment,
    course_phase,
    due_this_week,
    overdue,
    personal_schedule,
)
from tests.course.journey.conftest import finished, write_answers


def at(snapshot: Snapshot, day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(snapshot.timezone))


def statuses(weeks) -> dict[str, str]:
    return {row.deadline.item: row.status for week in weeks for row in week.rows}


def test_weeks_run_from_prework_to_the_final_exam(snapshot: Snapshot, tmp_path: Path) -> None:
    weeks = personal_schedule(snapshot, course_progress(tmp_path, snapshot),
                              snapshot.prework_start)
    assert [w.number for w in weeks] == list(range(1, snapshot.prework_weeks + 3))
    assert all(w.monday.weekday() == 0 for w in weeks)
    assert weeks[0].monday == snapshot.prework_start and weeks[0].current
    assert weeks[-2].label == "Practicum week" and weeks[-1].label == "Final exam week"
    assert weeks[-2].monday <= snapshot.practicum_start <= weeks[-2].sunday
    assert weeks[snapshot.review_weeks[0] - 1].label.endswith("(review week)")
    first = [r.deadline.item for r in weeks[0].rows]
    assert first == [m.id for m in snapshot.modules[:snapshot.modules_per_week]]


def test_wednesday_of_week_three_with_nothing_done(snapshot: Snapshot, tmp_path: Path) -> None:
    """On Wednesday of week 3, at two modules a week, modules 1-4 are overdue and 5-6 due."""
    today = at(snapshot, snapshot.prework_start + dt.timedelta(days=16))
    weeks = personal_schedule(snapshot, course_progress(tmp_path, snapshot), today)
    assert [w.number for w in weeks if w.current] == [3]
    per_week = snapshot.modules_per_week
    ids = [m.id for m in snapshot.modules]
    assert [r.deadline.item for r in overdue(weeks)] == ids[:2 * per_week]
    assert [r.deadline.item for r in due_this_week(weeks)] == ids[2 * per_week:3 * per_week]
    found = statuses(weeks)
    assert found[ids[3 * per_week]] == UPCOMING
    assert found[snapshot.practice.id] == UPCOMING and found[snapshot.final.id] == UPCOMING
    row = due_this_week(weeks)[0]
    assert row.link == f"../{row.deadline.item}/{snapshot.module(row.deadline.item).notebook}"
    assert course_phase(snapshot, today) == "This is prework week 3."


def test_completed_modules_are_done_not_overdue(snapshot: Snapshot, tmp_path: Path) -> None:
    write_answers(tmp_path, "m01", finished(snapshot, "m01"))
    started = finished(snapshot, "m02")
    del started["confidence"]
    write_answers(tmp_path, "m02", started)
    today = at(snapshot, snapshot.prework_start + dt.timedelta(days=16))
    found = statuses(personal_schedule(snapshot, course_progress(tmp_path, snapshot), today))
    assert found["m01"] == DONE and found["m02"] == OVERDUE


def test_overdue_starts_at_the_due_time(snapshot: Snapshot, tmp_path: Path) -> None:
    progress = course_progress(tmp_path, snapshot)
    due = next(d.due for d in snapshot.deadlines if d.item == "m01")
    assert due.weekday() == 4 and due.time() == snapshot.due_time  # Friday 17:00 local
    before = statuses(personal_schedule(snapshot, progress, due - dt.timedelta(minutes=1)))
    after = statuses(personal_schedule(snapshot, progress, due))
    assert before["m01"] == THIS_WEEK and after["m01"] == OVERDUE
    # a plain date means the start of that day: on the due Friday the module is not late yet
    assert statuses(personal_schedule(snapshot, progress, due.date()))["m01"] == THIS_WEEK
    utc = due.astimezone(dt.timezone.utc)
    assert as_moment(utc, snapshot.timezone) == due


def test_exams_and_practicum_become_past(snapshot: Snapshot, tmp_path: Path) -> None:
    progress = course_progress(tmp_path, snapshot)
    after_practice = next(d.due for d in snapshot.deadlines
                          if d.item == snapshot.practice.id) + dt.timedelta(hours=1)
    found = statuses(personal_schedule(snapshot, progress, after_practice))
    assert found[snapshot.practice.id] == PAST and found["practicum"] == UPCOMING
    assert found[snapshot.final.id] == UPCOMING


def test_phase_before_and_after_the_course(snapshot: Snapshot) -> None:
    before = snapshot.prework_start - dt.timedelta(days=3)
    assert course_phase(snapshot, before) == (
        f"Prework starts on {snapshot.prework_start:%A %d %B %Y}, in 3 days.")
    final = max(d.due for d in snapshot.deadlines)
    assert "complete" in course_phase(snapshot, final + dt.timedelta(minutes=1))
    assert course_phase(snapshot, at(snapshot, snapshot.practicum_start)) == (
        "This is practicum week.")
