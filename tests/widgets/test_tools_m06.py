"""Module 6 views: the objective checker and the development-hours estimator respond."""

from pathlib import Path

import pytest

from widgets.tool import draw_figure, make_tool
from widgets.tools import m06

MODULE = Path(__file__).resolve().parents[2] / "modules" / "06-instructional-design"


def test_objective_checker_builds_and_responds():
    tool = make_tool("objective-checker")
    assert tool.error is None and len(tool.result) == 4
    tool.controls["objectives"].value = "Understand the policy"
    assert tool.result[0].vague and not tool.result[0].measurable
    tool.controls["objectives"].value = "Describe the nine events"
    tool.controls["intended"].value = "create"
    assert tool.result[0].issues[0].startswith('You intend create, but "describe"')


def test_objective_checker_escapes_learner_text(monkeypatch):
    shown = []
    monkeypatch.setattr(m06, "display", shown.append)
    tool = make_tool("objective-checker")
    tool.controls["objectives"].value = "Explain <img src=x onerror=alert(1)> safely"
    html = shown[-1].data
    assert "<img" not in html and "&lt;img src=x" in html


def test_objective_checker_reports_empty_input():
    tool = make_tool("objective-checker")
    tool.controls["objectives"].value = "  "
    assert tool.result is None and "at least one objective" in tool.error


def test_dev_hours_estimator_reproduces_the_worked_figure():
    tool = make_tool("dev-hours-estimator")
    tool.controls["kind"].value = "elearning-interactive"
    tool.controls["finished_hours"].value = 2
    assert tool.result.typical_hours == pytest.approx(368)
    tool.controls["kind"].value = "ilt"
    assert tool.result.typical_hours == pytest.approx(86)


def test_dev_hours_estimator_shows_a_message_for_bad_hours():
    tool = make_tool("dev-hours-estimator")
    tool.controls["finished_hours"].value = 0
    assert tool.result is None and "must be above 0" in tool.error


def test_module6_figures_draw():
    for figure in ("dev-ratios", "bloom-levels"):
        draw_figure(figure)
