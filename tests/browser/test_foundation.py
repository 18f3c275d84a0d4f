"""The real thing: a built module renders its widgets in JupyterLab and in Voila."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.config import CourseConfig
from tests.lab import error_outputs, wait_until_prepared

pytestmark = pytest.mark.browser


def _first_module(built: Path, config: CourseConfig, dest: Path) -> tuple[str, str]:
    module = config.modules[0]
    shutil.copytree(built / "release" / module.id, dest / module.id)
    return module.id, module.slug


def test_module_runs_in_jupyterlab_and_its_widget_renders(built_course, config, lab_server,
                                                          browser_page) -> None:
    server, root = lab_server
    folder, slug = _first_module(built_course, config, root)
    page = browser_page
    page.goto(server.url(f"lab/tree/{folder}/{slug}.ipynb"))
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    wait_until_prepared(page)
    page.wait_for_selector(".jp-OutputArea-output .widget-button", timeout=90_000)
    assert page.locator(".jp-OutputArea-output .jupyter-widgets").count() >= 3
    assert error_outputs(page) == []


def test_module_renders_in_voila(built_course, config, voila_server, browser_page,
                                 tmp_path: Path) -> None:
    folder, slug = _first_module(built_course, config, tmp_path)
    server = voila_server(tmp_path / folder)
    page = browser_page
    page.goto(server.url(f"voila/render/{slug}.ipynb"), timeout=120_000)
    page.wait_for_selector(".widget-button", timeout=120_000)
    assert page.locator(".jupyter-widgets").count() >= 3
    stderr = page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']")
    assert stderr.count() == 0, stderr.all_inner_texts()
