"""Module 3 views: the PIP calculator and the gap walk-through respond; the BEM figure draws."""

from widgets.tool import draw_figure, make_tool, tool_ids
from widgets.tools import m03


def test_module_3_tools_are_registered():
    assert {"pip-calculator", "gap-analysis"} <= set(tool_ids())


def test_pip_calculator_starts_on_the_worked_example_and_responds():
    tool = make_tool("pip-calculator")
    assert tool.error is None and round(tool.result.pip, 2) == 1.6
    tool.controls["typical"].value = 24.0
    assert tool.result.pip == 2.0 and tool.result.band == "large"
    tool.controls["performers"].value = 40
    tool.controls["value_per_unit"].value = 12.5
    assert tool.result.value_at_stake == 24 * 40 * 12.5


def test_pip_calculator_lower_is_better_and_bad_input():
    tool = make_tool("pip-calculator")
    tool.controls["higher_is_better"].value = False
    assert tool.result is None and "swap the figures" in tool.error
    tool.controls["exemplary"].value = 2.0
    tool.controls["typical"].value = 6.0
    assert tool.error is None and tool.result.pip == 3.0
    tool.controls["typical"].value = 0.0
    assert tool.result is None and "greater than 0" in tool.error
    assert "greater than 0" in tool.message.value


def test_pip_calculator_renders_the_ratio_and_the_caveat(monkeypatch):
    shown = []
    monkeypatch.setattr(m03, "display", shown.append)
    tool = make_tool("pip-calculator")
    tool.controls["typical"].value = 32.0
    page = shown[-1].data
    assert "<b>1.50</b>" in page and "a rule of thumb, not a law" in page


def test_gap_analysis_responds_to_answers(monkeypatch):
    shown = []
    monkeypatch.setattr(m03, "display", shown.append)
    tool = make_tool("gap-analysis")
    assert tool.result.training_problem and tool.result.verdict == "Training problem"
    tool.controls["could_do_if_required"].value = True
    tool.controls["feedback_given"].value = False
    assert not tool.result.training_problem
    assert tool.result.cells == ("data",)
    page = shown[-1].data
    assert "Not a training problem" in page and "(training problem: no)" in page
    assert "Give timely, specific feedback on the result." in page


def test_bem_figure_draws_six_cells(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(m03, "display", shown.append)
    draw_figure("bem-grid")
    (fig,) = shown
    assert len(fig.layout.shapes) == 6
    labels = " ".join(a.text for a in fig.layout.annotations)
    for name in ("Data", "Instruments", "Incentives", "Knowledge", "Capacity", "Motives"):
        assert f"<b>{name}</b>" in labels
    assert "training works here" in labels
    assert capsys.readouterr().err == ""
