"""The base for model tools: labelled controls feed a pure function whose result is redrawn.

A model tool is what a manager reuses on the job (an ROI calculator, a forgetting-curve planner).
Its logic is a pure function in `course.models`; the tool only wires controls to it:

    ModelTool(
        title="ROI calculator",
        controls={"benefits": FloatText(description="Benefits"), ...},
        compute=roi.evaluate,            # called with the controls' values as keyword arguments
        render=show_roi,                 # called with compute's result inside an Output widget
    )

`tool.result` holds the last result, so views are testable without a browser: set a control's
`.value`, then read `tool.result` or `tool.error`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as W
from IPython.display import display

_REGISTRY: dict[str, Callable[[], ModelTool]] = {}
_FIGURES: dict[str, Callable[[], None]] = {}


def register_tool(tool_id: str) -> Callable[[Callable[[], ModelTool]], Callable[[], ModelTool]]:
    """Register a zero-argument factory that builds the tool named `tool_id`."""

    def wrap(factory: Callable[[], ModelTool]) -> Callable[[], ModelTool]:
        if tool_id in _REGISTRY and _REGISTRY[tool_id] is not factory:
            raise ValueError(f"model tool {tool_id!r} is registered twice")
        _REGISTRY[tool_id] = factory
        return factory

    return wrap


def register_figure(figure_id: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Register a zero-argument function that draws the figure named `figure_id`."""

    def wrap(draw: Callable[[], None]) -> Callable[[], None]:
        if figure_id in _FIGURES and _FIGURES[figure_id] is not draw:
            raise ValueError(f"figure {figure_id!r} is registered twice")
        _FIGURES[figure_id] = draw
        return draw

    return wrap


def draw_figure(figure_id: str) -> None:
    """Draw a registered figure into the current output."""
    import widgets.tools  # noqa: F401

    try:
        draw = _FIGURES[figure_id]
    except KeyError:
        raise KeyError(f"no figure {figure_id!r}; known: {', '.join(sorted(_FIGURES))}") from None
    draw()


def tool_ids() -> list[str]:
    """Every registered model tool id (importing widgets.tools registers them all)."""
    import widgets.tools  # noqa: F401  (registers on import)

    return sorted(_REGISTRY)


def make_tool(tool_id: str) -> ModelTool:
    """Build a fresh instance of a registered model tool."""
    import widgets.tools  # noqa: F401

    try:
        factory = _REGISTRY[tool_id]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"no model tool {tool_id!r}; known: {known}") from None
    return factory()


class ModelTool:
    """Controls -> pure function -> redrawn output; holds the last result for tests."""

    def __init__(
        self,
        title: str,
        controls: Mapping[str, W.ValueWidget],
        compute: Callable[..., Any],
        render: Callable[[Any], None],
        description: str = "",
    ) -> None:
        self.title = title
        self.controls = dict(controls)
        self.compute = compute
        self.render = render
        self.result: Any = None
        self.error: str | None = None
        self.output = W.Output()
        self.message = W.HTML()
        heading = W.HTML(f"<h4>{_escape(title)}</h4>" + (f"<p>{_escape(description)}</p>"
                                                          if description else ""))
        self.widget = W.VBox([heading, *self.controls.values(), self.message, self.output],
                             layout=W.Layout(border="1px solid #ccc", padding="8px"))
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.refresh()

    def values(self) -> dict[str, Any]:
        """The controls' current values, by name."""
        return {name: c.value for name, c in self.controls.items()}

    def refresh(self) -> None:
        """Recompute from the controls and redraw; a bad input shows a message, not a traceback."""
        try:
            self.result = self.compute(**self.values())
            self.error = None
        except (ValueError, ZeroDivisionError) as exc:
            self.result = None
            self.error = str(exc) or exc.__class__.__name__
        self.message.value = (f'<p role="alert" style="color:#a00">{_escape(self.error)}</p>'
                              if self.error else "")
        self.output.clear_output(wait=True)
        if self.error is None:
            with self.output:
                self.render(self.result)

    def _changed(self, _change: dict) -> None:
        self.refresh()

    def _ipython_display_(self) -> None:
        display(self.widget)


def _escape(text: str) -> str:
    return html.escape(str(text))
