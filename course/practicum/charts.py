"""Static SVG charts of a deliverable: the portfolio quadrant, the stakeholder grid, the budget.

Plain SVG text, so the same chart shows in the workspace and in the exported report with no
script and no network. Every label is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from course.practicum.plan import BudgetPlan, Decision, StakeholderRow

ACTION_COLOURS = {"sustain": "#2b8a3e", "revise": "#d9480f", "outsource": "#1971c2",
                  "retire": "#868e96"}
STRATEGY_COLOURS = {"manage closely": "#c2255c", "keep satisfied": "#1971c2",
                    "keep informed": "#2b8a3e", "monitor": "#868e96"}
_W, _H, _LEFT, _TOP, _RIGHT, _BOTTOM = 620, 470, 70, 30, 20, 60


_Map = Callable[[float, float], tuple[float, float]]


def _frame(title: str, x_label: str, y_label: str, scale: tuple[int, int], first_high: int,
           corners: Sequence[tuple[str, str]]) -> tuple[list[str], _Map]:
    """Axes, cut lines (below `first_high`) and quadrant names; returns the SVG parts and a
    (x, y) -> pixels map."""
    lo, hi = scale
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM

    def at(x: float, y: float) -> tuple[float, float]:  # half a step of margin, more on top
        return (_LEFT + (x - lo + 0.5) / (hi - lo + 1) * plot_w,
                _TOP + (hi - y + 0.9) / (hi - lo + 1.4) * plot_h)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" width="{_W}" '
             f'height="{_H}" role="img" aria-label="{escape(title)}" '
             'style="font-family:sans-serif;font-size:11px;max-width:100%;height:auto">',
             f"<title>{escape(title)}</title>",
             f'<rect x="{_LEFT}" y="{_TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" '
             'stroke="#444"/>']
    for tick in range(lo, hi + 1):
        x, _ = at(tick, lo)
        _, y = at(lo, tick)
        parts.append(f'<text x="{x:.1f}" y="{_TOP + plot_h + 16}" text-anchor="middle">'
                     f"{tick}</text>")
        parts.append(f'<text x="{_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    cx, cy = at(first_high - 0.5, first_high - 0.5)
    parts.append(f'<line x1="{cx:.1f}" y1="{_TOP}" x2="{cx:.1f}" y2="{_TOP + plot_h}" '
                 'stroke="#999" stroke-dasharray="5,4"/>')
    parts.append(f'<line x1="{_LEFT}" y1="{cy:.1f}" x2="{_LEFT + plot_w}" y2="{cy:.1f}" '
                 'stroke="#999" stroke-dasharray="5,4"/>')
    spots = [(_LEFT + 6, _TOP + plot_h - 6, "start"), (_LEFT + plot_w - 6, _TOP + plot_h - 6,
                                                       "end"),
             (_LEFT + 6, _TOP + 14, "start"), (_LEFT + plot_w - 6, _TOP + 14, "end")]
    for (name, colour), (x, y, anchor) in zip(corners, spots, strict=True):
        parts.append(f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="{colour}" '
                     f'font-weight="bold" opacity="0.75">{escape(name.upper())}</text>')
    parts.append(f'<text x="{_LEFT + plot_w / 2}" y="{_H - 18}" text-anchor="middle" '
                 f'font-size="13">{escape(x_label)}</text>')
    parts.append(f'<text x="18" y="{_TOP + plot_h / 2}" text-anchor="middle" font-size="13" '
                 f'transform="rotate(-90 18 {_TOP + plot_h / 2})">{escape(y_label)}</text>')
    return parts, at


def _labels(parts: list[str], at: _Map, points: list[tuple[float, float, str, str, str]],
            ) -> None:
    """Place (x, y, label, colour, tooltip) points; labels sharing a spot form a small grid."""
    by_spot: dict[tuple[float, float], list[tuple[str, str, str]]] = {}
    for x, y, label, colour, tip in points:
        by_spot.setdefault((x, y), []).append((label, colour, tip))
    for (x, y), items in sorted(by_spot.items()):
        px, py = at(x, y)
        cols = min(3, len(items))
        for n, (label, colour, tip) in enumerate(items):
            row, col = divmod(n, cols)
            lx = px + (col - (cols - 1) / 2) * 34
            ly = py + (row - (len(items) - 1) // cols / 2) * 15
            parts.append(f'<g><title>{escape(tip)}</title>'
                         f'<rect x="{lx - 16:.1f}" y="{ly - 10:.1f}" width="32" height="14" '
                         f'rx="3" fill="{colour}"/>'
                         f'<text x="{lx:.1f}" y="{ly + 1:.1f}" text-anchor="middle" '
                         f'fill="#fff">{escape(label)}</text></g>')


def portfolio_svg(decisions: Sequence[Decision]) -> str:
    """Scored offerings on distinctiveness x strategic value, coloured by the group's action."""
    corners = [("retire", ACTION_COLOURS["retire"]), ("revise", ACTION_COLOURS["revise"]),
               ("outsource", ACTION_COLOURS["outsource"]), ("sustain", ACTION_COLOURS["sustain"])]
    parts, at = _frame("Portfolio: strategic value by distinctiveness",
                       "Distinctiveness (1-5): how hard to get elsewhere",
                       "Strategic value (1-5)", (1, 5), 3, corners)
    points = [(d.distinct, d.value, d.offering.id, ACTION_COLOURS.get(d.action or "", "#495057"),
               f"{d.offering.id} {d.offering.title}: {d.action or 'no action'}")
              for d in decisions if d.value is not None and d.distinct is not None]
    _labels(parts, at, points)
    return "".join(parts) + "</svg>"


def stakeholder_svg(rows: Sequence[StakeholderRow]) -> str:
    """Scored stakeholders on interest x power, coloured by the chosen strategy."""
    corners = [("monitor", STRATEGY_COLOURS["monitor"]),
               ("keep informed", STRATEGY_COLOURS["keep informed"]),
               ("keep satisfied", STRATEGY_COLOURS["keep satisfied"]),
               ("manage closely", STRATEGY_COLOURS["manage closely"])]
    parts, at = _frame("Stakeholders: power by interest", "Interest (1-10)", "Power (1-10)",
                       (1, 10), 6, corners)
    points = [(r.interest, r.power, r.stakeholder.id,
               STRATEGY_COLOURS.get(r.strategy or "", "#495057"),
               f"{r.stakeholder.name} ({r.stakeholder.role}): {r.strategy or 'no strategy'}")
              for r in rows if r.power is not None and r.interest is not None]
    _labels(parts, at, points)
    return "".join(parts) + "</svg>"


def budget_svg(plan: BudgetPlan, previous: float, currency: str) -> str:
    """Three bars: last year's spend, the plan, and the budget available."""
    bars = [("Last year", previous, "#adb5bd"),
            ("Plan", plan.total, "#2b8a3e" if plan.within_budget else "#c92a2a"),
            ("Budget", plan.available, "#1971c2")]
    top = max(v for _, v, _ in bars) or 1.0
    width, left, bar_w = 560, 90, 380
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 130" '
             f'width="{width}" height="130" role="img" aria-label="Budget" '
             'style="font-family:sans-serif;font-size:12px;max-width:100%;height:auto">',
             "<title>Plan against budget</title>"]
    for n, (label, value, colour) in enumerate(bars):
        y = 15 + n * 38
        w = bar_w * value / top
        parts.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{label}</text>'
                     f'<rect x="{left}" y="{y}" width="{w:.1f}" height="24" fill="{colour}"/>'
                     f'<text x="{left + w + 6:.1f}" y="{y + 17}">{escape(currency)} '
                     f"{value:,.0f}</text>")
    return "".join(parts) + "</svg>"
