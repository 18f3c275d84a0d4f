"""Module 8 views: the weighted vendor scorer, the make-vs-buy break-even tool and their charts."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as W
import plotly.graph_objects as go
from IPython.display import HTML, display

from course.models import sourcing
from widgets.tool import ModelTool, register_figure, register_tool

# The module's worked example: three e-learning vendors on four criteria (weights sum to 100).
EXAMPLE_WEIGHTS = {"Content quality": 35, "Price": 30, "Integration": 20, "Service": 15}
EXAMPLE_SCORES = {
    "Vendor A": {"Content quality": 4, "Price": 3, "Integration": 5, "Service": 4},
    "Vendor B": {"Content quality": 5, "Price": 2, "Integration": 3, "Service": 4},
    "Vendor C": {"Content quality": 3, "Price": 5, "Integration": 4, "Service": 3},
}
# The make-vs-buy worked example: build in-house vs license a vendor course, per learner.
EXAMPLE_COSTS = {"make_fixed": 60_000, "make_variable": 40, "buy_fixed": 5_000,
                 "buy_variable": 150}
N_CRITERIA, N_VENDORS = 4, 3


@register_tool("vendor-scorer")
def vendor_scorer() -> ModelTool:
    """A criteria x vendors grid of weights and scores -> ranking and the weight that flips it."""
    criteria = list(EXAMPLE_WEIGHTS)
    vendors = list(EXAMPLE_SCORES)
    cell = W.Layout(width="130px")
    controls: dict[str, W.ValueWidget] = {}
    for j, vendor in enumerate(vendors, start=1):
        controls[f"v{j}"] = W.Text(value=vendor, placeholder=f"vendor {j}", layout=cell)
    for i, criterion in enumerate(criteria, start=1):
        controls[f"c{i}"] = W.Text(value=criterion, placeholder=f"criterion {i}",
                                   layout=W.Layout(width="160px"))
        controls[f"w{i}"] = W.BoundedFloatText(value=EXAMPLE_WEIGHTS[criterion], min=0,
                                               max=1000, layout=cell)
        for j, vendor in enumerate(vendors, start=1):
            controls[f"s{i}_{j}"] = W.BoundedFloatText(
                value=EXAMPLE_SCORES[vendor][criterion], min=0, max=10, layout=cell)
    tool = ModelTool(
        title="Weighted vendor scorer",
        description=("Name up to four criteria, weight them in any units (they are normalised), "
                     "and score each vendor 0-10 (1-5 is typical). Blank a name to drop that "
                     "row or column."),
        controls=controls, compute=score_grid, render=_show_vendor_ranking)
    header = [W.HTML("<b>Criterion</b>"), W.HTML("<b>Weight</b>")]
    header += [controls[f"v{j}"] for j in range(1, N_VENDORS + 1)]
    cells: list[W.Widget] = list(header)
    for i in range(1, N_CRITERIA + 1):
        cells += [controls[f"c{i}"], controls[f"w{i}"]]
        cells += [controls[f"s{i}_{j}"] for j in range(1, N_VENDORS + 1)]
    grid = W.GridBox(cells, layout=W.Layout(
        grid_template_columns=f"170px 140px repeat({N_VENDORS}, 140px)", grid_gap="4px"))
    heading = tool.widget.children[0]
    tool.widget.children = (heading, grid, tool.message, tool.output)
    return tool


def score_grid(**values: Any) -> sourcing.VendorRanking:
    """Read the scorer's grid (c1.., w1.., v1.., s1_1..) and score the named vendors."""
    criteria = {i: str(values[f"c{i}"]).strip() for i in range(1, N_CRITERIA + 1)}
    vendors = {j: str(values[f"v{j}"]).strip() for j in range(1, N_VENDORS + 1)}
    criteria = {i: name for i, name in criteria.items() if name}
    vendors = {j: name for j, name in vendors.items() if name}
    for kind, names in (("criterion", criteria), ("vendor", vendors)):
        seen = list(names.values())
        dupes = sorted({n for n in seen if seen.count(n) > 1})
        if dupes:
            raise ValueError(f"each {kind} needs a different name; repeated: {', '.join(dupes)}")
    weights = {name: values[f"w{i}"] for i, name in criteria.items()}
    scores = {vendor: {name: values[f"s{i}_{j}"] for i, name in criteria.items()}
              for j, vendor in vendors.items()}
    return sourcing.score_vendors(weights, scores)


def flip_sentence(ranking: sourcing.VendorRanking) -> str:
    """The sensitivity finding in one plain sentence."""
    leader = ranking.ranked[0].vendor
    if ranking.tied:
        return (f"{leader} and {ranking.ranked[1].vendor} are tied: these weights do not separate "
                f"them, so decide on evidence the scores do not capture.")
    flip = ranking.flip
    if flip is None:
        if len(ranking.ranked) == 1:
            return "Only one vendor is scored, so there is no ranking to flip."
        return f"No change to any single weight lets another vendor overtake {leader}."
    verb = "Raising" if flip.change > 0 else "Lowering"
    return (f"{verb} the weight of {flip.criterion} from {flip.weight_from:g} to "
            f"{flip.weight_to:.4g} (its share from {flip.share_from:.1%} to {flip.share_to:.1%}) "
            f"makes {flip.challenger} tie {leader}; any further and {flip.challenger} leads. "
            f"No smaller change to one weight alters the top rank.")


def _show_vendor_ranking(ranking: sourcing.VendorRanking) -> None:
    criteria = list(ranking.shares)
    head = "".join(f"<th>{_e(c)}<br><small>{ranking.shares[c]:.1%}</small></th>"
                   for c in criteria)
    rows = []
    for rank, row in enumerate(ranking.ranked, start=1):
        parts = "".join(f"<td>{row.contributions[c]:.2f}</td>" for c in criteria)
        bar = f'<div style="background:#4a7ab5;height:10px;width:{row.total * 25:.0f}px"></div>'
        rows.append(f"<tr><td>{rank}</td><td><b>{_e(row.vendor)}</b></td>{parts}"
                    f"<td><b>{row.total:.2f}</b></td><td>{bar}</td></tr>")
    display(HTML(
        f"<table><tr><th>#</th><th>Vendor</th>{head}<th>Total</th><th></th></tr>"
        + "".join(rows) + f"</table><p>{_e(flip_sentence(ranking))}</p>"))


@register_tool("make-buy-breakeven")
def make_buy_breakeven() -> ModelTool:
    """Fixed and per-unit costs of making and buying -> break-even volume and a cost chart."""
    def money(key: str, description: str) -> W.BoundedFloatText:
        return W.BoundedFloatText(value=EXAMPLE_COSTS[key], min=0, max=1e9,
                                  description=description, style={"description_width": "200px"})

    controls: dict[str, W.ValueWidget] = {
        "make_fixed": money("make_fixed", "Make: fixed cost"),
        "make_variable": money("make_variable", "Make: cost per learner"),
        "buy_fixed": money("buy_fixed", "Buy: fixed cost"),
        "buy_variable": money("buy_variable", "Buy: cost per learner"),
        "volume": W.BoundedFloatText(value=800, min=0, max=1e7, description="Planned learners",
                                     style={"description_width": "200px"}),
    }
    return ModelTool(
        title="Make-vs-buy break-even",
        description=("Fixed costs are paid once whatever the volume (design, set-up, licence "
                     "fee); per-learner costs grow with each learner (seat fee, facilitation, "
                     "learner time if it differs)."),
        controls=controls, compute=sourcing.break_even, render=_show_break_even)


def _show_break_even(result: sourcing.BreakEven) -> None:
    names = {"make": "Making", "buy": "Buying"}
    verdict = (f"At {result.planned:,.0f} learners: make {result.make_cost:,.0f}, buy "
               f"{result.buy_cost:,.0f}. ")
    verdict += ("Both cost the same." if result.cheaper == "either" else
                f"{names[result.cheaper]} is cheaper by {result.saving:,.0f}.")
    display(HTML(f"<p>{_e(result.explanation)}</p><p><b>{_e(verdict)}</b></p>"))
    display(cost_lines(result))


def cost_lines(result: sourcing.BreakEven) -> go.Figure:
    """Total cost of making and of buying against volume, with the break-even marked."""
    top = max(result.planned * 1.25, (result.volume or 0) * 2, 10)
    xs = [0, top]
    fig = go.Figure()
    for name, fixed, variable in (("Make", result.make_fixed, result.make_variable),
                                  ("Buy", result.buy_fixed, result.buy_variable)):
        ys = [sourcing.total_cost(fixed, variable, x) for x in xs]
        label = f"{name}: {fixed:,.0f} + {variable:,.0f} per learner"
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=label))
    if result.volume is not None:
        fig.add_vline(x=result.volume, line_dash="dash",
                      annotation_text=f"break-even {result.volume:,.0f}")
    if result.planned:
        fig.add_vline(x=result.planned, line_dash="dot", line_color="grey",
                      annotation_text=f"planned {result.planned:,.0f}",
                      annotation_position="bottom right")
    fig.update_layout(xaxis_title="Learners (volume)", yaxis_title="Total cost", height=380,
                      margin={"l": 20, "r": 20, "t": 40, "b": 20},
                      legend={"orientation": "h", "y": 1.12})
    return fig


@register_figure("make-buy-lines")
def make_buy_figure() -> None:
    """The module's worked example: the two cost lines cross at 500 learners."""
    result = sourcing.break_even(**EXAMPLE_COSTS, volume=800)
    fig = cost_lines(result)
    fig.update_layout(title="Make vs buy: total cost by number of learners")
    display(fig)


@register_figure("vendor-sensitivity")
def vendor_sensitivity_figure() -> None:
    """The worked example's totals as the Price weight moves: Vendor C overtakes A past 35."""
    display(sensitivity_lines("Price"))


def sensitivity_lines(criterion: str) -> go.Figure:
    """Each example vendor's total as one criterion's weight runs from 0 to 80."""
    values = list(range(0, 81))
    lines = sourcing.sweep_weight(EXAMPLE_WEIGHTS, EXAMPLE_SCORES, criterion, values)
    fig = go.Figure([go.Scatter(x=values, y=totals, mode="lines", name=vendor)
                     for vendor, totals in lines.items()])
    ranking = sourcing.score_vendors(EXAMPLE_WEIGHTS, EXAMPLE_SCORES)
    fig.add_vline(x=EXAMPLE_WEIGHTS[criterion], line_dash="dot", line_color="grey",
                  annotation_text=f"agreed weight {EXAMPLE_WEIGHTS[criterion]}")
    flip = ranking.flip
    if flip is not None and flip.criterion == criterion:
        fig.add_vline(x=flip.weight_to, line_dash="dash",
                      annotation_text=f"flip at {flip.weight_to:g}",
                      annotation_position="bottom right")
    fig.update_layout(title=f"Vendor totals as the weight of {criterion} changes "
                            f"(other weights fixed)",
                      xaxis_title=f"Weight of {criterion} (others: "
                                  + ", ".join(f"{c} {w}" for c, w in EXAMPLE_WEIGHTS.items()
                                              if c != criterion) + ")",
                      yaxis_title="Weighted total (1-5)", height=400,
                      margin={"l": 20, "r": 20, "t": 60, "b": 20})
    return fig


def _e(text: object) -> str:
    return html.escape(str(text))
