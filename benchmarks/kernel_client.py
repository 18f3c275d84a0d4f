#!/usr/bin/env python3
"""Benchmark: run the models reference with jupyter_client's asyncio kernel client and with the
course's sliced-poll client (course/kernels.py), alternating, in the same run.

The built models reference (24 tools, ~90 cells, many quick replies) is the notebook on which
missed wake-ups were seen most often: a reply sits in the socket but the event loop is never
told, and nbclient waits until the cell timeout before it looks again. For each run the script
prints the wall time and the cells that took at least 90 % of the cell timeout (stalls). Prints
figures; asserts nothing.
Run: `.venv/bin/python benchmarks/kernel_client.py [--runs 3] [--cell-timeout 20]`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


async def run_once(notebook: Path, manager: type, cell_timeout: int) -> tuple[float, list[int]]:
    """Wall time of one execution and the indexes of cells that ran into the timeout's range."""
    import nbformat
    from nbclient import NotebookClient

    stalls: list[int] = []
    started: dict[int, float] = {}
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, timeout=cell_timeout, kernel_name="python3",
                            kernel_manager_class=manager,
                            resources={"metadata": {"path": str(notebook.parent)}})

    def cell_start(cell, cell_index):  # noqa: ANN001
        started[cell_index] = time.monotonic()

    def cell_executed(cell, cell_index, execute_reply):  # noqa: ANN001
        if time.monotonic() - started[cell_index] >= 0.9 * cell_timeout:
            stalls.append(cell_index)

    client.on_cell_start, client.on_cell_executed = cell_start, cell_executed
    begin = time.monotonic()
    await client.async_execute()
    return time.monotonic() - begin, stalls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per client (default 3)")
    parser.add_argument("--cell-timeout", type=int, default=20,
                        help="nbclient's cell timeout in seconds (default 20)")
    args = parser.parse_args()

    from jupyter_client.manager import AsyncKernelManager

    from course.build import BuildContext, run_build
    from course.config import load_config
    from course.kernels import SlicedPollKernelManager

    config = load_config(PROJECT / "course" / "course.yml")
    with tempfile.TemporaryDirectory(prefix="bench-kernels-") as scratch:
        root = Path(scratch) / "course"
        print("building the course ...", flush=True)
        run_build(BuildContext(config, root, report=lambda _msg: None))
        notebook = root / "release" / "models-reference" / "models-reference.ipynb"
        clients = {"jupyter_client AsyncKernelClient": AsyncKernelManager,
                   "course SlicedPollKernelClient": SlicedPollKernelManager}
        times: dict[str, list[float]] = {name: [] for name in clients}
        for run in range(1, args.runs + 1):
            for name, manager in clients.items():
                seconds, stalls = asyncio.run(run_once(notebook, manager, args.cell_timeout))
                times[name].append(seconds)
                print(f"run {run} {name:34} {seconds:7.1f} s  stalled cells: {stalls or 'none'}",
                      flush=True)
        print()
        for name, values in times.items():
            print(f"{name:34} median {statistics.median(values):7.1f} s  "
                  f"min {min(values):6.1f} s  max {max(values):6.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
