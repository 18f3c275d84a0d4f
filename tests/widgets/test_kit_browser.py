"""The real thing in JupyterLab: answer one exercise of each family, reload, find it restored."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from tests.lab import run_all_cells
from tests.widgets.conftest import SAMPLE
from widgets.status import saved_time

pytestmark = pytest.mark.browser

CELLS = [
    'from widgets.kit import Module\n\nm = Module.here("m99")',
    'm.exercise("pick-one")',       # radio buttons
    'm.exercise("pick-many")',      # checkboxes
    'm.exercise("roi")',            # a number field
    'm.exercise("sort")',           # dropdowns (categorize, order, match and grid share them)
    'm.exercise("stakeholders")',   # dropdowns with the grid plot
    "m.reflection()",               # free text
    "m.confidence()",               # 1-5 rating
]


def write_notebook(folder: Path) -> None:
    (folder / "module.yml").write_text(SAMPLE, encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nbformat.write(nb, folder / "kit.ipynb")


def run_all(page, restart: bool = False) -> None:
    """Run every cell (after a kernel restart if asked) and wait until the last one is drawn."""
    run_all_cells(page, restart=restart)
    last = page.locator(".jp-Cell").nth(len(CELLS) - 1)
    if restart:
        last.get_by_text("rating is restored").wait_for(timeout=90_000)
    else:
        last.locator(".widget-button").wait_for(timeout=90_000)


def save_line(cell):
    """The save-state line of the view in a cell (one per view)."""
    line = cell.locator('.tmkit-saved[role="status"]')
    assert line.count() == 1
    return line


def test_answers_survive_a_reload_in_jupyterlab(lab_server, browser_page) -> None:
    server, root = lab_server
    write_notebook(root)
    page = browser_page
    page.goto(server.url("lab/tree/kit.ipynb"))
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    run_all(page)
    cell = page.locator(".jp-Cell").nth
    assert save_line(cell(1)).get_attribute("data-state") == "unsaved"
    assert save_line(cell(1)).inner_text() == "Not saved yet"

    cell(1).get_by_role("radio", name="Behavior").check()
    cell(1).get_by_role("button", name="Check").click()
    cell(1).get_by_text("use on the job").wait_for()

    for option in ("Facilitator fee", "Venue hire", "Head office rent"):
        cell(2).get_by_role("checkbox", name=option).check()
    cell(2).get_by_role("button", name="Check").click()
    cell(2).get_by_text("Partly right").wait_for()

    number = cell(3).get_by_role("spinbutton", name="Answer (%)")
    number.fill("25")
    number.press("Enter")
    cell(3).get_by_role("button", name="Check").click()
    cell(3).get_by_text("25% is within 0.5%").wait_for()

    picks = {"End-of-day satisfaction survey": "Reaction", "Post-test score": "Learning",
             "Supervisor observation after 60 days": "Behavior"}
    for item, bucket in picks.items():
        cell(4).get_by_label(item).select_option(label=bucket)
    cell(4).get_by_role("button", name="Check").click()
    cell(4).get_by_text("All 3 items are right").wait_for()

    places = {"Chief executive": "Keep satisfied (low Interest, high Power)",
              "Participants": "Keep informed (high Interest, low Power)",
              "HR director": "Monitor (low Interest, low Power)"}
    cell(5).get_by_label("Chief executive").select_option(label=places["Chief executive"])
    cell(5).get_by_text("1 of 3 items placed").wait_for(state="attached")  # the plot follows
    assert cell(5).locator("svg circle").count() == 1
    for item, quadrant in places.items():
        cell(5).get_by_label(item).select_option(label=quadrant)
    cell(5).get_by_role("button", name="Check").click()
    cell(5).get_by_text("You have 2 of 3 items right").wait_for()

    cell(6).get_by_label("Your reflection").fill("Try a coaching follow-up <next> month.")
    cell(6).get_by_role("button", name="Save reflection").click()
    cell(6).get_by_text("Reflection saved.").wait_for()

    cell(7).get_by_role("radio", name="4 - Confident").check()
    cell(7).get_by_role("button", name="Save rating").click()
    cell(7).get_by_text("Rating saved.").wait_for()

    saved = json.loads((root / "m99.answers.json").read_text(encoding="utf-8"))["items"]
    assert saved["pick-one"]["value"] == "b" and saved["roi"]["value"] == 25
    assert saved["pick-many"]["value"] == ["a", "b", "c"]
    assert saved["confidence"]["value"] == 4
    for n, item_id in enumerate(["pick-one", "pick-many", "roi", "sort", "stakeholders",
                                 "reflection", "confidence"], start=1):
        shown = f"Saved \u00b7 {saved_time(saved[item_id]['saved_at'])}"
        save_line(cell(n)).and_(page.locator('[data-state="saved"]')).get_by_text(shown).wait_for()

    page.keyboard.press("Control+s")
    page.wait_for_timeout(1000)
    page.reload()
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    run_all(page, restart=True)  # a fresh kernel: everything comes back from the answers file

    assert cell(1).get_by_role("radio", name="Behavior").is_checked()
    assert "Attempt 1" in cell(1).inner_text()
    for option in ("Facilitator fee", "Venue hire", "Head office rent"):
        assert cell(2).get_by_role("checkbox", name=option).is_checked()
    assert not cell(2).get_by_role("checkbox", name="Brand value").is_checked()
    assert cell(3).get_by_role("spinbutton", name="Answer (%)").input_value() == "25"
    assert "Your saved answer." in cell(3).inner_text()
    for item, bucket in picks.items():
        select = cell(4).get_by_label(item)
        assert select.locator("option:checked").inner_text() == bucket
    assert cell(5).locator("svg circle").count() == 3
    assert "Partly right" in cell(5).inner_text()
    assert cell(6).get_by_label("Your reflection").input_value() == (
        "Try a coaching follow-up <next> month.")
    assert cell(7).get_by_role("radio", name="4 - Confident").is_checked()
    for n in range(1, len(CELLS)):  # a reopened notebook says when each answer was saved
        assert save_line(cell(n)).get_attribute("data-state") == "saved"
        assert save_line(cell(n)).text_content().startswith("Saved \u00b7 ")
