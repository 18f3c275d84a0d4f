"""Benchmark the incremental build: a first build versus a second one with nothing changed.

Goal (issue 2): the second run does no conversion or generation and is at least 10x faster.
Prints figures; asserts nothing. Run: .venv/bin/python benchmarks/build.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def timed_build(root: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root)],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-build-") as scratch:
        root = Path(scratch)
        first = timed_build(root)
        second = timed_build(root)
    print(f"first build:  {first:6.2f} s (every notebook converted and released)")
    print(f"second build: {second:6.2f} s (nothing changed)")
    print(f"ratio:        {first / second:6.1f}x  (goal: at least 10x)")


if __name__ == "__main__":
    main()
