"""Shared fixtures: a built course, JupyterLab and Voila servers, a Playwright Chromium page."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from course.build import BuildContext, run_build
from course.config import CourseConfig, load_config
from tests.servers import CHROMIUM, CHROMIUM_ARGS, Server, start_lab, start_voila

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def config() -> CourseConfig:
    """The course definition shipped with the project."""
    return load_config(PROJECT / "course" / "course.yml")


@pytest.fixture(scope="session")
def built_course(config: CourseConfig, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course root built once per session from the shipped sources (read-only for tests)."""
    root = tmp_path_factory.mktemp("course-root")
    run_build(BuildContext(config, root, report=lambda _msg: None))
    return root


@pytest.fixture
def lab_server(built_course: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """JupyterLab on a free localhost port serving an empty folder (server, folder), for the
    course built by `built_course`."""
    root = tmp_path_factory.mktemp("lab-root")
    server = start_lab(root, tmp_path_factory.mktemp("lab-home"), built_course)
    yield server, root
    server.stop()


@pytest.fixture
def voila_server(tmp_path_factory: pytest.TempPathFactory):
    """A factory: start Voila on a folder (with a token); every server is stopped afterwards."""
    servers: list[Server] = []

    def start(root: Path, **kwargs) -> Server:
        server = start_voila(root, tmp_path_factory.mktemp("voila-home"), **kwargs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser):
    """A fresh page in its own browser context."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def copy_release(built: Path, assignment: str, dest: Path) -> Path:
    """Copy one released assignment folder into dest (so tests never write into the build)."""
    target = dest / assignment
    shutil.copytree(built / "release" / assignment, target)
    return target


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL cluster for the session."""
    from tests.servers import start_postgres

    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    import secrets

    import sqlalchemy as sa

    name = f"t_{secrets.token_hex(6)}"
    admin = sa.create_engine(postgres_server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    yield postgres_server.url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
    admin.dispose()


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 - pytest's reporter
    """Print the accessibility audits' counts (tests/a11y.py) at the end of the run."""
    from tests.a11y import summary_lines

    for line in summary_lines():
        terminalreporter.write_line(line)
