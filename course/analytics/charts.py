"""Plotly figures of the cohort analytics (pure: frames in, figures out; no widgets).

Plotly reads a small subset of HTML in labels and hover text, so every learner-entered or roster
text put into a figure goes through `html.escape` first.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from course.analytics.progress import WEEK_STATUSES
from course.analytics.stats import DISCRIMINATION_LOW, FACILITY_HIGH, FACILITY_LOW

STATUS_COLOURS = {"upcoming": "#e0e0e0", "on track": "#2e7d32", "late": "#f9a825",
                  "behind": "#ef6c00", "missing": "#c62828"}
ROW_PX = 22
MAX_ROWS = 60  # larger cohorts show the rows that need attention first (see each figure)


def _height(rows: int) -> int:
    return 140 + ROW_PX * max(rows, 3)


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    """Plain styling without a template: a template adds ~6 KB to every figure's JSON."""
    fig.update_layout(title={"text": escape(title), "x": 0}, height=height,
                      margin={"l": 10, "r": 10, "t": 50, "b": 40}, template="none",
                      font={"size": 12}, plot_bgcolor="white", paper_bgcolor="white")
    fig.update_xaxes(gridcolor="#eeeeee", zeroline=False, automargin=True)
    fig.update_yaxes(gridcolor="#eeeeee", zeroline=False, automargin=True)
    return fig


def completion_heatmap(weeks: pd.DataFrame, names: pd.Series, week_items: dict[int, str],
                       limit: int = MAX_ROWS) -> go.Figure:
    """Learners x weeks coloured by status; with more than `limit` learners, the worst first."""
    codes = {label: n for n, label in enumerate(WEEK_STATUSES)}
    order = {"missing": 0, "behind": 1, "late": 2, "on track": 3, "upcoming": 4}
    rank = weeks.apply(lambda row: min((order[v] for v in row.dropna()), default=4), axis=1)
    shown = weeks.loc[rank.sort_values(kind="stable").index[:limit]]
    z = shown.apply(lambda col: col.map(codes)).to_numpy(dtype=float)
    x = [f"Week {w}: {escape(week_items.get(w, ''))}" for w in shown.columns]
    y = [escape(f"{names.get(i, i)} ({i})") for i in shown.index]
    n = len(WEEK_STATUSES)
    scale = []
    for k, label in enumerate(WEEK_STATUSES):
        scale += [[k / n, STATUS_COLOURS[label]], [(k + 1) / n, STATUS_COLOURS[label]]]
    text = shown.fillna("").to_numpy()
    fig = go.Figure(go.Heatmap(z=z, x=x, y=y, zmin=-0.5, zmax=n - 0.5, colorscale=scale,
                               text=text, hovertemplate="%{y}<br>%{x}<br>%{text}<extra></extra>",
                               xgap=2, ygap=2, colorbar={"tickvals": list(range(n)),
                                                         "ticktext": list(WEEK_STATUSES)}))
    fig.update_yaxes(autorange="reversed")
    note = "" if len(weeks) <= limit else f" (the {limit} of {len(weeks)} most behind)"
    return _layout(fig, f"Status by week{note}", _height(len(shown)))


def score_heatmap(scores: pd.DataFrame, names: pd.Series, title: str,
                  limit: int = MAX_ROWS) -> go.Figure:
    """Learners x modules shares (0-1), a cohort-mean row on top, weakest learners first."""
    mean = scores.mean(axis=1).sort_values(kind="stable")
    shown = scores.loc[mean.index[:limit]]
    table = pd.concat([scores.mean().to_frame("Cohort mean").T, shown])
    y = ["Cohort mean"] + [escape(f"{names.get(i, i)} ({i})") for i in shown.index]
    z = table.to_numpy(dtype=float)
    fig = go.Figure(go.Heatmap(z=z, x=list(table.columns), y=y, zmin=0, zmax=1,
                               colorscale="RdYlGn", xgap=2, ygap=2,
                               hovertemplate="%{y}<br>%{x}: %{z:.0%}<extra></extra>",
                               colorbar={"tickformat": ".0%"}))
    fig.update_yaxes(autorange="reversed")
    note = "" if len(scores) <= limit else f" (the {limit} of {len(scores)} lowest)"
    return _layout(fig, f"{title}{note}", _height(len(table)))


def score_histogram(fractions: pd.Series, pass_mark: float, title: str) -> go.Figure:
    """Distribution of exam scores (shares) in 5-point bins with the pass mark."""
    fig = go.Figure(go.Histogram(x=fractions * 100, xbins={"start": 0, "end": 100.001,
                                                          "size": 5},
                                 marker_color="#1565c0",
                                 hovertemplate="%{x}%: %{y} learner(s)<extra></extra>"))
    fig.add_vline(x=pass_mark * 100, line_dash="dash", line_color="#c62828",
                  annotation_text=f"pass mark {pass_mark:.0%}")
    counts = np.histogram(fractions * 100, bins=20, range=(0, 100.001))[0]
    fig.update_xaxes(range=[0, 100], title="score (%)")
    fig.update_yaxes(title="learners", tick0=0, dtick=max(1, math.ceil(counts.max(initial=0) / 6)))
    return _layout(fig, title, 340)


def item_scatter(items: pd.DataFrame) -> go.Figure:
    """Facility against discrimination per item, flagged items in red, with the flag limits."""
    flagged = items["flags"].map(bool)
    colours = ["#c62828" if f else "#1565c0" for f in flagged]
    fig = go.Figure(go.Scatter(x=items["facility"], y=items["discrimination"], mode="markers",
                               marker={"color": colours, "size": 9},
                               text=[escape(str(i)) for i in items["item"]],
                               hovertemplate="%{text}<br>facility %{x:.2f}<br>"
                                             "discrimination %{y:.2f}<extra></extra>"))
    for x in (FACILITY_LOW, FACILITY_HIGH):
        fig.add_vline(x=x, line_dash="dot", line_color="#888")
    fig.add_hline(y=DISCRIMINATION_LOW, line_dash="dot", line_color="#888")
    fig.update_xaxes(range=[0, 1.02], title="facility index")
    fig.update_yaxes(range=[-1, 1], title="discrimination index")
    return _layout(fig, "Items: facility and discrimination (red: flagged)", 380)
