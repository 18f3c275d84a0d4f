"""`build.py build`: text sources -> notebooks -> nbgrader source/ -> release/."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from course.build import BuildContext, run_build
from course.config import CourseConfig


def _progress_iter(items: list, label: str):
    if not items:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=f"{label:>9}", unit="assignment", leave=False)


def run(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    started = time.perf_counter()
    only = set(args.only) if args.only else None
    ctx = BuildContext(config, root, only=only, force=args.force, progress=_progress_iter)
    run_build(ctx)
    print(f"Built in {time.perf_counter() - started:.1f} s. Released notebooks: {root / 'release'}")
    print(f"Open them in JupyterLab: .venv/bin/jupyter lab {root / 'release'}")
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("build", parents=[common], help="build and release every assignment",
                       description="Turn module and exam sources into nbgrader assignments and "
                                   "release them. Incremental: unchanged assignments are skipped.")
    p.add_argument("--only", nargs="+", metavar="ID", help="build only these assignment ids")
    p.add_argument("--force", action="store_true", help="rebuild everything")
    p.set_defaults(func=run)
