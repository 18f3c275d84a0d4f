"""`build.py check`: execute every built notebook headless and name the first failing cell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.check import check_notebooks, released_notebooks
from course.config import CourseConfig


def _progress(items: list, label: str):
    from tqdm import tqdm

    return tqdm(items, desc=label, unit="notebook")


def run(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    paths = released_notebooks(root, args.only)
    if not paths:
        print(f"error: no released notebooks under {root / 'release'}; run `build.py build` first",
              file=sys.stderr)
        return 2
    failure = check_notebooks(paths, _progress, timeout=args.timeout)
    if failure:
        print(f"error: {failure}", file=sys.stderr)
        return 1
    print(f"All {len(paths)} notebooks executed without error.")
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("check", parents=[common], help="execute every built notebook headless",
                       description="Execute each released notebook in a scratch copy of its "
                                   "folder; exit 1 naming the notebook and cell of the "
                                   "first error.")
    p.add_argument("--only", nargs="+", metavar="ID", help="check only these assignment ids")
    p.add_argument("--timeout", type=int, default=120, help="seconds allowed per cell")
    p.set_defaults(func=run)
