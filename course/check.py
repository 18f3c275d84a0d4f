"""Execute built notebooks headless with papermill, as a learner's kernel would."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
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


def _cell_name(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id") or cell.get("id") or "?"


def execute_notebook(path: Path, timeout: int = 120) -> NotebookFailure | None:
    """Run a copy of the notebook's folder in a scratch directory with papermill; None if clean.

    An error output or anything written to stderr counts as a failure: learners would see it.
    papermill runs in a thread of its own, which has no event loop: when the caller's thread has
    one running (a Playwright session, a Jupyter kernel), jupyter_core would otherwise run the
    execution on its shared runner thread, where a long notebook has been seen to stall with
    both kernel and client idle and no timeout firing. The kernel client is
    course.kernels' sliced-poll client, so a reply that arrives unsignalled costs a fraction of
    a second, not the cell timeout.
    """
    with ThreadPoolExecutor(1, thread_name_prefix="papermill") as thread:
        return thread.submit(_execute, Path(path), timeout).result()


def _execute(path: Path, timeout: int) -> NotebookFailure | None:
    import nbformat
    import papermill

    from course.kernels import SlicedPollKernelManager

    with tempfile.TemporaryDirectory(prefix="check-") as scratch:
        work = Path(scratch) / path.parent.name
        shutil.copytree(path.parent, work)
        original = nbformat.read(work / path.name, as_version=4)
        try:
            executed = papermill.execute_notebook(
                str(work / path.name), str(work / f".executed-{path.name}"), cwd=str(work),
                kernel_name="python3", progress_bar=False, execution_timeout=timeout,
                kernel_manager_class=SlicedPollKernelManager)
        except papermill.PapermillExecutionError as exc:
            cell = original.cells[exc.cell_index]
            return NotebookFailure(path, exc.cell_index + 1, _cell_name(cell),
                                   f"{exc.ename}: {exc.evalue}")
        except Exception as exc:  # a dead kernel or a timeout outside a cell
            return NotebookFailure(path, 0, "?", f"{type(exc).__name__}: {exc}")
    for index, cell in enumerate(executed.cells, 1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                return NotebookFailure(path, index, _cell_name(cell),
                                       f"wrote to stderr: {output.get('text', '')[:300]}")
    return None


def check_notebooks(paths: list[Path], progress: Callable[[list, str], Iterable] = lambda x, _: x,
                    timeout: int = 120) -> NotebookFailure | None:
    """Execute notebooks in order; return the first failure, or None when all ran cleanly."""
    for path in progress(paths, "check"):
        failure = execute_notebook(path, timeout=timeout)
        if failure:
            return failure
    return None
