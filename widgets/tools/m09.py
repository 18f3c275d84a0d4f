"""Module 9 views: portfolio rationalizer, unit-cost comparison and fully loaded cost tools."""

from __future__ import annotations

import html

import ipywidgets as W
import plotly.graph_objects as go
from IPython.display import HTML, display
from plotly.subplots import make_subplots

from course.models import finance, investment
from course.models.portfolio import ACTIONS, Placement, action_counts, rationalize
from widgets.tool import ModelTool, register_figure, register_tool

ACTION_COLOURS = {"sustain": "#2ca02c", "revise": "#ff7f0e", "outsource": "#1f77b4",
                  "retire": "#7f7f7f"}
# A fictional regional logistics firm's catalog: (key, offering, strategic value, distinctiveness)
CATALOG = (
    ("yard-safety", "Yard safety (own depot rules)", 4.5, 4.5),
    ("route-system", "Route-planning system (in-house)", 4.0, 4.0),
    ("spreadsheets", "Spreadsheets, intermediate", 3.5, 1.5),
    ("new-managers", "New-manager essentials", 4.0, 2.0),
    ("heritage", "Company heritage tour", 1.5, 4.5),
    ("time-webinar", "Time management webinar", 2.0, 1.5),
)
# The module's worked example: (course, cost, learners, hours per learner)
UNIT_COST_EXAMPLE = (("Leadership programme", 120_000, 40, 40),
                     ("Compliance e-learning", 30_000, 1_500, 1),
                     ("Onboarding", 50_000, 250, 16))
_STYLE = {"description_width": "150px"}
_SLIDER = {"min": 1.0, "max": 5.0, "step": 0.5, "continuous_update": False}


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _quadrant_figure(placements: list[Placement], value_cut: float, distinct_cut: float,
                     title: str) -> go.Figure:
    """Scatter of offerings on distinctiveness (x) and strategic value (y) with quadrant labels."""
    fig = go.Figure()
    corners = {"sustain": (5.0, 5.0, "right", "top"), "outsource": (1.0, 5.0, "left", "top"),
               "revise": (5.0, 1.0, "right", "bottom"), "retire": (1.0, 1.0, "left", "bottom")}
    for action in ACTIONS:
        x, y, xa, ya = corners[action]
        fig.add_annotation(x=x, y=y, text=f"<b>{action.upper()}</b>", showarrow=False,
                           xanchor=xa, yanchor=ya, font={"color": ACTION_COLOURS[action]})
        group = [p for p in placements if p.action == action]
        if group:
            fig.add_trace(go.Scatter(
                x=[p.distinctiveness for p in group], y=[p.strategic_value for p in group],
                mode="markers+text", name=action, text=[html.escape(p.offering_id) for p in group],
                textposition="top center", marker={"size": 13, "color": ACTION_COLOURS[action]},
                hovertemplate="%{text}: distinctiveness %{x}, value %{y}<extra></extra>"))
    fig.add_vline(x=distinct_cut, line_dash="dash", line_color="#555")
    fig.add_hline(y=value_cut, line_dash="dash", line_color="#555")
    fig.update_xaxes(title_text="Distinctiveness (1-5): how hard to get elsewhere",
                     range=[0.7, 5.3], dtick=1)
    fig.update_yaxes(title_text="Strategic value (1-5)", range=[0.7, 5.5], dtick=1)
    fig.update_layout(title=title, height=460, width=760, legend_title_text="Action",
                      margin={"t": 60, "l": 60, "r": 20, "b": 60})
    return fig


def show_placements(placements: list[Placement], value_cut: float = 3.0,
                    distinct_cut: float = 3.0) -> None:
    """Quadrant chart, then a table of each offering's action and reason."""
    display(_quadrant_figure(placements, value_cut, distinct_cut,
                             "Portfolio: strategic value x distinctiveness"))
    counts = action_counts(placements)
    rows = "".join(
        f"<tr><td>{html.escape(p.offering_id)}</td><td>{p.strategic_value:g}</td>"
        f"<td>{p.distinctiveness:g}</td><td style='color:{ACTION_COLOURS[p.action]}'>"
        f"<b>{p.action}</b></td><td>{html.escape(p.reason)}</td></tr>" for p in placements)
    display(HTML(
        "<p>" + " &middot; ".join(f"{a}: {n}" for a, n in counts.items()) + "</p>"
        "<table><tr><th>offering</th><th>value</th><th>distinct.</th><th>suggested action</th>"
        f"<th>reason</th></tr>{rows}</table>"
        "<p style='color:#555'>A score equal to the cut-off counts as high. The action is a "
        "starting point for a conversation with the offering's owner, not a verdict.</p>"))


@register_tool("portfolio-rationalizer")
def portfolio_rationalizer() -> ModelTool:
    """Score each catalog offering on two scales; see its quadrant and suggested action."""
    controls: dict[str, W.ValueWidget] = {}
    rows = []
    for key, name, value, distinct in CATALOG:
        v = W.BoundedFloatText(value=value, description="value",
                               style={"description_width": "50px"}, **_SLIDER)
        d = W.BoundedFloatText(value=distinct, description="distinct.",
                          style={"description_width": "60px"}, **_SLIDER)
        controls[f"{key}__value"], controls[f"{key}__distinct"] = v, d
        rows.append(W.HBox([W.HTML(f"<b>{html.escape(name)}</b>",
                                   layout=W.Layout(width="240px")), v, d]))
    controls["value_cut"] = W.BoundedFloatText(value=3.0, description="Value cut-off",
                                          style=_STYLE, **_SLIDER)
    controls["distinct_cut"] = W.BoundedFloatText(value=3.0, description="Distinctiveness cut-off",
                                             style=_STYLE, **_SLIDER)
    names = {key: name for key, name, _, _ in CATALOG}

    def compute(value_cut: float, distinct_cut: float, **scores: float) -> list[Placement]:
        table = [(names[k], scores[f"{k}__value"], scores[f"{k}__distinct"]) for k in names]
        return rationalize(table, value_cut, distinct_cut)

    tool = ModelTool(
        title="Portfolio rationalizer",
        controls=controls,
        compute=compute,
        render=lambda placed: show_placements(placed, controls["value_cut"].value,
                                              controls["distinct_cut"].value),
        description="Score each offering 1-5 on strategic value (how much it serves current "
                    "goals) and distinctiveness (how hard it would be to buy on the market).",
    )
    heading, *_, message, output = tool.widget.children
    tool.widget.children = (heading, *rows, controls["value_cut"], controls["distinct_cut"],
                            message, output)
    return tool


@register_figure("portfolio-quadrants")
def portfolio_quadrants() -> None:
    """The four quadrants and their actions, with the sample catalog placed on them."""
    placed = rationalize([(name, v, d) for _, name, v, d in CATALOG])
    display(_quadrant_figure(placed, 3.0, 3.0, "Four actions from two questions"))


def show_unit_costs(result: finance.UnitCostComparison) -> None:
    """Per-course unit costs, then both summaries per learner and per learning hour."""
    rows = "".join(
        f"<tr><td>{html.escape(c.name)}</td><td>{_money(c.cost)}</td><td>{c.learners:,.0f}</td>"
        f"<td>{c.learning_hours:,.0f}</td><td>{_money(c.per_learner)}</td>"
        f"<td>{_money(c.per_hour)}</td></tr>" for c in result.courses)
    display(HTML(
        "<table><tr><th>course</th><th>cost</th><th>learners</th><th>learning hours</th>"
        f"<th>per learner</th><th>per hour</th></tr>{rows}"
        f"<tr><td><b>total</b></td><td>{_money(result.total_cost)}</td>"
        f"<td>{result.total_learners:,.0f}</td><td>{result.total_hours:,.0f}</td>"
        "<td></td><td></td></tr></table>"
        "<table><tr><th></th><th>ratio of totals</th><th>average of ratios</th></tr>"
        f"<tr><td>cost per learner</td><td><b>{_money(result.per_learner_totals)}</b></td>"
        f"<td>{_money(result.per_learner_average)}</td></tr>"
        f"<tr><td>cost per learning hour</td><td><b>{_money(result.per_hour_totals)}</b></td>"
        f"<td>{_money(result.per_hour_average)}</td></tr></table>"
        "<p style='color:#555'>Ratio of totals = total cost / total learners (or hours): big "
        "courses count more. Average of ratios = the mean of the per-course figures: every "
        "course counts the same, however many people it served.</p>"))


@register_tool("cost-per-learner")
def cost_per_learner_tool() -> ModelTool:
    """Three courses' cost, learners and hours -> unit costs two ways, side by side."""
    controls: dict[str, W.ValueWidget] = {}
    rows = []
    for i, (name, cost, learners, hours) in enumerate(UNIT_COST_EXAMPLE):
        c = W.BoundedFloatText(value=cost, min=0, max=1e9, step=1000, description="cost",
                               style={"description_width": "40px"}, layout=W.Layout(width="190px"))
        n = W.BoundedIntText(value=learners, min=0, max=10_000_000, description="learners",
                             style={"description_width": "60px"}, layout=W.Layout(width="170px"))
        h = W.BoundedFloatText(value=hours, min=0, max=10_000, step=0.5,
                               description="hours each", style={"description_width": "75px"},
                               layout=W.Layout(width="170px"))
        controls[f"cost_{i}"], controls[f"learners_{i}"], controls[f"hours_{i}"] = c, n, h
        rows.append(W.HBox([W.HTML(f"<b>{html.escape(name)}</b>",
                                   layout=W.Layout(width="180px")), c, n, h]))

    def compute(**v: float) -> finance.UnitCostComparison:
        return finance.compare_unit_costs(
            [(name, v[f"cost_{i}"], v[f"learners_{i}"], v[f"hours_{i}"])
             for i, (name, *_) in enumerate(UNIT_COST_EXAMPLE)])

    tool = ModelTool(
        title="Cost per learner and per learning hour",
        controls=controls, compute=compute, render=show_unit_costs,
        description="Enter each course's fully loaded cost, learners and hours per learner.")
    heading, *_, message, output = tool.widget.children
    tool.widget.children = (heading, *rows, message, output)
    return tool


@register_figure("unit-cost-summaries")
def unit_cost_summaries() -> None:
    """Per-course unit costs against the two summaries, per learner and per learning hour."""
    result = finance.compare_unit_costs(UNIT_COST_EXAMPLE)
    names = [c.name for c in result.courses]
    fig = make_subplots(rows=1, cols=2, subplot_titles=["Cost per learner (log scale)",
                                                        "Cost per learning hour"])
    panels = ((1, [c.per_learner for c in result.courses], result.per_learner_totals,
               result.per_learner_average),
              (2, [c.per_hour for c in result.courses], result.per_hour_totals,
               result.per_hour_average))
    for col, values, totals, average in panels:
        fig.add_trace(go.Bar(x=names, y=values, marker_color="#9ecae1", showlegend=False,
                             text=[f"{v:,.0f}" for v in values], textposition="outside"),
                      row=1, col=col)
        for y, label, colour in ((totals, "ratio of totals", "#08519c"),
                                 (average, "average of ratios", "#d62728")):
            fig.add_hline(y=y, line_dash="dash", line_color=colour, row=1, col=col,
                          annotation_text=f"{label}: {y:,.2f}", annotation_position="top left")
    fig.update_yaxes(type="log", row=1, col=1)
    fig.update_layout(height=440, width=900, title="Same three courses, two different summaries",
                      margin={"t": 90, "l": 60, "r": 20, "b": 60})
    display(fig)


def show_fully_loaded(result: finance.FullyLoadedCost) -> None:
    """The cost lines with their share of the total, then the unit costs."""
    rows = "".join(
        f"<tr><td>{html.escape(label)}</td><td style='text-align:right'>{_money(amount)}</td>"
        f"<td style='text-align:right'>{(amount / result.total * 100 if result.total else 0):.1f}"
        " %</td></tr>" for label, amount in result.lines)
    display(HTML(
        f"<table><tr><th>cost line</th><th>amount</th><th>share</th></tr>{rows}"
        f"<tr><td><b>Fully loaded cost</b></td><td style='text-align:right'>"
        f"<b>{_money(result.total)}</b></td><td></td></tr></table>"
        f"<p>Per participant: <b>{_money(result.per_participant)}</b> &middot; per learning "
        f"hour: <b>{_money(result.per_learning_hour)}</b></p>"))


@register_tool("fully-loaded-cost")
def fully_loaded_cost_tool() -> ModelTool:
    """Cost lines of one program -> fully loaded cost, per participant and per learning hour."""
    def money(value: float, label: str) -> W.BoundedFloatText:
        return W.BoundedFloatText(value=value, min=0, max=1e9, step=500, description=label,
                                  style={"description_width": "260px"},
                                  layout=W.Layout(width="420px"))

    def share(value: float, label: str, top: float = 1.0) -> W.BoundedFloatText:
        return W.BoundedFloatText(value=value, min=0, max=top, step=0.05, description=label,
                                  style={"description_width": "260px"},
                                  layout=W.Layout(width="420px"))

    controls = {
        "needs_analysis": money(8_000, "Needs analysis and design (one-off)"),
        "development": money(60_000, "Development (one-off)"),
        "development_share": share(0.25, "Share of one-off costs charged (0-1)"),
        "delivery": money(36_000, "Delivery (facilitators, venue, travel...)"),
        "evaluation": money(4_000, "Evaluation"),
        "participants": W.BoundedIntText(value=24, min=0, max=1_000_000,
                                         description="Participants",
                                         style={"description_width": "260px"}),
        "hours_per_participant": W.BoundedFloatText(value=21, min=0, max=2_000, step=0.5,
                                                    description="Hours per participant",
                                                    style={"description_width": "260px"}),
        "hourly_pay": money(50, "Participants' average hourly pay"),
        "benefits_rate": share(0.30, "Benefits on top of pay (share, e.g. 0.3)", 3.0),
        "overhead_rate": share(0.10, "Overhead allocation (share of direct)", 3.0),
    }
    return ModelTool(
        title="Fully loaded cost",
        controls=controls, compute=finance.fully_loaded_cost, render=show_fully_loaded,
        description="Every cost of one program, including prorated development and the paid "
                    "time participants spend away from their work.")


# The module's multi-year example: up-front cost, net benefits of years 1-3, discount rate.
PAYBACK_EXAMPLE = (180_000, (70_000, 80_000, 60_000), 0.08)


def _years(value: float | None) -> str:
    return "not within the years shown" if value is None else f"{value:.2f} years"


def show_appraisal(result: investment.Appraisal) -> None:
    """Year-by-year flows, discount factors and cumulative positions, then NPV and paybacks."""
    rows = "".join(
        f"<tr><td>{t}</td><td>{_money(f)}</td>"
        f"<td>{investment.discount_factor(result.rate, t):.4f}</td><td>{_money(d)}</td>"
        f"<td>{_money(c)}</td><td>{_money(cd)}</td></tr>"
        for t, (f, d, c, cd) in enumerate(zip(result.flows, result.discounted, result.cumulative,
                                              result.cumulative_discounted, strict=True)))
    verdict = ("earns more than" if result.npv > 0 else
               "earns exactly" if result.npv == 0 else "earns less than")
    display(HTML(
        "<table><tr><th>year</th><th>net flow</th><th>discount factor</th>"
        "<th>present value</th><th>cumulative</th><th>cumulative present value</th></tr>"
        f"{rows}</table>"
        f"<p>NPV at {result.rate:.1%}: <b>{_money(result.npv)}</b> (it {verdict} the discount "
        f"rate) &middot; payback: <b>{_years(result.payback)}</b> &middot; discounted payback: "
        f"<b>{_years(result.discounted_payback)}</b> &middot; ROI over the years shown, not "
        f"discounted: {result.roi_percent:.1f} %</p>"))
    years = list(range(len(result.flows)))
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=years, y=list(result.cumulative), mode="lines+markers",
                             name="cumulative net flow"))
    fig.add_trace(go.Scatter(x=years, y=list(result.cumulative_discounted),
                             mode="lines+markers", name="cumulative present value"))
    fig.add_hline(y=0, line_color="#555")
    fig.update_layout(title="When is the investment paid back?", height=380, width=720,
                      xaxis_title="Year", yaxis_title="Money", xaxis_dtick=1,
                      margin={"t": 60, "l": 70, "r": 20, "b": 60})
    display(fig)


@register_tool("payback-npv")
def payback_npv_tool() -> ModelTool:
    """Up-front cost, three years of net benefits and a discount rate -> payback and NPV."""
    cost, benefits, rate = PAYBACK_EXAMPLE
    style, layout = {"description_width": "260px"}, W.Layout(width="420px")
    controls: dict[str, W.ValueWidget] = {
        "upfront_cost": W.BoundedFloatText(value=cost, min=0, max=1e10, step=1_000,
                                           description="Up-front cost (year 0)", style=style,
                                           layout=layout)}
    for year, value in enumerate(benefits, start=1):
        controls[f"year_{year}"] = W.BoundedFloatText(
            value=value, min=-1e10, max=1e10, step=1_000, style=style, layout=layout,
            description=f"Net benefit in year {year}")
    controls["rate_percent"] = W.BoundedFloatText(value=rate * 100, min=0, max=50, step=0.5,
                                                  description="Discount rate (%)", style=style,
                                                  layout=layout)

    def compute(upfront_cost: float, rate_percent: float, **years: float) -> investment.Appraisal:
        flows = [years[f"year_{y}"] for y in range(1, len(benefits) + 1)]
        return investment.appraise(upfront_cost, flows, rate_percent / 100)

    return ModelTool(
        title="Payback and net present value",
        controls=controls, compute=compute, render=show_appraisal,
        description="Enter the up-front cost, each year's benefit net of running costs, and the "
                    "discount rate your finance team uses.")
