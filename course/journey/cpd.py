"""The CPD log: activities a certified learner records toward recertification.

An activity has a date, a kind (course, roundtable, conference, reading, other), hours (> 0)
and notes. Cycles are counted from the certificate date in blocks of `cpd.cycle_years` years
(course.yml): cycle 1 runs from the certificate date up to the day before its first anniversary
block ends, cycle 2 starts that day, and so on (29 February moves to 28 February, as the
credential's validUntil does). An activity counts toward the cycle its date falls in; hours
before the certificate date count toward none.

The log is stored through widgets.store (scope `cpd-log`, beside the notebook): one item per
activity so that two open notebooks never lose each other's entries, atomic writes, and a
damaged file kept aside. A removed activity is stored as null so a merge cannot bring it back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.credentials.badge import add_years
from widgets.store import AnswerStore

SCOPE = "cpd-log"
CERTIFICATE_DATE = "certificate-date"
ACTIVITY = "activity-"
KINDS = {"course": "Course", "roundtable": "Roundtable", "conference": "Conference",
         "reading": "Reading", "other": "Other"}
NOTES_MAX_CHARS = 2000
MAX_HOURS = 24 * 7  # one entry covers at most a week of full days
CSV_FILE = "cpd-log.csv"


@dataclass(frozen=True)
class Activity:
    """One CPD activity."""

    id: str
    day: dt.date
    kind: str
    hours: float
    notes: str

    def value(self) -> dict[str, Any]:
        """The plain-JSON form stored in the answers file."""
        return {"date": self.day.isoformat(), "kind": self.kind, "hours": self.hours,
                "notes": self.notes}


def activity_problem(day: Any, kind: Any, hours: Any, notes: Any, today: dt.date) -> str | None:
    """Why an activity cannot be recorded, or None when it can."""
    if not isinstance(day, dt.date):
        return "choose the date of the activity"
    if day > today:
        return "the date is in the future; record an activity once it has happened"
    if kind not in KINDS:
        return f"choose a kind: {', '.join(KINDS)}"
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not math.isfinite(hours):
        return "enter the hours as a number"
    if hours <= 0:
        return "hours must be more than 0"
    if hours > MAX_HOURS:
        return f"one entry covers at most {MAX_HOURS} hours; split longer activities"
    if not isinstance(notes, str) or len(notes) > NOTES_MAX_CHARS:
        return f"notes are text of at most {NOTES_MAX_CHARS:,} characters"
    return None


def parse_activity(item_id: str, value: Any) -> Activity:
    """An activity from its stored value; ValueError when the value is malformed."""
    if not isinstance(value, dict):
        raise ValueError("not a mapping")
    try:
        day = dt.date.fromisoformat(value["date"])
    except (KeyError, TypeError, ValueError):
        raise ValueError("no valid date") from None
    kind, hours, notes = value.get("kind"), value.get("hours"), value.get("notes", "")
    problem = activity_problem(day, kind, hours, notes, dt.date.max)
    if problem:
        raise ValueError(problem)
    return Activity(item_id.removeprefix(ACTIVITY), day, kind, float(hours), notes)


@dataclass(frozen=True)
class Cycle:
    """One recertification cycle and the activities dated in it."""

    number: int
    start: dt.date
    end: dt.date  # first day of the next cycle
    required: float
    activities: tuple[Activity, ...]

    @property
    def hours(self) -> float:
        return round(sum(a.hours for a in self.activities), 6)

    @property
    def remaining(self) -> float:
        return round(max(0.0, self.required - self.hours), 6)

    @property
    def met(self) -> bool:
        return self.hours >= self.required

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


def cycle_start(certified: dt.date, years: int, number: int) -> dt.date:
    """The first day of cycle `number` (1-based)."""
    return add_years(certified, years * (number - 1))


def cycle_number(certified: dt.date, years: int, day: dt.date) -> int | None:
    """The cycle a date falls in, or None before the certificate date."""
    if day < certified:
        return None
    number = (day.year - certified.year) // years + 1
    while cycle_start(certified, years, number) > day:
        number -= 1
    while cycle_start(certified, years, number + 1) <= day:
        number += 1
    return number


def cycles(certified: dt.date, years: int, required: float, activities: list[Activity],
           today: dt.date) -> list[Cycle]:
    """Every cycle from the first to the current one (the first when today precedes it)."""
    current = cycle_number(certified, years, today) or 1
    out = []
    for number in range(1, current + 1):
        start = cycle_start(certified, years, number)
        end = cycle_start(certified, years, number + 1)
        dated = tuple(sorted((a for a in activities if start <= a.day < end),
                             key=lambda a: (a.day, a.id)))
        out.append(Cycle(number, start, end, required, dated))
    return out


def _cell(text: str) -> str:
    """Keep a spreadsheet from reading learner text as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(activities: list[Activity], certified: dt.date | None, years: int) -> str:
    """The log as CSV: date, kind, hours, cycle (blank before certification), notes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "kind", "hours", "cycle", "notes"])
    for a in sorted(activities, key=lambda a: (a.day, a.id)):
        number = cycle_number(certified, years, a.day) if certified else None
        writer.writerow([a.day.isoformat(), a.kind, f"{a.hours:g}",
                         "" if number is None else number, _cell(a.notes)])
    return buffer.getvalue()


class CpdLog:
    """A learner's CPD log, read from and written through the answers store."""

    def __init__(self, store: AnswerStore) -> None:
        self.store = store

    @classmethod
    def open(cls, folder: Path | str) -> CpdLog:
        """Open (or start) the log in a folder; a damaged file is kept aside and reported."""
        return cls(AnswerStore.open(Path(folder), SCOPE))

    def reload(self) -> None:
        """Read the file again (another open notebook may have changed it)."""
        self.store = AnswerStore.open(self.store.directory, SCOPE)

    @property
    def problems(self) -> list[str]:
        """Problems met reading the file or its entries."""
        return [*self.store.problems, *self._entries()[1]]

    @property
    def certificate_date(self) -> dt.date | None:
        saved = self.store.get(CERTIFICATE_DATE)
        try:
            return dt.date.fromisoformat(saved.value) if saved else None
        except (TypeError, ValueError):
            return None

    def _entries(self) -> tuple[list[Activity], list[str]]:
        found, problems = [], []
        for key, saved in sorted(self.store.items.items()):
            if not key.startswith(ACTIVITY) or saved.value is None:
                continue
            try:
                found.append(parse_activity(key, saved.value))
            except ValueError as exc:
                problems.append(f"the saved activity {key!r} is malformed ({exc}) and is left out")
        return sorted(found, key=lambda a: (a.day, a.id)), problems

    @property
    def activities(self) -> list[Activity]:
        """Recorded activities in date order (removed and malformed ones left out)."""
        return self._entries()[0]

    def set_certificate_date(self, day: dt.date, today: dt.date) -> None:
        """Record the certificate date (the issue date printed on the certificate)."""
        if not isinstance(day, dt.date) or day > today:
            raise ValueError("choose the certificate's issue date (not in the future)")
        self.store.save(CERTIFICATE_DATE, day.isoformat())

    def add(self, day: Any, kind: Any, hours: Any, notes: Any, today: dt.date) -> Activity:
        """Record an activity; ValueError with the reason when it cannot be recorded."""
        problem = activity_problem(day, kind, hours, notes, today)
        if problem:
            raise ValueError(problem)
        activity = Activity(uuid.uuid4().hex[:12], day, kind, float(hours), notes.strip())
        self.store.save(ACTIVITY + activity.id, activity.value())
        return activity

    def remove(self, activity_id: str) -> None:
        """Remove an activity (stored as null, so other open notebooks do not restore it)."""
        if ACTIVITY + activity_id not in self.store.items:
            raise KeyError(f"no activity {activity_id!r}")
        self.store.save(ACTIVITY + activity_id, None)
