"""A real cohort on the course's hub, in Chromium: log in, fetch, work, submit, grade, feedback.

One hub for the module (see conftest.py); the tests run in order and the later ones use what the
first one did (learner A's graded practice exam).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

from course.analytics.reports import progress_rows
from course.exams.bank import load_bank
from course.exams.notebook import paper_from_notebook
from tests.course.hub.conftest import INSTRUCTOR, LEARNERS, Hub
from tests.lab import wait_until_prepared

pytestmark = [pytest.mark.hub, pytest.mark.browser]

ANN, BEN = list(LEARNERS)
M01 = "m01/01-training-function.ipynb"
EXAM = "practice-exam"


def login(page, hub: Hub, user: str) -> None:
    """Log in on the hub's login page with the account's password."""
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", hub.passwords[user])
    page.click("#login_submit")


def open_assignments(page) -> None:
    """nbgrader's assignment list, from the Nbgrader menu of the learner's JupyterLab."""
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click(timeout=60_000)
    page.get_by_text("Assignment List", exact=True).click()
    page.wait_for_selector("#released_assignments_list .list_item", timeout=60_000)


def row(page, section: str, name: str):
    """One assignment's row in a section of the assignment list."""
    return page.locator(f"#{section}_assignments_list .list_item").filter(
        has=page.locator(".item_name", has_text=re.compile(f"^{re.escape(name)}")))


def press(page, section: str, name: str, button: str, then: str) -> None:
    """Press an assignment's button and wait until it shows up in the `then` section."""
    row(page, section, name).get_by_role("button", name=button).click()
    row(page, then, name).first.wait_for(timeout=90_000)


def open_notebook(page, hub: Hub, user: str, path: str) -> None:
    page.goto(f"{hub.url}/user/{user}/lab/tree/{path}?reset")  # this notebook only
    page.wait_for_selector(".jp-Notebook", timeout=90_000)


def paper(hub: Hub):
    cells = nbformat.read(hub.root / "source" / EXAM / f"{EXAM}.ipynb", as_version=4).cells
    return paper_from_notebook(hub.config, "practice", cells, load_bank(hub.config))


def item_widget(page, number: int):
    heading = page.locator("h4", has_text=re.compile(f"^Question {number}$"))
    return page.locator(".jp-OutputArea-output .tmkit").filter(has=heading)


def answer_exam(page, hub: Hub, right_module: str) -> dict[str, str]:
    """Answer every item: right for one module's items, wrong for the rest. Item -> option."""
    chosen = {}
    for item in paper(hub).items:
        bank_item = item.entry.item
        right = item.entry.module == right_module
        option = next(o for o in bank_item.options if (o.id == bank_item.answer) == right)
        widget = item_widget(page, item.number)
        widget.get_by_role("radio", name=re.compile(f"^[A-D]\\. {re.escape(option.text)}$")) \
            .check(timeout=60_000)
        widget.get_by_text("Answer saved").wait_for(timeout=30_000)
        chosen[item.entry.id] = option.id
    return chosen


def answers(hub: Hub, user: str, folder: str, name: str) -> dict:
    path = Path(f"/home/{user}") / folder / f"{name}.answers.json"
    return json.loads(path.read_text(encoding="utf-8"))["items"]


def status(page, url: str) -> int:
    return page.goto(url, timeout=120_000).status


def test_a_learner_fetches_works_submits_and_reads_per_module_feedback(hub: Hub, browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    login(page, hub, ANN)
    page.wait_for_selector(".jp-Notebook", timeout=120_000)  # the course home opens
    assert "course-home" in page.url
    page.locator(".jp-RenderedMarkdown h1", has_text="Course home").wait_for()
    wait_until_prepared(page)
    workspace = page.get_by_role("link", name="Your group's practicum workspace")
    assert workspace.get_attribute("href") == "/services/workspace-g1/voila/render/workspace.ipynb"

    open_assignments(page)
    press(page, "released", "m01", "Fetch", then="fetched")
    press(page, "released", EXAM, "Fetch", then="fetched")

    open_notebook(page, hub, ANN, M01)
    wait_until_prepared(page)
    duty = page.locator(".jp-OutputArea-output").filter(
        has=page.get_by_role("checkbox", name="Planning and defending the function's annual "
                                               "budget"))
    for option in ("Deciding which programmes in the catalog to retire",
                   "Selecting a vendor and setting the service levels it must meet",
                   "Planning and defending the function's annual budget"):
        duty.get_by_role("checkbox", name=option).check()
    duty.get_by_role("button", name="Check").click()
    score = page.locator(".jp-OutputArea-output").filter(
        has_text="what is the federated score out of 100?")
    score.get_by_role("spinbutton", name="Answer (points)").fill("82.5")
    score.get_by_role("spinbutton", name="Answer (points)").press("Enter")
    score.get_by_role("button", name="Check").click()
    score.get_by_text("within").first.wait_for(timeout=30_000)
    saved = answers(hub, ANN, "m01", "m01")
    assert saved["manager-responsibilities"]["value"] == ["a", "d", "f"]
    assert saved["federated-score"]["value"] == 82.5

    open_notebook(page, hub, ANN, f"{EXAM}/{EXAM}.ipynb")
    wait_until_prepared(page)
    chosen = answer_exam(page, hub, right_module="m01")
    assert {k: v["value"] for k, v in answers(hub, ANN, EXAM, EXAM).items()} == chosen

    open_assignments(page)
    press(page, "fetched", EXAM, "Submit", then="submitted")

    graded = hub.build_py("grade", EXAM)
    assert "Collected 1 learner(s)' newest submission(s)" in graded.stdout
    assert "Feedback released" in graded.stdout
    m01_items = sum(1 for item in paper(hub).items if item.entry.module == "m01")
    assert re.search(rf"{ANN}\s+graded\s+{m01_items:g} / {len(chosen):g}", graded.stdout), \
        graded.stdout

    open_assignments(page)
    row(page, "submitted", EXAM).get_by_role("button", name="Fetch Feedback").click()
    for _try in range(60):
        feedback = sorted(Path(f"/home/{ANN}/{EXAM}/feedback").glob(f"*/{EXAM}.html"))
        if feedback:
            break
        page.wait_for_timeout(500)
    assert feedback, "no feedback fetched"
    relative = feedback[-1].relative_to(f"/home/{ANN}")
    page.goto(f"{hub.url}/user/{ANN}/files/{relative}")
    text = page.locator("body").inner_text(timeout=60_000)
    review = text[text.index("Review first"):]  # every module but m01 (all right) is listed
    assert "Module 1:" not in review
    assert re.search(r"Module 2: Strategic alignment, stakeholders and change: 0 / \d+ \(0%\)",
                     review), review[:2000]
    context.close()


def test_each_page_opens_only_for_who_it_is_for(hub: Hub, browser) -> None:
    workspace = "/services/workspace-{}/voila/render/workspace.ipynb"
    cohort = "/services/dashboards/voila/render/cohort.ipynb"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    login(page, hub, ANN)
    page.wait_for_selector("#jp-main-dock-panel", timeout=120_000)  # their JupyterLab
    assert status(page, hub.url + workspace.format("g1")) == 200  # ann is in g1
    page.wait_for_function("document.body.innerText.includes('Merrowvale Foods makes')",
                           timeout=120_000)  # the case, in g1's own workspace
    assert "no workspace" not in page.locator("body").inner_text()
    assert status(page, hub.url + workspace.format("g2")) == 403
    assert status(page, hub.url + cohort) == 403
    assert status(page, hub.url + "/services/dashboards/voila/render/workspaces-overview.ipynb") \
        == 403
    assert status(page, hub.url + "/services/formgrader/formgrader") == 403
    context.close()

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    login(page, hub, INSTRUCTOR)
    page.wait_for_load_state()
    assert status(page, hub.url + cohort) == 200
    page.get_by_role("button", name="Reload data").click(timeout=120_000)  # graded since start
    row = page.locator("tr", has=page.locator("td", has_text=re.compile(f"^{ANN}$")))
    items = paper(hub).items
    share = sum(1 for item in items if item.entry.module == "m01") / len(items)
    # the Practice column, once the reload has redrawn the table (it shows "–" before)
    expect(row.locator("td").nth(8)).to_have_text(f"{share:.0%}", timeout=120_000)
    assert status(page, hub.url + workspace.format("g2")) == 200  # instructors see every group
    context.close()


def test_a_late_submission_keeps_the_exchange_time_and_is_reported_late(hub: Hub) -> None:
    due = hub.build_py("schedule", "--format", "json").stdout
    practice_due = dt.datetime.fromisoformat(
        next(d["due"] for d in json.loads(due) if d["item"] == EXAM))
    fetched = hub.as_user(BEN, str(Path(sys.executable).parent / "nbgrader"),
                          "fetch_assignment", EXAM, "--course", hub.config.id)
    assert fetched.returncode == 0, fetched.stderr
    late = hub.as_user(BEN, str(Path(sys.executable).parent / "nbgrader"), "submit", EXAM,
                       "--course", hub.config.id, faketime="@2027-03-10 09:00:00",
                       cwd=Path(f"/home/{BEN}"))
    assert late.returncode == 0, late.stderr
    hub.build_py("grade", EXAM)
    report = json.loads(hub.build_py("report", "progress", EXAM, "--format", "json").stdout)
    rows = {row["learner"]: row for row in progress_rows(report) if row["item"] == EXAM}
    assert rows[BEN]["item_status"] == "late"
    assert dt.datetime.fromisoformat(rows[BEN]["submitted_at"]) > practice_due
    assert rows[ANN]["item_status"] == "on time"
    stamp = (hub.root / "submitted" / BEN / EXAM / "timestamp.txt").read_text(encoding="utf-8")
    assert stamp.startswith("2027-03-10")  # the exchange's time, not the collection's


def test_a_server_killed_mid_exam_loses_no_saved_answer(hub: Hub, browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    login(page, hub, ANN)
    page.wait_for_selector("#jp-main-dock-panel", timeout=120_000)
    open_notebook(page, hub, ANN, f"{EXAM}/{EXAM}.ipynb")
    wait_until_prepared(page)
    first = paper(hub).items[0]
    before = answers(hub, ANN, EXAM, EXAM)[first.entry.id]["value"]
    other = next(o for o in first.entry.item.options if o.id != before)
    item_widget(page, 1).get_by_role(
        "radio", name=re.compile(f"^[A-D]\\. {re.escape(other.text)}$")).check()
    item_widget(page, 1).get_by_text("Answer saved").wait_for(timeout=30_000)

    killed = subprocess.run(["pkill", "-KILL", "-u", ANN], capture_output=True)
    assert killed.returncode == 0  # the server and its kernel, as a crash would
    restarted = hub.as_user(ANN, "true")  # the account is fine; only its server is gone
    assert restarted.returncode == 0
    for _try in range(30):  # the hub notices the dead server and starts a new one
        page.goto(f"{hub.url}/hub/spawn/{ANN}")
        page.wait_for_timeout(2000)
        if "/lab" in page.url:
            break
    open_notebook(page, hub, ANN, f"{EXAM}/{EXAM}.ipynb")
    wait_until_prepared(page)
    widget = item_widget(page, 1)
    widget.get_by_text("Your saved answer is restored.").wait_for(timeout=60_000)
    assert widget.get_by_role(
        "radio", name=re.compile(f"^[A-D]\\. {re.escape(other.text)}$")).is_checked()
    assert answers(hub, ANN, EXAM, EXAM)[first.entry.id]["value"] == other.id
    context.close()
