"""The course calendar, computed from course.yml: module due dates, practice exam, final exam.

Rules: the practicum week is the Monday-based week containing the practicum start. Prework is the
`prework_weeks` whole weeks before it; modules are due `modules_per_week` at a time on the due
weekday of prework weeks 1, 2, ...; weeks left after the last module are review weeks. The
practice exam is due on the due weekday of the last prework week (the end of the prework); the
final exam is on the due weekday of the week after the practicum week. Times are local to the
course's zone, so a due time of 17:00 stays 17:00 across a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from course.config import CourseConfig


@dataclass(frozen=True)
class Deadline:
    """One dated item of the calendar."""

    item: str  # module or exam id
    title: str
    kind: str  # "module", "practice", "practicum", "final"
    week: int  # 1-based prework week; prework_weeks + 1 is the practicum week
    due: dt.datetime  # aware, in the course zone

    def as_row(self) -> dict[str, str | int]:
        return {"item": self.item, "title": self.title, "kind": self.kind, "week": self.week,
                "due": self.due.isoformat(), "weekday": self.due.strftime("%A")}


def week_monday(day: dt.date) -> dt.date:
    """The Monday of the week containing `day`."""
    return day - dt.timedelta(days=day.weekday())


def prework_start(config: CourseConfig) -> dt.date:
    """Monday of prework week 1: `prework_weeks` whole weeks before the practicum week."""
    return week_monday(config.practicum.start) - dt.timedelta(weeks=config.pacing.prework_weeks)


def _due(config: CourseConfig, monday: dt.date) -> dt.datetime:
    day = monday + dt.timedelta(days=config.pacing.due_weekday_index)
    return dt.datetime.combine(day, config.pacing.due_time, tzinfo=config.zone)


def module_weeks_needed(config: CourseConfig) -> int:
    """How many prework weeks the modules take at the configured pace."""
    return math.ceil(len(config.modules) / config.pacing.modules_per_week)


def build_schedule(config: CourseConfig) -> list[Deadline]:
    """Every deadline of the course in date order."""
    needed = module_weeks_needed(config)
    if needed > config.pacing.prework_weeks:
        raise ValueError(f"{len(config.modules)} modules at {config.pacing.modules_per_week} a "
                         f"week need {needed} weeks; prework_weeks is "
                         f"{config.pacing.prework_weeks}")
    start = prework_start(config)
    rows: list[Deadline] = []
    for index, module in enumerate(config.modules):
        week = index // config.pacing.modules_per_week + 1
        monday = start + dt.timedelta(weeks=week - 1)
        rows.append(Deadline(module.id, module.title, "module", week, _due(config, monday)))
    last_prework = start + dt.timedelta(weeks=config.pacing.prework_weeks - 1)
    practice = config.exams.practice
    rows.append(Deadline(practice.id, "Practice exam", "practice", config.pacing.prework_weeks,
                         _due(config, last_prework)))
    practicum_week = config.pacing.prework_weeks + 1
    rows.append(Deadline("practicum", "Practicum week", "practicum", practicum_week,
                         dt.datetime.combine(config.practicum.start, dt.time(9, 0),
                                             tzinfo=config.zone)))
    final_monday = week_monday(config.practicum.start) + dt.timedelta(weeks=1)
    rows.append(Deadline(config.exams.final.id, "Final exam", "final", practicum_week + 1,
                         _due(config, final_monday)))
    return rows


def due_dates(config: CourseConfig) -> dict[str, dt.datetime]:
    """Due date and time of every module and exam, by id."""
    return {d.item: d.due for d in build_schedule(config) if d.kind != "practicum"}
