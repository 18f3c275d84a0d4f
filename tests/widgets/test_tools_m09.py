"""Module 9 views: portfolio rationalizer, unit-cost and fully loaded cost tools; figures draw."""

import pytest

from widgets.tool import draw_figure, make_tool, tool_ids
from widgets.tools import m09


@pytest.fixture
def shown(monkeypatch):
    """Capture what the m09 views display instead of printing it."""
    items = []
    monkeypatch.setattr(m09, "display", items.append)
    return items


def test_tools_are_registered():
    assert {"portfolio-rationalizer", "cost-per-learner", "fully-loaded-cost"} <= set(tool_ids())


def test_rationalizer_starts_on_the_sample_catalog(shown):
    tool = make_tool("portfolio-rationalizer")
    assert tool.error is None
    assert [p.action for p in tool.result] == ["sustain", "sustain", "outsource", "outsource",
                                               "revise", "retire"]


def test_rationalizer_responds_to_sliders_and_cuts(shown):
    tool = make_tool("portfolio-rationalizer")
    tool.controls["heritage__value"].value = 4.0
    heritage = tool.result[4]
    assert (heritage.offering_id, heritage.action) == ("Company heritage tour", "sustain")
    tool.controls["value_cut"].value = 4.5
    assert [p.action for p in tool.result].count("sustain") == 1
    table = shown[-1].data
    assert "sustain: 1" in table and "Company heritage tour" in table


def test_rationalizer_chart_has_quadrant_lines_at_the_cuts(shown):
    tool = make_tool("portfolio-rationalizer")
    tool.controls["distinct_cut"].value = 2.0
    fig = shown[-2]
    assert {s.x0 for s in fig.layout.shapes if s.x0 == s.x1} == {2.0}
    names = {trace.name for trace in fig.data}
    assert names == {p.action for p in tool.result}


def test_cost_per_learner_reproduces_the_worked_example(shown):
    tool = make_tool("cost-per-learner")
    assert round(tool.result.per_learner_totals, 2) == 111.73
    assert round(tool.result.per_learner_average, 2) == 1_073.33
    assert round(tool.result.per_hour_totals, 2) == 28.17
    tool.controls["learners_0"].value = 1_500
    tool.controls["learners_2"].value = 1_500
    assert tool.result.per_learner_totals == pytest.approx(tool.result.per_learner_average)
    assert "111.73" not in shown[-1].data


def test_cost_per_learner_shows_a_message_for_zero_learners(shown):
    tool = make_tool("cost-per-learner")
    tool.controls["learners_1"].value = 0
    assert tool.result is None
    assert "Compliance e-learning must be greater than 0" in tool.error


def test_fully_loaded_cost_tool(shown):
    tool = make_tool("fully-loaded-cost")
    assert tool.result.total == pytest.approx(98_736)
    assert tool.result.per_participant == pytest.approx(4_114)
    tool.controls["overhead_rate"].value = 0.0
    assert tool.result.total == pytest.approx(89_760)
    assert "89,760.00" in shown[-1].data


def test_figures_draw_without_stderr(shown, capsys):
    draw_figure("portfolio-quadrants")
    draw_figure("unit-cost-summaries")
    quadrants, summaries = shown
    assert len(quadrants.data) == 4
    assert [round(s.y0, 2) for s in summaries.layout.shapes] == [111.73, 1_073.33, 28.17, 35.83]
    assert capsys.readouterr().err == ""


def test_payback_npv_tool_reproduces_the_module_example(shown):
    tool = make_tool("payback-npv")
    assert round(tool.result.npv, 2) == 1_031.85 and tool.result.payback == 2.5
    assert "<b>1,031.85</b>" in shown[-2].data and "<b>2.50 years</b>" in shown[-2].data
    tool.controls["rate_percent"].value = 10
    assert round(tool.result.npv, 2) == -5_169.05
    assert "earns less than the discount rate" in shown[-2].data
    assert "discounted payback: <b>not within the years shown</b>" in shown[-2].data
    tool.controls["upfront_cost"].value = 0
    assert tool.result is None and "up-front cost must be greater than 0" in tool.error
