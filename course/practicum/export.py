"""Export a group's deliverable as one self-contained HTML report (inline CSS and SVG charts).

The report needs nothing else to open: no script, no stylesheet or image from elsewhere. Every
learner-entered text is escaped (see render.py). Reports are written to
<course root>/workspaces/exports/ with a time stamp, so an earlier export is never overwritten;
`export_pdf` prints an exported report to a PDF beside it (WeasyPrint).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any

from course.practicum import charts, render
from course.practicum.case import Case
from course.practicum.plan import deliverable
from course.practicum.store import WorkspaceStore
from widgets.store import atomic_write

PAGE_CSS = """
body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;
 color:#212529}
h1{font-size:24px}h2{font-size:19px;border-bottom:2px solid #dee2e6;padding-bottom:3px;
 margin-top:28px}
.ws-charts{display:flex;flex-wrap:wrap;gap:16px}
@media print{h2{page-break-before:always}}
"""


def report_html(case: Case, group_name: str, values: Mapping[str, Any],
                contributors: list[str], generated: datetime) -> str:
    """The whole report as one HTML document."""
    d = deliverable(case, values)
    org = case.organization
    cur = org.currency
    goals = "".join(f"<li><b>{escape(g.id)} {escape(g.title)}</b>: {escape(g.measure)}, from "
                    f"{g.baseline:g} to {g.target:g}</li>" for g in org.goals)
    people = escape(", ".join(contributors)) or "&ndash;"
    title = f"{group_name}: a training portfolio plan for {org.name}"
    sections = [
        ("Summary", render.summary_html(d, case) + render.progress_html(d.parts, d.percent)),
        ("Portfolio rationalization",
         "<p>Each offering is scored 1 to 5 on strategic value and on distinctiveness; the "
         "quadrant suggests an action and the group decides, giving its reason where it "
         "departs from the suggestion.</p>"
         + charts.portfolio_svg(d.decisions) + render.portfolio_table(d.decisions, cur)),
        ("Stakeholders",
         "<p>Power and interest are scored 1 to 10; the grid (Mendelow, 1981) suggests how to "
         "engage each stakeholder.</p>"
         + charts.stakeholder_svg(d.stakeholders) + render.stakeholder_table(d.stakeholders)),
        ("Budget and sourcing",
         charts.budget_svg(d.budget, float(org.budget.previous_spend), cur)
         + render.budget_table(d.budget, cur)),
        ("Evaluation plan", render.evaluation_html(d.evaluation, cur)),
        ("The case",
         f"<p><b>{escape(org.name)}</b>, {escape(org.sector)}, about {org.employees:,} "
         f"employees. Goals for {escape(org.year)}:</p><ul>{goals}</ul>"
         f"<details><summary>The brief</summary>{render.brief_html(case)}</details>"),
    ]
    body = "".join(f"<h2>{escape(name)}</h2>{html}" for name, html in sections)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{PAGE_CSS}{render.CSS}</style></head><body>"
            f"<h1>{escape(title)}</h1>"
            f"<p class=\"ws-muted\">Exported {generated:%Y-%m-%d %H:%M} UTC. Contributors: "
            f"{people}. The organization is fictional.</p>{body}</body></html>\n")


def export_report(store: WorkspaceStore, case: Case, group_id: str,
                  root: Path | str) -> tuple[Path, str]:
    """Write the group's report into the course root; return its path and its HTML."""
    snap = store.snapshot(group_id)
    name = store.groups().get(group_id, group_id)
    changes = store.history(group_id, limit=100_000)
    contributors = sorted({c.who for c in changes}, key=str.casefold)
    now = datetime.now(timezone.utc)
    page = report_html(case, name, snap.values, contributors, now)
    folder = Path(root) / "workspaces" / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{group_id}-{now:%Y%m%dT%H%M%S%f}.html"
    atomic_write(path, page)
    return path, page


def export_pdf(html_path: Path) -> Path:
    """Print an exported report to PDF beside it (same name, .pdf)."""
    from course.pdf import html_to_pdf

    html_path = Path(html_path)
    return html_to_pdf(html_path.read_text(encoding="utf-8"), html_path.with_suffix(".pdf"))
