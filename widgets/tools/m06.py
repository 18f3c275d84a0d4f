"""Module 6 views: the objective checker, the development-hours estimator and two figures."""

from __future__ import annotations

import html

import ipywidgets as W
import plotly.graph_objects as go
from IPython.display import HTML, display

from course.models.design import (
    FORMATS,
    LEVELS,
    VERBS,
    DevEstimate,
    ObjectiveCheck,
    check_objectives,
    estimate_dev_hours,
)
from widgets.tool import ModelTool, register_figure, register_tool

EXAMPLE = """Understand the company's expense policy
Given a completed expense claim, identify every item that breaks the policy with no misses
Learners will be able to calculate mileage claims using the rate table, within 1%
Explain and apply the approval limits"""
_CELL = "border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top"
_STYLE = {"description_width": "200px"}
VERBS_SHOWN = 6  # example verbs per level in the Bloom figure
STEP_BASE = 4  # height of the lowest step, so six verbs fit inside every bar


def _row(cells: list[str], head: bool = False) -> str:
    """One table row; the cells are already escaped."""
    tag = "th" if head else "td"
    return "<tr>" + "".join(f'<{tag} style="{_CELL}">{c}</{tag}>' for c in cells) + "</tr>"


def _mark(ok: bool) -> str:
    """A green tick or a red cross."""
    return ("<span style='color:#2a2'>\u2713</span>" if ok
            else "<span style='color:#c00'>\u2717</span>")


def show_checks(checks: tuple[ObjectiveCheck, ...]) -> None:
    """Render one row per objective: verb, level, measurable, condition, criterion, what to fix."""
    rows = [_row(["Objective", "Verb", "Level", "Measurable", "Condition", "Criterion",
                  "What to fix"], head=True)]
    for c in checks:
        fixes = "".join(f"<li>{html.escape(i)}</li>" for i in c.issues) or "Nothing: well formed."
        rows.append(_row([html.escape(c.text), html.escape(c.verb or "?"), c.level or "&ndash;",
                          _mark(c.measurable), _mark(c.has_condition), _mark(c.has_criterion),
                          f"<ul style='margin:0;padding-left:16px'>{fixes}</ul>"
                          if c.issues else fixes]))
    good = sum(c.measurable and c.has_condition and c.has_criterion for c in checks)
    display(HTML(f"<p>{good} of {len(checks)} objective(s) have a measurable verb, a condition "
                 f"and a criterion.</p><table style='border-collapse:collapse'>{''.join(rows)}"
                 f"</table><p style='color:#555'>Levels follow Anderson and Krathwohl (2001); a "
                 f"verb can serve more than one level, so check what the learner must actually "
                 f"do. Condition and criterion are detected from hint words only.</p>"))


@register_tool("objective-checker")
def objective_checker() -> ModelTool:
    """Objectives, one per line -> verb, revised-Bloom level, condition and criterion checks."""
    controls = {
        "objectives": W.Textarea(value=EXAMPLE, description="Objectives (one per line)",
                                 style=_STYLE, layout=W.Layout(width="720px", height="140px")),
        "intended": W.Dropdown(options=[("any level", "any")] + [(v, v) for v in LEVELS],
                               value="any", description="Intended level", style=_STYLE),
    }
    return ModelTool(
        title="Objective checker",
        controls=controls,
        compute=check_objectives,
        render=show_checks,
        description="Paste draft learning objectives, one per line. The checker finds the "
                    "leading verb, places it on the revised Bloom taxonomy, flags verbs nobody "
                    "can observe, and looks for a condition and a criterion.",
    )


def show_estimate(e: DevEstimate) -> None:
    """Render low, typical and high development hours and the weeks they take the team."""
    f = FORMATS[e.kind]
    rows = [_row(["", "Ratio (hours per finished hour)", "Development hours",
                  f"Weeks at {e.team_hours_per_week:g} h/week"], head=True)]
    for label, ratio, hours, weeks in (("Low", f.low, e.low_hours, e.low_weeks),
                                       ("Survey average", f.typical, e.typical_hours,
                                        e.typical_weeks),
                                       ("High", f.high, e.high_hours, e.high_weeks)):
        rows.append(_row([label, f"{ratio:g}:1", f"{hours:,.0f}", f"{weeks:.1f}"]))
    if e.own_ratio is not None and e.own_hours is not None:
        rows.append(_row(["Your own ratio", f"{e.own_ratio:g}:1", f"{e.own_hours:,.0f}",
                          f"{e.own_hours / e.team_hours_per_week:.1f}"]))
    display(HTML(
        f"<p><b>{e.finished_hours:g} h of {f.name.lower()}</b> ({f.what}) x {f.typical:g} = "
        f"<b>{e.typical_hours:,.0f} development hours</b> at the survey average, "
        f"range {e.low_hours:,.0f} to {e.high_hours:,.0f}.</p>"
        f"<table style='border-collapse:collapse'>{''.join(rows)}</table>"
        f"<p style='color:#555'>Ratios: Chapman (2010), an industry survey; averages with wide "
        f"spread. Your own past projects are the better guide once you track them.</p>"))


@register_tool("dev-hours-estimator")
def dev_hours_estimator() -> ModelTool:
    """Finished hours and type of learning -> development hours (low, typical, high) and weeks."""
    controls = {
        "finished_hours": W.FloatText(value=1.0, description="Hours of finished learning",
                                      style=_STYLE),
        "kind": W.Dropdown(options=[(f.name, f.id) for f in FORMATS.values()],
                           value="elearning-interactive", description="Type of learning",
                           style=_STYLE, layout=W.Layout(width="480px")),
        "team_hours_per_week": W.FloatText(value=30.0, description="Team hours per week",
                                           style=_STYLE),
        "own_ratio": W.FloatText(value=0.0, description="Your own ratio (0 = none)",
                                 style=_STYLE),
    }
    return ModelTool(
        title="Development-hours estimator",
        controls=controls,
        compute=estimate_dev_hours,
        render=show_estimate,
        description="Multiply the hours a learner will spend by development hours per finished "
                    "hour for the type of learning; the range shows how much projects vary.",
    )


@register_figure("dev-ratios")
def dev_ratios() -> None:
    """Development hours per finished hour by type of learning, with the survey's low and high."""
    formats = list(FORMATS.values())
    fig = go.Figure(go.Bar(
        x=[f"{f.name.replace(' (', '<br>(')}<br><b>{f.typical:g}:1</b>" for f in formats],
        y=[f.typical for f in formats],
        marker_color=["#1f77b4", "#9ecae1", "#6baed6", "#08519c"],
        error_y={"type": "data", "symmetric": False,
                 "array": [f.high - f.typical for f in formats],
                 "arrayminus": [f.typical - f.low for f in formats]},
        hovertemplate="average %{y}:1<extra></extra>"))
    fig.update_layout(title="Development hours per finished hour (Chapman, 2010)",
                      title_font_size=15, height=440, width=820,
                      xaxis={"title": "Bars: survey average; whiskers: survey low to high"},
                      yaxis={"title": "Development hours per finished hour"},
                      margin={"t": 60, "l": 70, "r": 20, "b": 80})
    display(fig)


@register_figure("bloom-levels")
def bloom_levels() -> None:
    """The six revised-Bloom levels as a staircase, each with example verbs from the checker."""
    verbs = {level: [v for v, lv in VERBS.items() if lv == level][:VERBS_SHOWN]
             for level in LEVELS}
    fig = go.Figure(go.Bar(
        x=[lv.capitalize() for lv in LEVELS], y=[STEP_BASE + i for i in range(len(LEVELS))],
        marker_color=["#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c"],
        text=["<br>".join(verbs[lv]) for lv in LEVELS], textposition="inside",
        insidetextanchor="start", hovertemplate="%{x}<extra></extra>"))
    fig.update_layout(title="Revised Bloom taxonomy: levels with example verbs (Anderson and "
                            "Krathwohl, 2001)", title_font_size=15, height=460, width=820,
                      yaxis={"showticklabels": False, "title": "Cognitive complexity"},
                      margin={"t": 60, "l": 60, "r": 20, "b": 50})
    display(fig)
