"""A learner's progress, read (never written) from the answers files in their course folder.

Released assignments sit side by side in a learner's course folder, so module m03's answers are
`<course folder>/m03/m03.answers.json`. Rules:

- started: the answers file holds at least one saved item (exercise, check, reflection, rating);
- completed: every knowledge-check item is answered, the reflection is written and the
  confidence rating is given;
- knowledge-check score: the points the saved answers would earn (widgets.checks), over the
  number of items, as nbgrader would score the module now; None while no item is answered;
- objectives missed: those of knowledge-check items or exercises whose saved answer is not
  fully right; objectives not yet checked: those of unanswered knowledge-check items.

A damaged answers file is reported and counts as holding nothing; reading it changes nothing
(the module notebook keeps it aside when the learner next opens the module).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course.content import Objective
from course.journey.snapshot import ModuleEntry, Snapshot
from widgets.checks import check, confidence_problem, reflection_problem
from widgets.store import Saved, read_answers

REFLECTION = "reflection"
CONFIDENCE = "confidence"


@dataclass(frozen=True)
class ModuleProgress:
    """What a learner has done in one module."""

    module: ModuleEntry
    saved_items: int
    answered: int  # knowledge-check items with a saved answer
    total: int  # knowledge-check items
    points: float  # earned by the saved knowledge-check answers
    confidence: int | None
    reflection: str | None
    reflection_saved_at: str
    missed: tuple[Objective, ...]
    unchecked: tuple[Objective, ...]
    problems: tuple[str, ...]

    @property
    def started(self) -> bool:
        return self.saved_items > 0

    @property
    def completed(self) -> bool:
        return (self.answered == self.total and self.confidence is not None
                and self.reflection is not None)

    @property
    def score(self) -> float | None:
        """Knowledge-check points over items (0..1), or None while nothing is answered."""
        return self.points / self.total if self.answered and self.total else None

    @property
    def status(self) -> str:
        """A word for the learner: completed, in progress or not started."""
        if self.completed:
            return "completed"
        return "in progress" if self.started else "not started"


def _objectives(module: ModuleEntry, ids: set[str]) -> tuple[Objective, ...]:
    return tuple(o for o in module.content.objectives if o.id in ids)


def progress_from_items(module: ModuleEntry, items: dict[str, Saved],
                        problems: list[str]) -> ModuleProgress:
    """A module's progress from its saved items (the pure part of reading the answers file)."""
    content = module.content
    missed: set[str] = set()
    unchecked: set[str] = set()
    answered, points = 0, 0.0
    for item in content.knowledge_check:
        saved = items.get(item.id)
        if saved is None:
            unchecked.add(item.objective)
            continue
        answered += 1
        result = check(item, saved.value)
        points += result.score
        if not result.correct:
            missed.add(item.objective)
    for exercise in content.exercises:
        saved = items.get(exercise.id)
        if saved is not None and not check(exercise, saved.value).correct:
            missed.add(exercise.objective)
    reflection = items.get(REFLECTION)
    rating = items.get(CONFIDENCE)
    text = reflection.value if reflection and reflection_problem(reflection.value) is None \
        else None
    return ModuleProgress(
        module=module, saved_items=len(items), answered=answered,
        total=len(content.knowledge_check), points=round(points, 6),
        confidence=rating.value if rating and confidence_problem(rating.value) is None else None,
        reflection=text, reflection_saved_at=reflection.saved_at if text else "",
        missed=_objectives(module, missed), unchecked=_objectives(module, unchecked - missed),
        problems=tuple(problems))


def module_progress(course_folder: Path, module: ModuleEntry) -> ModuleProgress:
    """Read one module's answers file from the learner's course folder."""
    items, problems = read_answers(Path(course_folder) / module.id, module.id)
    return progress_from_items(module, items, problems)


def course_progress(course_folder: Path, snapshot: Snapshot) -> list[ModuleProgress]:
    """Every module's progress, in course order."""
    return [module_progress(course_folder, m) for m in snapshot.modules]
