"""`build.py release`: put the built assignments into nbgrader's exchange for learners to fetch."""

from __future__ import annotations

import argparse
from pathlib import Path

from course.config import CourseConfig


def run(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    from course.hub.exchange import ExchangeError, release
    from course.hub.settings import exchange_root

    if not (root / "release").is_dir():
        print(f"error: nothing built in {root}; run `build.py build` first")
        return 2
    try:
        done = release(config, root, args.only)
    except ExchangeError as exc:
        print(f"error: {exc}")
        return 2
    print(f"Released to {exchange_root(config, root)}: {', '.join(done.released) or 'nothing'}")
    for assignment, reason in done.failed.items():
        print(f"  not released: {assignment}: {reason}")
    return 1 if done.failed else 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("release", parents=[common], help="release assignments to the exchange",
                       description="Copy the built assignments (release/) into nbgrader's "
                                   "exchange (course.yml hub.exchange), where learners fetch "
                                   "them from the Assignments list in JupyterLab. A released "
                                   "assignment is replaced by its newer build; learners' own "
                                   "copies are never touched.")
    p.add_argument("--only", nargs="+", metavar="ID", help="release only these assignment ids")
    p.set_defaults(func=run)
