"""The command line behind build.py: common options, command discovery, friendly errors.

Each file in `course/commands/` defines `register(subparsers, common)` that adds one command
with `set_defaults(func=...)`; `func(args, config, root)` returns the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from course.config import DEFAULT_CONFIG, load_config
from course.errors import ConfigError


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=DEFAULT_CONFIG,
                        help="course definition (default: course/course.yml)")
    common.add_argument("--root", type=Path, default=None,
                        help="course root, the nbgrader course directory "
                             "(default: `root` in course.yml)")
    return common


def parser() -> argparse.ArgumentParser:
    """The full argument parser with every discovered command."""
    import course.commands as package

    top = argparse.ArgumentParser(
        prog="build.py",
        description="Build, check, grade and report on the training-management certificate.")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _common()
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        importlib.import_module(f"{package.__name__}.{info.name}").register(sub, common)
    return top


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, load the course, run the command; errors become one clear message."""
    args = parser().parse_args(argv)
    from course.build import BuildError

    try:
        config = load_config(args.config)
        root = (args.root or config.path(config.root)).resolve()
        return int(args.func(args, config, root) or 0)
    except (ConfigError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
