"""The 2x2 grid plot of a grid exercise, drawn as inline SVG (no plotting library, no stderr).

Each placed item is a numbered dot in its quadrant; the numbered key below the plot and the
SVG's title give the same placements as text for screen readers.
"""

from __future__ import annotations

import html
import textwrap
from typing import Any

SIZE = 360  # plot area, px
LEFT, TOP = 56, 12
PER_ROW = 5


def _text(x: float, y: float, text: str, width: int, **attrs: str) -> str:
    """An SVG text element whose content is wrapped into lines of about `width` characters."""
    extra = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    lines = textwrap.wrap(text, width) or [""]
    spans = "".join(f'<tspan x="{x}" dy="{0 if n == 0 else 14}">{html.escape(line)}</tspan>'
                    for n, line in enumerate(lines))
    return f'<text x="{x}" y="{y}" {extra}>{spans}</text>'


def _origin(cell: str) -> tuple[float, float]:
    """Top-left corner of the quadrant of a cell "x,y" (y high is the top half)."""
    x, y = cell.split(",")
    return LEFT + (SIZE / 2 if x == "high" else 0), TOP + (0 if y == "high" else SIZE / 2)


def grid_svg(exercise: Any, placements: dict[str, str | None]) -> str:
    """HTML (an SVG plot plus a numbered key) of items placed on the exercise's 2x2 grid."""
    q = exercise.quadrants
    labels = {"low,low": q.low_low, "high,low": q.high_low, "low,high": q.low_high,
              "high,high": q.high_high}
    half = SIZE / 2
    parts = [f'<rect x="{LEFT}" y="{TOP}" width="{SIZE}" height="{SIZE}" fill="#fafafa" '
             'stroke="#444"/>',
             f'<line x1="{LEFT + half}" y1="{TOP}" x2="{LEFT + half}" y2="{TOP + SIZE}" '
             'stroke="#888"/>',
             f'<line x1="{LEFT}" y1="{TOP + half}" x2="{LEFT + SIZE}" y2="{TOP + half}" '
             'stroke="#888"/>']
    for cell, label in labels.items():
        x0, y0 = _origin(cell)
        parts.append(_text(x0 + 8, y0 + 18, label, 26, fill="#666", font_size="12",
                           font_style="italic"))
    filled: dict[str, int] = {}
    key_rows = []
    for number, item in enumerate(exercise.items, start=1):
        cell = placements.get(item.id)
        where = labels.get(cell, "not placed yet") if cell else "not placed yet"
        key_rows.append(f"<li>{html.escape(item.text)}: {html.escape(where)}</li>")
        if cell not in labels:
            continue
        slot = filled.get(cell, 0)
        filled[cell] = slot + 1
        x0, y0 = _origin(cell)
        cx, cy = x0 + 24 + 32 * (slot % PER_ROW), y0 + 74 + 32 * (slot // PER_ROW)
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="12" fill="#1f5fa8"/>'
                     f'<text x="{cx}" y="{cy + 4}" fill="#fff" font-size="12" '
                     f'text-anchor="middle">{number}</text>')
    bottom = TOP + SIZE
    parts += [
        _text(LEFT + 4, bottom + 16, "low", 10, font_size="12", fill="#444"),
        _text(LEFT + SIZE - 4, bottom + 16, "high", 10, font_size="12", fill="#444",
              text_anchor="end"),
        _text(LEFT + half, bottom + 34, exercise.x_label, 60, font_size="13",
              text_anchor="middle", font_weight="bold"),
        _text(LEFT - 6, bottom - 4, "low", 10, font_size="12", fill="#444", text_anchor="end"),
        _text(LEFT - 6, TOP + 14, "high", 10, font_size="12", fill="#444", text_anchor="end"),
        f'<text transform="translate(14 {TOP + half}) rotate(-90)" font-size="13" '
        f'font-weight="bold" text-anchor="middle">{html.escape(exercise.y_label)}</text>',
    ]
    title = (f"Grid of {exercise.y_label} (up) against {exercise.x_label} (right); "
             f"{sum(filled.values())} of {len(exercise.items)} items placed.")
    svg = (f'<svg role="img" width="{LEFT + SIZE + 12}" height="{bottom + 48}" '
           f'viewBox="0 0 {LEFT + SIZE + 12} {bottom + 48}" xmlns="http://www.w3.org/2000/svg" '
           f'font-family="sans-serif"><title>{html.escape(title)}</title>{"".join(parts)}</svg>')
    return f'{svg}<ol style="margin-top:4px">{"".join(key_rows)}</ol>'
