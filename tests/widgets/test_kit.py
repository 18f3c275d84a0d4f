"""Module.here and its methods on a tmp module.yml; grade() as the nbgrader test cells call it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

import widgets.kit as kit
from course.errors import ConfigError
from widgets import Module
from widgets.store import AnswerStore
from widgets.tool import _REGISTRY, ModelTool
from widgets.views import ConfidenceView, ReflectionView, TrueFalseView

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Everything the kit displays, in order."""
    seen: list[Any] = []
    monkeypatch.setattr(kit, "display", seen.append)
    return seen


def test_here_loads_module_yml_from_the_working_directory(
        module_dir: Path, monkeypatch: pytest.MonkeyPatch, shown: list) -> None:
    monkeypatch.chdir(module_dir)
    m = Module.here("m99")
    assert m.content.id == "m99" and m.directory == module_dir
    assert m.store.path == module_dir / "m99.answers.json"
    assert shown == []  # a clean start shows nothing


def test_here_refuses_a_module_yml_of_another_module(module_dir: Path) -> None:
    with pytest.raises(ConfigError, match="id is 'm99', but the notebook asks for 'm01'"):
        Module.here("m01", module_dir)


def test_here_names_a_missing_module_yml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="module.yml: file not found"):
        Module.here("m99", tmp_path)


def test_store_problems_are_shown_as_a_visible_message(module_dir: Path, shown: list,
                                                       capsys: pytest.CaptureFixture) -> None:
    (module_dir / "m99.answers.json").write_text("{<b>broken", encoding="utf-8")
    m = Module.here("m99", module_dir)
    assert len(shown) == 1
    message = shown[0].data
    assert 'role="alert"' in message and "not valid JSON" in message
    assert m.store.kept_aside is not None and m.store.kept_aside.name in message
    assert "<b>" not in message  # file text never reaches the page unescaped
    assert capsys.readouterr().err == ""


def test_exercise_displays_and_returns_the_view(module_dir: Path, shown: list) -> None:
    m = Module.here("m99", module_dir)
    view = m.exercise("tf")
    assert isinstance(view, TrueFalseView) and shown == [view]
    with pytest.raises(KeyError, match="no exercise 'nope'"):
        m.exercise("nope")


def test_views_show_once_even_as_a_cell_result(module_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import widgets.views as views

    drawn: list[Any] = []
    monkeypatch.setattr(views, "display", drawn.append)
    view = Module.here("m99", module_dir).exercise("tf")
    view._ipython_display_()  # what IPython does with the cell's returned value
    assert drawn == [view.widget]


def test_knowledge_check_shows_every_item_numbered(module_dir: Path, shown: list) -> None:
    m = Module.here("m99", module_dir)
    views = m.knowledge_check()
    assert [v.exercise.id for v in views] == ["kc-tf", "kc-many"]
    assert "Question 1 of 2" in views[0].prompt.value
    assert "Question 2 of 2" in views[1].prompt.value
    assert shown == [views]


def test_reflection_and_confidence_are_saved_under_their_names(module_dir: Path,
                                                               shown: list) -> None:
    m = Module.here("m99", module_dir)
    reflection, confidence = m.reflection(), m.confidence()
    assert isinstance(reflection, ReflectionView) and isinstance(confidence, ConfidenceView)
    assert "next month" in reflection.prompt.value
    reflection.text.value = "Plan a follow-up coaching call."
    reflection.save_button.click()
    confidence.rating.value = 3
    confidence.save_button.click()
    store = AnswerStore.open(module_dir, "m99")
    assert store.get("reflection").value == "Plan a follow-up coaching call."
    assert store.get("confidence").value == 3
    with pytest.raises(KeyError):
        m.grade("reflection")  # never scored


def test_tool_and_figure_come_from_the_registries(module_dir: Path, shown: list,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[ModelTool] = []

    def factory() -> ModelTool:
        made.append(ModelTool("Doubler", {}, compute=lambda: 2, render=lambda _r: None))
        return made[-1]

    monkeypatch.setitem(_REGISTRY, "kit-test-doubler", factory)
    drawn: list[str] = []
    monkeypatch.setattr(kit, "draw_figure", drawn.append)
    m = Module.here("m99", module_dir)
    assert m.tool("kit-test-doubler") is None
    assert shown == made and made[0].result == 2
    m.figure("some-figure")
    assert drawn == ["some-figure"]


def save(folder: Path, item_id: str, value: Any) -> None:
    AnswerStore.open(folder, "m99").save(item_id, value, count_attempt=True)


def test_grade_scores_the_saved_answer_times_points(module_dir: Path, shown: list) -> None:
    m = Module.here("m99", module_dir)
    save(module_dir, "kc-tf", True)  # saved after the notebook opened: grade reads the file
    assert m.grade("kc-tf") == 1.0
    assert m.grade("kc-tf", points=2.5) == 2.5
    save(module_dir, "kc-many", ["a"])
    assert m.grade("kc-many", points=2) == 1.0  # partial credit: one of two keys


def test_grade_without_an_answer_scores_zero_and_says_so(module_dir: Path, shown: list) -> None:
    m = Module.here("m99", module_dir)
    score = m.grade("kc-tf")
    assert score == 0.0 and "no answer recorded yet" in score.note
    assert "no answer recorded yet" in score._repr_html_()


def test_grade_of_a_wrong_or_malformed_answer_gives_the_reason(module_dir: Path,
                                                               shown: list) -> None:
    m = Module.here("m99", module_dir)
    save(module_dir, "kc-tf", False)
    score = m.grade("kc-tf")
    assert score == 0.0 and "0 of 1 point(s). The autograder" in score.note
    save(module_dir, "kc-many", ["a", "zz"])
    score = m.grade("kc-many")
    assert score == 0.0 and "unknown option 'zz'" in score.note


def test_grade_with_a_corrupt_file_names_the_problem(module_dir: Path, shown: list) -> None:
    m = Module.here("m99", module_dir)
    (module_dir / "m99.answers.json").write_text("[1, 2", encoding="utf-8")
    score = m.grade("kc-tf")
    assert score == 0.0 and "not valid JSON" in score.note


def test_grade_output_is_a_number_for_nbgrader(module_dir: Path) -> None:
    from IPython.core.formatters import DisplayFormatter

    save(module_dir, "kc-tf", True)
    data, _meta = DisplayFormatter().format(Module.here("m99", module_dir).grade("kc-tf"))
    assert float(data["text/plain"]) == 1.0 and "1 of 1 point" in data["text/html"]


CELLS = [
    f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom widgets import Module\n"
    "m = Module.here('m99')",
    "m.exercise('sort')",
    "m.exercise('stakeholders')",
    "m.knowledge_check()",
    "m.reflection()",
    "m.confidence()",
    "v = m.exercise('tf')\nv.controls[0].value = True\nv.check_button.click()",
    "m.grade('tf')",
]


def test_cells_run_headless_without_errors_or_stderr(module_dir: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(module_dir)}}).execute()
    outputs = [o for cell in nb.cells for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    widgets_shown = [o for o in outputs if "application/vnd.jupyter.widget-view+json"
                     in o.get("data", {})]
    assert len(widgets_shown) == 7  # each view once: no duplicate from a cell's result
    assert nb.cells[-1].outputs[0]["data"]["text/plain"] == "1.0"


def test_autograding_draws_nothing_but_still_grades(module_dir: Path, shown: list,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    m = Module.here("m99", module_dir)
    save(module_dir, "kc-tf", True)
    assert m.exercise("tf") is None and m.knowledge_check() is None
    assert m.reflection() is None and m.confidence() is None
    assert shown == []
    assert m.grade("kc-tf") == 1.0
