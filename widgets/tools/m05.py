"""Module 5 views: the COM-B barrier sorter and the Fogg action-line and COM-B links figures."""

from __future__ import annotations

import html

import ipywidgets as W
import plotly.graph_objects as go
from IPython.display import HTML, display

from course.models.comb import (
    COMPONENTS,
    COVERS,
    FUNCTION_NAMES,
    FUNCTIONS,
    LINKS,
    NAMES,
    TAGS,
    Diagnosis,
    sort_barriers,
)
from widgets.tool import ModelTool, register_figure, register_tool

EXAMPLE = """I don't know where the new checklist is kept
My manager never asks about it and nobody else on the team does it
There's no time during a shift to fill in the form
I'm nervous about getting it wrong in front of customers
Honestly I don't see the point, the old way worked fine"""
TOP = 5  # suggestions shown in full
# Fogg action line drawn as motivation = K / ability (illustrative: the model gives no scale).
K = 0.15
# Illustrative behaviors for the action-line figure: (label, ability 0-1, motivation 0-1).
BEHAVIORS = (("Tick a three-item safety check", 0.85, 0.35),
             ("Ask each customer one feedback question", 0.55, 0.6),
             ("Rebuild the monthly forecast in a new tool", 0.2, 0.45),
             ("Join an optional evening webinar", 0.5, 0.2))
_CELL = "border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top"


def _row(cells: list[str], head: bool = False) -> str:
    """One table row; the cells are already escaped."""
    tag = "th" if head else "td"
    return "<tr>" + "".join(f'<{tag} style="{_CELL}">{c}</{tag}>' for c in cells) + "</tr>"


def show_diagnosis(d: Diagnosis) -> None:
    """Render the sorted barriers, the functions per sub-component and the ranked suggestions."""
    sorted_rows = [_row(["#", "Barrier", "COM-B sub-component(s)", "Why"], head=True)]
    for i, b in enumerate(d.barriers, start=1):
        comps = ", ".join(NAMES[c] for c in b.components) or "<i>not recognised: tag it</i>"
        source = "your tag" if b.tagged else "cue"
        why = f"{source} {html.escape(', '.join(b.cues))}" if b.cues else "&ndash;"
        sorted_rows.append(_row([str(i), html.escape(b.text), comps, why]))
    comp_rows = [_row(["Sub-component", "Barriers", "What it covers",
                       "Functions that can act on it"], head=True)]
    for c in COMPONENTS:
        if d.counts[c]:
            comp_rows.append(_row([NAMES[c], str(d.counts[c]), COVERS[c],
                                   ", ".join(FUNCTION_NAMES[f] for f in LINKS[c])]))
    items = "".join(f"<li><b>{s.name}</b> &ndash; {html.escape(s.reason)} "
                    f"<span style='color:#555'>Usually led by: {html.escape(s.lead)}.</span></li>"
                    for s in d.suggestions[:TOP])
    rest = ", ".join(s.name for s in d.suggestions[TOP:])
    note = (f"<p style='color:#a60'>{d.unsorted} barrier(s) matched no cue. Start the line with "
            f"a tag such as [{'], ['.join(TAGS)}] to sort it yourself.</p>" if d.unsorted else "")
    display(HTML(
        f"<table style='border-collapse:collapse'>{''.join(sorted_rows)}</table>{note}"
        + (f"<p><b>Where the barriers sit</b></p><table style='border-collapse:collapse'>"
           f"{''.join(comp_rows)}</table>" if len(comp_rows) > 1 else "")
        + (f"<p><b>Intervention functions, most barriers addressed first</b></p><ol>{items}</ol>"
           if items else "")
        + (f"<p style='color:#555'>Also linked: {rest}.</p>" if rest else "")
        + "<p style='color:#555'>Links from Michie, van Stralen and West (2011), Table 2. Treat "
          "the list as a shortlist: judge each option for affordability, practicability, "
          "effectiveness, acceptability, side-effects and equity before choosing.</p>"))


@register_tool("comb-sorter")
def comb_sorter() -> ModelTool:
    """Barrier statements -> COM-B sub-components -> ranked intervention functions with reasons."""
    controls = {
        "statements": W.Textarea(value=EXAMPLE, description="Barriers (one per line)",
                                 style={"description_width": "160px"},
                                 layout=W.Layout(width="680px", height="150px")),
    }
    return ModelTool(
        title="COM-B barrier sorter",
        controls=controls,
        compute=sort_barriers,
        render=show_diagnosis,
        description="Paste what people said when asked why the behavior is not happening, one "
                    "statement per line. Each is sorted by its cue words; start a line with a "
                    "tag such as [O-So] or [M-Re, M-Au] to sort it yourself.",
    )


@register_figure("fogg-action-line")
def fogg_action_line() -> None:
    """Fogg's behavior model: the action line, with behaviors above and below it."""
    xs = [0.12 + i * 0.01 for i in range(89)]
    fig = go.Figure(go.Scatter(x=xs, y=[K / x for x in xs], mode="lines", name="Action line",
                               line={"color": "#444", "width": 3}))
    for label, ability, motivation in BEHAVIORS:
        above = motivation > K / ability
        fig.add_trace(go.Scatter(
            x=[ability], y=[motivation], mode="markers+text", text=[label],
            textposition="top center" if above else "bottom center", showlegend=False,
            marker={"size": 13, "color": "#2ca02c" if above else "#d62728"},
            hovertemplate=f"{label}: prompt {'succeeds' if above else 'fails'}<extra></extra>"))
    fig.add_annotation(x=0.8, y=0.9, showarrow=False, font={"color": "#2ca02c"},
                       text="Above the line: a prompt leads to the behavior")
    fig.add_annotation(x=0.35, y=0.06, showarrow=False, font={"color": "#d62728"},
                       text="Below the line: make it easier or more wanted before prompting")
    fig.update_layout(title="B = MAP: motivation and ability trade off along the action line "
                            "(illustrative)", title_font_size=15, height=460, width=820,
                      xaxis={"title": "Ability (hard to do \u2192 easy to do)", "range": [0, 1.02],
                             "showticklabels": False},
                      yaxis={"title": "Motivation (low \u2192 high)", "range": [0, 1.02],
                             "showticklabels": False},
                      margin={"t": 60, "l": 60, "r": 20, "b": 50})
    display(fig)


@register_figure("comb-links")
def comb_links() -> None:
    """Which intervention functions can act on which COM-B sub-component (Michie et al. 2011)."""
    z = [[1 if f in LINKS[c] else 0 for f in FUNCTIONS] for c in COMPONENTS]
    fig = go.Figure(go.Heatmap(
        z=z, x=[FUNCTION_NAMES[f].replace(" ", "<br>") for f in FUNCTIONS],
        y=[NAMES[c] for c in COMPONENTS], zmin=0, zmax=1, showscale=False, xgap=2, ygap=2,
        colorscale=[(0, "#f2f2f2"), (1, "#1f77b4")],
        text=[["\u2713" if v else "" for v in row] for row in z], texttemplate="%{text}",
        hovertemplate="%{y} \u2190 %{x}<extra></extra>"))
    fig.update_layout(title="Behaviour Change Wheel: intervention functions linked to each "
                            "COM-B sub-component", title_font_size=15, height=400, width=860,
                      yaxis={"autorange": "reversed"},
                      margin={"t": 60, "l": 170, "r": 20, "b": 80})
    display(fig)
