"""Accessibility audits with axe-core (npm, installed by `make test`) inside Playwright pages.

`audit(page, name, course_markup)` runs axe twice: over the course's own markup (the selectors
given: rendered prose, widget outputs, the dashboards' content) and over the whole page. The
counts of both, by impact, are kept in RESULTS and printed at the end of the test run
(tests/conftest.py); tests assert on the course's own markup only, since the rest of the page is
JupyterLab's or Voila's. Screenshots of the audited pages go to SCREENSHOTS.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page

PROJECT = Path(__file__).resolve().parent.parent
AXE = PROJECT / ".node" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT / "build" / "screenshots"
REPORTS = PROJECT / "build" / "a11y"  # every violation of every audited page, as JSON
BLOCKING = ("serious", "critical")
IMPACTS = ("critical", "serious", "moderate", "minor")

# What the course writes into a notebook page: prose (Markdown) and outputs (widgets, HTML).
NOTEBOOK_MARKUP = [".jp-MarkdownOutput", ".jp-OutputArea-output"]

RUN = """async (include) => {
  const context = include ? {include: include.map(s => [s])} : document;
  const result = await axe.run(context, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.html.slice(0, 160) + ' :: '
                            + n.any.concat(n.all).map(c => c.message).join('; '))}));
}"""


@dataclass
class Audit:
    """One page's violations: over the course's own markup, and over the whole page."""

    name: str
    course: list[dict] = field(default_factory=list)
    page: list[dict] = field(default_factory=list)

    def counts(self, violations: list[dict]) -> str:
        by_impact = {i: sum(len(v["nodes"]) for v in violations if v["impact"] == i)
                     for i in IMPACTS}
        return ", ".join(f"{n} {i}" for i, n in by_impact.items())

    def blocking(self) -> list[str]:
        """The serious or critical violations in the course's markup, one line each."""
        return [f"{v['impact']} {v['id']} ({v['help']}): {node}"
                for v in self.course if v["impact"] in BLOCKING for node in v["nodes"]]


RESULTS: list[Audit] = []


def audit(page: Page, name: str, course_markup: list[str]) -> Audit:
    """Run axe-core on the page; record and return the violations (course markup, whole page)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core from npm")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = Audit(name, page.evaluate(RUN, course_markup), page.evaluate(RUN, None))
    RESULTS.append(result)
    REPORTS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"\W+", "-", name)
    (REPORTS / f"{slug}.json").write_text(
        json.dumps({"course": result.course, "page": result.page}, indent=1), encoding="utf-8")
    return result


def screenshot(page: Page, name: str) -> Path:
    """Save what a person would see, for looking at later; returns the file."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def summary_lines() -> list[str]:
    """The audit counts, one line per page, for the end of the test run."""
    if not RESULTS:
        return []
    lines = ["axe-core violations (nodes) per page: course markup | whole page"]
    lines += [f"  {a.name}: {a.counts(a.course)} | {a.counts(a.page)}" for a in RESULTS]
    lines.append(f"Details: {REPORTS}; screenshots: {SCREENSHOTS}")
    return lines
