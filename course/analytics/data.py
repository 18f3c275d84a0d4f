"""Everything the cohort analytics need, read once into DataFrames, and narrowed to a group.

`load_cohort` reads the schedule (course.yml), the roster, the gradebook, the submitted/ folder
and the exam papers' item-to-module map; every other analytics function is a pure function of the
resulting `CohortData`, so the views and the reports compute the same figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from course.analytics.gradebook import (
    read_gradebook,
    read_journal,
    read_roster_frame,
    read_submitted,
)

if TYPE_CHECKING:
    from course.config import CourseConfig

LEARNER_COLUMNS = ["learner", "name", "email", "group"]


@dataclass(frozen=True)
class CohortData:
    """One snapshot of the cohort: who, what is due when, what was submitted and scored."""

    config: CourseConfig
    today: pd.Timestamp  # the moment statuses are computed for (UTC)
    schedule: pd.DataFrame  # item, title, kind (module/practice/final), week, due
    learners: pd.DataFrame  # learner, name, email, group
    submissions: pd.DataFrame  # learner, assignment, submitted_at, graded, score, max_score
    grades: pd.DataFrame  # learner, assignment, cell, score, max_score
    exam_items: pd.DataFrame  # assignment, cell, item, module, points
    journal: pd.DataFrame  # learner, module, reflection, confidence
    group: str | None = None

    @property
    def module_ids(self) -> list[str]:
        return self.schedule.loc[self.schedule["kind"] == "module", "item"].tolist()

    def exam_id(self, kind: str) -> str:
        """The assignment id of the practice or final exam."""
        return getattr(self.config.exams, kind).id


def schedule_frame(config: CourseConfig) -> pd.DataFrame:
    """The dated items of the calendar (modules and exams; the practicum week has no item)."""
    from course.schedule import build_schedule

    rows = [(d.item, d.title, d.kind, d.week, pd.Timestamp(d.due).tz_convert("UTC"))
            for d in build_schedule(config) if d.kind != "practicum"]
    return pd.DataFrame(rows, columns=["item", "title", "kind", "week", "due"])


def exam_item_frame(config: CourseConfig, root: Path) -> pd.DataFrame:
    """Which module and bank item each exam grade cell belongs to (from the built exams)."""
    from course.exams.submissions import ITEM_PREFIX, exam_infos

    rows = []
    for exam_id, info in exam_infos(config, root).items():
        for cell, meta in info["items"].items():
            rows.append((exam_id, cell, cell.removeprefix(ITEM_PREFIX), meta["module"],
                         float(meta["points"])))
    return pd.DataFrame(rows, columns=["assignment", "cell", "item", "module", "points"])


def as_of(today: dt.datetime | None, submitted: pd.Series, schedule: pd.DataFrame
          ) -> pd.Timestamp:
    """The moment progress is judged at: `today` when given, else now.

    Submissions later than the clock only exist in a synthetic cohort generated for a finished
    course (course.cohort); such a snapshot is judged as of the end of the course (the last due
    date plus the grace period), unless `today` (or TMCERT_TODAY for the dashboard) says when.
    """
    if today is not None:
        stamp = pd.Timestamp(today)
        return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    now = pd.Timestamp.now(tz="UTC")
    latest = submitted.dropna().max() if submitted.notna().any() else pd.NaT
    if pd.notna(latest) and latest > now:
        from course.analytics.progress import GRACE_DAYS

        return max(latest, schedule["due"].max() + pd.Timedelta(days=GRACE_DAYS))
    return now


def _submissions(grades: pd.DataFrame, graded: pd.DataFrame,
                 folders: pd.DataFrame) -> pd.DataFrame:
    """One row per learner and assignment submitted: time (gradebook first), graded, score."""
    keys = ["learner", "assignment"]
    totals = grades.groupby(keys, as_index=False)[["score", "max_score"]].sum()
    merged = folders.merge(graded, on=keys, how="outer", suffixes=("_folder", "_gradebook"))
    # an empty gradebook gives an untyped column: keep the result a UTC datetime column
    merged["submitted_at"] = pd.to_datetime(merged["submitted_at_gradebook"].fillna(
        merged["submitted_at_folder"]), utc=True)
    merged["graded"] = merged.set_index(keys).index.isin(graded.set_index(keys).index)
    merged = merged[keys + ["submitted_at", "graded"]].merge(totals, on=keys, how="left")
    return merged.sort_values(keys).reset_index(drop=True)


def _learners(roster: pd.DataFrame, students: pd.DataFrame,
              submissions: pd.DataFrame) -> pd.DataFrame:
    """The roster, plus anyone the gradebook or submitted/ knows who is not on it (no group)."""
    known = set(roster["learner"])
    extra = students[~students["learner"].isin(known)].copy()
    extra["group"] = ""
    others = sorted(set(submissions["learner"]) - known - set(extra["learner"]))
    extra = pd.concat([extra, pd.DataFrame({"learner": others, "name": others, "email": "",
                                            "group": ""})], ignore_index=True)
    frames = [f for f in (roster, extra[LEARNER_COLUMNS]) if len(f)]
    merged = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=LEARNER_COLUMNS)
    return merged.sort_values("learner").reset_index(drop=True)


def load_cohort(config: CourseConfig, root: Path, today: dt.datetime | None = None
                ) -> CohortData:
    """Read the course root into a CohortData."""
    root = Path(root)
    schedule = schedule_frame(config)
    grades, graded, students = read_gradebook(root)
    submissions = _submissions(grades, graded, read_submitted(root))
    submissions = submissions[submissions["assignment"].isin(schedule["item"])]
    grades = grades[grades["assignment"].isin(schedule["item"])]
    learners = _learners(read_roster_frame(config, root), students, submissions)
    return CohortData(config, as_of(today, submissions["submitted_at"], schedule),
                      schedule, learners,
                      submissions.reset_index(drop=True), grades.reset_index(drop=True),
                      exam_item_frame(config, root),
                      read_journal(root, schedule.loc[schedule["kind"] == "module", "item"]
                                   .tolist()))


def for_group(data: CohortData, group: str | None) -> CohortData:
    """The full snapshot narrowed to one group's learners (None or "": everyone)."""
    if not group:
        return data
    ids = set(data.learners.loc[data.learners["group"] == group, "learner"])

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["learner"].isin(ids)].reset_index(drop=True)

    return replace(data, learners=keep(data.learners), submissions=keep(data.submissions),
                   grades=keep(data.grades), journal=keep(data.journal), group=group)
