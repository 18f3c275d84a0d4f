"""Module 3 views: the PIP calculator, the gap-analysis walk-through and the BEM figure."""

from __future__ import annotations

import html
import textwrap

import ipywidgets as W
import plotly.graph_objects as go
from IPython.display import HTML, display

from course.models import performance as perf
from widgets.tool import ModelTool, register_figure, register_tool

_WIDE = {"description_width": "initial"}
_YES_NO = [("Yes", True), ("No", False)]
_COLUMNS = ("information", "instrumentation", "motivation")
_FLAG = "#f6d8a8"
_PLAIN = "#e8eef6"
_TRAIN = "#cfe8cf"


def _esc(text: object) -> str:
    return html.escape(str(text))


def _wrap(text: str, width: int = 26) -> str:
    return "<br>".join(textwrap.wrap(text, width))


def bem_figure(highlight: tuple[str, ...] = ()) -> go.Figure:
    """Gilbert's six cells as a 2 x 3 grid; `highlight` cells are shaded, knowledge marked."""
    fig = go.Figure()
    for cell in perf.BEM_CELLS:
        x = _COLUMNS.index(cell.column)
        y = 1 if cell.side == "environment" else 0
        colour = _FLAG if cell.id in highlight else (_TRAIN if cell.training_fixes_it else _PLAIN)
        fig.add_shape(type="rect", x0=x, x1=x + 0.96, y0=y, y1=y + 0.94, fillcolor=colour,
                      line={"color": "#667"})
        label = f"<b>{cell.name}</b><br>{_wrap(cell.remedies)}"
        if cell.training_fixes_it:
            label += "<br><i>training works here</i>"
        fig.add_annotation(x=x + 0.48, y=y + 0.47, text=label, showarrow=False,
                           font={"size": 11})
    fig.update_xaxes(range=[-0.05, 3], showgrid=False, zeroline=False, tickvals=[0.48, 1.48, 2.48],
                     ticktext=["Information", "Instrumentation", "Motivation"], side="top")
    fig.update_yaxes(range=[-0.05, 2], showgrid=False, zeroline=False, tickvals=[0.47, 1.47],
                     ticktext=["Person<br>(repertory)", "Environment<br>(supports)"])
    fig.update_layout(height=380, margin={"l": 90, "r": 10, "t": 50, "b": 10},
                      plot_bgcolor="white",
                      title={"text": "Gilbert's Behavior Engineering Model (1978)", "y": 0.99})
    return fig


@register_figure("bem-grid")
def draw_bem_grid() -> None:
    """Draw the six BEM cells with their usual remedies."""
    display(bem_figure())


def _show_pip(result: perf.PipResult) -> None:
    stake = ("" if result.value_at_stake is None else
             f"<tr><td>Value if every typical performer reached the exemplar (upper bound, per "
             f"period of the measure)</td><td><b>{result.value_at_stake:,.0f}</b></td></tr>")
    display(HTML(
        "<table>"
        f"<tr><td>PIP (exemplary / typical, a ratio)</td><td><b>{result.pip:.2f}</b></td></tr>"
        f"<tr><td>Gap per performer (exemplary minus typical)</td>"
        f"<td>{result.gap_per_performer:,.2f}</td></tr>{stake}"
        f"<tr><td>Band (a rule of thumb, not a law)</td><td><b>{_esc(result.band)}</b></td></tr>"
        "</table>"
        f"<p>{_esc(result.guidance)}</p>"
        "<p><i>A PIP says how much room there is, not why. Whether the gap is worth closing "
        "depends on what a unit is worth, how many people do the job and what the fix costs.</i>"
        "</p>"))


@register_tool("pip-calculator")
def pip_calculator() -> ModelTool:
    """Gilbert's PIP for one measure, with an optional value at stake."""
    return ModelTool(
        title="PIP calculator (Gilbert 1978)",
        description="Enter the best demonstrated and the typical result on one measure of "
                    "accomplishment, for the same job and period.",
        controls={
            "exemplary": W.FloatText(value=48.0, description="Exemplary performance",
                                     style=_WIDE),
            "typical": W.FloatText(value=30.0, description="Typical performance", style=_WIDE),
            "higher_is_better": W.Dropdown(options=[("Higher is better (output, sales)", True),
                                                    ("Lower is better (errors, minutes)", False)],
                                           value=True, description="Direction", style=_WIDE),
            "performers": W.BoundedIntText(value=0, min=0, max=10_000_000,
                                           description="Number of typical performers (optional)",
                                           style=_WIDE),
            "value_per_unit": W.FloatText(value=0.0, description="Value of one unit (optional)",
                                          style=_WIDE),
        },
        compute=perf.analyze_pip,
        render=_show_pip,
    )


def _cells_table(cells: tuple[str, ...]) -> str:
    rows = []
    for side in ("environment", "person"):
        tds = []
        for column in _COLUMNS:
            cell = next(c for c in perf.BEM_CELLS if c.side == side and c.column == column)
            colour = _FLAG if cell.id in cells else _PLAIN
            tds.append(f'<td style="background:{colour};padding:4px 10px">{_esc(cell.name)}</td>')
        rows.append(f"<tr><th style='text-align:left'>{side.title()}</th>{''.join(tds)}</tr>")
    return "<table>" + "".join(rows) + "</table>"


def _show_gap(result: perf.GapAnalysis) -> None:
    colour = "#1a6b1a" if result.training_problem else "#8a4b00"
    findings = "".join(
        f"<tr><td>{_esc(f.question)}</td><td>{'Yes' if f.answer else 'No'}</td>"
        f"<td>{'&#9888; ' if f.flagged else ''}{_esc(f.meaning)}</td></tr>"
        for f in result.findings)
    actions = "".join(f"<li>{_esc(a)}</li>" for a in result.actions)
    display(HTML(
        f'<p style="font-size:1.1em;color:{colour}"><b>{_esc(result.verdict)}</b> '
        f"(training problem: {'yes' if result.training_problem else 'no'})</p>"
        f"<p>{_esc(result.reason)}</p><p><b>What to do</b></p><ul>{actions}</ul>"
        f"<p><b>BEM cells implicated</b> (shaded)</p>{_cells_table(result.cells)}"
        "<p><b>The questions in the order they were asked</b> (later questions are skipped "
        "once the path is decided)</p>"
        f"<table><tr><th>Question</th><th>Answer</th><th>Meaning</th></tr>{findings}</table>"))


@register_tool("gap-analysis")
def gap_analysis() -> ModelTool:
    """Mager and Pipe's questions in order: is this performance gap a training problem?"""
    defaults = {
        "worth_solving": True, "expectations_clear": True, "resources_adequate": True,
        "feedback_given": True, "right_way_punished": False, "wrong_way_rewarded": False,
        "performance_matters": True, "could_do_if_required": False, "did_once_know": False,
        "used_often": False, "task_simplifiable": False, "has_potential": True,
    }
    controls = {
        q.id: W.Dropdown(options=_YES_NO, value=defaults[q.id], description=q.text, style=_WIDE,
                         layout=W.Layout(width="auto"))
        for q in perf.QUESTIONS
    }
    return ModelTool(
        title="Gap-analysis walk-through (after Mager and Pipe 1997)",
        description="Answer each question for the group whose performance falls short. The "
                    "walk-through checks the environment and consequences before skill.",
        controls=controls,
        compute=perf.analyze_gap,
        render=_show_gap,
    )
