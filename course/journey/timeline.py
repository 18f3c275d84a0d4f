"""The learner's personal schedule: the course calendar by week, marked with their own progress.

Weeks are Monday-based in the course's time zone: prework weeks 1..N (the last ones after the
modules are review weeks), then the practicum week, then the final-exam week. On a given moment
`now`, a module is *done* when completed (see progress), *overdue* when its due time has passed
and it is not done, *due this week* when due in the current week, else *upcoming*. Exams and the
practicum are *past*, *this week* or *upcoming*: their submission is not visible from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from course.journey.progress import ModuleProgress
from course.journey.snapshot import Snapshot
from course.schedule import Deadline, week_monday

DONE, OVERDUE, THIS_WEEK, UPCOMING, PAST = "done", "overdue", "due this week", "upcoming", "past"


@dataclass(frozen=True)
class ScheduleRow:
    """One dated item with the learner's status."""

    deadline: Deadline
    status: str
    link: str | None


@dataclass(frozen=True)
class Week:
    """One course week and its rows."""

    number: int
    monday: dt.date
    label: str
    rows: tuple[ScheduleRow, ...]
    current: bool

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


def as_moment(now: dt.date | dt.datetime, zone: str) -> dt.datetime:
    """An aware moment in the course zone; a plain date means the start of that day."""
    tz = ZoneInfo(zone)
    if isinstance(now, dt.datetime):
        return now.astimezone(tz) if now.tzinfo else now.replace(tzinfo=tz)
    return dt.datetime.combine(now, dt.time(0, 0), tzinfo=tz)


def week_label(snapshot: Snapshot, week: int) -> str:
    """A week's name: prework week n (review week), practicum week or final-exam week."""
    if week <= snapshot.prework_weeks:
        review = " (review week)" if week in snapshot.review_weeks else ""
        return f"Prework week {week}{review}"
    return "Practicum week" if week == snapshot.prework_weeks + 1 else "Final exam week"


def _status(deadline: Deadline, done: bool, moment: dt.datetime, this_monday: dt.date) -> str:
    due_week = week_monday(deadline.due.astimezone(moment.tzinfo).date())
    if deadline.kind == "module" and done:
        return DONE
    if deadline.due <= moment:
        return OVERDUE if deadline.kind == "module" else PAST
    return THIS_WEEK if due_week == this_monday else UPCOMING


def personal_schedule(snapshot: Snapshot, progress: list[ModuleProgress],
                      now: dt.date | dt.datetime) -> list[Week]:
    """Every course week with its rows marked for this learner at `now`."""
    moment = as_moment(now, snapshot.timezone)
    this_monday = week_monday(moment.date())
    completed = {p.module.id for p in progress if p.completed}
    by_week: dict[int, list[ScheduleRow]] = {}
    for deadline in snapshot.deadlines:
        status = _status(deadline, deadline.item in completed, moment, this_monday)
        by_week.setdefault(deadline.week, []).append(
            ScheduleRow(deadline, status, snapshot.assignment_link(deadline.item)))
    weeks = []
    for number in range(1, snapshot.prework_weeks + 3):
        monday = snapshot.week_monday(number)
        weeks.append(Week(number, monday, week_label(snapshot, number),
                          tuple(by_week.get(number, [])), monday == this_monday))
    return weeks


def overdue(weeks: list[Week]) -> list[ScheduleRow]:
    """The modules whose due time has passed and that are not completed."""
    return [row for week in weeks for row in week.rows if row.status == OVERDUE]


def due_this_week(weeks: list[Week]) -> list[ScheduleRow]:
    """The items due in the current week and not yet done or past."""
    return [row for week in weeks if week.current for row in week.rows
            if row.status == THIS_WEEK]


def course_phase(snapshot: Snapshot, now: dt.date | dt.datetime) -> str:
    """One sentence on where the calendar stands at `now`."""
    moment = as_moment(now, snapshot.timezone)
    today = moment.date()
    start = snapshot.prework_start
    final = max(d.due for d in snapshot.deadlines)
    if today < start:
        days = (start - today).days
        return f"Prework starts on {start:%A %d %B %Y}, in {days} day{'s' * (days != 1)}."
    if moment > final:
        return "The course calendar is complete: the final exam is behind you."
    week = (week_monday(today) - start).days // 7 + 1
    return f"This is {week_label(snapshot, week).lower()}."
