"""Who gets which message in a run, and what it says: pure functions of the course's facts.

Kinds and rules (the period makes each message once per recipient, see log.py):
- enrolment: every learner on the roster, once: their schedule, where to start, the calendar.
- weekly: a nudge for the week that starts on course.yml's `mail.nudge_weekday`, from the first
  prework week to the final exam's week, to every learner who has not passed the final: what is
  due in the seven days from the nudge day and not yet submitted, what is overdue, and in the week
  before the practicum week their review plan. With `nudge_on_track: false` a learner with
  nothing overdue gets none; a learner with nothing to be told gets none either.
- cpd: every certified learner, each week: hours logged in the current cycle against the
  cycle's target and the renewal date (the end of the cycle).
- digest: the instructors, each week: who is at risk and why (the cohort dashboard's rules).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from course.analytics.progress import AT_RISK_LATE, AT_RISK_SCORE
from course.journey.cpd import Cycle
from course.journey.review import ReviewItem
from course.nbgrader_io import Learner
from course.schedule import Deadline, prework_start

if TYPE_CHECKING:
    from course.config import CourseConfig

KINDS = ("enrolment", "weekly", "cpd", "digest")
ENROLMENT = "enrolment"
INSTRUCTORS = "instructors"
REVIEW_MODULES = 3  # the review plan in a nudge names the modules most in need of review


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message."""

    filename: str
    content: bytes
    mime: str  # e.g. "text/calendar"


@dataclass(frozen=True)
class Planned:
    """One message owed to one recipient in one period, before it is rendered."""

    kind: str
    period: str
    recipient: str  # learner id, or INSTRUCTORS
    to: tuple[str, ...]
    subject: str
    context: Mapping[str, Any]
    attachments: tuple[Attachment, ...] = field(default=())


def nudge_day(today: dt.date, weekday_index: int) -> dt.date:
    """The latest nudge weekday on or before `today`: the day a weekly period starts."""
    return today - dt.timedelta(days=(today.weekday() - weekday_index) % 7)


def when(moment: dt.datetime, zone: str) -> str:
    """A due time as learners read it, in the course's zone."""
    local = pd.Timestamp(moment).tz_convert(zone)
    return f"{local:%A %d %B %Y, %H:%M} ({zone} time)"


def item_title(item: str, title: str, kind: str, numbers: Mapping[str, int]) -> str:
    """'Module 3: Needs analysis ...' for a module, the exam's title otherwise."""
    return f"Module {numbers[item]}: {title}" if kind == "module" else title


def enrolment(config: CourseConfig, learners: Sequence[Learner], deadlines: Sequence[Deadline],
              group_names: Mapping[str, str], calendar: bytes) -> list[Planned]:
    """The enrolment email of every learner: their dates and the calendar attachment."""
    numbers = {m.id: n for n, m in enumerate(config.modules, 1)}
    zone = config.timezone
    start = prework_start(config)
    practicum = next(d for d in deadlines if d.kind == "practicum")
    last = practicum.due.date() + dt.timedelta(days=config.practicum.days - 1)
    rows = [{"week": d.week, "title": item_title(d.item, d.title, d.kind, numbers),
             "due": when(d.due, zone)} for d in deadlines if d.kind != "practicum"]
    attachment = Attachment("course-calendar.ics", calendar, "text/calendar")
    out = []
    for learner in learners:
        context = {"name": learner.name, "course": config.title,
                   "group": group_names.get(learner.group, learner.group),
                   "start": f"{start:%A %d %B %Y}",
                   "weeks": config.pacing.prework_weeks,
                   "per_week": config.pacing.modules_per_week,
                   "due_weekday": config.pacing.due_weekday.capitalize(),
                   "due_time": f"{config.pacing.due_time:%H:%M}", "zone": zone, "rows": rows,
                   "practicum": f"{practicum.due.date():%A %d %B} to {last:%A %d %B %Y}"}
        out.append(Planned(ENROLMENT, ENROLMENT, learner.id, (learner.email,),
                           f"{config.title}: your schedule (start by {start:%d %B})",
                           context, (attachment,)))
    return out


def _review_rows(plan: Sequence[ReviewItem]) -> list[dict[str, Any]]:
    return [{"title": f"Module {i.progress.module.number}: {i.progress.module.title}",
             "readiness": f"{i.readiness:.0%}", "reasons": " ".join(i.reasons),
             "models": [f"{m.name} ({m.source})" for m in i.models]}
            for i in plan[:REVIEW_MODULES]]


def weekly(config: CourseConfig, learners: Sequence[Learner], items: pd.DataFrame,
           passed: frozenset[str], reviews: Mapping[str, Sequence[ReviewItem]],
           week_start: dt.date, now: dt.datetime, review_week: bool) -> list[Planned]:
    """This week's nudges (see the module docstring for who gets one)."""
    zone = config.timezone
    numbers = {m.id: n for n, m in enumerate(config.modules, 1)}
    end = pd.Timestamp(dt.datetime.combine(week_start + dt.timedelta(days=7), dt.time(0),
                                           tzinfo=config.zone))
    moment = pd.Timestamp(now)
    period = week_start.isoformat()
    out = []
    for learner in learners:
        if learner.id in passed:
            continue
        mine = items[items["learner"] == learner.id].sort_values(["due", "item"])
        open_ = mine[mine["submitted_at"].isna()]
        due = open_[(open_["due"] >= moment) & (open_["due"] < end)]
        late = open_[open_["due"] < moment]
        if late.empty and not config.mail.nudge_on_track:
            continue
        review = _review_rows(reviews.get(learner.id, ())) if review_week else []
        if due.empty and late.empty and not review:
            continue
        context = {
            "name": learner.name, "course": config.title, "week": f"{week_start:%d %B %Y}",
            "due": [{"title": item_title(r.item, r.title, r.kind, numbers),
                     "due": when(r.due, zone)} for r in due.itertuples()],
            "late": [{"title": item_title(r.item, r.title, r.kind, numbers),
                      "due": when(r.due, zone)} for r in late.itertuples()],
            "review": review}
        subject = (f"{config.title}: {len(late)} overdue, {len(due)} due this week"
                   if not late.empty else f"{config.title}: this week ({len(due)} due)")
        out.append(Planned("weekly", period, learner.id, (learner.email,), subject, context))
    return out


def cpd(config: CourseConfig, certified: Sequence[tuple[Learner, Cycle, list[str]]],
        week_start: dt.date) -> list[Planned]:
    """The CPD digest of every certified learner: (learner, current cycle, problems reading)."""
    out = []
    for learner, cycle, problems in certified:
        context = {"name": learner.name, "course": config.title, "cycle": cycle.number,
                   "start": f"{cycle.start:%d %B %Y}", "renewal": f"{cycle.last_day:%d %B %Y}",
                   "hours": f"{cycle.hours:g}", "required": f"{cycle.required:g}",
                   "remaining": f"{cycle.remaining:g}", "met": cycle.met,
                   "activities": len(cycle.activities), "problems": list(problems)}
        subject = (f"{config.title}: CPD {cycle.hours:g} of {cycle.required:g} hours, "
                   f"renewal {cycle.last_day:%d %B %Y}")
        out.append(Planned("cpd", week_start.isoformat(), learner.id, (learner.email,), subject,
                           context))
    return out


def digest(config: CourseConfig, roster: pd.DataFrame, group_names: Mapping[str, str],
           week_start: dt.date) -> list[Planned]:
    """One email to the instructors: every learner at risk, with the reasons."""
    if not config.mail.instructors:
        return []
    risky = roster[roster["at_risk"]]
    rows = [{"learner": r.learner, "name": r.name, "group": group_names.get(r.group, r.group),
             "status": r.status, "reasons": r.reasons} for r in risky.itertuples()]
    context = {"course": config.title, "week": f"{week_start:%d %B %Y}", "rows": rows,
               "total": len(roster), "late_limit": AT_RISK_LATE,
               "score_limit": f"{AT_RISK_SCORE:.0%}"}
    subject = f"{config.title}: {len(rows)} of {len(roster)} learners at risk"
    return [Planned("digest", week_start.isoformat(), INSTRUCTORS,
                    tuple(config.mail.instructors), subject, context)]
