"""Module 8 views: vendor scorer and make-vs-buy tool respond to their controls; figures draw."""

import pytest

from widgets.tool import draw_figure, make_tool, tool_ids
from widgets.tools import m08


@pytest.fixture
def shown(monkeypatch):
    """Capture what the m08 views display instead of printing it."""
    items = []
    monkeypatch.setattr(m08, "display", items.append)
    return items


def test_tools_are_registered():
    assert {"vendor-scorer", "make-buy-breakeven"} <= set(tool_ids())


def test_vendor_scorer_reproduces_the_worked_example(shown):
    tool = make_tool("vendor-scorer")
    assert tool.error is None
    assert [(r.vendor, round(r.total, 2)) for r in tool.result.ranked] == [
        ("Vendor A", 3.9), ("Vendor C", 3.8), ("Vendor B", 3.55)]
    flip = tool.result.flip
    assert (flip.criterion, flip.challenger, flip.weight_to) == ("Price", "Vendor C", 35)
    page = shown[-1].data
    assert "Raising the weight of Price from 30 to 35" in page
    assert "33.3%" in page


def test_vendor_scorer_grid_layout_holds_every_control(shown):
    tool = make_tool("vendor-scorer")
    grid = tool.widget.children[1]
    assert len(grid.children) == 5 + 4 * 5  # header row + four criterion rows
    assert set(tool.controls.values()) <= set(grid.children)


def test_vendor_scorer_flips_when_price_weight_rises(shown):
    tool = make_tool("vendor-scorer")
    tool.controls["w2"].value = 36
    assert tool.result.ranked[0].vendor == "Vendor C"
    tool.controls["w2"].value = 35
    assert tool.result.tied and "are tied" in shown[-1].data


def test_vendor_scorer_drops_blank_rows_and_columns(shown):
    tool = make_tool("vendor-scorer")
    tool.controls["v3"].value = ""
    tool.controls["c4"].value = " "
    assert [r.vendor for r in tool.result.ranked] == ["Vendor A", "Vendor B"]
    assert set(tool.result.shares) == {"Content quality", "Price", "Integration"}


def test_vendor_scorer_refuses_duplicate_names_and_escapes_them(shown):
    tool = make_tool("vendor-scorer")
    tool.controls["v2"].value = "Vendor A"
    assert tool.result is None and "repeated: Vendor A" in tool.error
    tool.controls["v2"].value = "<b>Bold</b>"
    assert "&lt;b&gt;Bold&lt;/b&gt;" in shown[-1].data


def test_break_even_tool_reproduces_the_worked_example(shown):
    tool = make_tool("make-buy-breakeven")
    assert tool.result.volume == pytest.approx(500)
    assert (tool.result.make_cost, tool.result.buy_cost) == (92_000, 125_000)
    assert "Making is cheaper by 33,000" in shown[-2].data
    fig = shown[-1]
    assert [trace.name for trace in fig.data] == ["Make: 60,000 + 40 per learner",
                                                  "Buy: 5,000 + 150 per learner"]


def test_break_even_tool_responds_and_reports_bad_input(shown):
    tool = make_tool("make-buy-breakeven")
    tool.controls["volume"].value = 300
    assert tool.result.cheaper == "buy" and tool.result.saving == 22_000
    tool.controls["make_variable"].value = 200
    assert tool.result.volume is None and tool.result.below == "buy"
    tool.controls["buy_variable"].value = 200
    assert "never cross" in tool.result.explanation


def test_figures_draw_the_worked_examples(shown):
    draw_figure("make-buy-lines")
    lines = shown[-1]
    assert lines.data[0].y == (60_000, 60_000 + 40 * 1_000)  # make line to 1,000 learners
    assert any(s.x0 == 500 for s in lines.layout.shapes)
    draw_figure("vendor-sensitivity")
    sweep = shown[-1]
    assert [trace.name for trace in sweep.data] == ["Vendor A", "Vendor B", "Vendor C"]
    a, c = sweep.data[0].y, sweep.data[2].y
    assert a[35] == pytest.approx(c[35]) and c[36] > a[36] and a[34] > c[34]
    assert {s.x0 for s in sweep.layout.shapes} == {30, 35}
