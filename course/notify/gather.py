"""The facts each message kind needs, read from the course root (read only) and course.yml.

Learners come from the roster; progress from the cohort analytics (gradebook and submitted/);
review plans from each learner's submitted answers files (course.journey, read with
widgets.store.read_answers, which changes nothing); certificates from certificates/; CPD hours
from the learner's submitted CPD log (`submitted/<learner>/cpd-log/`).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from course.notify import plan
from course.notify.plan import Planned

if TYPE_CHECKING:
    from course.analytics.summary import Analysis
    from course.config import CourseConfig
    from course.journey.cpd import Cycle
    from course.nbgrader_io import Learner


def _analysis(config: CourseConfig, root: Path, now: dt.datetime) -> Analysis:
    from course.analytics import analyse, load_cohort

    return analyse(load_cohort(config, root, today=now))


def _groups(config: CourseConfig) -> dict[str, str]:
    return {g.id: g.name for g in config.roster.groups}


def _learners(config: CourseConfig, root: Path) -> list[Learner]:
    from course.nbgrader_io import read_roster

    return read_roster(config, root)


def course_calendar(config: CourseConfig) -> bytes:
    """The course's .ics file."""
    from course.notify.calendar import calendar_ics
    from course.schedule import build_schedule

    return calendar_ics(build_schedule(config), config.id, config.title,
                        [m.id for m in config.modules], config.practicum.days)


def in_course(config: CourseConfig, week_start: dt.date) -> bool:
    """Whether a weekly period overlaps the course, from prework week 1 to the final exam."""
    from course.schedule import due_dates, prework_start

    final = due_dates(config)[config.exams.final.id].date()
    return prework_start(config) <= week_start + dt.timedelta(days=6) and week_start <= final


def is_review_week(config: CourseConfig, week_start: dt.date) -> bool:
    """Whether a weekly period starts in the week before the practicum week."""
    from course.schedule import week_monday

    practicum = week_monday(config.practicum.start)
    return practicum - dt.timedelta(days=7) <= week_start < practicum


def _passed(analysis: Analysis) -> frozenset[str]:
    final = analysis.final
    return frozenset(final.index[final["passed"].astype(bool)])


def _reviews(config: CourseConfig, root: Path, learners: list[Learner]) -> dict[str, list]:
    from course.journey.progress import course_progress
    from course.journey.review import review_plan
    from course.journey.snapshot import build_snapshot

    snapshot = build_snapshot(config)
    return {x.id: review_plan(course_progress(Path(root) / "submitted" / x.id, snapshot))
            for x in learners}


def certified_cycle(config: CourseConfig, root: Path, learner: Learner, today: dt.date
                    ) -> tuple[Cycle, list[str]] | None:
    """The learner's current CPD cycle and problems reading their log; None if not certified."""
    from course.credentials.badge import FOLDER
    from course.journey.cpd import ACTIVITY, SCOPE, cycles, parse_activity
    from widgets.store import read_answers

    path = Path(root) / FOLDER / f"{learner.id}.credential.json"
    if not path.exists():
        return None
    issued = dt.datetime.fromisoformat(
        json.loads(path.read_text(encoding="utf-8"))["validFrom"].replace("Z", "+00:00"))
    certified = issued.astimezone(config.zone).date()
    items, problems = read_answers(Path(root) / "submitted" / learner.id / SCOPE, SCOPE)
    activities = []
    for key, saved in sorted(items.items()):
        if key.startswith(ACTIVITY) and saved.value is not None:
            try:
                activities.append(parse_activity(key, saved.value))
            except ValueError as exc:
                problems.append(f"the activity {key!r} is left out ({exc})")
    current = cycles(certified, config.cpd.cycle_years, config.cpd.hours_per_cycle, activities,
                     today)[-1]
    return current, problems


def plan_messages(kind: str, config: CourseConfig, root: Path, now: dt.datetime
                  ) -> list[Planned]:
    """Every message of one kind owed at `now` (an aware moment), before the log is asked."""
    assert config.mail is not None
    root = Path(root)
    today = now.astimezone(config.zone).date()
    week = plan.nudge_day(today, config.mail.nudge_weekday_index)
    learners = _learners(config, root)
    if kind == "enrolment":
        from course.schedule import build_schedule

        return plan.enrolment(config, learners, build_schedule(config), _groups(config),
                              course_calendar(config))
    if kind == "cpd":
        found = [(x, *c) for x in learners
                 if (c := certified_cycle(config, root, x, today)) is not None]
        return plan.cpd(config, found, week)
    if not in_course(config, week) and kind == "weekly":
        return []
    analysis = _analysis(config, root, now)
    if kind == "digest":
        return plan.digest(config, analysis.roster, _groups(config), week)
    review = is_review_week(config, week)
    reviews = _reviews(config, root, learners) if review else {}
    return plan.weekly(config, learners, analysis.items, _passed(analysis), reviews, week, now,
                       review)
