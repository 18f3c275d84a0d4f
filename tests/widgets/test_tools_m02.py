"""Module 2 views: the stakeholder map and RACI checker respond to their controls."""

from widgets.tool import draw_figure, make_tool, tool_ids
from widgets.tools import m02


def test_tools_are_registered():
    assert {"stakeholder-map", "raci-checker"} <= set(tool_ids())


def test_stakeholder_map_starts_on_the_example():
    tool = make_tool("stakeholder-map")
    assert tool.error is None
    assert tool.result.by_strategy["manage closely"] == ("Sales director", "Regional managers")
    assert len(tool.result.placements) == 6


def test_stakeholder_map_moves_a_stakeholder_when_a_slider_moves():
    tool = make_tool("stakeholder-map")
    tool.controls["interest_2"].value = 9  # the finance director takes an interest
    assert "Finance director" in tool.result.by_strategy["manage closely"]
    tool.controls["name_7"].value = "Customers"
    tool.controls["power_7"].value = 2
    tool.controls["interest_7"].value = 3
    assert tool.result.by_strategy["monitor"] == ("IT service desk", "Customers")


def test_stakeholder_map_skips_blank_rows_and_reports_duplicates():
    tool = make_tool("stakeholder-map")
    tool.controls["name_5"].value = "  "
    assert len(tool.result.placements) == 5
    tool.controls["name_6"].value = "sales director"
    assert tool.result is None
    assert "listed twice" in tool.error
    assert "listed twice" in tool.message.value


def test_stakeholder_names_are_escaped_in_the_table_and_plot(monkeypatch):
    shown = []
    monkeypatch.setattr(m02, "display", shown.append)
    tool = make_tool("stakeholder-map")
    tool.controls["name_1"].value = "<script>x</script>"
    fig, table = shown[-2:]
    assert "<script>" not in table.data
    assert "&lt;script&gt;x&lt;/script&gt;" in table.data
    labels = [label for trace in fig.data for label in trace.text]
    assert "&lt;script&gt;x&lt;/script&gt;" in labels
    assert tool.result.placements[0].name == "<script>x</script>"


def test_stakeholders_on_one_spot_share_a_label(monkeypatch):
    shown = []
    monkeypatch.setattr(m02, "display", shown.append)
    tool = make_tool("stakeholder-map")
    tool.controls["power_4"].value = 6  # sales reps join the regional managers at (8, 6)
    labels = [label for trace in shown[-2].data for label in trace.text]
    assert "Regional managers, Sales reps" in labels


def test_raci_checker_finds_the_example_faults():
    tool = make_tool("raci-checker")
    assert tool.error is None
    assert not tool.result.ok
    assert [p.where for p in tool.result.problems] == [
        "Schedule sessions", "Brief new starters", "Brief new starters", "Finance partner"]


def test_raci_checker_clears_when_the_faults_are_fixed():
    tool = make_tool("raci-checker")
    tool.controls["cell_3_3"].value = "C"  # HR director: consulted, not a second A
    tool.controls["cell_4_1"].value = "A/R"  # L&D manager owns and does the briefing
    tool.controls["cell_1_5"].value = "C"  # finance partner consulted on the budget
    assert tool.result.ok
    assert tool.result.problems == ()


def test_raci_checker_drops_a_blank_role_column():
    tool = make_tool("raci-checker")
    tool.controls["role_5"].value = ""
    assert [p.severity for p in tool.result.problems] == ["error", "error", "error"]


def test_raci_checker_escapes_names_in_its_report(monkeypatch):
    shown = []
    monkeypatch.setattr(m02, "display", shown.append)
    tool = make_tool("raci-checker")
    tool.controls["task_4"].value = "<i>Brief</i>"
    assert "&lt;i&gt;Brief&lt;/i&gt;" in shown[-1].data
    assert "<i>Brief</i>" not in shown[-1].data


def test_power_interest_figure_draws(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(m02, "display", shown.append)
    draw_figure("power-interest-grid")
    (fig,) = shown
    assert {trace.name for trace in fig.data} == {
        "manage closely", "keep satisfied", "keep informed", "monitor"}
    assert capsys.readouterr().err == ""
