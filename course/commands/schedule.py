"""`build.py schedule`: print the course calendar computed from course.yml."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from course.config import CourseConfig
from course.schedule import build_schedule

COLUMNS = ("week", "item", "title", "kind", "weekday", "due")


def run(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    rows = [d.as_row() for d in build_schedule(config)]
    if args.format == "json":
        print(json.dumps(rows, indent=1))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in COLUMNS}
        print("  ".join(c.ljust(widths[c]) for c in COLUMNS))
        for row in rows:
            print("  ".join(str(row[c]).ljust(widths[c]) for c in COLUMNS))
        print(f"\nTimes are local to {config.timezone}.")
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("schedule", parents=[common], help="print module and exam due dates",
                       description="Print every due date: two modules a week, due on the "
                                   "configured weekday, then the practice and final exams.")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=run)
