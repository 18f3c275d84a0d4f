"""What happened to each submission of an assignment (module or exam), with reasons a person reads.

`inspect_submission` reads a submission folder (never writes) and names everything unusual:
empty folder, missing or unreadable notebook, deleted, edited or added cells, a missing or bad
answers file, answers that are not option ids. `collect_results` adds what grading left behind:
the score and lateness from nbgrader's gradebook API and cells interrupted by the time limit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.errors import ConfigError
from course.exams.bank import OPTION_IDS

if TYPE_CHECKING:
    from course.config import CourseConfig

TIMEOUT_ERRORS = {"CellTimeoutError", "KeyboardInterrupt", "DeadKernelError", "TimeoutError"}
ITEM_PREFIX = "item-"


@dataclass(frozen=True)
class LearnerResult:
    """One learner's result for one assignment."""

    learner: str
    status: str  # graded | not graded | empty | no submission
    score: float | None = None
    max_score: float | None = None
    late_seconds: float = 0.0
    notes: tuple[str, ...] = ()
    grades: dict[str, tuple[float, float]] = field(default_factory=dict)  # grade id -> score, max


def submission_folder(root: Path, learner: str, assignment: str) -> Path:
    """Where nbgrader expects a learner's submission."""
    return Path(root) / "submitted" / learner / assignment


def submission_learners(root: Path, assignment: str, with_notebooks: bool = False) -> list[str]:
    """Learners with a submission folder for the assignment (optionally holding a notebook)."""
    found = sorted(p.parent.name for p in (Path(root) / "submitted").glob(f"*/{assignment}")
                   if p.is_dir())
    if with_notebooks:
        found = [x for x in found
                 if any(submission_folder(root, x, assignment).glob("*.ipynb"))]
    return found


def db_url(root: Path) -> str:
    """The gradebook URL the course root's nbgrader config names."""
    from course.nbgrader_io import load_nbgrader_config

    return load_nbgrader_config(root).CourseDirectory.db_url


def exam_infos(config: CourseConfig, root: Path, only: str | None = None) -> dict[str, Any]:
    """Key-free info of each released exam (from its source notebook), by exam id."""
    from course.exams.bank import load_bank
    from course.exams.blueprint import KINDS, exam_of
    from course.exams.diagnostics import exam_info
    from course.exams.notebook import paper_from_notebook

    infos: dict[str, Any] = {}
    bank = None
    for kind in KINDS:
        exam = exam_of(config, kind)
        path = Path(root) / "source" / exam.id / f"{exam.id}.ipynb"
        if (only is not None and exam.id != only) or not path.exists():
            continue
        bank = bank or load_bank(config)
        cells, problem = _read_cells(path)
        if cells is None:
            raise ConfigError(f"{path}: {problem}")
        paper = paper_from_notebook(config, kind, cells, bank)
        infos[exam.id] = exam_info(config, paper, bank)
    return infos


def _nbgrader(cell: dict) -> dict:
    meta = cell.get("metadata")
    found = meta.get("nbgrader") if isinstance(meta, dict) else None
    return found if isinstance(found, dict) else {}


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _cells_by_id(cells: list[dict]) -> dict[str, dict]:
    return {_nbgrader(c)["grade_id"]: c for c in cells if _nbgrader(c).get("grade_id")}


def _read_cells(path: Path) -> tuple[list[dict] | None, str]:
    """A notebook's cells as plain JSON (fast; no schema validation), or the problem."""
    try:
        data = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        detail = f"{exc.msg}, line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else exc
        return None, f"{path.name} is not valid JSON ({detail}); nbgrader cannot grade it"
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        return None, f"{path.name} is not a notebook (no list of cells); nbgrader cannot grade it"
    return cells, ""


@lru_cache(maxsize=16)
def _released_cells(path: str, _mtime: int) -> list[dict]:
    return _read_cells(Path(path))[0] or []


def _cell_notes(name: str, submitted: list[dict], released: list[dict]) -> list[str]:
    notes = []
    mine, theirs = _cells_by_id(submitted), _cells_by_id(released)
    deleted = [g for g in theirs if g not in mine]
    tests = [g for g in deleted if _nbgrader(theirs[g]).get("grade")]
    if tests:
        notes.append(f"{name}: autograder cell(s) deleted: {', '.join(tests)}; nbgrader "
                     "scores them 0 and marks them for grading by hand")
    others = [g for g in deleted if g not in tests]
    if others:
        notes.append(f"{name}: locked cell(s) deleted: {', '.join(others)}")
    edited = [g for g, c in mine.items() if g in theirs and _nbgrader(theirs[g]).get("locked")
              and _source(c) != _source(theirs[g])]
    if edited:
        notes.append(f"{name}: locked cell(s) edited: {', '.join(edited)}; the released "
                     "version was restored for grading")
    extra = sum(1 for c in submitted if not _nbgrader(c).get("grade_id"))
    if extra:
        notes.append(f"{name}: {extra} extra cell(s) added; they were run but not scored")
    return notes


def _answer_notes(folder: Path, scope: str, item_ids: list[str] | None) -> list[str]:
    from widgets.store import answers_path, read_answers

    path = answers_path(folder, scope)
    if not path.exists():
        return [f"answers file {path.name} is missing: no answer could be scored"]
    items, problems = read_answers(folder, scope)
    notes = [f"answers file {path.name}: {p}" for p in problems]
    for item_id in item_ids or []:
        saved = items.get(item_id)
        if saved is None:
            continue
        if not isinstance(saved.value, str):
            notes.append(f"answer to {item_id} is not an option id "
                         f"({type(saved.value).__name__}); scored 0")
        elif saved.value not in OPTION_IDS:
            notes.append(f"answer to {item_id} names unknown option {saved.value!r}; scored 0")
    if item_ids is not None and not problems:
        unanswered = [i for i in item_ids if i not in items]
        if unanswered:
            notes.append(f"{len(unanswered)} of {len(item_ids)} item(s) unanswered")
    return notes


def _timestamp_note(folder: Path) -> list[str]:
    from nbgrader.utils import parse_utc

    path = folder / "timestamp.txt"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8", errors="replace").strip()
    try:
        parse_utc(text)
    except (ValueError, OverflowError):
        return [f"timestamp.txt holds {text[:40]!r}, not a time: nbgrader cannot grade it"]
    return []


def inspect_submission(root: Path, assignment: str, learner: str,
                       item_ids: list[str] | None = None) -> list[str]:
    """Everything unusual about one submission folder; reads only."""
    folder = submission_folder(root, learner, assignment)
    if not any(p.is_file() for p in folder.rglob("*")):
        return ["empty submission folder: nothing to grade"]
    notes = _timestamp_note(folder)
    for released in sorted((Path(root) / "release" / assignment).glob("*.ipynb")):
        path = folder / released.name
        if not path.exists():
            notes.append(f"{path.name} is missing: nothing of it can be graded")
            continue
        cells, problem = _read_cells(path)
        if cells is None:
            notes.append(problem)
            continue
        notes += _cell_notes(path.name, cells,
                             _released_cells(str(released), released.stat().st_mtime_ns))
    return notes + _answer_notes(folder, assignment, item_ids)


def _timeouts(path: Path, limit: int) -> list[str]:
    cells, _ = _read_cells(path) if path.exists() else (None, "")
    notes = []
    for number, cell in enumerate(cells or [], 1):
        outputs = cell.get("outputs") if isinstance(cell.get("outputs"), list) else []
        if any(isinstance(o, dict) and o.get("output_type") == "error"
               and o.get("ename") in TIMEOUT_ERRORS for o in outputs):
            grade_id = _nbgrader(cell).get("grade_id")
            which = f"cell {grade_id}" if grade_id else f"cell {number} (added by the learner)"
            notes.append(f"{path.name}: {which} ran past the {limit} s limit and was interrupted")
    return notes


def _late_note(seconds: float, due: Any, zone: Any) -> str:
    import datetime as dt

    from course.exams.diagnostics import late_text

    local = due.replace(tzinfo=dt.timezone.utc).astimezone(zone) if due else None
    when = f" (due {local:%Y-%m-%d %H:%M %Z})" if local else ""
    return f"late: submitted {late_text(seconds)} after the due date{when}"


def _graded(gb: Any, config: CourseConfig, root: Path, assignment: str, learner: str,
            notes: list[str]) -> LearnerResult:
    from nbgrader.api import MissingEntry

    try:
        sub = gb.find_submission(assignment, learner)
    except MissingEntry:
        return LearnerResult(learner, "not graded", notes=(*notes, "no gradebook record"))
    grades = {g.name: (float(g.score or 0), float(g.max_score or 0))
              for nb in sub.notebooks for g in nb.grades}
    late = float(sub.total_seconds_late or 0)
    if late > 0:
        notes.append(_late_note(late, sub.duedate, config.zone))
    autograded = Path(root) / "autograded" / learner / assignment
    for path in sorted(autograded.glob("*.ipynb")):
        notes += _timeouts(path, config.grading.cell_timeout_seconds)
    return LearnerResult(learner, "graded", float(sub.score), float(sub.max_score), late,
                         tuple(notes), grades)


def collect_results(config: CourseConfig, root: Path, assignment: str,
                    errors: dict[str, str] | None = None,
                    infos: dict[str, Any] | None = None) -> list[LearnerResult]:
    """Every roster learner and every submitter: status, score, lateness and reasons."""
    from nbgrader.api import Gradebook

    from course.nbgrader_io import read_roster

    root = Path(root)
    infos = exam_infos(config, root, only=assignment) if infos is None else infos
    item_ids = ([g.removeprefix(ITEM_PREFIX) for g in infos[assignment]["items"]]
                if assignment in infos else None)
    learners = sorted({r.id for r in read_roster(config, root)}
                      | set(submission_learners(root, assignment)))
    results = []
    with Gradebook(db_url(root)) as gb:
        for learner in learners:
            if not submission_folder(root, learner, assignment).is_dir():
                results.append(LearnerResult(learner, "no submission"))
                continue
            notes = inspect_submission(root, assignment, learner, item_ids)
            if notes[:1] == ["empty submission folder: nothing to grade"]:
                results.append(LearnerResult(learner, "empty", notes=tuple(notes)))
                continue
            error = (errors or {}).get(learner)
            notes += [f"nbgrader: {error}"] if error else []
            if any((root / "autograded" / learner / assignment).glob("*.ipynb")):
                results.append(_graded(gb, config, root, assignment, learner, notes))
            else:
                results.append(LearnerResult(learner, "not graded", notes=tuple(notes)))
    return results
