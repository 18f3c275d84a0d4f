"""A small course graded by nbgrader for the dashboard tests, and the instructor server on it.

The course is the exams tests' two-module project (tests/exams/fixture.py) with a synthetic cohort
of 15 learners, built once per session and graded with `build.py grade` (nbgrader autograde), so
the dashboards read a real gradebook. Four assignments keep that to a couple of minutes.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from course.build import BuildContext, run_build
from course.cli import main
from course.cohort import CohortSummary, generate_cohort
from course.config import CourseConfig, load_config
from course.nbgrader_io import sync_gradebook
from course.schedule import due_dates
from course.serve import server_environment, voila_command
from tests.exams.fixture import SMALL_MINIMUMS, make_project
from tests.servers import Server, _start, free_port

PROJECT = Path(__file__).resolve().parents[2]
COHORT_SOURCE = "dashboards/cohort.md"


@dataclass(frozen=True)
class Cohort:
    """The graded small course: its config file, config, course root and generation summary."""

    config_path: Path
    config: CourseConfig
    root: Path
    summary: CohortSummary


def _project(dest: Path) -> Path:
    """The small project with the cohort dashboard listed for instructors."""
    path = make_project(dest)
    shutil.copytree(PROJECT / "dashboards", dest / "dashboards")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["dashboards"] = {"instructor": [COHORT_SOURCE], "learner": []}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def graded_cohort(tmp_path_factory: pytest.TempPathFactory) -> Cohort:
    """Build the small course, generate 15 learners and grade every assignment with nbgrader."""
    from course.exams import blueprint

    dest = tmp_path_factory.mktemp("dash-project")
    config_path = _project(dest)
    config = load_config(config_path)
    root = dest / "root"
    with pytest.MonkeyPatch.context() as patch:
        for kind, value in SMALL_MINIMUMS.items():
            patch.setitem(blueprint.MINIMUMS, kind, value)
        run_build(BuildContext(config, root, report=lambda _m: None))
    summary = generate_cohort(config, root)
    sync_gradebook(config, root, due_dates(config))
    for assignment in summary.per_assignment:
        code = main(["grade", assignment, "--quiet", "--config", str(config_path),
                     "--root", str(root)])
        assert code == 0, f"build.py grade {assignment} failed"
    return Cohort(config_path, config, root, summary)


@pytest.fixture
def instructor_server(tmp_path_factory: pytest.TempPathFactory
                      ) -> Iterator[Callable[..., Server]]:
    """A factory: the instructors' Voila server (course/serve.py) on a cohort; stopped after."""
    servers: list[Server] = []

    def start(cohort: Cohort, **options: int) -> Server:
        port, token = free_port(), secrets.token_hex(16)
        command = voila_command(cohort.config, cohort.root, port, token, **options)
        env = server_environment(cohort.config, cohort.root)
        extra = {k: env[k] for k in ("TMCERT_ROOT", "TMCERT_CONFIG")}
        server = _start(command, tmp_path_factory.mktemp("instructor-home"), token, port, "",
                        cohort.root, extra)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
