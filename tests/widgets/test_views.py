"""Every view without a browser: set control values, click Check, read the feedback widget."""

from __future__ import annotations

import html
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import ipywidgets as W
import pytest

from course.content import EXERCISE_KINDS, ModuleContent
from widgets.store import AnswerStore, Saved, atomic_write, render
from widgets.views import (
    ConfidenceView,
    ExerciseView,
    GridView,
    OrderView,
    ReflectionView,
    make_view,
)


def fill(view: ExerciseView, picks: Any) -> None:
    """Set the view's controls as a learner would (one value per control)."""
    for control, value in zip(view.controls, picks, strict=True):
        control.value = value


# For each exercise: control values that are right, and control values that are partly or all wrong.
RIGHT: dict[str, list] = {
    "pick-one": ["b"],
    "pick-many": [True, True, False, False],
    "tf": [True],
    "roi": [25.2],
    "sort": ["reaction", "learning", "behavior"],
    "sequence": ["analyze", "design", "develop", "implement"],
    "pairs": ["sponsor", "sme", "designer"],
    "stakeholders": ["low,high", "high,low", "high,high"],
}
WRONG: dict[str, list] = {
    "pick-one": ["c"],
    "pick-many": [True, False, True, False],
    "tf": [False],
    "roi": [2.5],
    "sort": ["reaction", "reaction", "behavior"],
    "sequence": ["design", "analyze", "develop", "implement"],
    "pairs": ["sme", "sponsor", "designer"],
    "stakeholders": ["high,high", "high,low", "low,low"],
}
SAVED: dict[str, Any] = {  # what RIGHT stores in the answers file
    "pick-one": "b",
    "pick-many": ["a", "b"],
    "tf": True,
    "roi": 25.2,
    "sort": {"smile": "reaction", "quiz": "learning", "observe": "behavior"},
    "sequence": ["analyze", "design", "develop", "implement"],
    "pairs": {"sponsor": "sponsor", "sme": "sme", "designer": "designer"},
    "stakeholders": {"ceo": "low,high", "team": "high,low", "hr": "high,high"},
}
IDS = list(RIGHT)


def test_the_table_covers_every_kind(content: ModuleContent) -> None:
    assert sorted(content.item(i).kind for i in IDS) == sorted(EXERCISE_KINDS)


def saved_file(folder: Path) -> dict:
    return json.loads((folder / "m99.answers.json").read_text(encoding="utf-8"))["items"]


@pytest.mark.parametrize("item_id", IDS)
def test_right_answer_is_checked_saved_and_counted(content: ModuleContent, tmp_path: Path,
                                                   item_id: str) -> None:
    view = make_view(content.item(item_id), AnswerStore.open(tmp_path, "m99"))
    fill(view, RIGHT[item_id])
    view.check_button.click()
    assert "<strong>Correct.</strong>" in view.feedback.value
    assert "try again" not in view.feedback.value
    assert "Attempt 1" in view.attempts.value
    assert view.result is not None and view.result.score == 1.0
    entry = saved_file(tmp_path)[item_id]
    assert entry["value"] == SAVED[item_id] and entry["attempts"] == 1


@pytest.mark.parametrize("item_id", IDS)
def test_wrong_answer_explains_and_allows_another_try(content: ModuleContent, tmp_path: Path,
                                                      item_id: str) -> None:
    view = make_view(content.item(item_id), AnswerStore.open(tmp_path, "m99"))
    fill(view, WRONG[item_id])
    view.check_button.click()
    assert "Correct." not in view.feedback.value
    assert ("Not yet." in view.feedback.value) or ("Partly right" in view.feedback.value)
    assert "press Check to try again" in view.feedback.value
    assert view.result is not None and view.result.feedback in html.unescape(view.feedback.value)
    fill(view, RIGHT[item_id])
    view.check_button.click()
    assert "<strong>Correct.</strong>" in view.feedback.value
    assert "Attempt 2" in view.attempts.value
    assert saved_file(tmp_path)[item_id]["attempts"] == 2


@pytest.mark.parametrize("item_id", IDS)
def test_saved_answer_is_restored_by_a_new_view(content: ModuleContent, tmp_path: Path,
                                                item_id: str) -> None:
    first = make_view(content.item(item_id), AnswerStore.open(tmp_path, "m99"))
    fill(first, WRONG[item_id])
    first.check_button.click()
    fill(first, RIGHT[item_id])
    first.check_button.click()
    again = make_view(content.item(item_id), AnswerStore.open(tmp_path, "m99"))
    assert [c.value for c in again.controls] == RIGHT[item_id]
    assert "Attempt 2" in again.attempts.value
    assert "Your saved answer." in again.feedback.value and "Correct." in again.feedback.value


@pytest.mark.parametrize("item_id", [i for i in IDS if i != "roi"])
def test_checking_with_nothing_chosen_asks_first_and_saves_nothing(
        content: ModuleContent, tmp_path: Path, item_id: str) -> None:
    view = make_view(content.item(item_id), AnswerStore.open(tmp_path, "m99"))
    view.check_button.click()
    assert "first" in view.feedback.value
    assert view.attempts.value == "" and view.result is None
    assert not (tmp_path / "m99.answers.json").exists()


def test_partly_filled_rows_say_how_many_are_left(content: ModuleContent, tmp_path: Path) -> None:
    view = make_view(content.item("sort"), AnswerStore.open(tmp_path, "m99"))
    view.controls[0].value = "reaction"
    view.check_button.click()
    assert "(2 left)" in view.feedback.value


def test_order_refuses_a_step_used_twice(content: ModuleContent, tmp_path: Path) -> None:
    view = make_view(content.item("sequence"), AnswerStore.open(tmp_path, "m99"))
    fill(view, ["analyze", "analyze", "develop", "implement"])
    view.check_button.click()
    assert "Use each step once" in view.feedback.value and "Analyze" in view.feedback.value
    assert view.result is None


def test_order_dropdowns_do_not_list_steps_in_the_answer_order(content: ModuleContent,
                                                                tmp_path: Path) -> None:
    view = make_view(content.item("sequence"), AnswerStore.open(tmp_path, "m99"))
    assert isinstance(view, OrderView)
    listed = [value for _label, value in view.controls[0].options if value is not None]
    assert sorted(listed) == sorted(RIGHT["sequence"]) and listed != RIGHT["sequence"]


@pytest.mark.parametrize("item_id", IDS)
def test_every_control_has_a_text_label(content: ModuleContent, tmp_path: Path,
                                        item_id: str) -> None:
    view = make_view(content.item(item_id), AnswerStore.open(tmp_path, "m99"))
    assert view.controls and all(c.description.strip() for c in view.controls)
    assert view.check_button.description == "Check"
    keyboard = (W.RadioButtons, W.Checkbox, W.Dropdown, W.FloatText)
    assert all(isinstance(c, keyboard) for c in view.controls)


def test_a_hand_edited_answer_is_not_restored_and_says_so(content: ModuleContent,
                                                          tmp_path: Path) -> None:
    store = AnswerStore.open(tmp_path, "m99")
    store.save("pick-one", "z")
    store.save("sort", {"smile": "nowhere"})
    one = make_view(content.item("pick-one"), AnswerStore.open(tmp_path, "m99"))
    sort = make_view(content.item("sort"), AnswerStore.open(tmp_path, "m99"))
    for view in (one, sort):
        assert "could not be restored" in view.feedback.value
        assert all(c.value is None for c in view.controls)


def test_text_from_the_module_file_is_escaped(content: ModuleContent, tmp_path: Path) -> None:
    ex = content.item("tf").model_copy(update={"prompt": "Is <b>x</b> & y?",
                                               "why": "<script>alert(1)</script>"})
    view = make_view(ex, AnswerStore.open(tmp_path, "m99"))
    view.controls[0].value = False
    view.check_button.click()
    assert "Is &lt;b&gt;x&lt;/b&gt; &amp; y?" in view.prompt.value
    assert "<script>" not in view.feedback.value and "&lt;script&gt;" in view.feedback.value


def test_a_failed_save_is_shown_not_raised(content: ModuleContent, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store = AnswerStore.open(tmp_path, "m99")
    view = make_view(content.item("tf"), store)

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store, "save", refuse)
    view.controls[0].value = True
    view.check_button.click()
    assert "Correct." in view.feedback.value
    assert "could not be saved (Permission denied)" in view.feedback.value


def test_grid_plot_follows_the_dropdowns(content: ModuleContent, tmp_path: Path) -> None:
    view = make_view(content.item("stakeholders"), AnswerStore.open(tmp_path, "m99"))
    assert isinstance(view, GridView)
    assert "<svg" in view.plot.value and "0 of 3 items placed" in view.plot.value
    assert view.plot.value.count("<circle") == 0
    view.controls[0].value = "low,high"
    assert "1 of 3 items placed" in view.plot.value
    assert "Chief executive: Keep satisfied" in view.plot.value
    assert "Participants: not placed yet" in view.plot.value
    fill(view, RIGHT["stakeholders"])
    assert view.plot.value.count("<circle") == 3
    labels = [label for label, value in view.controls[0].options if value == "high,low"]
    assert labels == ["Keep informed (high Interest, low Power)"]


def test_grid_plot_is_drawn_from_the_restored_answer(content: ModuleContent,
                                                     tmp_path: Path) -> None:
    AnswerStore.open(tmp_path, "m99").save("stakeholders", SAVED["stakeholders"], True)
    view = make_view(content.item("stakeholders"), AnswerStore.open(tmp_path, "m99"))
    assert "3 of 3 items placed" in view.plot.value


def test_reflection_saves_restores_and_is_never_scored(tmp_path: Path) -> None:
    view = ReflectionView(AnswerStore.open(tmp_path, "m99"), "What will you change?")
    view.save_button.click()
    assert "Write a few words" in view.feedback.value
    view.text.value = "Shorter sessions, <more> practice."
    view.save_button.click()
    assert "Reflection saved." in view.feedback.value
    entry = saved_file(tmp_path)["reflection"]
    assert entry == {**entry, "value": "Shorter sessions, <more> practice.", "attempts": 0}
    again = ReflectionView(AnswerStore.open(tmp_path, "m99"), "What will you change?")
    assert again.text.value == "Shorter sessions, <more> practice."
    assert again.text.description == "Your reflection"
    assert not hasattr(again, "result")


def test_confidence_saves_and_restores(tmp_path: Path) -> None:
    view = ConfidenceView(AnswerStore.open(tmp_path, "m99"), "How confident are you?")
    view.save_button.click()
    assert "Choose a rating from 1 to 5 first." in view.feedback.value
    assert [label for label, _ in view.rating.options][0] == "1 - Not confident yet"
    view.rating.value = 4
    view.save_button.click()
    assert "Rating saved." in view.feedback.value
    assert saved_file(tmp_path)["confidence"]["value"] == 4
    assert ConfidenceView(AnswerStore.open(tmp_path, "m99"), "?").rating.value == 4


def test_a_bad_saved_rating_is_reported(tmp_path: Path) -> None:
    AnswerStore.open(tmp_path, "m99").save("confidence", 9)
    view = ConfidenceView(AnswerStore.open(tmp_path, "m99"), "?")
    assert view.rating.value is None and "could not be restored" in view.feedback.value


# The save-state line ---------------------------------------------------------------------------

LONG_AGO = "2020-12-04T14:02:09+00:00"  # 17:02 on 4 Dec 2020 in the kernel_zone fixture (UTC+3)


def line(view: Any) -> tuple[str, str]:
    """(data-state, text) of a view's save-state line."""
    value = view.saved_line.value
    assert 'class="tmkit-saved"' in value and 'role="status"' in value
    state = value.split('data-state="')[1].split('"')[0]
    return state, html.unescape(value.split(">", 1)[1].rsplit("</div>", 1)[0])


def local_stamp(saved_at: str) -> str:
    """HH:MM, D Mon of an ISO time in UTC+3 (the kernel_zone fixture)."""
    when = datetime.fromisoformat(saved_at).astimezone(timezone(timedelta(hours=3)))
    return f"{when:%H:%M}, {when.day} {when:%b}"


def hand_saved(folder: Path, items: dict[str, Any]) -> None:
    """An answers file as a kernel that saved long ago left it."""
    atomic_write(folder / "m99.answers.json",
                 render("m99", {k: Saved(v, 1, LONG_AGO) for k, v in items.items()}))


@pytest.mark.parametrize("item_id", IDS)
def test_a_check_saves_and_the_line_shows_when(content: ModuleContent, tmp_path: Path,
                                               item_id: str, kernel_zone: None) -> None:
    view = make_view(content.item(item_id), AnswerStore.open(tmp_path, "m99"))
    assert line(view)[0] == "unsaved" and line(view)[1].startswith("Not saved yet")
    fill(view, RIGHT[item_id])
    assert line(view) == ("unsaved", "Not saved yet: press Check to save it.")
    view.check_button.click()
    stamp = local_stamp(saved_file(tmp_path)[item_id]["saved_at"])
    assert line(view) == ("saved", f"Saved \u00b7 {stamp}")


@pytest.mark.parametrize("item_id", IDS)
def test_a_restored_answer_shows_when_it_was_saved(content: ModuleContent, tmp_path: Path,
                                                   item_id: str, kernel_zone: None) -> None:
    hand_saved(tmp_path, {item_id: SAVED[item_id]})
    view = make_view(content.item(item_id), AnswerStore.open(tmp_path, "m99"))
    assert line(view) == ("saved", "Saved \u00b7 17:02, 4 Dec 2020")


def test_a_changed_answer_is_not_saved_until_checked(content: ModuleContent,
                                                     tmp_path: Path, kernel_zone: None) -> None:
    hand_saved(tmp_path, {"sort": SAVED["sort"]})
    view = make_view(content.item("sort"), AnswerStore.open(tmp_path, "m99"))
    view.controls[0].value = "learning"
    assert line(view) == ("unsaved", "Not saved yet: press Check to save it.")
    view.controls[0].value = None  # a row back at "Choose a category": no answer to save
    assert line(view) == ("unsaved", "Not saved yet")
    view.controls[0].value = "reaction"  # the saved answer again
    assert line(view) == ("saved", "Saved \u00b7 17:02, 4 Dec 2020")


def test_an_answer_that_cannot_be_restored_is_not_shown_as_saved(content: ModuleContent,
                                                                 tmp_path: Path) -> None:
    hand_saved(tmp_path, {"pick-one": "z"})
    view = make_view(content.item("pick-one"), AnswerStore.open(tmp_path, "m99"))
    assert line(view) == ("unsaved", "Not saved yet")


def test_a_failed_save_shows_the_failed_state(content: ModuleContent, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    view = make_view(content.item("pick-many"), AnswerStore.open(tmp_path, "m99"))
    fill(view, RIGHT["pick-many"])

    def refuse(_src: str, _dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)  # the store's atomic write fails at the end
    view.check_button.click()
    assert line(view) == ("failed", "Not saved: Permission denied")
    assert "font-weight:600" in view.saved_line.value
    assert view.store.get("pick-many") is None
    monkeypatch.undo()
    view.check_button.click()
    assert line(view)[0] == "saved"


def test_the_line_sits_in_the_view_under_the_controls(content: ModuleContent,
                                                      tmp_path: Path) -> None:
    view = make_view(content.item("tf"), AnswerStore.open(tmp_path, "m99"))
    children = list(view.widget.children)
    assert children.index(view.saved_line) == children.index(view.feedback) - 1
    assert children.index(view.saved_line) > children.index(view.controls[0])


def test_reflection_and_confidence_show_the_save_state(tmp_path: Path,
                                                       kernel_zone: None) -> None:
    reflection = ReflectionView(AnswerStore.open(tmp_path, "m99"), "What will you change?")
    rating = ConfidenceView(AnswerStore.open(tmp_path, "m99"), "How confident are you?")
    assert line(reflection) == line(rating) == ("unsaved", "Not saved yet")
    reflection.text.value = "Shorter sessions."
    rating.rating.value = 3
    assert line(reflection) == ("unsaved", "Not saved yet: press Save reflection to save it.")
    assert line(rating) == ("unsaved", "Not saved yet: press Save rating to save it.")
    reflection.save_button.click()
    rating.save_button.click()
    stamps = {k: local_stamp(v["saved_at"]) for k, v in saved_file(tmp_path).items()}
    assert line(reflection) == ("saved", f"Saved \u00b7 {stamps['reflection']}")
    assert line(rating) == ("saved", f"Saved \u00b7 {stamps['confidence']}")
    hand_saved(tmp_path, {"reflection": "Shorter sessions.", "confidence": 3})
    again = ReflectionView(AnswerStore.open(tmp_path, "m99"), "What will you change?")
    assert again.feedback.value and "restored" in again.feedback.value
    assert line(again) == ("saved", "Saved \u00b7 17:02, 4 Dec 2020")
    assert line(ConfidenceView(AnswerStore.open(tmp_path, "m99"), "?")) == line(again)
