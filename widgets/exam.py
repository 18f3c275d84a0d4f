"""Exam mode: items record the chosen option id and nothing else.

The released notebook holds stems and options only. `ExamSession.item` never receives a key, so no
key, rationale, feedback or score can reach the notebook, its outputs, the widget state or the
answers file. Options are shuffled per learner, deterministically from (learner id, item id), and
the answer is stored by option id, so grading does not depend on the order a learner saw.

The learner id is, in order: the `learner` argument, the JUPYTERHUB_USER environment variable
(set by JupyterHub), NBGRADER_STUDENT_ID (set by whoever runs a notebook for a named student),
then the operating-system user name (`getpass.getuser()`), then "learner".

`grade_item` is what hidden nbgrader test cells call when autograde re-executes the notebook.
"""

from __future__ import annotations

import getpass
import os
from datetime import datetime
from pathlib import Path

import ipywidgets as W
from IPython.display import display

from widgets.kit import autograding, show_problems
from widgets.store import AnswerStore, answers_path, read_answers
from widgets.views import CSS, FULL, esc, notice, shuffled

LEARNER_ENV = ("JUPYTERHUB_USER", "NBGRADER_STUDENT_ID")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def learner_id() -> str:
    """Who is taking the exam (see the module docstring for the order of sources)."""
    for name in LEARNER_ENV:
        if os.environ.get(name):
            return os.environ[name]
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name known to the system
        return "learner"


class ExamItem:
    """One exam question: the stem, options in this learner's order, and an "answer saved" line."""

    def __init__(self, session: ExamSession, number: int, item_id: str, stem: str,
                 options: list[tuple[str, str]]) -> None:
        ids = [option_id for option_id, _ in options]
        if len(options) < 2 or len(set(ids)) != len(ids):
            raise ValueError(f"exam item {item_id!r} needs two or more options with unique ids")
        self.session = session
        self.item_id = item_id
        self.order = shuffled(options, lambda o: o[0], session.learner, item_id)
        self.letters = {oid: LETTERS[n] for n, (oid, _) in enumerate(self.order)}
        self.choice = W.RadioButtons(
            options=[(f"{LETTERS[n]}. {text}", oid) for n, (oid, text) in enumerate(self.order)],
            value=None, description="Answer", layout=FULL)
        self.status = W.HTML()
        saved = session.store.get(item_id)
        if saved is not None and saved.value in ids:
            self.choice.value = saved.value
            self.status.value = notice("Your saved answer is restored.")
        elif saved is not None:
            self.status.value = notice("Your saved answer to this question could not be "
                                       "restored; please choose again.", "bad")
        self.choice.observe(self._chosen, names="value")
        heading = f'<h4>Question {number}</h4><p style="font-weight:600">{esc(stem)}</p>'
        self.widget = W.VBox(
            [W.HTML(CSS), W.HTML(heading), self.choice, self.status],
            layout=W.Layout(border="1px solid #ccc", padding="8px", margin="8px 0"))
        self.widget.add_class("tmkit")
        self.shown = False

    def _chosen(self, change: dict) -> None:
        if change["new"] is None:
            return
        try:
            self.session.store.save(self.item_id, change["new"])
        except OSError as exc:
            self.status.value = notice(f"Your answer could not be saved ({exc.strerror or exc}); "
                                       "tell your tutor.", "bad")
            return
        stamp = datetime.now().strftime("%H:%M:%S")
        self.status.value = notice(f"Answer saved: {self.letters[change['new']]} (at {stamp}). "
                                   "You can change it until you submit.", "good")

    def _ipython_display_(self) -> None:
        """Show the item once; as a cell's result after `ExamSession.item` it adds nothing."""
        if not self.shown:
            self.shown = True
            display(self.widget)


class ExamSession:
    """One learner's sitting of one exam notebook: its answers file and numbered items."""

    def __init__(self, exam_id: str, store: AnswerStore, learner: str) -> None:
        self.exam_id = exam_id
        self.store = store
        self.learner = learner
        self.items: list[ExamItem] = []

    @classmethod
    def here(cls, exam_id: str, directory: str | Path | None = None,
             learner: str | None = None) -> ExamSession:
        """Open the exam's answers file beside the notebook; problems are shown, not raised."""
        folder = Path.cwd() if directory is None else Path(directory)
        store = AnswerStore.open(folder, exam_id)
        show_problems(store.problems, "Some of your saved exam answers could not be restored:")
        return cls(exam_id, store, learner or learner_id())

    def item(self, item_id: str, stem: str, options: list[tuple[str, str]]) -> ExamItem | None:
        """Display one question (options as (option id, text)) and return it."""
        if autograding():  # the hidden test reads the answers file; no widget is needed
            return None
        view = ExamItem(self, len(self.items) + 1, item_id, stem, options)
        self.items.append(view)
        display(view)
        return view


def _kept_aside(folder: Path, exam_id: str) -> list[str]:
    name = answers_path(folder, exam_id).name
    return sorted(p.name for p in folder.glob(f"{name}.bad-*"))


def grade_item(exam_id: str, item_id: str, key: str, points: float = 1.0,
               directory: str | Path | None = None,
               options: list[str] | None = None) -> float:
    """Points when the saved option id is the key; AssertionError with the reason otherwise."""
    folder = Path.cwd() if directory is None else Path(directory)
    items, problems = read_answers(folder, exam_id)
    saved = items.get(item_id)
    if saved is None:
        aside = _kept_aside(folder, exam_id)
        reasons = problems + ([f"an unreadable answers file was kept aside as {', '.join(aside)}"]
                              if aside else [])
        if not answers_path(folder, exam_id).exists() and not aside:
            reasons.append(f"there is no answers file {answers_path(folder, exam_id).name}")
        raise AssertionError(f"no answer recorded for {item_id!r}"
                             + (f" ({'; '.join(reasons)})" if reasons else ""))
    if not isinstance(saved.value, str):
        raise AssertionError(f"answer recorded for {item_id!r} is not an option id")
    if options is not None and saved.value not in options:
        raise AssertionError(f"answer {saved.value!r} to {item_id!r} is not one of its options")
    if saved.value != key:
        raise AssertionError(f"answer {saved.value!r} to {item_id!r} is not the key")
    return points
