"""The cohort dashboard in Voila and Chromium: every section renders and the group filter works."""

from __future__ import annotations

import csv

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
TABS = (("Module completion by week", "completion", 1), ("Practice exam by module", "practice", 1),
        ("Final exam", "final", 1), ("Item analysis", "items", 1))


def test_every_section_renders_and_the_group_filter_narrows_the_roster(
        graded_cohort, instructor_server, browser_page, tmp_path) -> None:
    server = instructor_server(graded_cohort)
    page = browser_page
    page.goto(server.url("voila/render/cohort.ipynb"), timeout=120_000)
    page.wait_for_selector(".tmc-roster table", timeout=120_000)
    assert page.locator(".tmc-roster tbody tr").count() == 15
    for title, name, charts in TABS:
        page.locator(".lm-TabBar-tab", has_text=title).click()
        page.wait_for_selector(f".tmc-{name} .js-plotly-plot .main-svg", timeout=60_000)
        assert page.locator(f".tmc-{name} .js-plotly-plot").count() == charts, name
    expect(page.locator(".tmc-final")).to_contain_text("pass rate")
    assert page.locator(".tmc-items tbody tr").count() >= 4
    page.locator(".lm-TabBar-tab", has_text="Learners").click()

    # learner text is shown as text, never run
    roster = page.locator(".tmc-roster")
    expect(roster).to_contain_text('<script>alert("reflection")</script>')
    assert roster.locator("script").count() == 0 and roster.locator("a[href^=java]").count() == 0

    group = graded_cohort.config.roster.groups[0]
    with (graded_cohort.root / "roster.csv").open(encoding="utf-8") as handle:
        members = sorted(r["id"] for r in csv.DictReader(handle) if r["group"] == group.id)
    assert 0 < len(members) < 15
    page.locator(".widget-dropdown", has_text="Group").locator("select").select_option(
        label=f"{group.name} ({group.id})")
    rows = page.locator(".tmc-roster tbody tr")
    expect(rows).to_have_count(len(members), timeout=30_000)
    shown = page.locator(".tmc-roster tbody tr td:nth-child(1)").all_inner_texts()
    assert sorted(shown) == members
    expect(page.locator(".tmc-info")).to_contain_text(f"group {group.id}")

    page.locator(".widget-dropdown", has_text="Table").locator("select").select_option(
        label="roster.csv")
    page.locator("button", has_text="CSV").click()
    link = page.locator(".tmc-link a[download='roster.csv']")
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / "roster.csv"
    info.value.save_as(saved)
    with saved.open(encoding="utf-8") as handle:
        assert sorted(row["learner"] for row in csv.DictReader(handle)) == members

    stderr = page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']")
    assert stderr.count() == 0, stderr.all_inner_texts()


def test_the_cohort_dashboard_has_no_serious_accessibility_violations(
        graded_cohort, instructor_server, browser_page) -> None:
    from tests.a11y import NOTEBOOK_MARKUP, audit, screenshot

    server = instructor_server(graded_cohort)
    page = browser_page
    page.goto(server.url("voila/render/cohort.ipynb"), timeout=120_000)
    page.wait_for_selector(".tmc-roster table", timeout=120_000)
    screenshot(page, "voila-cohort-dashboard")
    result = audit(page, "Voila cohort dashboard", NOTEBOOK_MARKUP)
    assert result.blocking() == []
