"""`build.py demo --no-serve` runs the whole main job on a small cohort and exits 0."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from course.commands.demo import STEPS
from course.credentials.results import exam_results

PROJECT = Path(__file__).resolve().parents[2]


def test_demo_steps_are_named_in_order() -> None:
    assert [s.name for s in STEPS] == ["build", "cohort", "grade", "certify", "workspaces"]


@pytest.mark.nbgrader
def test_demo_without_serving_builds_simulates_grades_and_certifies(config, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "demo", "--no-serve",
                             "--learners", "3", "--root", str(tmp_path)],
                            capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done (--no-serve" in result.stdout
    assert len((tmp_path / "roster.csv").read_text().splitlines()) == 4  # header + 3 learners
    graded = exam_results(tmp_path, config.exams.final.id)
    assert graded and all(r.max_score > 0 for r in graded)
    passed = [r for r in graded if r.fraction >= config.exams.final.pass_mark]
    assert sorted(p.name for p in (tmp_path / "certificates").glob("*.credential.json")) == \
        sorted(f"{r.learner}.credential.json" for r in passed)
    assert (tmp_path / "workspaces" / "workspaces.db").exists()
    assert list((tmp_path / "feedback").rglob("*.html"))
