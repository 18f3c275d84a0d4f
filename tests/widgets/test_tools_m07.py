"""Module 7 views: the modality matrix and xAPI builder respond to their controls; figure draws."""

import json

import pytest

from widgets.tool import draw_figure, make_tool, tool_ids
from widgets.tools import m07


@pytest.fixture
def shown(monkeypatch):
    """Capture what the m07 views display instead of printing it."""
    items = []
    monkeypatch.setattr(m07, "display", items.append)
    return items


def test_tools_are_registered():
    assert {"modality-matrix", "xapi-builder"} <= set(tool_ids())


def test_matrix_opens_on_the_hospital_example(shown):
    tool = make_tool("modality-matrix")
    assert tool.error is None
    assert tool.result.best.modality == "self-paced"
    assert round(tool.result.best.score, 3) == 3.762
    assert "Self-paced e-learning" in shown[-1].data


def test_matrix_must_have_and_weights_respond(shown):
    tool = make_tool("modality-matrix")
    tool.controls["must_have"].value = ("practice",)
    assert tool.result.best.modality == "blended"
    assert "screened out" in shown[-1].data
    for criterion in ("spread", "flexibility", "scale", "speed", "consistency"):
        tool.controls[criterion].value = 0
    assert tool.result.best.modality == "classroom"


def test_matrix_all_zero_weights_show_a_message(shown):
    tool = make_tool("modality-matrix")
    for name, control in tool.controls.items():
        if name != "must_have":
            control.value = 0
    assert tool.result is None
    assert "weight above zero" in tool.error
    assert "weight above zero" in tool.message.value


def test_xapi_builder_opens_valid_and_shows_the_json(shown):
    tool = make_tool("xapi-builder")
    assert tool.error is None and tool.result.check.valid
    statement = tool.result.statement
    assert statement["verb"] == {"id": "http://adlnet.gov/expapi/verbs/completed",
                                 "display": {"en-US": "completed"}}
    assert statement["result"] == {"score": {"scaled": 0.85}, "success": True,
                                   "completion": True}
    assert "Valid statement" in shown[-1].data


def test_xapi_builder_names_errors_and_escapes_learner_text(shown):
    tool = make_tool("xapi-builder")
    tool.controls["identify"].value = "both"
    assert "2 identifiers" in tool.result.check.errors[0]
    tool.controls["verb_id"].value = "completed"
    tool.controls["object_name"].value = "<script>alert(1)</script>"
    assert len(tool.result.check.errors) == 2
    page = shown[-1].data
    assert "Invalid: 2 problem(s)" in page
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_xapi_builder_account_identity_and_blank_score(shown):
    tool = make_tool("xapi-builder")
    tool.controls["identify"].value = "account"
    tool.controls["score"].value = ""
    tool.controls["success"].value = None
    statement = tool.result.statement
    assert "mbox" not in statement["actor"]
    assert statement["actor"]["account"]["name"] == "ar-10442"
    assert statement["result"] == {"completion": True}
    tool.controls["score"].value = "85"
    assert "between -1 and 1" in tool.result.check.errors[0]


def test_xapi_builder_bad_score_text_is_a_message(shown):
    tool = make_tool("xapi-builder")
    tool.controls["score"].value = "eighty"
    assert tool.result is None and "0.85" in tool.error


def test_compose_from_form_output_is_json_ready():
    draft = m07.compose_from_form(
        identify="mbox", email="a@example.com", account_home_page="", account_name="",
        score="0.5", actor_name="A", verb_id="http://adlnet.gov/expapi/verbs/passed",
        object_id="https://x.example/quiz", object_name="Quiz", success=True,
        completion=None, timestamp="")
    assert json.loads(json.dumps(draft.statement))["result"] == {"score": {"scaled": 0.5},
                                                                  "success": True}


def test_fit_figure_draws_the_default_table(shown):
    draw_figure("modality-fit")
    fig = shown[-1]
    heat = fig.data[0]
    assert list(heat.x) == ["Instructor-led classroom", "Virtual instructor-led",
                            "Self-paced e-learning", "Blended"]
    assert list(heat.z[0]) == [5, 3, 2, 4]  # hands-on practice row
