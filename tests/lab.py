"""Driving JupyterLab from Playwright: open a notebook, run every cell, wait for the results.

The course's own notebooks run themselves when opened (course/courseview): wait for that with
`wait_until_prepared`. Any other notebook is run with `run_all_cells`.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ALL_RAN = """() => {
  const cells = [...document.querySelectorAll('.jp-CodeCell')].filter(
    c => (c.querySelector('.cm-content')?.textContent || '').trim() !== '');  // empty: never run
  return cells.length > 0 && cells.every(
    c => /\\[\\d+\\]/.test(c.querySelector('.jp-InputPrompt').textContent));
}"""


# The state the course view gives the notebook on screen (data-tmcert-view), once it is settled.
PREPARED = """() => {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')].find(
    p => !p.classList.contains('lm-mod-hidden'));
  const state = panel && panel.getAttribute('data-tmcert-view');
  return ['ready', 'failed', 'not-course'].includes(state) ? state : null;
}"""


def wait_until_prepared(page: Page, timeout_ms: int = 180_000) -> None:
    """Wait until the course notebook on screen has run itself; fail with its message if not."""
    state = page.wait_for_function(PREPARED, timeout=timeout_ms).json_value()
    if state != "ready":
        banner = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .tmcert-banner")
        raise AssertionError(f"the course view says {state}: {banner.all_inner_texts()}")


def open_fresh(browser, server, path: str):
    """A new browser context on a fresh JupyterLab workspace showing one notebook."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    workspace = re.sub(r"\W", "-", path)
    page.goto(server.url(f"lab/workspaces/{workspace}/tree/{path}?reset"), timeout=120_000)
    return context, page


def accept_kernel_dialog(page: Page) -> None:
    """JupyterLab may ask for a kernel although the notebook names one: accept its choice."""
    choose = page.locator(".jp-Dialog").filter(has_text="Select Kernel")
    if choose.count():
        choose.locator(".jp-mod-accept").click()


def run_all_cells(page: Page, restart: bool = False, timeout_ms: int = 180_000) -> None:
    """Run every cell (after a kernel restart if asked) and wait until each has run."""
    first_prompt = page.locator(".jp-CodeCell").first.locator(".jp-InputPrompt")
    before = first_prompt.text_content(timeout=60_000)
    for _try in range(3):
        page.wait_for_timeout(1500)  # the kernel dialog can appear after the kernel is idle
        accept_kernel_dialog(page)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=60_000)
        if restart:
            page.get_by_role("menuitem", name="Kernel", exact=True).click(timeout=30_000)
            page.get_by_role("menuitem", name="Restart Kernel and Run All Cells…").click()
            page.locator(".jp-Dialog .jp-mod-accept").click(timeout=30_000)
        else:
            page.get_by_role("menuitem", name="Run", exact=True).click(timeout=30_000)
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click(timeout=30_000)
        try:
            page.wait_for_function("([el, old]) => el.textContent !== old",
                                   arg=[first_prompt.element_handle(), before], timeout=15_000)
            break
        except PlaywrightTimeout:
            continue
    page.wait_for_function(ALL_RAN, timeout=timeout_ms)


def error_outputs(page: Page) -> list[str]:
    """Texts of error or stderr outputs in the open notebook."""
    found = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
                         " .jp-OutputArea-output.jp-mod-error,"
                         " .jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']")
    return found.all_inner_texts()
