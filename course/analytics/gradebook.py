"""Read the course root into DataFrames: nbgrader's gradebook, the roster and the submissions.

The gradebook is read through nbgrader's API (`nbgrader.api.Gradebook` and its mapped classes,
queried through its SQLAlchemy session), never with hand-written SQL, so the same code serves a
SQLite file or PostgreSQL named by `db_url` in the root's nbgrader_config.py. The submitted/
folder is only read: its timestamp.txt files show submissions not graded yet, and its answers
files hold the reflections and confidence ratings (which are never scored).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from course.config import CourseConfig

GRADE_COLUMNS = ["learner", "assignment", "cell", "score", "max_score"]
SUBMISSION_COLUMNS = ["learner", "assignment", "submitted_at"]
JOURNAL_COLUMNS = ["learner", "module", "reflection", "confidence"]


def db_url(root: Path) -> str:
    """The gradebook URL the root's nbgrader_config.py names (SQLite beside it by default)."""
    from course.nbgrader_io import gradebook_url, load_nbgrader_config

    if not (Path(root) / "nbgrader_config.py").exists():
        return gradebook_url(root)
    return str(load_nbgrader_config(root).CourseDirectory.db_url or gradebook_url(root))


def _utc(value: dt.datetime | None) -> pd.Timestamp:
    """nbgrader stores naive UTC datetimes; make them aware."""
    if value is None:
        return pd.NaT
    return pd.Timestamp(value).tz_localize("UTC") if value.tzinfo is None else \
        pd.Timestamp(value).tz_convert("UTC")


def read_gradebook(root: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(grades, submissions, students) from the gradebook; empty frames when it is missing."""
    from nbgrader.api import (
        Assignment,
        Grade,
        Gradebook,
        GradeCell,
        Student,
        SubmittedAssignment,
        SubmittedNotebook,
    )

    from course.nbgrader_io import ensure_tools_on_path

    url = db_url(root)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return (pd.DataFrame(columns=GRADE_COLUMNS), pd.DataFrame(columns=SUBMISSION_COLUMNS),
                pd.DataFrame(columns=["learner", "name", "email"]))
    ensure_tools_on_path()
    with Gradebook(url) as gb:
        query = (gb.db.query(SubmittedAssignment.student_id, Assignment.name, GradeCell.name,
                             Grade.score, GradeCell.max_score)
                 .select_from(Grade)
                 .join(GradeCell, Grade.cell_id == GradeCell.id)
                 .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
                 .join(SubmittedAssignment,
                       SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                 .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id))
        # read_sql fills the frame straight from the cursor: ~3x faster than ORM rows
        grade_frame = pd.read_sql(query.statement, gb.db.connection())
        submitted = (gb.db.query(SubmittedAssignment.student_id, Assignment.name,
                                 SubmittedAssignment.timestamp)
                     .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id).all())
        students = gb.db.query(Student.id, Student.first_name, Student.last_name,
                               Student.email).all()
    grade_frame.columns = GRADE_COLUMNS
    grade_frame[["score", "max_score"]] = grade_frame[["score", "max_score"]].astype(float)
    sub_frame = pd.DataFrame([(s, a, _utc(t)) for s, a, t in submitted],
                             columns=SUBMISSION_COLUMNS)
    people = pd.DataFrame([(i, " ".join(p for p in (first, last) if p), e or "")
                           for i, first, last, e in students], columns=["learner", "name", "email"])
    return grade_frame, sub_frame, people


def read_submitted(root: Path) -> pd.DataFrame:
    """Every submission folder with its timestamp.txt (graded or not): learner, assignment, time."""
    rows = []
    base = Path(root) / "submitted"
    if not base.is_dir():
        return pd.DataFrame(columns=SUBMISSION_COLUMNS)
    for learner in os.scandir(base):
        if not learner.is_dir() or learner.name.startswith("."):
            continue
        for folder in os.scandir(learner.path):
            if not folder.is_dir() or folder.name.startswith("."):
                continue
            try:
                with open(os.path.join(folder.path, "timestamp.txt"), encoding="utf-8") as fh:
                    text = fh.read().strip()
            except (OSError, UnicodeDecodeError):
                text = ""
            rows.append((learner.name, folder.name, text))
    frame = pd.DataFrame(rows, columns=SUBMISSION_COLUMNS)
    frame["submitted_at"] = parse_times(frame["submitted_at"])
    return frame


def parse_times(texts: pd.Series) -> pd.Series:
    """nbgrader timestamps ("2027-01-22 16:55:00.000000 UTC") as UTC times, NaT if unreadable.

    pandas parses the usual form in one pass; anything else goes through nbgrader's parser.
    """
    from nbgrader.utils import parse_utc

    texts = texts.astype(str).str.strip()
    parsed = pd.to_datetime(texts.str.removesuffix(" UTC"), utc=True, errors="coerce",
                            format="ISO8601")
    for index in parsed.index[parsed.isna() & (texts != "")]:
        try:
            parsed[index] = _utc(parse_utc(texts[index]))
        except (ValueError, OverflowError):
            pass
    return parsed


def read_journal(root: Path, module_ids: list[str]) -> pd.DataFrame:
    """Reflections and confidence ratings from the submitted answers files of each module.

    Read with widgets.store.read_answers (which changes nothing); an unreadable file gives an
    empty row.
    """
    from widgets.store import read_answers

    rows = []
    base = Path(root) / "submitted"
    if base.is_dir():
        for learner in sorted(p.name for p in base.iterdir() if p.is_dir()):
            for module in module_ids:
                folder = base / learner / module
                if not folder.is_dir():
                    continue
                items, _problems = read_answers(folder, module)
                reflection = items["reflection"].value if "reflection" in items else None
                confidence = items["confidence"].value if "confidence" in items else None
                text = reflection if isinstance(reflection, str) else ""
                rating = confidence if isinstance(confidence, int) \
                    and not isinstance(confidence, bool) else None
                rows.append((learner, module, text, rating))
    frame = pd.DataFrame(rows, columns=JOURNAL_COLUMNS)
    frame["confidence"] = frame["confidence"].astype("Float64")
    return frame


def read_roster_frame(config: CourseConfig, root: Path) -> pd.DataFrame:
    """The roster as a DataFrame (learner, name, email, group)."""
    from course.nbgrader_io import read_roster

    rows = [(r.id, r.name, r.email, r.group) for r in read_roster(config, root)]
    return pd.DataFrame(rows, columns=["learner", "name", "email", "group"])
