"""Thin ipywidgets views of the exercise kinds: labelled controls -> `checks.check` -> feedback.

Each view restores the learner's saved answer from the AnswerStore when it is built and saves the
answer (counting an attempt) on every Check. A save-state line (widgets.status) under the controls
says whether the answer on screen is saved, and when, or why saving failed. Views are testable
without a browser: set `.value` on `view.controls`, call `view.check_button.click()`, read
`view.feedback.value` and `view.saved_line.value`.
Every control has a text label and is a native keyboard control (radio buttons, checkboxes,
dropdowns, number and text fields, buttons); nothing needs drag and drop.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from typing import Any, TypeVar

import ipywidgets as W
from IPython.display import display
from traitlets import TraitError

from widgets.checks import (
    AXIS_LEVELS,
    CONFIDENCE_LABELS,
    Result,
    check,
    confidence_problem,
    quadrant_label,
    reflection_problem,
)
from widgets.gridplot import grid_svg
from widgets.status import TYPED, SaveLine, describe, failed, line_html, saved
from widgets.store import AnswerStore, Saved

T = TypeVar("T")
FULL = W.Layout(width="100%")
WIDE = {"description_width": "40%"}
# Let long labels wrap instead of being cut off with an ellipsis (inside views of class tmkit).
CSS = ("<style>.tmkit .widget-label, .tmkit .widget-label-basic, .tmkit .widget-radio-box label "
       "{white-space: normal; overflow: visible; height: auto; line-height: 1.35;}</style>")
RESTORE_ERRORS = (ValueError, TypeError, KeyError, TraitError)


def esc(text: Any) -> str:
    """HTML-escape any text shown to the learner."""
    return html.escape(str(text))


def shuffled(items: Sequence[T], ident: Any, *seed: str) -> list[T]:
    """A deterministic shuffle: items sorted by a hash of the seed and each item's id."""
    def rank(item: T) -> str:
        return hashlib.sha256("\x1f".join([*seed, str(ident(item))]).encode()).hexdigest()

    return sorted(items, key=rank)


def notice(text: str, tone: str = "info") -> str:
    """A short message box (tone: info, good, partial, bad) whose text is escaped."""
    colour = {"info": "#555", "good": "#1b7a2e", "partial": "#9a6700", "bad": "#b3261e"}[tone]
    return (f'<div role="status" style="border-left:4px solid {colour};padding:2px 8px;'
            f'margin:4px 0">{esc(text)}</div>')


def result_html(result: Result, prefix: str = "") -> str:
    """Feedback for a checked answer: a verdict in words, the why, and per-item details."""
    if result.correct:
        verdict, tone = "Correct", "good"
    elif result.score > 0:
        verdict, tone = f"Partly right (score {result.score:.0%})", "partial"
    else:
        verdict, tone = "Not yet", "bad"
    colour = {"good": "#1b7a2e", "partial": "#9a6700", "bad": "#b3261e"}[tone]
    items = "".join(f"<li>{esc(d)}</li>" for d in result.details)
    retry = "" if result.correct else "<p>Change your answer and press Check to try again.</p>"
    return (f'<div role="status" aria-live="polite" style="border-left:4px solid {colour};'
            f'padding:2px 8px;margin:4px 0">{esc(prefix)}<strong>{verdict}.</strong> '
            f'{esc(result.feedback)}{f"<ul>{items}</ul>" if items else ""}{retry}</div>')


class _SavedView:
    """Shared parts: a heading, the store, the save-state line, a status area and display."""

    def __init__(self, item_id: str, store: AnswerStore, prompt: str, heading: str,
                 hint: str) -> None:
        self.item_id = item_id
        self.store = store
        head = f"<h4>{esc(heading)}</h4>" if heading else ""
        self.prompt = W.HTML(f'{head}<p style="font-weight:600">{esc(prompt)}</p>')
        self.feedback = W.HTML()
        self.saved_line = W.HTML()
        self.record: Saved | None = None  # the saved answer the controls show, if any
        self.hint = hint
        self.widget = W.VBox()
        self.shown = False

    def current(self) -> Any:
        """The answer the controls hold now, or None."""
        raise NotImplementedError

    def _show_line(self, line: SaveLine) -> None:
        self.saved_line.value = line_html(line)

    def _refresh(self, _change: dict | None = None) -> None:
        """Saved while the controls hold the saved answer; not saved yet once they differ."""
        self._show_line(describe(self.record, self.current(), self.hint))

    def _watch(self, controls: Sequence[W.ValueWidget]) -> None:
        for control in controls:
            control.observe(self._refresh, names="value")
        self._refresh()

    def _save(self, value: Any, count_attempt: bool) -> tuple[int | None, str]:
        """Save through the store; return (attempts, '') or (None, why it failed)."""
        known = len(self.store.problems)
        try:
            record = self.store.save(self.item_id, value, count_attempt=count_attempt)
        except OSError as exc:
            self._show_line(failed(exc))
            return None, f"Your answer could not be saved ({exc.strerror or exc})."
        self.record = record
        self._show_line(saved(record))
        extra = " ".join(self.store.problems[known:])
        return record.attempts, (f"Note: {extra}." if extra else "")

    def _frame(self, *parts: W.Widget) -> None:
        self.widget.children = [W.HTML(CSS), self.prompt, *parts, self.saved_line, self.feedback]
        self.widget.layout = W.Layout(border="1px solid #ccc", padding="8px", margin="8px 0")
        self.widget.add_class("tmkit")

    def _ipython_display_(self) -> None:
        """Show the view once; as a cell's result after a Module call it adds nothing."""
        if not self.shown:
            self.shown = True
            display(self.widget)


class ViewList(list):
    """Views shown together (a knowledge check); as a cell's result it shows nothing twice."""

    def _ipython_display_(self) -> None:
        for view in self:
            display(view)


class ExerciseView(_SavedView):
    """One exercise: controls, a Check button, attempts and feedback; subclasses add controls."""

    def __init__(self, exercise: Any, store: AnswerStore, heading: str = "") -> None:
        super().__init__(exercise.id, store, exercise.prompt, heading, "press Check to save it.")
        self.exercise = exercise
        self.result: Result | None = None
        self.controls: list[W.ValueWidget] = self._build()
        self.check_button = W.Button(description="Check", button_style="primary",
                                     tooltip="Check your answer and see why")
        self.attempts = W.HTML()
        self.check_button.on_click(self._on_check)
        self._frame(*self._body(), W.HBox([self.check_button, self.attempts]))
        self._restore()
        self._watch(self.controls)

    def _build(self) -> list[W.ValueWidget]:
        raise NotImplementedError

    def _body(self) -> list[W.Widget]:
        return list(self.controls)

    def answer(self) -> tuple[Any, str | None]:
        """The answer the controls hold, or (None, what is still missing)."""
        raise NotImplementedError

    def show(self, value: Any) -> None:
        """Set the controls from a saved answer; raises ValueError if it does not fit."""
        raise NotImplementedError

    def current(self) -> Any:
        return self.answer()[0]

    def _set_attempts(self, attempts: int) -> None:
        self.attempts.value = f'<span style="margin-left:12px">Attempt {attempts}</span>'

    def _restore(self) -> None:
        saved = self.store.get(self.item_id)
        if saved is None:
            return
        self._set_attempts(saved.attempts)
        try:
            self.show(saved.value)
        except RESTORE_ERRORS:
            self.feedback.value = notice("Your saved answer could not be restored "
                                         "(the answers file was changed); please answer again.")
            return
        self.record = saved
        self.result = check(self.exercise, saved.value)
        self.feedback.value = result_html(self.result, "Your saved answer. ")

    def _on_check(self, _button: W.Button | None = None) -> None:
        value, missing = self.answer()
        if missing:
            self.feedback.value = notice(missing)
            return
        self.result = check(self.exercise, value)
        attempts, problem = self._save(value, count_attempt=True)
        if attempts is not None:
            self._set_attempts(attempts)
        self.feedback.value = result_html(self.result) + (notice(problem, "bad") if problem
                                                          else "")


def _known(value: Any, known: Sequence[Any]) -> Any:
    if value not in known:
        raise ValueError(f"unknown choice {value!r}")
    return value


class SingleChoiceView(ExerciseView):
    def _build(self) -> list[W.ValueWidget]:
        return [W.RadioButtons(options=[(o.text, o.id) for o in self.exercise.options],
                               value=None, description="Answer", layout=FULL)]

    def answer(self) -> tuple[Any, str | None]:
        value = self.controls[0].value
        return (None, "Choose an option first.") if value is None else (value, None)

    def show(self, value: Any) -> None:
        self.controls[0].value = _known(value, [o.id for o in self.exercise.options])


class TrueFalseView(SingleChoiceView):
    def _build(self) -> list[W.ValueWidget]:
        return [W.RadioButtons(options=[("True", True), ("False", False)], value=None,
                               description="Answer")]

    def show(self, value: Any) -> None:
        if not isinstance(value, bool):
            raise ValueError("not True or False")
        self.controls[0].value = value


class MultipleSelectView(ExerciseView):
    def _build(self) -> list[W.ValueWidget]:
        return [W.Checkbox(value=False, description=o.text, indent=False, layout=FULL)
                for o in self.exercise.options]

    def _body(self) -> list[W.Widget]:
        return [W.HTML("<em>Select every option that applies.</em>"), *self.controls]

    def answer(self) -> tuple[Any, str | None]:
        pairs = zip(self.exercise.options, self.controls, strict=True)
        picked = [o.id for o, c in pairs if c.value]
        return (picked, None) if picked else (None, "Select at least one option first.")

    def show(self, value: Any) -> None:
        ids = [o.id for o in self.exercise.options]
        if not isinstance(value, list):
            raise ValueError("not a list")
        for v in value:
            _known(v, ids)
        for option_id, control in zip(ids, self.controls, strict=True):
            control.value = option_id in value


class NumericView(ExerciseView):
    def _build(self) -> list[W.ValueWidget]:
        unit = self.exercise.unit
        return [W.FloatText(value=0.0, description=f"Answer ({unit})" if unit else "Answer",
                            style={"description_width": "initial"})]

    def answer(self) -> tuple[Any, str | None]:
        return self.controls[0].value, None

    def show(self, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("not a number")
        self.controls[0].value = value


class _Dropdowns(ExerciseView):
    """A dropdown per row (item, position or pair), each starting at "Choose ..."."""

    placeholder = "Choose"

    def rows(self) -> list[tuple[str, str]]:
        """(row id, label) for every dropdown."""
        raise NotImplementedError

    def choices(self) -> list[tuple[str, str]]:
        """(label, value) offered in every dropdown."""
        raise NotImplementedError

    def _build(self) -> list[W.ValueWidget]:
        options = [(self.placeholder, None), *self.choices()]
        return [W.Dropdown(options=options, value=None, description=label, layout=FULL,
                           style=WIDE) for _row, label in self.rows()]

    def placements(self) -> dict[str, Any]:
        """Each row id with its dropdown's value (None while unchosen)."""
        return {row: c.value for (row, _), c in zip(self.rows(), self.controls, strict=True)}

    def answer(self) -> tuple[Any, str | None]:
        left = sum(c.value is None for c in self.controls)
        if left:
            return None, f"Make a choice in every row first ({left} left)."
        return self.placements(), None

    def show(self, value: Any) -> None:
        if not isinstance(value, dict):
            raise ValueError("not a mapping")
        rows = [r for r, _ in self.rows()]
        valid = [v for _, v in self.choices()]
        for key, choice in value.items():
            _known(key, rows)
            _known(choice, valid)
        for row, control in zip(rows, self.controls, strict=True):
            control.value = value.get(row)


class CategorizeView(_Dropdowns):
    placeholder = "Choose a category"

    def rows(self) -> list[tuple[str, str]]:
        return [(i.id, i.text) for i in self.exercise.items]

    def choices(self) -> list[tuple[str, str]]:
        return [(b.label, b.id) for b in self.exercise.buckets]


class MatchView(_Dropdowns):
    placeholder = "Choose a match"

    def rows(self) -> list[tuple[str, str]]:
        return [(p.id, p.left) for p in self.exercise.pairs]

    def choices(self) -> list[tuple[str, str]]:
        pairs = _not_in_order(self.exercise.pairs, self.exercise.id)
        return [(p.right, p.id) for p in pairs]


def _not_in_order(items: Sequence[T], seed: str) -> list[T]:
    """Shuffle deterministically, never leaving the listed (answer) order in place."""
    mixed = shuffled(items, lambda i: i.id, seed)
    return mixed[1:] + mixed[:1] if mixed == list(items) else mixed


class OrderView(_Dropdowns):
    placeholder = "Choose a step"

    def rows(self) -> list[tuple[str, str]]:
        return [(str(n), f"Position {n}") for n in range(1, len(self.exercise.steps) + 1)]

    def choices(self) -> list[tuple[str, str]]:
        return [(s.text, s.id) for s in _not_in_order(self.exercise.steps, self.exercise.id)]

    def _body(self) -> list[W.Widget]:
        return [W.HTML("<em>Choose which step comes at each position, first to last.</em>"),
                *self.controls]

    def answer(self) -> tuple[Any, str | None]:
        mapping, missing = super().answer()
        if missing:
            return None, missing
        order = [mapping[r] for r, _ in self.rows()]
        text = {s.id: s.text for s in self.exercise.steps}
        twice = [text[s] for s in dict.fromkeys(order) if order.count(s) > 1]
        if twice:
            return None, f"Use each step once; chosen more than once: {'; '.join(twice)}."
        return order, None

    def show(self, value: Any) -> None:
        if not isinstance(value, list) or len(value) != len(self.controls):
            raise ValueError("not a list of every step")
        super().show({str(n): v for n, v in enumerate(value, start=1)})


class GridView(_Dropdowns):
    placeholder = "Choose a quadrant"

    def __init__(self, exercise: Any, store: AnswerStore, heading: str = "") -> None:
        self.plot = W.HTML()
        super().__init__(exercise, store, heading)
        for control in self.controls:
            control.observe(self._redraw, names="value")
        self._redraw()

    def rows(self) -> list[tuple[str, str]]:
        return [(i.id, i.text) for i in self.exercise.items]

    def choices(self) -> list[tuple[str, str]]:
        ex = self.exercise
        cells = [f"{x},{y}" for y in reversed(AXIS_LEVELS) for x in AXIS_LEVELS]
        return [(f"{quadrant_label(ex, c)} ({c.split(',')[0]} {ex.x_label}, "
                 f"{c.split(',')[1]} {ex.y_label})", c) for c in cells]

    def _body(self) -> list[W.Widget]:
        return [*self.controls, self.plot]

    def _redraw(self, _change: dict | None = None) -> None:
        self.plot.value = grid_svg(self.exercise, self.placements())


VIEWS: dict[str, type[ExerciseView]] = {
    "single_choice": SingleChoiceView,
    "multiple_select": MultipleSelectView,
    "true_false": TrueFalseView,
    "numeric": NumericView,
    "categorize": CategorizeView,
    "order": OrderView,
    "match": MatchView,
    "grid": GridView,
}


def make_view(exercise: Any, store: AnswerStore, heading: str = "") -> ExerciseView:
    """The practice-mode view of an exercise of any kind."""
    return VIEWS[exercise.kind](exercise, store, heading)


class ReflectionView(_SavedView):
    """A journal entry: a labelled text area and a Save button; saved, never scored."""

    def __init__(self, store: AnswerStore, prompt: str, item_id: str = "reflection") -> None:
        super().__init__(item_id, store, prompt, "Reflection", "press Save reflection to save it.")
        self.text = W.Textarea(description="Your reflection", rows=6, layout=FULL, **TYPED,
                               placeholder="Write a few sentences; only you and your tutor "
                                           "see them.", style={"description_width": "initial"})
        self.save_button = W.Button(description="Save reflection", button_style="primary")
        self.save_button.on_click(self._on_save)
        self._frame(self.text, self.save_button)
        record = store.get(item_id)
        if record is not None and reflection_problem(record.value) is None:
            self.record = record
            self.text.value = record.value
            self.feedback.value = notice("Your reflection is restored.")
        elif record is not None:
            self.feedback.value = notice("Your saved reflection could not be restored.", "bad")
        self._watch([self.text])

    def current(self) -> Any:
        return self.text.value

    def _on_save(self, _button: W.Button | None = None) -> None:
        problem = reflection_problem(self.text.value)
        if problem:
            self.feedback.value = notice(problem[0].upper() + problem[1:] + ".", "bad")
            return
        attempts, trouble = self._save(self.text.value, count_attempt=False)
        self.feedback.value = (notice("Reflection saved.", "good") if attempts is not None
                               else "") + (notice(trouble, "bad") if trouble else "")


class ConfidenceView(_SavedView):
    """A 1-5 self-rating with a text label on every level, saved on Save."""

    def __init__(self, store: AnswerStore, prompt: str, item_id: str = "confidence") -> None:
        super().__init__(item_id, store, prompt, "Confidence", "press Save rating to save it.")
        self.rating = W.RadioButtons(options=[(t, n) for n, t in CONFIDENCE_LABELS.items()],
                                     value=None, description="Rating")
        self.save_button = W.Button(description="Save rating", button_style="primary")
        self.save_button.on_click(self._on_save)
        self._frame(self.rating, self.save_button)
        record = store.get(item_id)
        if record is not None and confidence_problem(record.value) is None:
            self.record = record
            self.rating.value = record.value
            self.feedback.value = notice("Your saved rating is restored.")
        elif record is not None:
            self.feedback.value = notice("Your saved rating could not be restored.", "bad")
        self._watch([self.rating])

    def current(self) -> Any:
        return self.rating.value

    def _on_save(self, _button: W.Button | None = None) -> None:
        problem = confidence_problem(self.rating.value)
        if problem:
            self.feedback.value = notice(problem[0].upper() + problem[1:] + " first.", "bad")
            return
        attempts, trouble = self._save(self.rating.value, count_attempt=False)
        self.feedback.value = (notice("Rating saved.", "good") if attempts is not None
                               else "") + (notice(trouble, "bad") if trouble else "")
