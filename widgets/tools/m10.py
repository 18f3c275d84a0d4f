"""Module 10 views: ROI calculator, metric classifier, and the frameworks and ROI figures."""

from __future__ import annotations

import html

import ipywidgets as W
import plotly.graph_objects as go
from IPython.display import HTML, display

from course.models import comparison, roi
from course.models.evaluation import (
    KIRKPATRICK_LEVELS,
    LTEM_TIERS,
    PHILLIPS_LEVELS,
    PRESETS,
    Classification,
    classify,
)
from widgets.tool import ModelTool, register_figure, register_tool

_STYLE = {"description_width": "230px"}
_WIDE = W.Layout(width="470px")
# The module's participant-estimate example: summed estimates, confidence, program costs.
ESTIMATE_EXAMPLE = (336_000, 0.70, 160_000)


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _roi_bars(estimate: float, isolation: float, confidence: float, costs: float,
              title: str) -> go.Figure:
    """Bars from the raw estimate down to the claimed benefit, beside the fully loaded costs."""
    isolated = estimate * isolation
    claimed = roi.adjusted_benefit(estimate, isolation, confidence)
    labels = ["Raw estimate", f"x {isolation:.0%} due to program",
              f"x {confidence:.0%} confidence = claimed", "Fully loaded costs"]
    values = [estimate, isolated, claimed, costs]
    fig = go.Figure(go.Bar(x=labels, y=values, text=[f"{v:,.0f}" for v in values],
                           textposition="outside",
                           marker_color=["#c6dbef", "#6baed6", "#08519c", "#d62728"]))
    fig.update_layout(title=title, height=400, width=720, yaxis_title="Money",
                      yaxis_range=[0, max(values) * 1.15 or 1],
                      margin={"t": 60, "l": 70, "r": 20, "b": 60})
    return fig


@register_tool("roi-calculator")
def roi_calculator() -> ModelTool:
    """Estimate, isolation, confidence and fully loaded costs -> claimed benefit, BCR, ROI."""
    controls = {
        "benefits": W.BoundedFloatText(value=350_000, min=0, max=1e10, step=1_000,
                                       description="Benefit estimate (money, one year)",
                                       style=_STYLE, layout=_WIDE),
        "costs": W.BoundedFloatText(value=200_000, min=0, max=1e10, step=1_000,
                                    description="Fully loaded costs", style=_STYLE,
                                    layout=_WIDE),
        "isolation_percent": W.BoundedIntText(value=100, min=0, max=100, step=5,
                                         description="Share due to the program (%)",
                                         style=_STYLE, layout=_WIDE, continuous_update=False),
        "confidence_percent": W.BoundedIntText(value=100, min=0, max=100, step=5,
                                          description="Confidence in the estimate (%)",
                                          style=_STYLE, layout=_WIDE, continuous_update=False),
    }

    def compute(benefits: float, costs: float, isolation_percent: int,
                confidence_percent: int) -> roi.RoiResult:
        return roi.evaluate(benefits, costs, isolation_percent / 100, confidence_percent / 100)

    def render(result: roi.RoiResult) -> None:
        v = {name: c.value for name, c in controls.items()}
        display(HTML(
            f"<p>Claimed benefits: <b>{_money(result.claimed_benefits)}</b> &middot; "
            f"net benefits: <b>{_money(result.net_benefits)}</b></p>"
            f"<p>BCR = {_money(result.claimed_benefits)} / {_money(result.costs)} = "
            f"<b>{result.bcr:.2f} : 1</b> &middot; ROI = ({_money(result.claimed_benefits)} - "
            f"{_money(result.costs)}) / {_money(result.costs)} x 100 = "
            f"<b>{result.roi_percent:.1f} %</b></p>"))
        display(_roi_bars(v["benefits"], v["isolation_percent"] / 100,
                          v["confidence_percent"] / 100, result.costs,
                          "From estimate to claim, against costs"))

    return ModelTool(
        title="ROI calculator",
        controls=controls, compute=compute, render=render,
        description="Reduce the estimate to the program's share and to the estimator's "
                    "confidence, then compare it with fully loaded costs (Phillips).")


@register_figure("roi-adjustment")
def roi_adjustment() -> None:
    """The participant-estimate example: 336,000 at 70 % confidence against 160,000 of costs."""
    estimate, confidence, costs = ESTIMATE_EXAMPLE
    display(_roi_bars(estimate, 1.0, confidence, costs,
                      "20 participants' estimates, adjusted for confidence"))


def show_classification(result: Classification) -> None:
    """The metric, its level in each framework, and the reason."""
    display(HTML(
        f"<p>Metric: <i>{html.escape(result.metric)}</i></p>"
        "<table>"
        f"<tr><td>Kirkpatrick</td><td><b>{html.escape(result.kirkpatrick_label)}</b></td></tr>"
        f"<tr><td>Phillips</td><td><b>{html.escape(result.phillips_label)}</b></td></tr>"
        f"<tr><td>LTEM</td><td><b>{html.escape(result.ltem_label)}</b></td></tr></table>"
        f"<p>{html.escape(result.reason)}</p>"
        "<p style='color:#555'>A typed description is read by keywords and the highest level "
        "it reaches wins; check the result against what the metric really records.</p>"))


@register_tool("metric-classifier")
def metric_classifier() -> ModelTool:
    """A chosen or described metric -> Kirkpatrick level, Phillips level and LTEM tier."""
    controls = {
        "metric": W.Dropdown(options=[(label, pid) for pid, (label, _) in PRESETS.items()],
                             value="satisfaction", description="Choose a metric",
                             style={"description_width": "150px"},
                             layout=W.Layout(width="620px")),
        "description": W.Text(value="", placeholder="or describe your own, e.g. 'error rate per "
                                                    "1,000 orders after the course'",
                              description="... or describe one", continuous_update=False,
                              style={"description_width": "150px"},
                              layout=W.Layout(width="620px")),
    }
    return ModelTool(
        title="Metric-to-level classifier",
        controls=controls, compute=classify, render=show_classification,
        description="Where does a measure sit in Kirkpatrick's levels, Phillips' levels and "
                    "Thalheimer's LTEM tiers? A typed description overrides the list.")


@register_figure("evaluation-frameworks")
def evaluation_frameworks() -> None:
    """Kirkpatrick's four levels and Phillips' five beside LTEM's eight tiers."""
    fig = go.Figure()
    tiers = [str(i) for i in range(1, 9)]
    columns = (
        ("Kirkpatrick (1959; 2016 additions)", 0, "#6baed6",
         [(2, 3, f"1 {KIRKPATRICK_LEVELS[1]}"), (4, 6, f"2 {KIRKPATRICK_LEVELS[2]}"),
          (7, 7, f"3 {KIRKPATRICK_LEVELS[3]}"), (8, 8, f"4 {KIRKPATRICK_LEVELS[4]}")]),
        ("Phillips (1997/2003)", 1, "#74c476",
         [(3, 3, f"1 {PHILLIPS_LEVELS[1]}"), (4, 6, f"2 {PHILLIPS_LEVELS[2]}"),
          (7, 7, f"3 {PHILLIPS_LEVELS[3]}"), (8, 8, f"4 {PHILLIPS_LEVELS[4]}"),
          (9, 9, f"5 {PHILLIPS_LEVELS[5]}")]),
        ("LTEM (Thalheimer 2018)", 2, "#fdae6b",
         [(int(t), int(t), f"{t} {LTEM_TIERS[t]}") for t in tiers]),
    )
    for name, col, colour, blocks in columns:
        for low, high, label in blocks:
            fig.add_shape(type="rect", x0=col + 0.05, x1=col + 0.95, y0=low - 0.45,
                          y1=high + 0.45, fillcolor=colour, line={"color": "white"})
            fig.add_annotation(x=col + 0.5, y=(low + high) / 2, text=label, showarrow=False,
                               font={"size": 11})
        fig.add_annotation(x=col + 0.5, y=9.9, text=f"<b>{name}</b>", showarrow=False)
    for col, low in ((0, 1), (1, 1), (1, 2)):
        fig.add_annotation(x=col + 0.5, y=low, text="(no level)", showarrow=False,
                           font={"size": 10, "color": "#777"})
    fig.update_xaxes(visible=False, range=[0, 3])
    fig.update_yaxes(visible=False, range=[0.4, 10.3])
    fig.update_layout(height=560, width=900, plot_bgcolor="white",
                      title="How the three frameworks line up (approximate correspondence)",
                      margin={"t": 60, "l": 10, "r": 10, "b": 10})
    display(fig)


def show_comparison(result: comparison.GroupComparison, changes: tuple[list, list]) -> None:
    """Both groups' changes as dots, then the difference, its interval and the p-value."""
    fig = go.Figure()
    for name, values, colour in (("coached stores", changes[0], "#08519c"),
                                 ("comparison stores", changes[1], "#969696")):
        fig.add_trace(go.Box(y=values, name=name, boxpoints="all", jitter=0.4, pointpos=0,
                             marker_color=colour, line={"color": colour},
                             fillcolor="rgba(0,0,0,0)"))
    fig.add_hline(y=0, line_color="#555", line_dash="dot")
    fig.update_layout(title="Change in staff turnover per store (percentage points)", height=400,
                      width=720, showlegend=False, yaxis_title="After minus before",
                      margin={"t": 60, "l": 70, "r": 20, "b": 40})
    display(fig)
    rare = result.p_value < 0.05
    verdict = (f"The interval {'includes' if result.could_be_chance else 'excludes'} 0, and "
               f"{result.p_value:.1%} of random relabellings gave a gap at least this large: " +
               ("chance is an unlikely explanation." if rare and not result.could_be_chance else
                "the difference could be chance." if not rare and result.could_be_chance else
                "the two views disagree, so treat the result as borderline."))
    small = ("" if min(result.n_trained, result.n_comparison) >= 30 else
             " With fewer than about 30 stores a group, the interval (normal approximation) is "
             "too narrow; read the permutation p-value first.")
    display(HTML(
        f"<p>Coached stores ({result.n_trained}): mean change <b>{result.mean_trained:+.1f}</b> "
        f"points &middot; comparison stores ({result.n_comparison}): "
        f"<b>{result.mean_comparison:+.1f}</b> points</p>"
        f"<p>Difference: <b>{result.difference:+.1f}</b> points &middot; standard error "
        f"{result.standard_error:.2f} &middot; approximate 95 % interval "
        f"<b>{result.ci_low:+.1f} to {result.ci_high:+.1f}</b> points &middot; permutation "
        f"p-value <b>{result.p_value:.3f}</b> ({result.shuffles:,} shuffles)</p>"
        f"<p>{verdict}{small}</p>"))


@register_tool("chance-check")
def chance_check() -> ModelTool:
    """The retail pilot's stores: could the coached stores' extra fall in turnover be chance?"""
    stores = comparison.load_stores()
    controls = {"per_group": W.BoundedIntText(value=30, min=3, max=30, step=1,
                                         description="Stores in each group", style=_STYLE,
                                         layout=_WIDE, continuous_update=False)}

    def compute(per_group: int) -> tuple[comparison.GroupComparison, tuple[list, list]]:
        result = comparison.compare_stores(stores, per_group)
        changes = tuple([s.change for s in stores if s.group == g][:per_group]
                        for g in ("coached", "comparison"))
        return result, changes

    return ModelTool(
        title="Could the difference be chance?",
        controls=controls, compute=compute, render=lambda out: show_comparison(*out),
        description="The 60 stores of the retail pilot: each store's change in turnover. Use "
                    "fewer stores to see how the same kind of gap becomes hard to tell from "
                    "chance.")
