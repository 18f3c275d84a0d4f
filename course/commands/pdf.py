"""`build.py pdf FILE.html ...`: print exported workspace reports (or certificate pages) to PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.config import CourseConfig


def run(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    from course.practicum.export import export_pdf

    status = 0
    for path in args.files:
        if not path.is_file() or path.suffix != ".html":
            print(f"error: {path}: not an .html file", file=sys.stderr)
            status = 1
            continue
        print(f"written: {export_pdf(path)}")
    return status


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("pdf", parents=[common], help="print exported HTML reports to PDF",
                       description="Print a group's exported workspace report "
                                   "(<root>/workspaces/exports/*.html) or a certificate page to "
                                   "a PDF beside it, with WeasyPrint. `build.py certify` writes "
                                   "certificate PDFs itself.")
    p.add_argument("files", type=Path, nargs="+", metavar="FILE.html")
    p.set_defaults(func=run)
