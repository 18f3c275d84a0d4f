"""HTML fragments of a deliverable, shared by the workspace views and the exported report.

Every value that a learner typed, and every case value, passes through `html.escape`; the only
markup here is the markup written in this file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt

from course.models import portfolio, stakeholders
from course.practicum.case import Case
from course.practicum.plan import (
    BudgetPlan,
    Decision,
    Deliverable,
    Evaluation,
    Part,
    StakeholderRow,
)
from course.practicum.store import Change

CSS = """
.ws-table{border-collapse:collapse;font-size:13px;margin:6px 0}
.ws-table th,.ws-table td{border:1px solid #ccc;padding:3px 6px;text-align:left;
 vertical-align:top}
.ws-table th{background:#f1f3f5}.ws-num{text-align:right!important}
.ws-warn{color:#a61e4d}.ws-muted{color:#666}.ws-ok{color:#2b8a3e}
.ws-text{white-space:pre-wrap}
.widget-tab .lm-TabBar-tab,.widget-tab .lm-TabBar-tabLabel{color:#1f1f1f!important;
opacity:1!important}
"""


def text(value: Any) -> str:
    """Escape a learner's text and keep its line breaks."""
    return f'<span class="ws-text">{escape(str(value))}</span>' if value else ""


def money(amount: float | None, currency: str, decimals: int = 0) -> str:
    """An amount with its currency, or a dash when unknown."""
    return "&ndash;" if amount is None else f"{escape(currency)} {amount:,.{decimals}f}"


def _num(value: float | None, fmt: str = "{:g}") -> str:
    return "&ndash;" if value is None else fmt.format(value)


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int] = frozenset(),
           ) -> str:
    """A table from already-escaped cells; `head` is plain text and is escaped here."""
    th = "".join(f'<th{" class=ws-num" if i in numeric else ""}>{escape(h)}</th>'
                 for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f'<td{" class=ws-num" if i in numeric else ""}>{c}</td>'
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f'<table class="ws-table"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def brief_html(case: Case) -> str:
    """The business-problem brief as HTML (raw HTML in the source is shown as text)."""
    return MarkdownIt("commonmark", {"html": False}).render(case.brief)


def _warnings(items: Sequence[str]) -> str:
    return "".join(f'<div class="ws-warn">&#9888; {escape(w)}</div>' for w in items)


def portfolio_table(decided: Sequence[Decision], currency: str) -> str:
    """Every offering with its evidence, the group's scores, the suggestion and the decision."""
    rows = []
    for d in decided:
        o = d.offering
        flags = ", ".join(f for f, on in (("own content", o.proprietary),
                                          ("required", o.mandatory)) if on)
        action = escape(d.action or "")
        if d.overridden:
            action += f' <span class="ws-muted">(suggested: {escape(d.suggested or "none")})'
            action += "</span>"
        rows.append([
            escape(o.id), escape(o.title), escape(o.audience), escape(o.modality),
            f"{o.enrolments:,}", money(o.cost, currency), f"{o.satisfaction:.1f}",
            _num(o.learning, "{:.0f} %"), _num(o.behavior, "{:.0f} %"),
            escape(" ".join(o.goals)), escape(flags), _num(d.value), _num(d.distinct),
            action, text(d.reason) + _warnings(d.warnings)])
    return _table(["id", "offering", "audience", "modality", "enrolments", "cost/year",
                   "satisfaction", "learning", "behavior", "goals", "flags", "value",
                   "distinct", "action", "reason"], rows, {4, 5, 6, 7, 8, 11, 12})


def action_counts(decided: Sequence[Decision]) -> dict[str, int]:
    """How many offerings the group sustains, revises, outsources, retires (and leaves open)."""
    counts = dict.fromkeys(portfolio.ACTIONS, 0)
    counts["undecided"] = 0
    for d in decided:
        counts[d.action if d.action else "undecided"] += 1
    return counts


def stakeholder_table(rows: Sequence[StakeholderRow]) -> str:
    """Every stakeholder with the group's scores, strategy and notes."""
    out = []
    for r in rows:
        s = r.stakeholder
        strategy = escape(r.strategy or "")
        if r.strategy:
            strategy += f'<div class="ws-muted">{escape(stakeholders.ADVICE[r.strategy])}</div>'
        if r.strategy and r.suggested and r.strategy != r.suggested:
            strategy += f'<div class="ws-muted">grid suggests: {escape(r.suggested)}</div>'
        if r.borderline:
            strategy += '<div class="ws-warn">near the cut-off: check with a second opinion</div>'
        out.append([escape(s.id), escape(s.name), escape(s.role), escape(s.concern),
                    _num(r.power), _num(r.interest), strategy, text(r.notes)])
    return _table(["id", "stakeholder", "role", "concern", "power", "interest", "strategy",
                   "notes"], out, {4, 5})


def _unit_costs(plan: BudgetPlan, currency: str) -> str:
    rows = []
    for label, attr, decimals in (
            ("per learner (ratio of totals)", "per_learner_totals", 0),
            ("per learner (average of ratios)", "per_learner_average", 0),
            ("per learning hour (ratio of totals)", "per_hour_totals", 2),
            ("per learning hour (average of ratios)", "per_hour_average", 2)):
        after = getattr(plan.after, attr) if plan.after else None
        rows.append([escape(label), money(getattr(plan.before, attr), currency, decimals),
                     money(after, currency, decimals)])
    return _table(["unit cost of the offerings", "today", "plan"], rows, {1, 2})


def budget_table(plan: BudgetPlan, currency: str) -> str:
    """Totals against the budget, unit costs before and after, and every kept offering."""
    state = (f'<span class="ws-ok">within budget by {money(plan.headroom, currency)}</span>'
             if plan.within_budget else
             f'<span class="ws-warn">over budget by {money(-plan.headroom, currency)}</span>')
    totals = _table(["", "amount"], [
        ["Kept offerings", money(plan.offerings_cost, currency)],
        ["Fixed costs", money(plan.fixed_cost, currency)],
        ["New commitments", money(plan.commitments, currency)],
        ["<b>Planned total</b>", f"<b>{money(plan.total, currency)}</b>"],
        ["Budget available", money(plan.available, currency)],
        ["Headroom", state]], {1})
    lines = [[escape(li.offering.id), escape(li.offering.title), escape(li.action or "undecided"),
              escape(li.source) + ("" if li.source == li.offering.source else
                                   f' <span class="ws-muted">(today: {li.offering.source})'
                                   "</span>"),
              money(li.cost, currency), money(li.saving, currency) if li.saving else "",
              _warnings([li.warning] if li.warning else [])] for li in plan.lines]
    kept = _table(["id", "offering", "action", "source", "planned cost", "saving", ""],
                  lines, {4, 5})
    retired = ", ".join(f"{escape(o.id)} {escape(o.title)} ({money(o.cost, currency)})"
                        for o in plan.retired) or "none"
    note = ("<p class='ws-muted'>Unit costs count enrolments as learners and enrolments x hours "
            "as learning hours; the ratio of totals weighs each offering by its size, the "
            "average of ratios weighs every offering the same.</p>")
    return (totals + _unit_costs(plan, currency) + note + kept
            + f"<p><b>Retired:</b> {retired}</p>")


def evaluation_html(ev: Evaluation, currency: str) -> str:
    """The evaluation plan and its projected ROI and BCR (or what is still missing)."""
    rows = [["Program", escape(ev.program_label or ev.program or "not chosen")],
            ["Business measure", text(ev.measure)],
            ["What is measured at each level", text(ev.levels)],
            ["How the program's effect is isolated", text(ev.method)],
            ["Benefit estimate (yearly)", money(ev.benefits, currency)],
            ["Share due to the program (isolation)", _num(ev.isolation, "{:.0%}")],
            ["Confidence in the estimate", _num(ev.confidence, "{:.0%}")],
            ["Fully loaded costs", money(ev.costs, currency)]]
    if ev.result is not None:
        r = ev.result
        rows += [["Claimed benefits (estimate x isolation x confidence)",
                  money(r.claimed_benefits, currency)],
                 ["Net benefits", money(r.net_benefits, currency)],
                 ["<b>Benefit-cost ratio</b>", f"<b>{r.bcr:.2f} : 1</b>"],
                 ["<b>ROI</b>", f"<b>{r.roi_percent:.1f} %</b>"]]
    out = _table(["", ""], rows)
    if ev.problem:
        out += f'<p class="ws-warn">{escape(ev.problem)}</p>'
    return out + ("<p class='ws-muted'>BCR = benefits / costs; ROI % = (benefits - costs) / "
                  "costs x 100 (Phillips, 1997).</p>")


def progress_html(parts: Sequence[Part], percent: float) -> str:
    """Progress on each part of the deliverable."""
    rows = [[escape(p.name), f"{p.done} / {p.total}",
             '<span class="ws-ok">done</span>' if p.complete else "",
             escape(p.note)] for p in parts]
    return (f"<p><b>{percent:.0f} % done</b></p>"
            + _table(["part", "done", "", "note"], rows, {1}))


def summary_html(d: Deliverable, case: Case) -> str:
    """The one-page summary for the group's presentation."""
    cur = case.organization.currency
    counts = action_counts(d.decisions)
    actions = ", ".join(f"{n} {escape(a)}" for a, n in counts.items() if n)
    r = d.evaluation.result
    roi_line = (f"{escape(d.evaluation.program_label)}: BCR {r.bcr:.2f} : 1, ROI "
                f"{r.roi_percent:.1f} %" if r else escape(d.evaluation.problem))
    engage = {s: [row.stakeholder.name for row in d.stakeholders if row.strategy == s]
              for s in stakeholders.ADVICE}
    engage_rows = "".join(f"<li><b>{escape(s)}</b>: {escape(', '.join(names))}</li>"
                          for s, names in engage.items() if names)
    return (f"<ul><li><b>Portfolio</b>: {actions}</li>"
            f"<li><b>Budget</b>: plan {money(d.budget.total, cur)} against "
            f"{money(d.budget.available, cur)}</li>"
            f"<li><b>Evaluation</b>: {roi_line}</li></ul>"
            + (f"<p><b>Stakeholder engagement</b></p><ul>{engage_rows}</ul>"
               if engage_rows else "")
            + f"<p><b>Recommendation</b></p><p>{text(d.recommendation) or '&ndash;'}</p>"
            + f"<p><b>Risks and assumptions</b></p><p>{text(d.risks) or '&ndash;'}</p>")


def _short(value: Any) -> str:
    shown = "(cleared)" if value is None else str(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def history_html(changes: Sequence[Change], labels: Mapping[str, str]) -> str:
    """Recent changes: when, who, which field, old and new value (all escaped)."""
    rows = [[escape(str(c.id)), escape(c.at[:19].replace("T", " ")), escape(c.who),
             escape(labels.get(c.key, c.key)), escape(_short(c.old)), escape(_short(c.new)),
             f"undoes change {c.reverts}" if c.reverts else ""] for c in changes]
    return _table(["#", "when (UTC)", "who", "field", "old", "new", ""], rows)
