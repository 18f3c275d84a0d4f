"""Final-exam results read from nbgrader's gradebook (through its API, never raw SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ExamResult:
    """One learner's graded submission of an assignment."""

    learner: str
    name: str
    email: str
    score: float
    max_score: float
    submitted: dt.datetime | None

    @property
    def fraction(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0


def exam_results(root: Path, assignment_id: str) -> list[ExamResult]:
    """Every graded submission of an assignment, by learner id."""
    from nbgrader.api import Gradebook, MissingEntry

    from course.analytics.gradebook import db_url
    from course.nbgrader_io import ensure_tools_on_path

    ensure_tools_on_path()
    results = []
    with Gradebook(db_url(root)) as gb:
        try:
            submissions = gb.assignment_submissions(assignment_id)
        except MissingEntry:
            return []
        for sub in submissions:
            student = sub.student
            name = " ".join(p for p in (student.first_name, student.last_name) if p)
            results.append(ExamResult(student.id, name or student.id, student.email or "",
                                      float(sub.score), float(sub.max_score), sub.timestamp))
    return sorted(results, key=lambda r: r.learner)
