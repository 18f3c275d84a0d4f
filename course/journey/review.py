"""The review-week plan: modules (and their models) ranked by low confidence and low scores.

Readiness of a module = the mean of its confidence rating mapped to 0..1 ((rating - 1) / 4) and
its knowledge-check score (0..1); a missing rating or an unanswered check counts as 0, because
what a learner has not rated or checked is what they should look at first. Modules are listed
from least to most ready; ties go to the lower rating, then the lower score, then course order.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.content import Model, Objective
from course.journey.progress import ModuleProgress

TOP_RATING = 5


@dataclass(frozen=True)
class ReviewItem:
    """One module in the review plan, with why it is there and what to revisit."""

    rank: int
    progress: ModuleProgress
    readiness: float  # 0..1
    reasons: tuple[str, ...]

    @property
    def models(self) -> list[Model]:
        return list(self.progress.module.content.models)

    @property
    def missed(self) -> tuple[Objective, ...]:
        return self.progress.missed

    @property
    def unchecked(self) -> tuple[Objective, ...]:
        return self.progress.unchecked


def readiness(progress: ModuleProgress) -> float:
    """The mean of the confidence rating (0..1) and the knowledge-check score (0..1)."""
    rating = (progress.confidence - 1) / (TOP_RATING - 1) if progress.confidence else 0.0
    return round((rating + (progress.score or 0.0)) / 2, 6)


def reasons(progress: ModuleProgress) -> tuple[str, ...]:
    """Plain sentences saying why a module is placed where it is."""
    out = []
    if not progress.started:
        out.append("You have not started this module yet.")
    if progress.confidence is None:
        out.append("You have not rated your confidence yet.")
    else:
        out.append(f"You rated your confidence {progress.confidence} of {TOP_RATING}.")
    if progress.score is None:
        out.append("You have not answered the knowledge check yet.")
    else:
        out.append(f"Knowledge check: {progress.score:.0%} ({progress.answered} of "
                   f"{progress.total} questions answered).")
    return tuple(out)


def review_plan(progress: list[ModuleProgress]) -> list[ReviewItem]:
    """Every module ranked from the one most in need of review to the one least in need."""
    ordered = sorted(progress, key=lambda p: (readiness(p), p.confidence or 0, p.score or 0.0,
                                              p.module.number))
    return [ReviewItem(rank, p, readiness(p), reasons(p)) for rank, p in enumerate(ordered, 1)]
