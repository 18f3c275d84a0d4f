"""The real thing: the released course home renders in Voila, reads answers and links onward."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.config import CourseConfig
from tests.course.journey.conftest import write_answers
from tests.lab import wait_until_prepared

pytestmark = pytest.mark.browser

REFLECTION = "Start with the sales team <script>window.hacked = 1</script>"
def test_course_home_in_voila(built_course: Path, config: CourseConfig, voila_server,
                              browser_page, tmp_path: Path) -> None:
    course = tmp_path / "course"  # a learner's course folder: released assignments side by side
    module = config.modules[0]
    for assignment in ("course-home", module.id):
        shutil.copytree(built_course / "release" / assignment, course / assignment)
    write_answers(course, module.id, {"reflection": REFLECTION, "confidence": 2})
    server = voila_server(course)
    page = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(server.url("voila/render/course-home/course-home.ipynb"), timeout=120_000)
    page.get_by_role("button", name="Export journal").wait_for(timeout=240_000)
    assert page.get_by_role("heading", name="Your schedule").is_visible()
    assert page.locator("th", has_text="Practice exam").count() == 1  # the welcome table
    row = page.locator("tr", has_text=f"Module 1: {module.title}").filter(has_text="in progress")
    assert row.count() == 1 and "2 - A little confident" in row.inner_text()

    journal = page.locator("blockquote", has_text="Start with the sales team")
    assert "<script>window.hacked = 1</script>" in journal.inner_text()  # shown as text
    assert page.evaluate("window.hacked") is None and dialogs == []

    page.get_by_role("button", name="Export journal").click()
    page.get_by_text("Saved journal.md").wait_for(timeout=30_000)
    exported = (course / "course-home" / "journal.html").read_text()
    assert "&lt;script&gt;window.hacked = 1&lt;/script&gt;" in exported

    stderr = page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']")
    assert stderr.count() == 0, stderr.all_inner_texts()
    assert page.locator("[data-mime-type*='error']").count() == 0

    # the relative link reaches the sibling module (Voila opens output links in a new tab)
    link = page.locator(f'a[href="../{module.id}/{module.slug}.ipynb"]').first
    with page.context.expect_page(timeout=30_000) as opened:
        link.click()
    module_page = opened.value
    assert module_page.url.endswith(f"/voila/render/{module.id}/{module.slug}.ipynb")
    module_page.get_by_role("heading", name=f"Module 1: {module.title}").wait_for(
        timeout=240_000)


def test_course_home_links_open_modules_in_jupyterlab(built_course: Path, config: CourseConfig,
                                                     lab_server, browser_page) -> None:
    server, course = lab_server
    module = config.modules[1]
    for assignment in ("course-home", module.id):
        shutil.copytree(built_course / "release" / assignment, course / assignment)
    write_answers(course, module.id, {"confidence": 5})
    page = browser_page
    page.goto(server.url("lab/tree/course-home/course-home.ipynb"))
    wait_until_prepared(page)  # the course home runs itself (course/courseview)
    # the last cell's output (the notebook may keep cells out of view hidden: wait for attached)
    page.locator(".jp-OutputArea-output", has_text="toward recertification").first.wait_for(
        state="attached", timeout=240_000)
    row = page.locator("tr", has_text=f"Module 2: {module.title}").filter(has_text="in progress")
    assert row.count() == 1 and "5 - Very confident" in row.text_content()
    assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0

    # JupyterLab resolves the relative link against the home's folder and opens the module
    link = page.locator(".jp-OutputArea-output a", has_text=f"Module 2: {module.title}").first
    assert f"/files/{module.id}/{module.slug}.ipynb" in link.get_attribute("href")
    link.scroll_into_view_if_needed()
    link.click()
    page.get_by_role("tab", name=f"{module.slug}.ipynb").wait_for(timeout=60_000)
    page.get_by_role("heading", name=f"Module 2: {module.title}").first.wait_for(
        timeout=60_000)
