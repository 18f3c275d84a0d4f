"""What a module notebook calls: `m = Module.here("m01")`, then `m.exercise(ID)`, `m.tool(ID)` ...

`Module.here` loads `module.yml` from the notebook's folder (the working directory in JupyterLab,
Voila and nbgrader) and opens the learner's answers file there. Every display goes to the cell's
output, never to stderr, so cells run headless (nbgrader, papermill) without failing.
`grade(item_id)` is what the build's nbgrader test cells call, one per knowledge-check item;
it returns the score as a number (nbgrader's partial credit) and never raises.
"""

from __future__ import annotations

import os
from pathlib import Path

from IPython.display import HTML, display

from course.content import ModuleContent, load_module_content
from course.errors import ConfigError
from widgets.checks import check
from widgets.store import AnswerStore, read_answers
from widgets.tool import draw_figure, make_tool
from widgets.views import (
    ConfidenceView,
    ExerciseView,
    ReflectionView,
    ViewList,
    esc,
    make_view,
)

CONFIDENCE_PROMPT = ("How confident are you that you can apply what this module teaches "
                     "in your own work?")


def show_problems(problems: list[str], title: str) -> None:
    """Show store problems to the learner as a visible message (never on stderr)."""
    if problems:
        items = "".join(f"<li>{esc(p)}</li>" for p in problems)
        display(HTML(f'<div role="alert" style="border:2px solid #b3261e;padding:6px 10px">'
                     f"<strong>{esc(title)}</strong><ul>{items}</ul></div>"))


def autograding() -> bool:
    """True while nbgrader's autograder executes the notebook (nobody looks at the widgets)."""
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


class Score(float):
    """A knowledge-check score: a plain number for nbgrader, a short note for people."""

    def __new__(cls, value: float, note: str) -> Score:
        score = super().__new__(cls, value)
        score.note = note
        return score

    def _repr_html_(self) -> str:
        return f'<span style="color:#555;font-size:small">Knowledge check {esc(self.note)}</span>'


class Module:
    """One module's content and the learner's answers, as used from its notebook."""

    def __init__(self, content: ModuleContent, store: AnswerStore) -> None:
        self.content = content
        self.store = store

    @property
    def directory(self) -> Path:
        return self.store.directory

    @classmethod
    def here(cls, module_id: str, directory: str | Path | None = None) -> Module:
        """Load module.yml beside the notebook and open the answers file there."""
        folder = Path.cwd() if directory is None else Path(directory)
        content = load_module_content(folder / "module.yml")
        if content.id != module_id:
            raise ConfigError(f"{folder / 'module.yml'}: id is {content.id!r}, "
                              f"but the notebook asks for {module_id!r}")
        store = AnswerStore.open(folder, module_id)
        show_problems(store.problems, "Some of your saved answers could not be restored:")
        return cls(content, store)

    def exercise(self, item_id: str) -> ExerciseView | None:
        """Display the practice-mode view of an exercise (or knowledge-check item)."""
        if autograding():  # grading reads the answers file; drawing is wasted time
            return None
        view = make_view(self.content.item(item_id), self.store)
        display(view)
        return view

    def tool(self, tool_id: str) -> None:
        """Display a registered model tool."""
        if autograding():  # grading reads the answers file; drawing is wasted time
            return None
        display(make_tool(tool_id))

    def figure(self, figure_id: str) -> None:
        """Draw a registered figure."""
        if autograding():  # grading reads the answers file; drawing is wasted time
            return None
        draw_figure(figure_id)

    def knowledge_check(self) -> ViewList | None:
        """Display every knowledge-check item, numbered, in practice mode."""
        if autograding():  # grading reads the answers file; drawing is wasted time
            return None
        items = self.content.knowledge_check
        views = ViewList(make_view(item, self.store, f"Question {n} of {len(items)}")
                         for n, item in enumerate(items, start=1))
        display(views)
        return views

    def reflection(self) -> ReflectionView | None:
        """Display the reflection journal (saved as item "reflection", never scored)."""
        if autograding():  # grading reads the answers file; drawing is wasted time
            return None
        view = ReflectionView(self.store, self.content.reflection.prompt)
        display(view)
        return view

    def confidence(self) -> ConfidenceView | None:
        """Display the 1-5 confidence rating (saved as item "confidence")."""
        if autograding():  # grading reads the answers file; drawing is wasted time
            return None
        view = ConfidenceView(self.store, CONFIDENCE_PROMPT)
        display(view)
        return view

    def grade(self, item_id: str, points: float = 1.0) -> Score:
        """Score x points of the saved answer, with the reason; never raises.

        nbgrader reads the number (text/plain) as partial credit, so a missing or wrong answer
        earns 0 without an error that would alarm a learner running their own notebook.
        """
        exercise = self.content.item(item_id)
        items, problems = read_answers(self.directory, self.content.id)
        saved = items.get(item_id)
        if saved is None:
            reason = f" ({'; '.join(problems)})" if problems else ""
            return Score(0.0, f"{item_id}: no answer recorded yet{reason}; 0 of {points:g}.")
        result = check(exercise, saved.value)
        earned = round(result.score * points, 6)
        note = f"{item_id}: {earned:g} of {points:g} point(s)."
        return Score(earned, note if earned else f"{note} {result.feedback}")
