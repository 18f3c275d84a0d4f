"""Module 10 views: ROI calculator and metric classifier respond; figures draw."""

import pytest

from widgets.tool import draw_figure, make_tool, tool_ids
from widgets.tools import m10


@pytest.fixture
def shown(monkeypatch):
    """Capture what the m10 views display instead of printing it."""
    items = []
    monkeypatch.setattr(m10, "display", items.append)
    return items


def test_tools_are_registered():
    assert {"roi-calculator", "metric-classifier"} <= set(tool_ids())


def test_roi_calculator_reproduces_bcr_and_roi(shown):
    tool = make_tool("roi-calculator")
    assert tool.result.bcr == pytest.approx(1.75)
    assert tool.result.roi_percent == pytest.approx(75.0)
    assert "<b>1.75 : 1</b>" in shown[-2].data and "<b>75.0 %</b>" in shown[-2].data


def test_roi_calculator_confidence_adjustment(shown):
    tool = make_tool("roi-calculator")
    tool.controls["benefits"].value = 336_000
    tool.controls["confidence_percent"].value = 70
    assert tool.result.claimed_benefits == 235_200.0
    tool.controls["costs"].value = 160_000
    assert tool.result.roi_percent == pytest.approx(47.0)
    assert tool.result.bcr == pytest.approx(1.47)
    bars = shown[-1].data[0]
    assert list(bars.y) == [336_000, 336_000, 235_200.0, 160_000]


def test_roi_calculator_isolation(shown):
    tool = make_tool("roi-calculator")
    tool.controls["isolation_percent"].value = 50
    assert tool.result.claimed_benefits == 175_000.0
    assert tool.result.roi_percent == pytest.approx(-12.5)


def test_roi_calculator_refuses_zero_costs(shown):
    tool = make_tool("roi-calculator")
    tool.controls["costs"].value = 0
    assert tool.result is None
    assert "costs must be greater than 0" in tool.error


def test_metric_classifier_preset_and_description(shown):
    tool = make_tool("metric-classifier")
    assert tool.result.ltem_tier == "3B"
    tool.controls["metric"].value = "observed-behavior"
    assert (tool.result.kirkpatrick, tool.result.phillips, tool.result.ltem_tier) == (3, 3, "7B")
    tool.controls["description"].value = "<script>x</script> defects per 1,000 parcels"
    assert tool.result.kirkpatrick == 4
    page = shown[-1].data
    assert "&lt;script&gt;" in page and "<script>" not in page


def test_metric_classifier_unknown_description(shown):
    tool = make_tool("metric-classifier")
    tool.controls["description"].value = "colour of the slides"
    assert tool.result is None
    assert "no level recognised" in tool.error


def test_figures_draw_without_stderr(shown, capsys):
    draw_figure("evaluation-frameworks")
    draw_figure("roi-adjustment")
    frameworks, adjustment = shown
    labels = [a.text for a in frameworks.layout.annotations]
    assert "8 Effects of transfer" in labels and "5 Return on investment" in labels
    assert list(adjustment.data[0].y) == [336_000, 336_000, 235_200.0, 160_000]
    assert capsys.readouterr().err == ""


def test_chance_check_on_thirty_stores_each(shown):
    tool = make_tool("chance-check")
    result, (coached, others) = tool.result
    assert len(coached) == len(others) == 30
    assert round(result.difference, 1) == -5.0 and not result.could_be_chance
    text = shown[-1].data
    assert "-8.3 to -1.7" in text and "chance is an unlikely explanation" in text
    assert len(shown[-2].data) == 2  # one box of dots per group


def test_chance_check_with_three_stores_each(shown):
    tool = make_tool("chance-check")
    tool.controls["per_group"].value = 3
    result, (coached, others) = tool.result
    assert len(coached) == len(others) == 3 and result.could_be_chance
    assert "the difference could be chance" in shown[-1].data
    assert "read the permutation p-value first" in shown[-1].data
