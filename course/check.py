"""Execute built notebooks headless, as a learner's kernel would, and report the first error."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NotebookFailure:
    """Where a notebook failed: the file, the cell (1-based) and the error."""

    notebook: Path
    cell: int
    cell_id: str
    error: str

    def __str__(self) -> str:
        return f"{self.notebook}: cell {self.cell} ({self.cell_id}): {self.error}"


def released_notebooks(root: Path, only: Iterable[str] | None = None) -> list[Path]:
    """Every released notebook under root/release, optionally only some assignments."""
    wanted = set(only) if only else None
    return sorted(p for p in (Path(root) / "release").glob("*/*.ipynb")
                  if wanted is None or p.parent.name in wanted)


def _first_error(nb) -> tuple[int, str, str] | None:
    for index, cell in enumerate(nb.cells, 1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                cell_id = cell.metadata.get("nbgrader", {}).get("grade_id", cell.get("id", "?"))
                return index, cell_id, f"{output.get('ename')}: {output.get('evalue')}"
    return None


def execute_notebook(path: Path, timeout: int = 120) -> NotebookFailure | None:
    """Run a copy of the notebook's folder in a scratch directory; None when every cell ran."""
    import nbformat
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="check-") as scratch:
        work = Path(scratch) / path.parent.name
        shutil.copytree(path.parent, work)
        nb = nbformat.read(work / path.name, as_version=4)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": str(work)}})
        try:
            client.execute()
        except Exception as exc:  # a timeout or a dead kernel: still name the cell
            error = _first_error(nb)
            if error is None:
                return NotebookFailure(path, 0, "?", f"{type(exc).__name__}: {exc}")
        error = _first_error(nb)
    return NotebookFailure(path, *error) if error else None


def check_notebooks(paths: list[Path], progress: Callable[[list, str], Iterable] = lambda x, _: x,
                    timeout: int = 120) -> NotebookFailure | None:
    """Execute notebooks in order; return the first failure, or None when all ran cleanly."""
    for path in progress(paths, "check"):
        failure = execute_notebook(path, timeout=timeout)
        if failure:
            return failure
    return None
