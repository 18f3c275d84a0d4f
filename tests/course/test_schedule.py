"""Schedule arithmetic: two modules a week due on Fridays, six prework weeks, exams."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from course.config import CourseConfig, Practicum, load_config
from course.schedule import build_schedule, due_dates, prework_start

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def base() -> CourseConfig:
    return load_config(PROJECT / "course" / "course.yml")


def with_start(config: CourseConfig, start: str, zone: str | None = None) -> CourseConfig:
    update = {"practicum": Practicum(start=dt.date.fromisoformat(start))}
    if zone:
        update["timezone"] = zone
    return config.model_copy(update=update)


def test_practicum_on_a_monday(base: CourseConfig) -> None:
    config = with_start(base, "2027-03-01")
    due = due_dates(config)
    assert prework_start(config) == dt.date(2027, 1, 18)
    assert due["m01"].date() == due["m02"].date() == dt.date(2027, 1, 22)
    assert due["m09"].date() == due["m10"].date() == dt.date(2027, 2, 19)
    assert due["practice-exam"].date() == dt.date(2027, 2, 26)  # end of prework week 6
    assert due["final-exam"].date() == dt.date(2027, 3, 12)  # Friday after the practicum week
    assert all(d.weekday() == 4 and d.time() == dt.time(17, 0) for d in due.values())


def test_two_modules_each_week_in_order(base: CourseConfig) -> None:
    rows = [r for r in build_schedule(base) if r.kind == "module"]
    assert [r.week for r in rows] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert [r.item for r in rows] == [m.id for m in base.modules]


def test_practicum_on_a_wednesday_counts_from_its_week(base: CourseConfig) -> None:
    config = with_start(base, "2027-03-03")
    due = due_dates(config)
    assert prework_start(config) == dt.date(2027, 1, 18)
    assert (config.practicum.start - prework_start(config)).days >= 42
    assert due["m01"].date() == dt.date(2027, 1, 22)
    assert due["final-exam"].date() == dt.date(2027, 3, 12)


def test_across_a_year_boundary(base: CourseConfig) -> None:
    config = with_start(base, "2027-01-25").model_copy(
        update={"pacing": base.pacing.model_copy(update={"enrolment_date": None})})
    due = due_dates(config)
    assert prework_start(config) == dt.date(2026, 12, 14)
    assert due["m01"].date() == dt.date(2026, 12, 18)
    assert due["m05"].date() == dt.date(2027, 1, 1)  # week 3 spans New Year
    assert due["practice-exam"].date() == dt.date(2027, 1, 22)
    assert due["final-exam"].date() == dt.date(2027, 2, 5)


def test_across_a_daylight_saving_change(base: CourseConfig) -> None:
    # Europe/London moves to summer time on Sunday 28 March 2027.
    config = with_start(base, "2027-04-12", zone="Europe/London")
    due = due_dates(config)
    before, after = due["m08"], due["m09"]
    assert before.date() == dt.date(2027, 3, 26) and before.utcoffset() == dt.timedelta(0)
    assert after.date() == dt.date(2027, 4, 2) and after.utcoffset() == dt.timedelta(hours=1)
    assert before.hour == after.hour == 17  # local due time kept
    utc = dt.timezone.utc
    assert after.astimezone(utc) - before.astimezone(utc) == dt.timedelta(days=7, hours=-1)


def test_too_many_modules_for_the_prework_is_refused(base: CourseConfig) -> None:
    config = base.model_copy(update={"pacing": base.pacing.model_copy(
        update={"modules_per_week": 1})})
    with pytest.raises(ValueError, match="10 modules at 1 a week need 10 weeks"):
        build_schedule(config)
