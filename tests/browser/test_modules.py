"""Each module in JupyterLab: every cell runs, no error output, every widget output rendered."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.config import load_config
from tests.lab import error_outputs, run_all_cells
from tests.servers import start_lab

pytestmark = pytest.mark.browser
CONFIG = load_config(Path(__file__).resolve().parents[2] / "course" / "course.yml")
WIDGET_OUTPUT = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.widget-view+json']"


@pytest.fixture(scope="module")
def modules_lab(built_course: Path, tmp_path_factory: pytest.TempPathFactory):
    """One JupyterLab serving copies of every released module."""
    root = tmp_path_factory.mktemp("modules-lab")
    for module in CONFIG.modules:
        shutil.copytree(built_course / "release" / module.id, root / module.id)
    server = start_lab(root, tmp_path_factory.mktemp("modules-lab-home"))
    yield server
    server.stop()


@pytest.mark.parametrize("module", CONFIG.modules, ids=[m.id for m in CONFIG.modules])
def test_module_runs_clean_in_jupyterlab(modules_lab, browser, module) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(modules_lab.url(f"lab/tree/{module.id}/{module.slug}.ipynb"))
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        run_all_cells(page)
        assert error_outputs(page) == []
        outputs = page.locator(WIDGET_OUTPUT)
        page.wait_for_function(
            f"""() => [...document.querySelectorAll("{WIDGET_OUTPUT}")]
                .every(o => o.querySelector('.jupyter-widgets'))""", timeout=60_000)
        texts = " ".join(outputs.all_text_contents())
        assert "Error displaying widget" not in texts and "model not found" not in texts
        # exercises, tools, knowledge check, reflection and confidence are all widgets
        assert outputs.count() >= 7
    finally:
        context.close()
