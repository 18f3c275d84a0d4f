"""Each module in JupyterLab: every cell runs, no error output, every widget output rendered."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from course.config import load_config
from course.content import load_module_content
from tests.lab import error_outputs, wait_until_prepared
from tests.servers import start_lab

pytestmark = pytest.mark.browser
CONFIG = load_config(Path(__file__).resolve().parents[2] / "course" / "course.yml")
RENDERED = """() => [...document.querySelectorAll('.jp-OutputArea-output')]
    .filter(o => o.querySelector('.jupyter-widgets')).length"""


def expected_widgets(module) -> int:
    """Widget outputs expected: exercises, tools, knowledge check, journal and rating."""
    folder = CONFIG.path(module.folder)
    text = (folder / "module.md").read_text(encoding="utf-8")
    content = load_module_content(folder / "module.yml")
    calls = len(re.findall(r'^m\.(?:exercise|tool)\("', text, flags=re.M))
    return calls + len(content.knowledge_check) + 2


@pytest.fixture(scope="module")
def modules_lab(built_course: Path, tmp_path_factory: pytest.TempPathFactory):
    """One JupyterLab serving copies of every released module."""
    root = tmp_path_factory.mktemp("modules-lab")
    for module in CONFIG.modules:
        shutil.copytree(built_course / "release" / module.id, root / module.id)
    server = start_lab(root, tmp_path_factory.mktemp("modules-lab-home"), built_course)
    yield server
    server.stop()


@pytest.mark.parametrize("module", CONFIG.modules, ids=[m.id for m in CONFIG.modules])
def test_module_runs_clean_in_jupyterlab(modules_lab, browser, module) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(modules_lab.url(  # a fresh workspace: no other notebook open
            f"lab/workspaces/{module.id}/tree/{module.id}/{module.slug}.ipynb?reset"))
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        wait_until_prepared(page)
        assert error_outputs(page) == []
        expected = expected_widgets(module)
        page.wait_for_function(f"() => ({RENDERED})() >= {expected}", timeout=60_000)
        assert page.evaluate(RENDERED) == expected
        texts = " ".join(page.locator(".jp-OutputArea-output").all_text_contents())
        assert "Error displaying widget" not in texts and "model not found" not in texts
    finally:
        context.close()
