"""The journey's assignments: the course home, the models reference and the CPD log.

Each is released like a module (an nbgrader assignment with locked, ungraded cells) from a
jupytext MyST source in `course/journey/notebooks/`, plus a `course.json` snapshot beside the
notebook. The models reference appends cells generated from every module.yml.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from course.journey.reference import reference_cells
from course.journey.snapshot import (
    CPD_LOG,
    HOME,
    REFERENCE,
    Snapshot,
    build_snapshot,
    write_snapshot,
)
from course.sources import AssignmentSource, code, markdown, new_notebook

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from course.config import CourseConfig

HERE = Path(__file__).resolve().parent
NOTEBOOKS = HERE / "notebooks"
HIDE_TAG = "remove-cell"


def notebook_cells(source: Path, prefix: str) -> list[NotebookNode]:
    """A MyST notebook source as locked cells; cells tagged remove-cell are hidden in Voila."""
    import jupytext

    cells = []
    for index, cell in enumerate(jupytext.read(source, fmt="md:myst").cells, 1):
        grade_id = f"{prefix}-{index:03d}"
        if cell.cell_type == "code":
            hidden = HIDE_TAG in cell.metadata.get("tags", [])
            cells.append(code(grade_id, cell.source, hide_in_voila=hidden))
        else:
            cells.append(markdown(grade_id, cell.source))
    return cells


def _source(config: CourseConfig, assignment: tuple[str, str],
            extra: Callable[[Snapshot], list[NotebookNode]] | None = None) -> AssignmentSource:
    ident, notebook = assignment
    md = NOTEBOOKS / f"{ident}.md"
    inputs = (md, config.project / "course" / "course.yml",
              *(config.path(m.folder) / "module.yml" for m in config.modules),
              *(HERE / name for name in ("sources.py", "snapshot.py", "reference.py")),
              HERE.parent / "sources.py", HERE.parent / "schedule.py")

    def write(dest: Path) -> None:
        import nbformat

        snapshot = build_snapshot(config)
        cells = notebook_cells(md, ident) + (extra(snapshot) if extra else [])
        nbformat.write(new_notebook(cells), dest / notebook)
        write_snapshot(snapshot, dest)

    return AssignmentSource(ident, notebook, inputs, write)


def journey_sources(config: CourseConfig) -> list[AssignmentSource]:
    """The course home, the models reference and the CPD log, in that order."""
    return [_source(config, HOME), _source(config, REFERENCE, reference_cells),
            _source(config, CPD_LOG)]
