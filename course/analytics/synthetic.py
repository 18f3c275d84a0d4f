"""Synthetic gradebook entries: what nbgrader autograde would record, without running kernels.

For benchmark cohorts (course.cohort) too large to grade with nbgrader in reasonable time; the
demo and the tests grade with nbgrader itself, and a test checks that both record the same
scores. Answers are scored with the checks the autograder cells call (widgets.checks through
`Module.grade` for knowledge checks; the key for exam items), and the rows are nbgrader's own
mapped classes inserted through SQLAlchemy, so any gradebook database works.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.cohort import Task, released_tasks
from widgets.store import Saved

if TYPE_CHECKING:
    from course.config import CourseConfig


def _cell_score(task: Task, cell: str, top: float, answers: dict[str, Saved]) -> float:
    """What the autograder test cell `cell` scores for these answers (kit.grade, grade_item)."""
    from widgets.checks import check

    if task.kind == "module":  # cells are kc-<item id> (course.sources.module_notebook)
        saved = answers.get(cell.removeprefix("kc-"))
        if saved is None or task.content is None:
            return 0.0
        return round(check(task.content.item(cell.removeprefix("kc-")), saved.value).score
                     * top, 6)
    keys = {item_id: key for item_id, key, _options in task.items}
    item_id = cell.removeprefix("item-")
    saved = answers.get(item_id)
    return top if saved is not None and item_id in keys and saved.value == keys[item_id] else 0.0


def _timestamps(root: Path, assignment: str) -> dict[str, dt.datetime]:
    """Each learner's submission time of an assignment, as naive UTC (how nbgrader stores it)."""
    import pandas as pd

    from course.analytics.gradebook import parse_times

    paths = sorted((root / "submitted").glob(f"*/{assignment}/timestamp.txt"))
    times = parse_times(pd.Series([p.read_text(encoding="utf-8") for p in paths], dtype=object))
    return {path.parent.parent.name: when.tz_convert(None).to_pydatetime()
            for path, when in zip(paths, times, strict=True) if pd.notna(when)}


def record_synthetic_grades(config: CourseConfig, root: Path) -> int:
    """Record the grades autograde would give each generated submission, without any kernel.

    For benchmark cohorts too large to grade with nbgrader in reasonable time (the demo and the
    tests grade with nbgrader itself). It scores the answers files with the same checks the
    autograder cells call and inserts rows of nbgrader's own mapped classes (Student,
    SubmittedAssignment, SubmittedNotebook, Grade, Comment) through SQLAlchemy, in bulk, so any
    gradebook database works; submissions already in the gradebook are left alone. Returns the
    number of submissions recorded.
    """
    from nbgrader.api import Gradebook, Student, SubmittedAssignment

    from course.analytics.gradebook import db_url
    from course.nbgrader_io import ensure_tools_on_path, read_roster

    root = Path(root)
    ensure_tools_on_path()
    recorded = 0
    with Gradebook(db_url(root)) as gb:
        known = {sid for (sid,) in gb.db.query(Student.id)}
        people = {}
        for person in read_roster(config, root):
            first, _, last = person.name.partition(" ")
            people[person.id] = {"id": person.id, "first_name": first, "last_name": last,
                                 "email": person.email}
        for task in released_tasks(config, root):
            assignment = gb.find_assignment(task.id)
            done = {sid for (sid,) in gb.db.query(SubmittedAssignment.student_id)
                    .filter(SubmittedAssignment.assignment_id == assignment.id)}
            times = {k: v for k, v in _timestamps(root, task.id).items() if k not in done}
            new = [people.get(k, {"id": k}) for k in times if k not in known]
            known.update(p["id"] for p in new)
            rows = _submission_rows(root, task, assignment, times)
            _bulk_insert(gb, [(Student, new), *rows])
            recorded += len(times)
    return recorded


def _submission_rows(root: Path, task: Task, assignment: Any,
                     times: dict[str, dt.datetime]) -> list[tuple[Any, list[dict]]]:
    """The rows nbgrader's add_submission and autograde would leave for these submissions."""
    from nbgrader.api import Comment, Grade, SubmittedAssignment, SubmittedNotebook, new_uuid

    from widgets.store import read_answers

    layout = [(nb.id, [(c.id, c.name, float(c.max_score)) for c in nb.grade_cells],
               [c.id for c in nb.solution_cells]) for nb in assignment.notebooks]
    subs, notebooks, grades, comments = [], [], [], []
    for learner, when in times.items():
        answers, _problems = read_answers(root / "submitted" / learner / task.id, task.id)
        sub_id = new_uuid()
        subs.append({"id": sub_id, "assignment_id": assignment.id, "student_id": learner,
                     "timestamp": when})
        for notebook_id, cells, solutions in layout:
            nb_id = new_uuid()
            notebooks.append({"id": nb_id, "notebook_id": notebook_id, "assignment_id": sub_id})
            grades += [{"id": new_uuid(), "cell_id": cell_id, "notebook_id": nb_id,
                        "auto_score": _cell_score(task, name, top, answers),
                        "needs_manual_grade": False} for cell_id, name, top in cells]
            comments += [{"id": new_uuid(), "cell_id": cell_id, "notebook_id": nb_id}
                         for cell_id in solutions]
    return [(SubmittedAssignment, subs), (SubmittedNotebook, notebooks), (Grade, grades),
            (Comment, comments)]


def _bulk_insert(gb: Any, tables: list[tuple[Any, list[dict]]]) -> None:
    """Insert rows of mapped classes in order (parents first) and commit them together."""
    from sqlalchemy import insert

    for model, rows in tables:
        if rows:
            gb.db.execute(insert(model), rows)
    gb.db.commit()
