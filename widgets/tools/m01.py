"""Module 1 views: the structure advisor tool and the structure-map figure."""

from __future__ import annotations

import html

import ipywidgets as W
import plotly.graph_objects as go
from IPython.display import HTML, display
from plotly.subplots import make_subplots

from course.models.structure import FACTORS, STRUCTURES, StructureAdvice, advise
from widgets.tool import ModelTool, register_figure, register_tool

COLOURS = {"centralized": "#1f77b4", "federated": "#2ca02c", "decentralized": "#ff7f0e"}
_STYLE = {"description_width": "220px"}
_WIDE = W.Layout(width="460px")
# Two illustrative organizations for the structure-map figure: (title, employees, units, countries)
MAP_PROFILES = (("A 600-person firm, one unit, one country", 600, 1, 1),
                ("A 20,000-person group, 5 units, 10 countries", 20_000, 5, 10))


def _bar(score: float, colour: str) -> str:
    """A horizontal bar of `score` (0-100) drawn in HTML."""
    return (f'<div style="background:#eee;width:200px;height:14px">'
            f'<div style="background:{colour};width:{2 * score:.0f}px;height:14px"></div></div>')


def show_advice(advice: StructureAdvice) -> None:
    """Render the recommendation, the score bars, the points per factor and the reasons."""
    rows = "".join(
        f"<tr><td><b>{s}</b>{' (recommended)' if s == advice.recommended else ''}</td>"
        f"<td>{_bar(advice.scores[s], COLOURS[s])}</td><td>{advice.scores[s]:g}</td>"
        + "".join(f"<td>{advice.contributions[s][f]:g}</td>" for f in FACTORS) + "</tr>"
        for s in STRUCTURES)
    heads = "".join(f"<th>{f}</th>" for f in FACTORS)
    ratings = " &middot; ".join(f"{f} {advice.factors[f]:.2f}" for f in FACTORS)
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in advice.reasons[1:])
    display(HTML(
        f"<p><b>{html.escape(advice.reasons[0])}</b></p>"
        f'<table style="border-collapse:collapse"><tr><th>structure</th><th></th><th>score</th>'
        f"{heads}</tr>{rows}</table>"
        f"<p style='color:#555'>Factor ratings (0-1): {ratings}. Points = 100 x weight x fit; "
        f"weights: consistency 0.3, responsiveness 0.3, size 0.2, spread 0.2.</p>"
        f"<ul>{reasons}</ul>"))


@register_tool("structure-advisor")
def structure_advisor() -> ModelTool:
    """Organization profile -> recommended L&D structure with its scores and reasons."""
    controls = {
        "employees": W.BoundedIntText(value=2000, min=1, max=5_000_000, step=100,
                                      description="Employees", style=_STYLE, layout=_WIDE),
        "business_units": W.BoundedIntText(value=3, min=1, max=500, description="Business units",
                                           style=_STYLE, layout=_WIDE),
        "countries": W.BoundedIntText(value=1, min=1, max=200, description="Countries",
                                      style=_STYLE, layout=_WIDE),
        "consistency": W.BoundedIntText(value=5, min=1, max=5,
                                        description="Need for consistency (1-5)",
                                        style=_STYLE, layout=_WIDE),
        "responsiveness": W.BoundedIntText(value=3, min=1, max=5,
                                           description="Need for local responsiveness (1-5)",
                                           style=_STYLE, layout=_WIDE),
    }
    return ModelTool(
        title="Structure advisor",
        controls=controls,
        compute=advise,
        render=show_advice,
        description="Describe the organization; the advisor scores each structure on four "
                    "factors and explains which one fits and why.",
    )


def _winner_grid(employees: int, units: int, countries: int) -> list[list[int]]:
    """The recommended structure (as an index into STRUCTURES) for every consistency x need."""
    return [[STRUCTURES.index(advise(employees, units, countries, c, r).recommended)
             for c in range(1, 6)] for r in range(1, 6)]


@register_figure("structure-map")
def structure_map() -> None:
    """Which structure the advisor recommends across consistency and responsiveness, two sizes."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=[p[0] for p in MAP_PROFILES],
                        horizontal_spacing=0.12)
    n = len(STRUCTURES)
    scale = []
    for k, s in enumerate(STRUCTURES):
        scale += [(k / n, COLOURS[s]), ((k + 1) / n, COLOURS[s])]
    for col, (_, employees, units, countries) in enumerate(MAP_PROFILES, start=1):
        grid = _winner_grid(employees, units, countries)
        fig.add_trace(go.Heatmap(
            z=grid, x=list(range(1, 6)), y=list(range(1, 6)), zmin=-0.5, zmax=n - 0.5,
            colorscale=scale, showscale=False, xgap=2, ygap=2,
            text=[[STRUCTURES[v][:4] + "." for v in row] for row in grid],
            texttemplate="%{text}", hovertemplate="consistency %{x}, responsiveness %{y}: "
                                                  "%{text}<extra></extra>"), row=1, col=col)
        fig.update_xaxes(title_text="Need for consistency (1-5)", dtick=1, row=1, col=col)
        fig.update_yaxes(title_text="Need for local responsiveness (1-5)", dtick=1, row=1, col=col)
    fig.update_layout(title="Recommended structure: cent. = centralized, fede. = federated, "
                            "dece. = decentralized", height=420, width=860,
                      margin={"t": 90, "l": 60, "r": 20, "b": 60})
    display(fig)
