"""A hand-made three-learner CohortData whose every figure is worked out in the tests.

Schedule (course.yml): m01, m02 due Fri 22 Jan 2027 17:00; m03, m04 due 29 Jan; m05, m06 5 Feb;
practice exam 26 Feb; final exam 12 Mar (London is on UTC then).
- ann (g1): m01, m02, m04 on time, m03 late; KC 5/6, 6/6, 3/6, 6/6.
- ben (g1): m01, m02 late, m03 and m04 not submitted; KC 2/6, 3/6.
- cat (g2): m01 not submitted, m02 and m03 on time, m04 not submitted; KC 6/6, 6/6.
Practice exam (items p1, p2 of m01 and p3 of m02, 1 point each): ann 1,1,0; ben 0,1,1; cat 0,0,1.
Final exam (f1, f2 of m01; f3, f4 of m02): ann 1,1,1,0; ben 1,0,1,0; cat 1,1,1,1.
"""

from __future__ import annotations

import pandas as pd

from course.analytics.data import CohortData, schedule_frame
from course.config import CourseConfig

EARLY = pd.Timestamp("2027-02-03 12:00", tz="UTC")  # m01-m04 past due, m05 on open
LATE = pd.Timestamp("2027-04-01 12:00", tz="UTC")  # the course is over


def _t(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


MODULE_SUBMISSIONS = [
    ("ann", "m01", "2027-01-20 10:00", 5), ("ann", "m02", "2027-01-22 16:00", 6),
    ("ann", "m03", "2027-01-30 10:00", 3), ("ann", "m04", "2027-01-28 09:00", 6),
    ("ben", "m01", "2027-01-23 09:00", 2), ("ben", "m02", "2027-01-24 09:00", 3),
    ("cat", "m02", "2027-01-21 12:00", 6), ("cat", "m03", "2027-01-29 16:59", 6),
]
PRACTICE = {"ann": (1, 1, 0), "ben": (0, 1, 1), "cat": (0, 0, 1)}
FINAL = {"ann": (1, 1, 1, 0), "ben": (1, 0, 1, 0), "cat": (1, 1, 1, 1)}


def snapshot(config: CourseConfig, today: pd.Timestamp = EARLY,
             exams: bool = False) -> CohortData:
    """The three learners as of `today`, with the exams submitted and graded when `exams`."""
    learners = pd.DataFrame([("ann", "Ann Archer", "ann@example.org", "g1"),
                             ("ben", "Ben <b>Bell</b>", "ben@example.org", "g1"),
                             ("cat", "Cat Cole", "cat@example.org", "g2")],
                            columns=["learner", "name", "email", "group"])
    subs = [(who, what, _t(when), True, float(score), 6.0)
            for who, what, when, score in MODULE_SUBMISSIONS]
    grades = []
    items = [("practice-exam", "item-p1", "p1", "m01"), ("practice-exam", "item-p2", "p2", "m01"),
             ("practice-exam", "item-p3", "p3", "m02"), ("final-exam", "item-f1", "f1", "m01"),
             ("final-exam", "item-f2", "f2", "m01"), ("final-exam", "item-f3", "f3", "m02"),
             ("final-exam", "item-f4", "f4", "m02")]
    if exams:
        for exam, marks, when in (("practice-exam", PRACTICE, "2027-02-25 10:00"),
                                  ("final-exam", FINAL, "2027-03-12 11:00")):
            cells = [cell for e, cell, _, _ in items if e == exam]
            for who, scores in marks.items():
                subs.append((who, exam, _t(when), True, float(sum(scores)), float(len(scores))))
                grades += [(who, exam, cell, float(s), 1.0)
                           for cell, s in zip(cells, scores, strict=True)]
    submissions = pd.DataFrame(subs, columns=["learner", "assignment", "submitted_at", "graded",
                                              "score", "max_score"])
    journal = pd.DataFrame([("ann", "m01", "Useful <script>x()</script>", 4),
                            ("ann", "m02", "", 5), ("ben", "m01", "Hard going", 2)],
                           columns=["learner", "module", "reflection", "confidence"])
    journal["confidence"] = journal["confidence"].astype("Float64")
    return CohortData(
        config, today, schedule_frame(config), learners, submissions,
        pd.DataFrame(grades, columns=["learner", "assignment", "cell", "score", "max_score"]),
        pd.DataFrame([(e, c, i, m, 1.0) for e, c, i, m in items],
                     columns=["assignment", "cell", "item", "module", "points"]),
        journal)
