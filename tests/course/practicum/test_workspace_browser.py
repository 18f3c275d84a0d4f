"""One group workspace open in two browser contexts under Voila: each sees the other's edits."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
from playwright.sync_api import expect

from course.practicum.links import workspace_links
from course.practicum.store import init_workspaces, open_store

pytestmark = pytest.mark.browser
PROJECT = Path(__file__).resolve().parents[3]


def _dashboard(folder: Path) -> Path:
    """Write the workspace dashboard notebook from its MyST source into `folder`."""
    folder.mkdir()
    nb = jupytext.read(PROJECT / "dashboards" / "workspace.md", fmt="md:myst")
    jupytext.write(nb, folder / "workspace.ipynb")
    return folder


def _choose(page, label: str, option: str) -> None:
    page.locator(".widget-dropdown:visible", has_text=label).locator("select").select_option(
        label=option)


def _open(browser, url: str, name: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url, timeout=120_000)
    page.wait_for_selector("text=Version 0", timeout=120_000)
    page.locator(".widget-text", has_text="Your name").locator("input").fill(name)
    return context, page


def test_two_members_see_each_others_edits(config, voila_server, browser, tmp_path) -> None:
    root = tmp_path / "root"
    init_workspaces(config, root).close()
    server = voila_server(_dashboard(tmp_path / "dash"), extra_env={"TMCERT_ROOT": str(root)})
    urls = workspace_links(config, root, server.url("voila/render/workspace.ipynb"))
    ann_ctx, ann = _open(browser, urls["g1"], "Ann")
    ben_ctx, ben = _open(browser, urls["g1"], "Ben")
    try:
        ann.locator(".lm-TabBar-tabLabel", has_text="Portfolio").click()
        _choose(ann, "Choose", "O14 Spreadsheets: intermediate")
        _choose(ann, "Strategic value", "4")
        _choose(ann, "Distinctiveness", "1")
        ann.locator("button:visible", has_text="Save").click()
        ann.wait_for_selector("text=Saved 2 field(s)", timeout=30_000)

        ben.locator(".lm-TabBar-tabLabel", has_text="Stakeholders").click()
        _choose(ben, "Choose", "S02 Martin Greave (Finance Director)")
        _choose(ben, "Power", "9")
        _choose(ben, "Interest", "3")
        ben.locator("button:visible", has_text="Save").click()
        ben.wait_for_selector("text=Saved 2 field(s)", timeout=30_000)

        # each page picks up the other's change by polling, without a reload
        ann.locator(".lm-TabBar-tabLabel", has_text="Stakeholders").click()
        expect(ann.locator("tr:visible", has_text="Martin Greave")).to_contain_text(
            "keep satisfied", timeout=20_000)
        ben.locator(".lm-TabBar-tabLabel", has_text="Portfolio").click()
        expect(ben.locator("tr:visible", has_text="Spreadsheets: intermediate")).to_contain_text(
            "outsource", timeout=20_000)
        for page in (ann, ben):
            expect(page.get_by_text("Version 2;")).to_be_visible(timeout=20_000)
        for page in (ann, ben):
            stderr = page.locator(
                ".jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']")
            assert stderr.count() == 0, stderr.all_inner_texts()
        values = open_store(root).snapshot("g1").values
        assert values["portfolio.O14.value"] == 4 and values["stakeholder.S02.power"] == 9

        # a link for one group, pointed at another, opens nothing
        other = urls["g2"].replace("group=g2", "group=g1")
        refused = ben_ctx.new_page()
        refused.goto(other, timeout=120_000)
        expect(refused.get_by_text("No access")).to_be_visible(timeout=120_000)
        assert refused.locator(".widget-tab").count() == 0
        assert "Merrowvale" not in refused.content()
    except Exception:
        ann.screenshot(path=str(tmp_path / "ann.png"))
        ben.screenshot(path=str(tmp_path / "ben.png"))
        raise
    finally:
        ann_ctx.close()
        ben_ctx.close()


def test_a_workspace_has_no_serious_accessibility_violations(config, voila_server, browser,
                                                             tmp_path) -> None:
    from tests.a11y import NOTEBOOK_MARKUP, audit, screenshot

    root = tmp_path / "root"
    init_workspaces(config, root).close()
    server = voila_server(_dashboard(tmp_path / "dash"), extra_env={"TMCERT_ROOT": str(root)})
    urls = workspace_links(config, root, server.url("voila/render/workspace.ipynb"))
    context, page = _open(browser, urls["g1"], "Ann")
    try:
        screenshot(page, "voila-workspace")
        result = audit(page, "Voila group workspace", NOTEBOOK_MARKUP)
        assert result.blocking() == []
    finally:
        context.close()
