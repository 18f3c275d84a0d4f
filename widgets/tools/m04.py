"""Module 4 views: the forgetting-curve and spacing planner, and the forgetting figures."""

from __future__ import annotations

import html
import math
from datetime import date

import ipywidgets as W
import plotly.graph_objects as go
from IPython.display import HTML, display

from course.models import retention as ret
from widgets.tool import ModelTool, register_figure, register_tool

_WIDE = {"description_width": "initial"}

# Ebbinghaus (1885), savings in relearning after each interval (hours, % of original work saved),
# as tabulated in his chapter 7 and reprinted by Murre and Dros (2015, Table 3).
EBBINGHAUS_SAVINGS: tuple[tuple[float, float], ...] = (
    (0.33, 58.2), (1.0, 44.2), (8.8, 35.8), (24.0, 33.7), (48.0, 27.8), (144.0, 25.4),
    (744.0, 21.1),
)


def _esc(text: object) -> str:
    return html.escape(str(text))


def _pct(share: float) -> str:
    return f"{share * 100:.1f} %"


def curves_figure(stabilities: tuple[float, ...] = (1.0, 3.0, 10.0), days: float = 14.0
                  ) -> go.Figure:
    """R = exp(-t/S) for a few stabilities, with each half-life (S ln 2) marked."""
    fig = go.Figure()
    ts = [days * i / 280 for i in range(281)]
    for s in stabilities:
        fig.add_trace(go.Scatter(x=ts, y=[100 * ret.retention(t, s) for t in ts], mode="lines",
                                 name=f"S = {s:g} days (half-life {ret.half_life(s):.2f} days)"))
    marks = [(t, 100 * ret.retention(t, 1.0)) for t in (1.0, 2.0)]
    fig.add_trace(go.Scatter(x=[m[0] for m in marks], y=[m[1] for m in marks],
                             mode="markers+text", name="S = 1: R(1), R(2)",
                             text=[f"{m[1]:.1f} %" for m in marks], textposition="top right"))
    fig.add_hline(y=50, line_dash="dot", annotation_text="50 %: the half-life")
    fig.update_layout(title="The exponential forgetting model R = e^(-t/S)",
                      xaxis_title="days since learning (t)", yaxis_title="retention R (%)",
                      yaxis_range=[0, 105], height=420, legend={"orientation": "h", "y": -0.25})
    return fig


@register_figure("forgetting-curves")
def draw_forgetting_curves() -> None:
    """Draw the exponential curves for S = 1, 3 and 10 days."""
    display(curves_figure())


def savings_figure() -> go.Figure:
    """Ebbinghaus's savings data on a logarithmic time axis."""
    hours = [h for h, _ in EBBINGHAUS_SAVINGS]
    saved = [s for _, s in EBBINGHAUS_SAVINGS]
    fig = go.Figure(go.Scatter(x=hours, y=saved, mode="lines+markers",
                               text=[f"{s:.1f} %" for s in saved], textposition="top center",
                               name="Ebbinghaus (1885)"))
    fig.update_xaxes(type="log", title="hours since learning (logarithmic scale)",
                     tickvals=[0.33, 1, 8.8, 24, 48, 144, 744],
                     ticktext=["20 min", "1 h", "8.8 h", "1 day", "2 days", "6 days", "31 days"])
    fig.update_layout(title="Ebbinghaus's savings: share of the original learning time saved when "
                            "relearning", yaxis_title="savings (%)", yaxis_range=[0, 70],
                      height=400)
    return fig


@register_figure("ebbinghaus-savings")
def draw_savings() -> None:
    """Draw Ebbinghaus's 1885 savings curve."""
    display(savings_figure())


def plan_figure(plan: ret.SpacingPlan) -> go.Figure:
    """The planned sawtooth retention curve against the curve with no reviews."""
    curve = ret.retention_curve(plan)
    fig = go.Figure()
    ts = [plan.days_to_exam * i / 200 for i in range(201)]
    fig.add_trace(go.Scatter(x=ts, y=[100 * math.exp(-t / plan.stability) for t in ts],
                             mode="lines", name="no reviews", line={"dash": "dot"}))
    fig.add_trace(go.Scatter(x=[p[0] for p in curve], y=[100 * p[1] for p in curve],
                             mode="lines", name="with the planned reviews"))
    for r in plan.reviews:
        fig.add_vline(x=r.day, line_width=1, line_color="#999")
    fig.update_layout(title="Illustrative retention with and without reviews",
                      xaxis_title="days since learning", yaxis_title="modelled retention (%)",
                      yaxis_range=[0, 105], height=380, legend={"orientation": "h", "y": -0.3})
    return fig


def _show_plan(plan: ret.SpacingPlan) -> None:
    rows = "".join(
        f"<tr><td>{r.number}</td><td>day {r.day:.1f}"
        f"{' (' + r.date.isoformat() + ')' if r.date else ''}</td><td>{r.gap:.1f}</td>"
        f"<td>{r.time_to_exam:.1f}</td><td>{_pct(r.retention_before)}</td>"
        f"<td>{r.stability_after:.1f}</td></tr>" for r in plan.reviews)
    table = ("<table><tr><th>Review</th><th>When</th><th>Gap before (days)</th>"
             "<th>Days still to go</th><th>Modelled R just before</th><th>S after (days)</th>"
             f"</tr>{rows}</table>") if plan.reviews else "<p>No reviews planned.</p>"
    checks = ", ".join(f"R({d:g}) = {_pct(r)}" for d, r in plan.checkpoints)
    notes = "".join(f"<li>{_esc(n)}</li>" for n in plan.notes)
    exam = f" ({plan.exam_date.isoformat()})" if plan.exam_date else ""
    display(HTML(
        f"<p><b>Without reviews</b>, S = {plan.stability:g} days: half-life "
        f"{plan.half_life:.2f} days; {checks}.</p>{table}"
        f"<p><b>Modelled retention on day {plan.days_to_exam:g}{exam}</b>: "
        f"{_pct(plan.retention_at_exam)} with the reviews, "
        f"{_pct(plan.retention_without_reviews)} without.</p>"
        + (f"<ul>{notes}</ul>" if notes else "")
        + "<p><i>Review timing follows the approximate Cepeda et al. (2008) ratio; the boost per "
          "review is an assumption of this tool, so read the percentages as an illustration, "
          "not a forecast.</i></p>"))
    display(plan_figure(plan))


@register_tool("forgetting-curve")
def forgetting_curve() -> ModelTool:
    """Forgetting curve and spacing planner: reviews timed by the approximate Cepeda ratio."""
    return ModelTool(
        title="Forgetting curve and spacing planner",
        description="Set how many days the material must be kept (to an exam, an audit, a "
                    "go-live), how many reviews you can afford, and the model's stability.",
        controls={
            "days_to_exam": W.BoundedFloatText(value=60.0, min=1.0, max=3650.0, step=1.0,
                                               description="Days from learning to when it is "
                                                           "needed", style=_WIDE),
            "reviews": W.BoundedIntText(value=3, min=0, max=ret.MAX_REVIEWS,
                                   description="Number of reviews", style=_WIDE),
            "stability": W.BoundedFloatText(value=5.0, min=0.1, max=1000.0, step=0.5,
                                            description="Stability S after first learning "
                                                        "(days)", style=_WIDE),
            "boost": W.BoundedFloatText(value=2.5, min=1.0, max=10.0, step=0.5,
                                        description="Factor by which each review multiplies S",
                                        style=_WIDE),
            "start": W.DatePicker(value=date.today(), description="Date of first learning "
                                                                  "(optional)", style=_WIDE),
        },
        compute=ret.plan_reviews,
        render=_show_plan,
    )
