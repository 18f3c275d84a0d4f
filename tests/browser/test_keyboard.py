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

Reflection text is typed as fast as the keyboard sends it and saved the moment the last key is
up: the text reaches the kernel when the field loses the focus, before the Save click (see
widgets/status.py TYPED), so the saved text is the whole text.

The last tests show what JupyterLab does to the keys a keyboard user presses on a focused
control (ArrowDown on a closed dropdown or a radio button, letters), against Voila as the
reference: in a course notebook the course view keeps those keys in the control (without it,
JupyterLab's command-mode shortcuts take them: ArrowDown moves to the next cell, 'a' inserts one).
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

from tests.lab import open_fresh, wait_until_prepared
from tests.servers import start_learner_lab

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
    server = start_learner_lab(root, tmp_path_factory.mktemp("keyboard-lab-home"), built_course)
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
    return page.locator(".tmkit").filter(
        has_text=text(snippet)[:60]).first


def choose_in_dropdown(page, option: str) -> None:
    """With a dropdown focused: open its list, move to the option and choose it with Enter."""
    labels = [text(t) for t in
              page.evaluate("() => [...document.activeElement.options].map(o => o.text)")]
    fits = [n for n, label in enumerate(labels) if text(option) in label]
    index = labels.index(text(option)) if text(option) in labels else fits[0]
    assert text(option) in labels or len(fits) == 1, f"{option!r} is not one of {labels}"
    page.keyboard.press("Alt+ArrowDown")
    page.keyboard.press("Home")
    for _step in range(index):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    shown = page.evaluate("() => document.activeElement.selectedOptions[0]?.text || ''")
    assert text(shown) == labels[index], f"the dropdown shows {shown!r}, not {labels[index]!r}"


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
        page.keyboard.type(entry)  # no pause before Save (module doc)
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


def test_m02_order_grid_and_match_by_keyboard(keyboard_lab, browser) -> None:
    """order, grid and match: a dropdown per row, each chosen from its opened list."""
    server, root = keyboard_lab
    ex = exercises("02-strategic-alignment")
    context, page = open_fresh(browser, server, M02)
    try:
        wait_until_prepared(page)

        order = ex["chain-order"]
        steps = order["steps"]
        answer_dropdowns(page, order, [f"Position {n}" for n in range(1, len(steps) + 1)],
                         [s["text"] for s in steps])
        press_button(page, order["prompt"], "Check")
        assert "Correct." in view_of(page, order["prompt"]).inner_text()

        grid = ex["grid-placement"]
        answer_dropdowns(page, grid, [i["text"] for i in grid["items"]],
                         [f"({i['x']} {grid['x_label']}, {i['y']} {grid['y_label']})"
                          for i in grid["items"]])
        press_button(page, grid["prompt"], "Check")
        assert "Correct." in view_of(page, grid["prompt"]).inner_text()

        match = ex["adkar-responses"]
        answer_dropdowns(page, match, [p["left"] for p in match["pairs"]],
                         [p["right"] for p in match["pairs"]])
        press_button(page, match["prompt"], "Check", key="Space")
        assert "Correct." in view_of(page, match["prompt"]).inner_text()

        saved = answers(root, "m02")
        assert saved["chain-order"]["value"] == [s["id"] for s in steps]
        assert saved["grid-placement"]["value"] == {i["id"]: f"{i['x']},{i['y']}"
                                                    for i in grid["items"]}
        assert saved["adkar-responses"]["value"] == {p["id"]: p["id"] for p in match["pairs"]}
    finally:
        context.close()


def exam_items(notebook: Path) -> tuple[list[str], list[tuple[str, str, dict[str, str]]]]:
    """The exam's question ids (ExamSession.here) and, for every exam.item call in notebook
    order, (item id, stem, {option text: option id})."""
    questions, found = [], []
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            name = getattr(node, "func", None) and getattr(node.func, "attr", "")
            if name == "here":
                questions += next(ast.literal_eval(k.value) for k in node.keywords
                                  if k.arg == "questions")
            elif name == "item":
                item_id, stem, options = (ast.literal_eval(a) for a in node.args)
                found.append((item_id, stem, {text(t): oid for oid, t in options}))
    return questions, found


def test_the_whole_practice_exam_by_keyboard(keyboard_lab, browser) -> None:
    """Every question: Tab to a radio button (a different position each time), Space."""
    server, root = keyboard_lab
    questions, items = exam_items(root / EXAM)
    assert questions and [i[0] for i in items] == questions
    context, page = open_fresh(browser, server, EXAM)
    try:
        wait_until_prepared(page)
        chosen = {}
        for number, (item_id, stem, options) in enumerate(items):
            view = view_of(page, stem)
            labels = [text(t) for t in view.locator("label:has(input[type=radio])")
                      .all_text_contents()]
            pick = labels[number % len(labels)]
            tab_to(page, in_view(stem, "input[type=radio]", pick))
            page.keyboard.press("Space")
            view.locator(".tmkit-saved[data-state=saved]").wait_for(timeout=30_000)
            chosen[item_id] = options[re.sub(r"^[A-Z]\. ", "", pick)]

        panels = page.locator(".tmkit-progress")
        assert panels.count() >= 1
        for n in range(panels.count()):
            assert panels.nth(n).get_attribute("data-answered") == str(len(items))
            assert panels.nth(n).get_attribute("data-total") == str(len(items))
        saved = answers(root, "practice-exam")
        assert {k: v["value"] for k, v in saved.items()} == chosen
    finally:
        context.close()


def stray_keys(page) -> list[str]:
    """Press keys a keyboard user presses on m01's controls; say what went wrong.

    Expected, as on any web page: a letter on a checkbox changes nothing; ArrowDown (ArrowUp) on
    a closed dropdown chooses the next (previous) option and keeps the focus; ArrowDown on a
    radio button keeps the focus in the question.
    """
    ex = exercises("01-training-function")
    multi, cat, single = (ex[k] for k in ("manager-responsibilities", "structure-tradeoffs",
                                          "structure-fit"))
    cells = "() => document.querySelectorAll('.jp-Cell').length"
    problems = []
    tab_to(page, in_view(multi["prompt"], "input[type=checkbox]"))
    before, ticked = page.evaluate(cells), page.evaluate("() => document.activeElement.checked")
    page.keyboard.press("a")
    added = page.evaluate(cells) - before
    if added or not page.evaluate("() => document.activeElement.matches('[type=checkbox]')"):
        problems.append(f"'a' on a checkbox of manager-responsibilities: {added:+d} cells in "
                        f"the page, the focus went to {focused(page)}")
    elif page.evaluate("() => document.activeElement.checked") != ticked:
        problems.append("'a' on a checkbox of manager-responsibilities ticked it")

    tab_to(page, in_view(cat["prompt"], "select"))
    was, last = page.evaluate("() => [document.activeElement.selectedIndex, "
                              "document.activeElement.options.length - 1]")
    key = "ArrowUp" if was == last else "ArrowDown"  # the saved answer may be the last option
    page.keyboard.press(key)
    now = page.evaluate("() => [document.activeElement.tagName, "
                        "document.activeElement.selectedIndex]")
    if now[0] != "SELECT" or now[1] == was:
        problems.append(f"{key} on the first dropdown of structure-tradeoffs: the focus "
                        f"went to {focused(page)}; its selectedIndex stayed {was}")

    tab_to(page, in_view(single["prompt"], "input[type=radio]"))
    page.keyboard.press("ArrowDown")
    if not page.evaluate(f"() => ({in_view(single['prompt'], 'input')})"
                         f"(document.activeElement)"):
        problems.append(f"ArrowDown on a radio button of structure-fit: the focus went to "
                        f"{focused(page)}")
    return problems


def test_keys_on_a_focused_control_stay_in_it_in_voila(keyboard_lab, voila_server,
                                                        browser) -> None:
    """The reference: in Voila the same keys do what they do on any web page."""
    _server, root = keyboard_lab
    voila = voila_server(root)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(voila.url(f"voila/render/{M01}"), timeout=120_000)
        page.locator(".tmkit").filter(has_text="Confidence").wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        problems = stray_keys(page)
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_keys_on_a_focused_control_stay_in_it_in_jupyterlab(keyboard_lab, browser) -> None:
    """In JupyterLab a course control must keep the keys pressed on it from the notebook's
    command-mode shortcuts (ArrowDown: next cell, 'a': insert a cell)."""
    server, _root = keyboard_lab
    context, page = open_fresh(browser, server, M01)
    try:
        wait_until_prepared(page)
        problems = stray_keys(page)
        assert not problems, "\n".join(problems)
    finally:
        context.close()
