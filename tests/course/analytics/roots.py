"""Course roots for analytics tests: a private copy of the session's built course."""

from __future__ import annotations

import shutil
from pathlib import Path

from course.config import CourseConfig
from course.nbgrader_io import CONFIG_NAME, config_text


def copy_root(built: Path, config: CourseConfig, dest: Path) -> Path:
    """Copy a built course root to dest, its nbgrader config (and gradebook URL) re-pointed."""
    root = dest / "root"
    shutil.copytree(built, root, ignore=shutil.ignore_patterns("submitted", "autograded",
                                                               "feedback", "roster.csv"))
    (root / CONFIG_NAME).write_text(config_text(config, root), encoding="utf-8")
    return root
