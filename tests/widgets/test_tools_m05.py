"""Module 5 views: the COM-B sorter responds to its control; the figures draw."""

from pathlib import Path

from widgets.tool import draw_figure, make_tool, tool_ids
from widgets.tools import m05

MODULE = Path(__file__).resolve().parents[2] / "modules" / "05-behavior-change"


def test_comb_sorter_builds_with_the_example_and_responds():
    tool = make_tool("comb-sorter")
    assert "comb-sorter" in tool_ids()
    assert tool.error is None and tool.result.unsorted == 0
    assert len(tool.result.barriers) == 5
    tool.controls["statements"].value = "[C-Ph] The gloves make the scanner hard to use"
    assert tool.result.counts["physical-capability"] == 1
    assert [s.function for s in tool.result.suggestions] == ["training", "enablement"]


def test_comb_sorter_shows_a_message_for_bad_input():
    tool = make_tool("comb-sorter")
    tool.controls["statements"].value = "[Z] what"
    assert tool.result is None
    assert "unknown tag [Z]" in tool.error
    assert "unknown tag [Z]" in tool.message.value


def test_comb_sorter_escapes_learner_text(monkeypatch):
    shown = []
    monkeypatch.setattr(m05, "display", shown.append)
    tool = make_tool("comb-sorter")
    tool.controls["statements"].value = "<script>x</script> I forget the steps"
    html = shown[-1].data
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    tool.controls["statements"].value = "[Q<b>] x"
    assert "<b>" not in tool.message.value and "&lt;b&gt;" in tool.message.value


def test_module5_figures_draw():
    for figure in ("fogg-action-line", "comb-links"):
        draw_figure(figure)
