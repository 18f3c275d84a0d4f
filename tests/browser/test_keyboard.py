"""Keyboard only: one exercise of each kind and the whole practice exam, answered in JupyterLab.

No mouse and no Playwright click/check/fill/select_option on a control: `tab_to` presses Tab (or
Shift+Tab) and reads document.activeElement after every key until the wanted control has the
focus, failing with the path of focused elements if it never gets there. Each notebook starts
from the focus JupyterLab gives it when it opens, and every control is reached by Tab from the
control before it (through the tools, figures and links between them); nothing is focused by the
test. Controls are operated as a keyboard user would: Space toggles a checkbox or chooses a radio
button; a dropdown is opened with Alt+ArrowDown, moved with Home and ArrowDown and chosen with
Enter; numbers and text are typed; Check and Save are pressed with Enter or Space. Every answer is
then read back from the save-state line and the answers file beside the notebook.

The last tests show what JupyterLab does to the keys a keyboard user presses on a focused
control (ArrowDown on a closed dropdown, letters), against Voila as the reference.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from course.hub.settings import LEARNER_EXTENSIONS_OFF
from tests.browser.test_course_view import open_fresh
from tests.lab import wait_until_prepared
from tests.servers import start_lab

pytestmark = pytest.mark.browser
PROJECT = Path(__file__).resolve().parents[2]
M01 = "m01/01-training-function.ipynb"
M02 = "m02/02-strategic-alignment.ipynb"
EXAM = "practice-exam/practice-exam.ipynb"

# What has the focus: tag, type, label, the exercise view (.tmkit) it sits in; for a failure's path.
DESCRIBE = """e => {
  if (!e || e === document.body) return 'body';
  const label = (e.closest('label')?.textContent || e.getAttribute('aria-label') ||
                 e.getAttribute('title') || e.textContent || '').trim().slice(0, 40);
  const view = e.closest('.tmkit')?.querySelector('p, h4')?.textContent.trim().slice(0, 30);
  return `${e.tagName.toLowerCase()}${e.type ? '[' + e.type + ']' : ''} "${label}"` +
         (view ? ` in "${view}"` : '');
}"""


def text(value: str) -> str:
    """Text as a control shows it: ipywidgets writes dropdown options with no-break spaces."""
    return " ".join(value.replace("\xa0", " ").split())


@pytest.fixture(scope="module")
def keyboard_lab(built_course: Path, tmp_path_factory: pytest.TempPathFactory):
    """A learner's JupyterLab (learners' page settings) on fresh copies of m01, m02, the exam."""
    root = tmp_path_factory.mktemp("keyboard-lab")
    for assignment in ("m01", "m02", "practice-exam"):
        shutil.copytree(built_course / "release" / assignment, root / assignment)
    home = tmp_path_factory.mktemp("keyboard-lab-home")
    labconfig = home / "config" / "labconfig"
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": LEARNER_EXTENSIONS_OFF}), encoding="utf-8")
    server = start_lab(root, home, built_course)
    yield server, root
    server.stop()


def focused(page) -> str:
    return page.evaluate(f"() => ({DESCRIBE})(document.activeElement)")


def tab_to(page, predicate_js: str, max_presses: int = 80, back: bool = False) -> None:
    """Press Tab (Shift+Tab if back) until predicate_js(document.activeElement) is true."""
    key = "Shift+Tab" if back else "Tab"
    path = []
    for _press in range(max_presses):
        page.keyboard.press(key)
        if page.evaluate(f"() => !!({predicate_js})(document.activeElement)"):
            return
        path.append(focused(page))
    raise AssertionError(f"{max_presses} presses of {key} never reached {predicate_js}; "
                         f"the focus went: {' -> '.join(path)}")


def in_view(snippet: str, selector: str, label: str = "") -> str:
    """A predicate: the element matches selector, sits in the view whose text has snippet and
    (if given) its label contains label."""
    return (f"e => e.matches({json.dumps(selector)}) && "
            f"(e.closest('.tmkit')?.textContent || '').replace(/\\s+/g, ' ')"
            f".includes({json.dumps(text(snippet)[:60])}) && "
            f"(e.closest('label')?.textContent || e.textContent || '').replace(/\\s+/g, ' ')"
            f".includes({json.dumps(text(label))})")


def view_of(page, snippet: str):
    """The exercise view (.tmkit) whose text has snippet."""
    return page.locator(".jp-OutputArea-output .tmkit, .tmkit").filter(
        has_text=text(snippet)[:60]).first


def choose_in_dropdown(page, option: str) -> None:
    """With a dropdown focused: open its list, move to the option and choose it with Enter."""
    labels = page.evaluate("() => [...document.activeElement.options].map(o => o.text)")
    index = [text(t) for t in labels].index(text(option))
    page.keyboard.press("Alt+ArrowDown")
    page.keyboard.press("Home")
    for _step in range(index):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    shown = page.evaluate("() => document.activeElement.selectedOptions[0]?.text || ''")
    assert text(shown) == text(option), f"the dropdown shows {shown!r}, not {option!r}"


def press_button(page, snippet: str, name: str, key: str = "Enter") -> None:
    """Tab to the view's button called name and press it; wait until the answer is saved."""
    tab_to(page, in_view(snippet, "button", name))
    page.keyboard.press(key)
    view_of(page, snippet).locator(".tmkit-saved[data-state=saved]").wait_for(timeout=30_000)


def answers(root: Path, folder: str) -> dict:
    path = root / folder / f"{folder}.answers.json"
    return json.loads(path.read_text(encoding="utf-8"))["items"]


def exercises(module_dir: str) -> dict[str, dict]:
    """The module's exercises by id, as module.yml defines them."""
    data = yaml.safe_load((PROJECT / "modules" / module_dir / "module.yml").read_text("utf-8"))
    return {e["id"]: e for e in data["exercises"]}


def answer_dropdowns(page, ex: dict, rows: list[str], picks: list[str]) -> None:
    """Tab to each row's dropdown (by its label) in turn and choose that row's pick."""
    for row, pick in zip(rows, picks, strict=True):
        tab_to(page, f"e => ({in_view(ex['prompt'], 'select')})(e) && "
                     f"e.closest('.widget-dropdown').textContent.replace(/\\s+/g, ' ')"
                     f".includes({json.dumps(text(row)[:50])})")
        choose_in_dropdown(page, pick)


def test_m01_exercises_reflection_and_confidence_by_keyboard(keyboard_lab, browser) -> None:
    """multiple_select, categorize, numeric, true_false, single_choice, reflection, confidence."""
    server, root = keyboard_lab
    ex = exercises("01-training-function")
    context, page = open_fresh(browser, server, M01)
    try:
        wait_until_prepared(page)

        multi = ex["manager-responsibilities"]
        right = [o for o in multi["options"] if o.get("correct")]
        for option in right:  # each checkbox by Tab, ticked with Space
            tab_to(page, in_view(multi["prompt"], "input[type=checkbox]", option["text"]))
            page.keyboard.press("Space")
        press_button(page, multi["prompt"], "Check")
        assert "Correct." in view_of(page, multi["prompt"]).inner_text()

        cat = ex["structure-tradeoffs"]
        buckets = {b["id"]: b["label"] for b in cat["buckets"]}
        answer_dropdowns(page, cat, [i["text"] for i in cat["items"]],
                         [buckets[i["bucket"]] for i in cat["items"]])
        press_button(page, cat["prompt"], "Check", key="Space")
        assert "Correct." in view_of(page, cat["prompt"]).inner_text()

        num = ex["federated-score"]
        tab_to(page, in_view(num["prompt"], "input[type=number]"))
        page.keyboard.press("Control+A")
        page.keyboard.type("82.5")
        press_button(page, num["prompt"], "Check")
        assert "Correct." in view_of(page, num["prompt"]).inner_text()

        truth = ex["what-tips-it"]
        tab_to(page, in_view(truth["prompt"], "input[type=radio]", str(truth["answer"])))
        page.keyboard.press("Space")
        press_button(page, truth["prompt"], "Check")

        single = ex["structure-fit"]
        best = next(o for o in single["options"] if o.get("correct"))
        tab_to(page, in_view(single["prompt"], "input[type=radio]", best["text"]))
        page.keyboard.press("Space")
        press_button(page, single["prompt"], "Check")
        assert "Correct." in view_of(page, single["prompt"]).inner_text()

        entry = "Our bank had a federated academy; day by day, maybe 3 ideas. Yes: a b d d m y!"
        tab_to(page, in_view("Reflection", "textarea"), max_presses=150)
        page.keyboard.type(entry, delay=40)  # at a person's pace (see the report on races)
        press_button(page, "Reflection", "Save reflection")

        tab_to(page, in_view("Confidence", "input[type=radio]", "4 - Confident"))
        page.keyboard.press("Space")
        press_button(page, "Confidence", "Save rating", key="Space")

        saved = answers(root, "m01")
        assert saved["manager-responsibilities"]["value"] == [o["id"] for o in right]
        assert saved["structure-tradeoffs"]["value"] == {i["id"]: i["bucket"]
                                                         for i in cat["items"]}
        assert saved["federated-score"]["value"] == num["answer"]
        assert saved["what-tips-it"]["value"] is truth["answer"]
        assert saved["structure-fit"]["value"] == best["id"]
        assert saved["reflection"]["value"] == entry
        assert saved["confidence"]["value"] == 4
        assert page.locator(".jp-Cell").count() == len(nbformat.read(root / M01, 4).cells)
    finally:
        context.close()
