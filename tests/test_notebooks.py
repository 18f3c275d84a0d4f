"""Every built notebook executes headless with no error and nothing on stderr (papermill)."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.build import SOURCE_PROVIDERS
from course.check import execute_notebook
from course.config import load_config

PROJECT = Path(__file__).resolve().parent.parent
CONFIG = load_config(PROJECT / "course" / "course.yml")
SOURCES = [s for provider in SOURCE_PROVIDERS for s in provider(CONFIG)]

pytestmark = pytest.mark.notebooks


@pytest.mark.parametrize("source", SOURCES, ids=[s.id for s in SOURCES])
def test_released_notebook_runs_clean(built_course: Path, source) -> None:
    path = built_course / "release" / source.id / source.notebook
    assert path.exists()
    failure = execute_notebook(path)
    assert failure is None, str(failure)
