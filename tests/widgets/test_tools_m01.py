"""Module 1 views: the structure advisor responds to its controls; the figure draws."""

from widgets.tool import draw_figure, make_tool, tool_ids
from widgets.tools import m01


def test_structure_advisor_is_registered():
    assert "structure-advisor" in tool_ids()


def test_structure_advisor_starts_on_the_worked_example():
    tool = make_tool("structure-advisor")
    assert tool.error is None
    assert tool.result.recommended == "centralized"
    assert tool.result.scores == {"centralized": 70.0, "federated": 60.0, "decentralized": 30.0}


def test_structure_advisor_responds_to_growth():
    tool = make_tool("structure-advisor")
    tool.controls["employees"].value = 20_000
    tool.controls["business_units"].value = 5
    tool.controls["countries"].value = 10
    assert tool.result.recommended == "federated"
    assert tool.result.scores["federated"] == 85.0
    tool.controls["consistency"].value = 2
    assert tool.result.recommended == "decentralized"


def test_structure_advisor_renders_scores_and_reasons(monkeypatch):
    shown = []
    monkeypatch.setattr(m01, "display", shown.append)
    tool = make_tool("structure-advisor")
    tool.controls["countries"].value = 10
    page = shown[-1].data
    assert f"<b>{tool.result.reasons[0]}</b>" in page
    assert "<b>federated</b> (recommended)" in page
    assert "it favours" in page


def test_structure_map_figure_draws(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(m01, "display", shown.append)
    draw_figure("structure-map")
    (fig,) = shown
    small, large = (trace.z for trace in fig.data)
    # the small single-site firm: centralized (index 0) when consistency 5 and responsiveness 1
    assert small[0][4] == 0
    # the large spread group: federated (index 1) there, decentralized (2) at consistency 1
    assert large[0][4] == 1 and large[4][0] == 2
    assert capsys.readouterr().err == ""


def test_structure_map_claims_in_the_module_text():
    """Section 3: small firm mostly centralized; large group never centralized."""
    small = m01._winner_grid(600, 1, 1)
    large = m01._winner_grid(20_000, 5, 10)
    decentral = {(c, r) for r in range(5) for c in range(5) if small[r][c] == 2}
    assert all(c <= 1 and r >= 3 for c, r in decentral) and decentral
    assert sum(v == 0 for row in small for v in row) >= 20
    assert all(v != 0 for row in large for v in row)
    # in the large group consistency decides: 3 or more -> federated (a tie at 3 goes to it)
    assert all(large[r][c] == (1 if c >= 2 else 2) for r in range(5) for c in range(5))
