"""Exam mode: items record the chosen option id and nothing else.

The released notebook holds stems and options only. `ExamSession.item` never receives a key, so no
key, rationale, feedback or score can reach the notebook, its outputs, the widget state or the
answers file. Options are shuffled per learner, deterministically from (learner id, item id), and
the answer is stored by option id, so grading does not depend on the order a learner saw.

The learner id is, in order: the `learner` argument, the JUPYTERHUB_USER environment variable
(set by JupyterHub), NBGRADER_STUDENT_ID (set by whoever runs a notebook for a named student),
then the operating-system user name (`getpass.getuser()`), then "learner".

Every item shows a save-state line (widgets.status). `ExamSession.progress()` shows a panel,
"N of M questions answered" and which are not, kept up to date as the learner answers; the exam
notebook shows it at the top and again before the submission instructions.

`grade_item` is what hidden nbgrader test cells call when autograde re-executes the notebook.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from pathlib import Path

import ipywidgets as W
from IPython.display import display

from widgets.kit import autograding, show_problems
from widgets.status import describe, failed, line_html, progress, progress_html, saved
from widgets.store import AnswerStore, Saved, answers_path, read_answers
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
    """One exam question: the stem, options in this learner's order, and its save-state line."""

    def __init__(self, session: ExamSession, number: int, item_id: str, stem: str,
                 options: list[tuple[str, str]]) -> None:
        ids = [option_id for option_id, _ in options]
        if len(options) < 2 or len(set(ids)) != len(ids):
            raise ValueError(f"exam item {item_id!r} needs two or more options with unique ids")
        self.session = session
        self.item_id = item_id
        self.ids = ids
        self.order = shuffled(options, lambda o: o[0], session.learner, item_id)
        self.letters = {oid: LETTERS[n] for n, (oid, _) in enumerate(self.order)}
        self.choice = W.RadioButtons(
            options=[(f"{LETTERS[n]}. {text}", oid) for n, (oid, text) in enumerate(self.order)],
            value=None, description="Answer", layout=FULL)
        self.status = W.HTML()
        record = session.store.get(item_id)
        if record is not None and record.value in ids:
            self.choice.value = record.value
            self.status.value = notice("Your saved answer is restored.")
        elif record is not None:
            self.status.value = notice("Your saved answer to this question could not be "
                                       "restored; please choose again.", "bad")
        self.saved_line = W.HTML(line_html(describe(record, self.choice.value)))
        self.choice.observe(self._chosen, names="value")
        heading = f'<h4>Question {number}</h4><p style="font-weight:600">{esc(stem)}</p>'
        self.widget = W.VBox(
            [W.HTML(CSS), W.HTML(heading), self.choice, self.saved_line, self.status],
            layout=W.Layout(border="1px solid #ccc", padding="8px", margin="8px 0"))
        self.widget.add_class("tmkit")
        self.shown = False

    def _chosen(self, change: dict) -> None:
        if change["new"] is None:
            return
        try:
            record = self.session.store.save(self.item_id, change["new"])
        except OSError as exc:
            self.saved_line.value = line_html(failed(exc))
            self.status.value = notice(f"Your answer could not be saved ({exc.strerror or exc}); "
                                       "tell your tutor.", "bad")
        else:
            self.saved_line.value = line_html(saved(record))
            self.status.value = notice(f"Answer saved: {self.letters[change['new']]}. "
                                       "You can change it until you submit.", "good")
        self.session.update()

    def _ipython_display_(self) -> None:
        """Show the item once; as a cell's result after `ExamSession.item` it adds nothing."""
        if not self.shown:
            self.shown = True
            display(self.widget)


def _answered(record: Saved | None, item: ExamItem | None) -> bool:
    """The answers file holds an option id for the question (one of its options once shown)."""
    if record is None or not isinstance(record.value, str):
        return False
    return item is None or record.value in item.ids


class ExamSession:
    """One learner's sitting of one exam notebook: its answers file, numbered items, progress.

    `questions` lists the exam's item ids in question order (the notebook passes them), so the
    progress panel counts every question, shown yet or not; without it, the items shown so far.
    """

    def __init__(self, exam_id: str, store: AnswerStore, learner: str,
                 questions: Sequence[str] = ()) -> None:
        if len(set(questions)) != len(questions):
            raise ValueError(f"exam {exam_id!r} lists a question twice")
        self.exam_id = exam_id
        self.store = store
        self.learner = learner
        self.questions = list(questions)
        self.items: list[ExamItem] = []
        self.panel: W.HTML | None = None

    @classmethod
    def here(cls, exam_id: str, directory: str | Path | None = None,
             learner: str | None = None, questions: Sequence[str] = ()) -> ExamSession:
        """Open the exam's answers file beside the notebook; problems are shown, not raised."""
        folder = Path.cwd() if directory is None else Path(directory)
        store = AnswerStore.open(folder, exam_id)
        show_problems(store.problems, "Some of your saved exam answers could not be restored:")
        return cls(exam_id, store, learner or learner_id(), questions)

    def _number(self, item_id: str) -> int:
        if not self.questions:
            return len(self.items) + 1
        if item_id not in self.questions:
            raise ValueError(f"exam item {item_id!r} is not one of the questions of "
                             f"{self.exam_id!r}")
        return self.questions.index(item_id) + 1

    def item(self, item_id: str, stem: str, options: list[tuple[str, str]]) -> ExamItem | None:
        """Display one question (options as (option id, text)) and return it."""
        if autograding():  # the hidden test reads the answers file; no widget is needed
            return None
        view = ExamItem(self, self._number(item_id), item_id, stem, options)
        self.items.append(view)
        self.update()
        display(view)
        return view

    def answered(self) -> list[bool]:
        """For each question in order, whether the answers file holds an answer to it."""
        shown = {view.item_id: view for view in self.items}  # a re-run cell replaces its item
        ids = self.questions or list(shown)
        return [_answered(self.store.get(q), shown.get(q)) for q in ids]

    def update(self) -> None:
        """Bring the progress panel up to date (after an item is shown or answered)."""
        if self.panel is not None:
            self.panel.value = progress_html(progress(self.answered()))

    def progress(self) -> None:
        """Display the progress panel; every call shows the same, live panel."""
        if autograding():  # nobody looks at the exam while it is graded
            return
        if self.panel is None:
            self.panel = W.HTML()
            self.update()
        display(self.panel)


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
