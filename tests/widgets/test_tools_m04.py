"""Module 4 views: the forgetting-curve planner reproduces the worked figures; figures draw."""

from datetime import date

import pytest

from widgets.tool import draw_figure, make_tool, tool_ids
from widgets.tools import m04


def test_forgetting_curve_tool_is_registered():
    assert "forgetting-curve" in tool_ids()


def test_tool_reproduces_the_worked_figures_with_s_one_day():
    tool = make_tool("forgetting-curve")
    tool.controls["stability"].value = 1.0
    assert tool.error is None
    checks = dict(tool.result.checkpoints)
    assert round(checks[1.0] * 100, 1) == 36.8
    assert round(checks[2.0] * 100, 1) == 13.5
    assert tool.result.half_life == pytest.approx(0.693, abs=5e-4)


def test_tool_plans_reviews_and_dates(monkeypatch):
    shown = []
    monkeypatch.setattr(m04, "display", shown.append)
    tool = make_tool("forgetting-curve")
    tool.controls["start"].value = date(2027, 1, 11)
    tool.controls["days_to_exam"].value = 60.0
    tool.controls["reviews"].value = 2
    assert len(tool.result.reviews) == 2
    assert tool.result.exam_date == date(2027, 3, 12)
    html_page, fig = shown[-2].data, shown[-1]
    assert "2027-03-12" in html_page and "illustration, not a forecast" in html_page
    assert len(fig.data) == 2
    tool.controls["reviews"].value = 0
    assert tool.result.reviews == ()
    assert tool.result.retention_at_exam == tool.result.retention_without_reviews


def test_tool_works_without_a_start_date():
    tool = make_tool("forgetting-curve")
    tool.controls["start"].value = None
    assert tool.error is None and tool.result.exam_date is None


def test_figures_draw(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(m04, "display", shown.append)
    draw_figure("forgetting-curves")
    draw_figure("ebbinghaus-savings")
    curves, savings = shown
    marks = curves.data[-1]
    assert [round(y, 1) for y in marks.y] == [36.8, 13.5]
    assert list(savings.data[0].y) == [58.2, 44.2, 35.8, 33.7, 27.8, 25.4, 21.1]
    assert capsys.readouterr().err == ""
