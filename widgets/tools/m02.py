"""Module 2 views: the stakeholder map, the RACI checker and the power/interest figure."""

from __future__ import annotations

import html

import ipywidgets as W
import plotly.graph_objects as go
from IPython.display import HTML, display

from course.models.stakeholders import (
    ADVICE,
    CODES,
    RaciReport,
    StakeholderMap,
    check_raci,
    map_stakeholders,
)
from widgets.tool import ModelTool, register_figure, register_tool

COLOURS = {"manage closely": "#d62728", "keep satisfied": "#9467bd",
           "keep informed": "#2ca02c", "monitor": "#7f7f7f"}
# Corner of each strategy's quadrant label: (strategy, interest x, power y)
_CORNERS = (("manage closely", 9.9, 10.4), ("keep satisfied", 1.1, 10.4),
            ("keep informed", 9.9, 0.6), ("monitor", 1.1, 0.6))
# A sales-coaching programme at a distributor: name, power, interest (the learner edits these).
EXAMPLE_STAKEHOLDERS = (
    ("Sales director", 9, 9), ("Finance director", 8, 3), ("Regional managers", 6, 8),
    ("Sales reps", 3, 8), ("IT service desk", 3, 2), ("Works council", 7, 4),
)
ROWS = 8
# A rollout of a new onboarding course: tasks x roles, with four deliberate faults.
EXAMPLE_ROLES = ("L&D manager", "Designer", "HR director", "Line managers", "Finance partner")
EXAMPLE_RACI = (
    ("Approve the budget", ("C", "", "A/R", "I", "")),
    ("Write the course", ("A", "R", "", "C", "")),
    ("Schedule sessions", ("A", "", "A", "R", "")),
    ("Brief new starters", ("I", "", "I", "C", "")),
    ("Report completion", ("A/R", "", "I", "I", "")),
)


_UNSEEN_LABEL = {"description_width": "0px"}  # the column heading shows; screen readers hear it


def _text_cell(value: str, label: str, width: str = "170px") -> W.Text:
    return W.Text(value=value, description=label, style=_UNSEEN_LABEL,
                  layout=W.Layout(width=width))


def grid_figure(result: StakeholderMap, title: str) -> go.Figure:
    """The power/interest grid with each stakeholder placed and the four strategies labelled."""
    fig = go.Figure()
    spots: dict[tuple[float, float], list[str]] = {}  # stakeholders sharing a point share a label
    strategy_at: dict[tuple[float, float], str] = {}
    for p in result.placements:
        spots.setdefault((p.interest, p.power), []).append(p.name)
        strategy_at[(p.interest, p.power)] = p.strategy
    for strategy, colour in COLOURS.items():
        points = [xy for xy in spots if strategy_at[xy] == strategy]
        if not points:
            continue
        fig.add_trace(go.Scatter(
            x=[x for x, _ in points], y=[y for _, y in points], mode="markers+text",
            name=strategy, marker={"size": 13, "color": colour},
            text=[html.escape(", ".join(spots[xy])) for xy in points], textposition="top center",
            hovertemplate="%{text}: interest %{x}, power %{y}<extra></extra>"))
    for strategy, x, y in _CORNERS:
        fig.add_annotation(x=x, y=y, text=f"<b>{strategy}</b>", showarrow=False,
                           xanchor="right" if x > 5 else "left", font={"color": COLOURS[strategy]})
    fig.add_shape(type="line", x0=result.cutoff, x1=result.cutoff, y0=0.5, y1=10.5,
                  line={"dash": "dash", "color": "#999"})
    fig.add_shape(type="line", x0=0.5, x1=10.5, y0=result.cutoff, y1=result.cutoff,
                  line={"dash": "dash", "color": "#999"})
    fig.update_layout(title=title, width=640, height=520, showlegend=False,
                      xaxis={"title": "Interest (1-10)", "range": [0.5, 10.5], "dtick": 1},
                      yaxis={"title": "Power (1-10)", "range": [0.5, 10.8], "dtick": 1},
                      margin={"t": 60, "l": 60, "r": 20, "b": 50})
    return fig


def show_map(result: StakeholderMap) -> None:
    """Render the grid and a table of strategies with what each one means in practice."""
    display(grid_figure(result, "Stakeholder map"))
    rows = "".join(
        f"<tr><td>{html.escape(p.name)}</td><td>{p.power:g}</td><td>{p.interest:g}</td>"
        f"<td><b>{p.strategy}</b>{' (borderline: check)' if p.borderline else ''}</td>"
        f"<td>{ADVICE[p.strategy]}</td></tr>" for p in result.placements)
    display(HTML("<table><tr><th>stakeholder</th><th>power</th><th>interest</th>"
                 f"<th>strategy</th><th>what to do</th></tr>{rows}</table>"))


def _map_rows(**values: object) -> StakeholderMap:
    """Collect the filled rows of the editor (a blank name skips the row) and map them."""
    rows = [(values[f"name_{k}"], values[f"power_{k}"], values[f"interest_{k}"])
            for k in range(1, ROWS + 1) if str(values[f"name_{k}"]).strip()]
    return map_stakeholders(rows)


@register_tool("stakeholder-map")
def stakeholder_map() -> ModelTool:
    """Editable rows of stakeholders (name, power, interest) -> the grid and their strategies."""
    controls: dict[str, W.ValueWidget] = {}
    lines = [W.HBox([W.HTML("<b>Stakeholder</b>", layout=W.Layout(width="170px")),
                     W.HTML("<b>Power</b>", layout=W.Layout(width="230px")),
                     W.HTML("<b>Interest</b>", layout=W.Layout(width="230px"))])]
    for k in range(1, ROWS + 1):
        name, power, interest = (EXAMPLE_STAKEHOLDERS[k - 1] if k <= len(EXAMPLE_STAKEHOLDERS)
                                 else ("", 5, 5))
        controls[f"name_{k}"] = _text_cell(name, f"Stakeholder {k}")
        controls[f"power_{k}"] = W.BoundedIntText(value=power, min=1, max=10,
                                                  description=f"Power of stakeholder {k} (1-10)",
                                                  style=_UNSEEN_LABEL,
                                                  layout=W.Layout(width="230px"))
        controls[f"interest_{k}"] = W.BoundedIntText(value=interest, min=1, max=10,
                                                     description=f"Interest of stakeholder {k} "
                                                                 "(1-10)", style=_UNSEEN_LABEL,
                                                     layout=W.Layout(width="230px"))
        lines.append(W.HBox([controls[f"name_{k}"], controls[f"power_{k}"],
                             controls[f"interest_{k}"]]))
    tool = ModelTool(
        title="Stakeholder map",
        controls=controls,
        compute=_map_rows,
        render=show_map,
        description="Type a name and set the two scores for each stakeholder (1 = low, "
                    "10 = high); clear a name to drop a row. Above 5.5 counts as high.",
    )
    heading, *_, message, output = tool.widget.children
    tool.widget.children = (heading, *lines, message, output)
    return tool


def show_raci(report: RaciReport) -> None:
    """Render the checker's verdict: errors first, then warnings, then who is accountable."""
    if report.ok and not report.problems:
        verdict = "<p style='color:#060'><b>No problems found.</b></p>"
    elif report.ok:
        verdict = "<p><b>The one-Accountable rule holds; see the warnings.</b></p>"
    else:
        count = sum(p.severity == "error" for p in report.problems)
        verdict = f"<p style='color:#a00'><b>{count} error{'s' * (count != 1)} to fix.</b></p>"
    items = "".join(f"<li><b>{p.severity}</b> &mdash; {html.escape(p.where)}: "
                    f"{html.escape(p.message)}</li>"
                    for p in sorted(report.problems, key=lambda p: p.severity != "error"))
    owners = "".join(f"<tr><td>{html.escape(t)}</td><td>{html.escape(', '.join(a)) or '&mdash;'}"
                     f"</td></tr>" for t, a in report.accountable.items())
    display(HTML(f"{verdict}<ul>{items}</ul><table><tr><th>task</th><th>Accountable</th></tr>"
                 f"{owners}</table>"))


def _raci_cells(**values: object) -> RaciReport:
    """Collect the named tasks and roles of the editor (blank names skip) and check the chart."""
    roles = {c: str(values[f"role_{c}"]) for c in range(1, len(EXAMPLE_ROLES) + 1)
             if str(values[f"role_{c}"]).strip()}
    matrix = {str(values[f"task_{t}"]): {roles[c]: str(values[f"cell_{t}_{c}"]) for c in roles}
              for t in range(1, len(EXAMPLE_RACI) + 1) if str(values[f"task_{t}"]).strip()}
    return check_raci(list(roles.values()), matrix)


@register_tool("raci-checker")
def raci_checker() -> ModelTool:
    """An editable tasks x roles chart -> errors against the RACI rules and warnings."""
    controls: dict[str, W.ValueWidget] = {}
    header = [W.HTML("<b>Task \\ role</b>", layout=W.Layout(width="200px"))]
    for c, role in enumerate(EXAMPLE_ROLES, start=1):
        controls[f"role_{c}"] = _text_cell(role, f"Role {c}", "120px")
        header.append(controls[f"role_{c}"])
    lines = [W.HBox(header)]
    for t, (task, row) in enumerate(EXAMPLE_RACI, start=1):
        controls[f"task_{t}"] = _text_cell(task, f"Task {t}", "200px")
        cells = []
        for c, code in enumerate(row, start=1):
            controls[f"cell_{t}_{c}"] = W.Dropdown(options=list(CODES), value=code,
                                                   layout=W.Layout(width="120px"))
            cells.append(controls[f"cell_{t}_{c}"])
        lines.append(W.HBox([controls[f"task_{t}"], *cells]))
    tool = ModelTool(
        title="RACI checker",
        controls=controls,
        compute=_raci_cells,
        render=show_raci,
        description="Edit the task and role names and pick a letter in each cell "
                    "(R responsible, A accountable, C consulted, I informed, A/R both). "
                    "Every task needs exactly one A and at least one R.",
    )
    heading, *_, message, output = tool.widget.children
    tool.widget.children = (heading, *lines, message, output)
    return tool


@register_figure("power-interest-grid")
def power_interest_grid() -> None:
    """The power/interest grid with the example stakeholders of the sales-coaching case."""
    display(grid_figure(map_stakeholders(EXAMPLE_STAKEHOLDERS),
                        "Power/interest grid: the sales-coaching programme"))
