"""Exam mode: per-learner shuffle, answers stored by option id, nothing that reveals the key."""

from __future__ import annotations

import inspect
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import ipywidgets as W
import pytest

import widgets.exam as exam
import widgets.kit as kit
from widgets import ExamSession, grade_item
from widgets.store import AnswerStore, Saved, atomic_write, render

STEM = "A regional bank wants managers to coach after a course. What should come first?"
OPTIONS = [("opt-ant", "Agree goals with each manager"), ("opt-bee", "Book a venue"),
           ("opt-cat", "Buy a learning platform"), ("opt-dog", "Write a newsletter")]


@pytest.fixture(autouse=True)
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Collect what exam mode displays instead of printing it."""
    seen: list[Any] = []
    monkeypatch.setattr(exam, "display", seen.append)
    monkeypatch.setattr(kit, "display", seen.append)
    return seen


def labels(item: exam.ExamItem) -> list[str]:
    return [label for label, _ in item.choice.options]


def test_learner_id_sources_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-ana")
    monkeypatch.setenv("NBGRADER_STUDENT_ID", "grader-ana")
    assert exam.learner_id() == "hub-ana"
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert exam.learner_id() == "grader-ana"
    monkeypatch.delenv("NBGRADER_STUDENT_ID")
    monkeypatch.setattr(exam.getpass, "getuser", lambda: "os-ana")
    assert exam.learner_id() == "os-ana"

    def nobody() -> str:
        raise OSError("no user name")

    monkeypatch.setattr(exam.getpass, "getuser", nobody)
    assert exam.learner_id() == "learner"


def test_here_takes_the_learner_from_the_environment(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-ben")
    assert ExamSession.here("practice", tmp_path).learner == "hub-ben"
    assert ExamSession.here("practice", tmp_path, learner="given").learner == "given"
    monkeypatch.chdir(tmp_path)
    assert ExamSession.here("practice").store.path == tmp_path / "practice.answers.json"


def test_shuffle_is_the_same_for_a_learner_and_differs_across_learners(tmp_path: Path) -> None:
    first = ExamSession.here("practice", tmp_path, learner="ana").item("q1", STEM, OPTIONS)
    again = ExamSession.here("practice", tmp_path, learner="ana").item("q1", STEM, OPTIONS)
    assert labels(first) == labels(again)
    orders = {tuple(o for o, _ in ExamSession.here("practice", tmp_path, learner=name)
                    .item("q1", STEM, OPTIONS).order)
              for name in ("ana", "ben", "chloe", "dev", "emma", "femi")}
    assert len(orders) > 1
    assert all(sorted(order) == sorted(o for o, _ in OPTIONS) for order in orders)
    session = ExamSession.here("practice", tmp_path, learner="ana")
    per_item = {tuple(o for o, _ in session.item(f"q{n}", STEM, OPTIONS).order)
                for n in range(1, 7)}
    assert len(per_item) > 1  # one learner does not see the same order on every item


def test_options_are_lettered_in_display_order(tmp_path: Path) -> None:
    item = ExamSession.here("practice", tmp_path, learner="ana").item("q1", STEM, OPTIONS)
    assert [label[:3] for label in labels(item)] == ["A. ", "B. ", "C. ", "D. "]
    assert {label[3:] for label in labels(item)} == {text for _, text in OPTIONS}
    assert item.choice.description == "Answer"


def test_the_answer_is_stored_by_option_id_and_acknowledged(tmp_path: Path) -> None:
    item = ExamSession.here("practice", tmp_path, learner="ana").item("q1", STEM, OPTIONS)
    letter = item.letters["opt-cat"]
    item.choice.value = "opt-cat"
    assert f"Answer saved: {letter}" in item.status.value
    data = json.loads((tmp_path / "practice.answers.json").read_text(encoding="utf-8"))
    assert data["items"]["q1"]["value"] == "opt-cat"
    assert set(data["items"]["q1"]) == {"value", "attempts", "saved_at"}  # no key, no score
    again = ExamSession.here("practice", tmp_path, learner="ana").item("q1", STEM, OPTIONS)
    assert again.choice.value == "opt-cat" and "restored" in again.status.value


def test_item_never_receives_a_key() -> None:
    params = inspect.signature(ExamSession.item).parameters
    assert list(params) == ["self", "item_id", "stem", "options"]


def widget_state(root: W.Widget) -> str:
    """The JSON of every widget model reachable from root, as a frontend would receive it."""
    seen: dict[str, Any] = {}
    todo = [root]
    while todo:
        widget = todo.pop()
        if widget.model_id in seen:
            continue
        state = widget.get_state()
        seen[widget.model_id] = state
        todo += [getattr(widget, name) for name in state
                 if isinstance(getattr(widget, name, None), W.Widget)]
        todo += [child for child in getattr(widget, "children", ())]
    return json.dumps(seen)


def test_nothing_in_the_widget_state_or_display_tells_the_key(tmp_path: Path,
                                                              quiet: list) -> None:
    session = ExamSession.here("practice", tmp_path, learner="ana")
    item = session.item("q1", STEM, OPTIONS)
    item.choice.value = "opt-ant"
    state = widget_state(item.widget)
    assert STEM in state and all(text in state for _, text in OPTIONS)
    # option ids stay in the kernel: not even the ids (so not the key) reach the page
    assert not any(option_id in state for option_id, _ in OPTIONS)
    for word in ("correct", "key", "score", "rationale", "feedback", "points"):
        assert word not in state.lower()
    assert quiet == [item]


def test_a_bad_saved_exam_answer_is_reported_not_restored(tmp_path: Path) -> None:
    AnswerStore.open(tmp_path, "practice").save("q1", {"hacked": True})
    item = ExamSession.here("practice", tmp_path, learner="ana").item("q1", STEM, OPTIONS)
    assert item.choice.value is None and "could not be restored" in item.status.value


def test_a_corrupt_exam_file_is_shown_to_the_learner(tmp_path: Path, quiet: list) -> None:
    (tmp_path / "practice.answers.json").write_text("{{", encoding="utf-8")
    ExamSession.here("practice", tmp_path, learner="ana")
    assert len(quiet) == 1 and "not valid JSON" in quiet[0].data


def test_items_need_unique_option_ids(tmp_path: Path) -> None:
    session = ExamSession.here("practice", tmp_path, learner="ana")
    with pytest.raises(ValueError, match="unique ids"):
        session.item("q1", STEM, [("a", "One"), ("a", "Two")])


# grade_item ----------------------------------------------------------------------------------

def answers(folder: Path, **items: Any) -> None:
    store = AnswerStore.open(folder, "final")
    for item_id, value in items.items():
        store.save(item_id, value)


def test_grade_item_gives_points_for_the_key(tmp_path: Path) -> None:
    answers(tmp_path, q1="opt-bee")
    assert grade_item("final", "q1", key="opt-bee", points=2.0, directory=tmp_path) == 2.0


def test_grade_item_reads_the_working_directory(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    answers(tmp_path, q1="opt-bee")
    monkeypatch.chdir(tmp_path)
    assert grade_item("final", "q1", key="opt-bee") == 1.0


def test_grade_item_wrong_answer(tmp_path: Path) -> None:
    answers(tmp_path, q1="opt-cat")
    with pytest.raises(AssertionError, match="answer 'opt-cat' to 'q1' is not the key"):
        grade_item("final", "q1", key="opt-bee", directory=tmp_path)


def test_grade_item_missing_file_or_item(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="no answer recorded for 'q1'.*no answers file"):
        grade_item("final", "q1", key="opt-bee", directory=tmp_path)
    answers(tmp_path, q2="opt-bee")
    with pytest.raises(AssertionError, match=r"^no answer recorded for 'q1'$"):
        grade_item("final", "q1", key="opt-bee", directory=tmp_path)


def test_grade_item_corrupt_file(tmp_path: Path) -> None:
    (tmp_path / "final.answers.json").write_text('{"format": ', encoding="utf-8")
    with pytest.raises(AssertionError, match="no answer recorded for 'q1'.*not valid JSON"):
        grade_item("final", "q1", key="opt-bee", directory=tmp_path)
    ExamSession.here("final", tmp_path, learner="ana")  # the notebook's setup cell keeps it aside
    with pytest.raises(AssertionError, match="unreadable answers file was kept aside"):
        grade_item("final", "q1", key="opt-bee", directory=tmp_path)


@pytest.mark.parametrize("value", [2, ["opt-bee"], None, {"id": "opt-bee"}])
def test_grade_item_wrong_type(tmp_path: Path, value: Any) -> None:
    answers(tmp_path, q1=value)
    with pytest.raises(AssertionError, match="is not an option id"):
        grade_item("final", "q1", key="opt-bee", directory=tmp_path)


def test_grade_item_unknown_option(tmp_path: Path) -> None:
    answers(tmp_path, q1="opt-eel")
    with pytest.raises(AssertionError, match="'opt-eel' to 'q1' is not one of its options"):
        grade_item("final", "q1", key="opt-bee", directory=tmp_path,
                   options=[o for o, _ in OPTIONS])


def test_one_bad_entry_does_not_spoil_the_other_items(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    body = {"format": "tmcert-answers", "version": 1, "scope": "final", "items": {
        "q1": {"value": "opt-bee", "attempts": 0}, "q2": {"attempts": "many"}}}
    (tmp_path / "final.answers.json").write_text(json.dumps(body), encoding="utf-8")
    assert grade_item("final", "q1", key="opt-bee", directory=tmp_path) == 1.0
    with pytest.raises(AssertionError, match="no answer recorded for 'q2'.*'q2' is malformed"):
        grade_item("final", "q2", key="opt-bee", directory=tmp_path)
    assert capsys.readouterr() == ("", "")


# The save-state line and the progress panel ---------------------------------------------------

def line(item: exam.ExamItem) -> tuple[str, str]:
    """(data-state, text) of an exam item's save-state line."""
    value = item.saved_line.value
    assert 'class="tmkit-saved"' in value and 'role="status"' in value
    return value.split('data-state="')[1].split('"')[0], value.split(">", 1)[1][:-len("</div>")]


def test_an_exam_item_shows_its_save_state(tmp_path: Path, kernel_zone: None) -> None:
    item = ExamSession.here("practice", tmp_path, learner="ana").item("q1", STEM, OPTIONS)
    assert line(item) == ("unsaved", "Not saved yet")
    item.choice.value = "opt-bee"
    saved_at = json.loads((tmp_path / "practice.answers.json").read_text())["items"]["q1"][
        "saved_at"]
    when = datetime.fromisoformat(saved_at).astimezone(timezone(timedelta(hours=3)))
    assert line(item) == ("saved", f"Saved \u00b7 {when:%H:%M}, {when.day} {when:%b}")
    assert "Answer saved: " in item.status.value


def test_a_restored_exam_answer_shows_when_it_was_saved(tmp_path: Path,
                                                        kernel_zone: None) -> None:
    atomic_write(tmp_path / "practice.answers.json",
                 render("practice", {"q1": Saved("opt-dog", 0, "2020-12-04T14:02:09+00:00")}))
    item = ExamSession.here("practice", tmp_path, learner="ana").item("q1", STEM, OPTIONS)
    assert item.choice.value == "opt-dog"
    assert line(item) == ("saved", "Saved \u00b7 17:02, 4 Dec 2020")


def test_a_failed_exam_save_shows_the_failed_state(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    session = ExamSession.here("practice", tmp_path, learner="ana", questions=["q1"])
    item = session.item("q1", STEM, OPTIONS)
    session.progress()

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(session.store, "save", refuse)
    item.choice.value = "opt-ant"
    assert line(item) == ("failed", "Not saved: No space left on device")
    assert "could not be saved" in item.status.value
    assert session.answered() == [False] and 'data-answered="0"' in session.panel.value


def panel(session: ExamSession) -> str:
    assert session.panel is not None
    return session.panel.value


def test_progress_counts_answers_and_lists_the_rest(tmp_path: Path, quiet: list) -> None:
    ids = [f"q{n}" for n in range(1, 13)]
    AnswerStore.open(tmp_path, "practice").save("q5", "opt-cat")  # answered in an earlier sitting
    session = ExamSession.here("practice", tmp_path, learner="ana", questions=ids)
    session.progress()
    assert quiet == [session.panel]
    assert session.answered() == [n == 5 for n in range(1, 13)]
    assert 'data-answered="1" data-total="12"' in panel(session)
    assert "1 of 12 questions answered." in panel(session)
    assert "Not answered yet: Questions 1\u20134, 6\u201312." in panel(session)
    items = {q: session.item(q, STEM, OPTIONS) for q in ids}
    assert [items[q].widget.children[1].value.split("</h4>")[0] for q in ("q1", "q12")] == [
        "<h4>Question 1", "<h4>Question 12"]
    for q in ("q1", "q2", "q3", "q4", "q6"):
        items[q].choice.value = "opt-ant"
    assert "6 of 12 questions answered." in panel(session)
    assert "Not answered yet: Questions 7\u201312." in panel(session)
    items["q2"].choice.value = "opt-bee"  # a change is not a new answer
    assert "6 of 12 questions answered." in panel(session)
    for q in ids[6:11]:
        items[q].choice.value = "opt-dog"
    assert "Not answered yet: Question 12." in panel(session)
    items["q12"].choice.value = "opt-dog"
    assert ("All 12 questions answered.</strong> You can still change answers until you "
            "submit.") in panel(session)
    session.progress()  # the end of the exam shows the same, live panel again
    assert quiet[-1] is session.panel and quiet.count(session.panel) == 2


def test_progress_panel_reveals_no_option_ids(tmp_path: Path) -> None:
    session = ExamSession.here("practice", tmp_path, learner="ana", questions=["q1", "q2"])
    session.progress()
    session.item("q1", STEM, OPTIONS).choice.value = "opt-ant"
    assert not any(option_id in panel(session) for option_id, _ in OPTIONS)
    assert "1 of 2 questions answered." in panel(session)


def test_an_answer_that_is_not_an_option_does_not_count(tmp_path: Path) -> None:
    store = AnswerStore.open(tmp_path, "practice")
    store.save("q1", "opt-eel")
    store.save("q2", {"hacked": True})
    session = ExamSession.here("practice", tmp_path, learner="ana", questions=["q1", "q2", "q3"])
    assert session.answered() == [True, False, False]  # q1 not shown yet: an option id is enough
    item = session.item("q1", STEM, OPTIONS)
    assert session.answered() == [False, False, False] and line(item)[0] == "unsaved"


def test_a_rerun_item_cell_keeps_its_number(tmp_path: Path) -> None:
    session = ExamSession.here("practice", tmp_path, learner="ana", questions=["q1", "q2"])
    session.item("q2", STEM, OPTIONS)
    again = session.item("q2", STEM, OPTIONS)
    assert again is not None and "<h4>Question 2</h4>" in again.widget.children[1].value
    assert session.answered() == [False, False]
    with pytest.raises(ValueError, match="'q9' is not one of the questions of 'practice'"):
        session.item("q9", STEM, OPTIONS)
    with pytest.raises(ValueError, match="lists a question twice"):
        ExamSession.here("practice", tmp_path, learner="ana", questions=["q1", "q1"])


def test_without_a_question_list_progress_counts_the_items_shown(tmp_path: Path) -> None:
    session = ExamSession.here("practice", tmp_path, learner="ana")
    session.progress()
    assert "No questions yet." in panel(session)
    session.item("a1", STEM, OPTIONS).choice.value = "opt-ant"
    session.item("a2", STEM, OPTIONS)
    assert "1 of 2 questions answered." in panel(session)


def test_autograding_shows_no_progress_panel(tmp_path: Path, quiet: list,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    session = ExamSession.here("practice", tmp_path, learner="ana", questions=["q1"])
    session.progress()
    assert session.panel is None and quiet == []
