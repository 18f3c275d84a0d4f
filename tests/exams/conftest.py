"""Fixtures of the exam tests: the tiny project's config and (on demand) lowered exam minimums."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.config import CourseConfig, load_config
from tests.exams.fixture import make_project, small_exams  # noqa: F401  (a fixture)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh tiny project folder (its course.yml is project/course/course.yml)."""
    make_project(tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture
def tiny(project: Path) -> CourseConfig:
    """The tiny project's course definition."""
    return load_config(project / "course" / "course.yml")
