#!/usr/bin/env python3
"""Command line for the course: build, check, schedule, grade, report, demo (see --help)."""

import sys

from course.cli import main

if __name__ == "__main__":
    sys.exit(main())
