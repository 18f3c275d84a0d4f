"""`build.py demo`: the main job on one machine: build the course and show where it is."""

from __future__ import annotations

import argparse
from pathlib import Path

from course.build import BuildContext, run_build
from course.config import CourseConfig


def run(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    print(f"== Building {config.title} into {root}")
    run_build(BuildContext(config, root))
    print(f"\nReleased notebooks: {root / 'release'}")
    print(f"Open them in JupyterLab:  .venv/bin/jupyter lab {root / 'release'}")
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="build the course and show the result",
                       description="Run the main job on this machine: build and release the "
                                   "course.")
    p.add_argument("--no-serve", action="store_true", help="do not start any server")
    p.set_defaults(func=run)
