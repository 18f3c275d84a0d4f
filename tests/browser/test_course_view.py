"""What a learner sees: course notebooks open ready in JupyterLab, with no code and no click.

JupyterLab runs with the learners' page settings (no instructor tooling, no news prompt, as the
hub writes them). Each page is audited with axe-core (tests/a11y.py) and photographed into
build/screenshots/ for a person to look at.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from tests.a11y import NOTEBOOK_MARKUP, audit, screenshot
from tests.lab import PREPARED, open_fresh, wait_until_prepared
from tests.servers import start_learner_lab

pytestmark = pytest.mark.browser
M01 = "m01/01-training-function.ipynb"
EXAM = "practice-exam/practice-exam.ipynb"
PAGES = {"module": M01, "exam": EXAM, "course-home": "course-home/course-home.ipynb"}
LEARNER_PAGES = ["m01", "m02", "practice-exam", "course-home", "models-reference", "cpd-log"]
CODE_SHOWN = (".jp-CodeCell .jp-InputArea:visible, .jp-CodeCell .jp-InputPlaceholder:visible, "
              ".jp-CodeCell .cm-editor:visible")


@pytest.fixture(scope="module")
def learner_lab(built_course: Path, tmp_path_factory: pytest.TempPathFactory):
    """JupyterLab as a learner has it: released notebooks, the learners' page settings."""
    root = tmp_path_factory.mktemp("learner-lab")
    for assignment in LEARNER_PAGES:
        shutil.copytree(built_course / "release" / assignment, root / assignment)
    tampered = nbformat.read(root / M01, as_version=4)
    tampered.cells[1].source += "\nprint('not the course')"
    nbformat.write(tampered, root / "m01" / "changed-copy.ipynb")
    server = start_learner_lab(root, tmp_path_factory.mktemp("learner-lab-home"), built_course)
    yield server, root
    server.stop()


def saved(root: Path, folder: str) -> dict:
    path = root / folder / f"{folder}.answers.json"
    return json.loads(path.read_text(encoding="utf-8"))["items"] if path.exists() else {}


@pytest.mark.parametrize("path", [M01, EXAM], ids=["module", "exam"])
def test_a_course_notebook_opens_ready_with_no_code_shown(learner_lab, browser, path) -> None:
    server, root = learner_lab
    context, page = open_fresh(browser, server, path)
    try:
        first = page.locator(".jp-OutputArea-output .tmkit").first
        first.locator("input").first.wait_for(state="visible", timeout=15_000)  # no click
        assert page.locator(CODE_SHOWN).count() == 0
        wait_until_prepared(page)
        assert page.locator(CODE_SHOWN).count() == 0
        assert page.locator(".jp-NotebookPanel .tmcert-banner").count() == 0  # nothing to say
        screenshot(page, f"lab-{path.split('/')[0]}-opened")

        folder = path.split("/")[0]
        choices = "input[type=radio], input[type=checkbox]"  # the same order after a reload
        first.locator(choices).nth(1).check()
        if path == M01:  # an exercise saves on Check; an exam item as soon as it is chosen
            first.get_by_role("button", name="Check").click()
        first.locator("[role=status]").filter(has_text=re.compile("saved|Correct|Not yet|Partly",
                                                                  re.I)).first.wait_for()
        assert saved(root, folder), "the answer is in the answers file beside the notebook"

        page.reload()
        wait_until_prepared(page)
        restored = page.locator(".jp-OutputArea-output .tmkit").first
        assert restored.locator(choices).nth(1).is_checked()
        assert page.locator(CODE_SHOWN).count() == 0
    finally:
        context.close()


def test_a_changed_copy_is_not_run_and_the_learner_is_told_why(learner_lab, browser) -> None:
    server, _root = learner_lab
    context, page = open_fresh(browser, server, "m01/changed-copy.ipynb")
    try:
        assert page.wait_for_function(PREPARED, timeout=60_000).json_value() == "not-course"
        banner = page.locator(".jp-NotebookPanel .tmcert-banner")
        assert "differs from the copy the course released" in banner.inner_text()
        page.wait_for_timeout(3000)  # had it run, the first widgets would be drawn by now
        assert page.locator(".jp-OutputArea-output .jupyter-widgets").count() == 0
    finally:
        context.close()


def nbgrader_menu(page) -> list[str]:
    """The items of JupyterLab's Nbgrader menu."""
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click(timeout=60_000)
    items = [t for t in page.locator(".lm-Menu:visible .lm-Menu-itemLabel").all_inner_texts()
             if t.strip()]
    page.keyboard.press("Escape")
    return items


def test_learners_lab_has_no_instructor_tooling_or_news_prompt(learner_lab, browser) -> None:
    server, _root = learner_lab
    context, page = open_fresh(browser, server, M01)
    try:
        wait_until_prepared(page)
        assert nbgrader_menu(page) == ["Assignment List"]  # fetch and submit, nothing else
        assert page.get_by_text("Create Assignment").count() == 0
        assert page.get_by_text("get notified about official Jupyter news").count() == 0
    finally:
        context.close()


def test_an_instructors_lab_keeps_the_nbgrader_tooling(lab_server, browser_page) -> None:
    server, _root = lab_server
    browser_page.goto(server.url("lab"), timeout=120_000)
    assert {"Assignment List", "Formgrader"} <= set(nbgrader_menu(browser_page))
    assert browser_page.get_by_text("Create Assignment").count() == 1


@pytest.mark.parametrize("page_name", list(PAGES))
def test_course_pages_have_no_serious_accessibility_violations_in_jupyterlab(
        learner_lab, browser, page_name) -> None:
    server, _root = learner_lab
    context, page = open_fresh(browser, server, PAGES[page_name])
    try:
        wait_until_prepared(page)
        screenshot(page, f"lab-{page_name}")
        result = audit(page, f"JupyterLab {page_name}", NOTEBOOK_MARKUP)
        assert result.blocking() == []
    finally:
        context.close()


@pytest.mark.parametrize("page_name", list(PAGES))
def test_course_pages_have_no_serious_accessibility_violations_in_voila(
        learner_lab, voila_server, browser, page_name) -> None:
    _server, root = learner_lab
    voila = voila_server(root)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(voila.url(f"voila/render/{PAGES[page_name]}"), timeout=120_000)
        page.wait_for_selector(".jupyter-widgets", timeout=120_000)
        page.wait_for_load_state("networkidle")
        assert page.locator(f"{CODE_SHOWN}, .jp-InputArea-editor:visible").count() == 0
        screenshot(page, f"voila-{page_name}")
        result = audit(page, f"Voila {page_name}", NOTEBOOK_MARKUP)
        assert result.blocking() == []
    finally:
        context.close()
