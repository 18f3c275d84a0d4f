"""Pure checks for every exercise kind: `check(exercise, answer) -> Result`, no ipywidgets.

Answers arrive as plain JSON values (the shapes listed in docs/authoring.md). A malformed answer
(wrong type, unknown id, missing items) never raises: it scores 0 and the feedback says what is
wrong. Scoring rules, all scores in 0..1:

- single_choice, true_false, numeric: 1 or 0. A numeric answer is right when it lies within
  `tolerance` of `answer` (a tiny allowance, 1e-9 of the larger magnitude, absorbs float rounding).
- multiple_select: (correct picks - wrong picks) / number of correct options, floored at 0; so
  picking everything earns nothing and each wrong pick cancels one right one.
- categorize, match, grid: the fraction of items placed right; feedback gives the why of each
  wrong one.
- order: the fraction of step pairs in the right relative order (a pairwise rule, Kendall, 1938),
  so moving one step a little costs little and reversing the sequence scores 0.

Reflections are saved, never scored; confidence is an int from 1 to 5. `reflection_problem` and
`confidence_problem` say what is wrong with such a value, or return None when it can be saved.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from course.content import (
    Categorize,
    Grid,
    Match,
    MultipleSelect,
    Numeric,
    Order,
    SingleChoice,
    TrueFalse,
)

CONFIDENCE_LABELS = {
    1: "1 - Not confident yet",
    2: "2 - A little confident",
    3: "3 - Fairly confident",
    4: "4 - Confident",
    5: "5 - Very confident",
}
REFLECTION_MAX_CHARS = 20_000
AXIS_LEVELS = ("low", "high")


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer: score 0..1, whether fully right, and the why."""

    score: float
    correct: bool
    feedback: str
    details: tuple[str, ...] = ()


class Malformed(Exception):
    """An answer that does not have the shape its exercise kind expects."""


def _malformed(reason: str) -> Result:
    return Result(0.0, False, f"This answer could not be checked: {reason}.")


def _scored(score: float, summary: str, why: str = "", details: tuple[str, ...] = ()) -> Result:
    score = min(1.0, max(0.0, score))
    text = f"{summary} {why}".strip()
    return Result(score, math.isclose(score, 1.0), text, details)


def _ids(value: Any, what: str) -> list[str]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise Malformed(f"expected a list of {what} ids")
    return list(value)


def _mapping(value: Any, keys: list[str], what: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise Malformed(f"expected a mapping from each {what} to a choice")
    unknown = sorted(set(value) - set(keys))
    if unknown:
        raise Malformed(f"unknown {what} {', '.join(map(repr, unknown))}")
    missing = [k for k in keys if k not in value]
    if missing:
        raise Malformed(f"{len(missing)} {what}(s) have no choice yet ({', '.join(missing)})")
    return value


def _known(chosen: list[str], known: list[str], what: str) -> None:
    unknown = sorted(set(chosen) - set(known))
    if unknown:
        raise Malformed(f"unknown {what} {', '.join(map(repr, unknown))}")


def _single_choice(ex: SingleChoice, answer: Any) -> Result:
    if not isinstance(answer, str):
        raise Malformed("expected one option id")
    options = {o.id: o for o in ex.options}
    _known([answer], list(options), "option")
    chosen = options[answer]
    return _scored(1.0 if chosen.correct else 0.0, "", chosen.why)


def _multiple_select(ex: MultipleSelect, answer: Any) -> Result:
    picked = _ids(answer, "option")
    _known(picked, [o.id for o in ex.options], "option")
    if len(set(picked)) != len(picked):
        raise Malformed("an option is picked more than once")
    keys = [o for o in ex.options if o.correct]
    hits = sum(o.id in picked for o in keys)
    false_picks = [o for o in ex.options if o.id in picked and not o.correct]
    score = max(0, hits - len(false_picks)) / len(keys)
    if hits == len(keys) and not false_picks:
        summary = "You picked every option that fits and none that does not."
    else:
        summary = (f"You picked {hits} of the {len(keys)} options that fit and "
                   f"{len(false_picks)} that do not.")
    details = tuple(f"{o.text}: {o.why}" for o in ex.options if o.id in picked)
    return _scored(score, summary, details=details)


def _true_false(ex: TrueFalse, answer: Any) -> Result:
    if not isinstance(answer, bool):
        raise Malformed("expected True or False")
    right = answer == ex.answer
    return _scored(1.0 if right else 0.0, "", ex.why)


def _number_text(value: float, unit: str) -> str:
    text = f"{value:,.10g}"
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip()


def _numeric(ex: Numeric, answer: Any) -> Result:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        raise Malformed("expected a number")
    if not math.isfinite(answer):
        raise Malformed("expected a finite number")
    slack = 1e-9 * max(1.0, abs(ex.answer), abs(answer))
    right = abs(answer - ex.answer) <= ex.tolerance + slack
    given = _number_text(answer, ex.unit)
    band = _number_text(ex.tolerance, ex.unit)
    if right:
        summary = f"{given} is within {band} of the expected value."
    else:
        summary = f"{given} is not within {band} of the expected value."
    return _scored(1.0 if right else 0.0, summary, ex.why)


def _categorize(ex: Categorize, answer: Any) -> Result:
    placed = _mapping(answer, [i.id for i in ex.items], "item")
    _known(list(placed.values()), [b.id for b in ex.buckets], "bucket")
    wrong = [i for i in ex.items if placed[i.id] != i.bucket]
    return _fraction(len(ex.items), wrong, "items", lambda i: f"{i.text}: {i.why}")


def _order(ex: Order, answer: Any) -> Result:
    given = _ids(answer, "step")
    ids = [s.id for s in ex.steps]
    _known(given, ids, "step")
    if sorted(given) != sorted(ids):
        raise Malformed("use every step exactly once")
    rank = {step_id: n for n, step_id in enumerate(given)}
    pairs = list(combinations(ids, 2))  # each pair in the right order
    in_order = sum(rank[a] < rank[b] for a, b in pairs)
    placed = sum(g == s for g, s in zip(given, ids, strict=True))
    text = {s.id: s.text for s in ex.steps}
    details = tuple(f"Position {n}: {text[g]} is {'in' if g == s else 'not in'} its place."
                    for n, (g, s) in enumerate(zip(given, ids, strict=True), start=1))
    if in_order == len(pairs):
        return _scored(1.0, "Every step is in its place.", ex.why, details)
    summary = (f"{in_order} of {len(pairs)} pairs of steps are in the right relative order; "
               f"{placed} of {len(ids)} steps are in their exact place.")
    return _scored(in_order / len(pairs), summary, ex.why, details)


def _match(ex: Match, answer: Any) -> Result:
    chosen = _mapping(answer, [p.id for p in ex.pairs], "pair")
    _known(list(chosen.values()), [p.id for p in ex.pairs], "choice")
    wrong = [p for p in ex.pairs if chosen[p.id] != p.id]
    return _fraction(len(ex.pairs), wrong, "pairs", lambda p: f"{p.left}: {p.why}")


def quadrant_label(ex: Grid, cell: str) -> str:
    """The author's label of a grid cell written "x,y" (e.g. "high,low")."""
    x, y = cell.split(",")
    return getattr(ex.quadrants, f"{x}_{y}")


def _grid(ex: Grid, answer: Any) -> Result:
    placed = _mapping(answer, [i.id for i in ex.items], "item")
    cells = [f"{x},{y}" for x in AXIS_LEVELS for y in AXIS_LEVELS]
    bad = sorted({v for v in placed.values() if v not in cells})
    if bad:
        raise Malformed(f"unknown quadrant {', '.join(map(repr, bad))} (use e.g. 'high,low')")
    wrong = [i for i in ex.items if placed[i.id] != f"{i.x},{i.y}"]
    return _fraction(
        len(ex.items), wrong, "items",
        lambda i: f"{i.text}: you placed it in '{quadrant_label(ex, placed[i.id])}'. {i.why}")


def _fraction(total: int, wrong: list, noun: str, why: Callable[[Any], str]) -> Result:
    right = total - len(wrong)
    if not wrong:
        return _scored(1.0, f"All {total} {noun} are right.")
    return _scored(right / total,
                   f"You have {right} of {total} {noun} right; the others are explained below.",
                   details=tuple(why(w) for w in wrong))


_CHECKS: dict[str, Callable[[Any, Any], Result]] = {
    "single_choice": _single_choice,
    "multiple_select": _multiple_select,
    "true_false": _true_false,
    "numeric": _numeric,
    "categorize": _categorize,
    "order": _order,
    "match": _match,
    "grid": _grid,
}


def check(exercise: Any, answer: Any) -> Result:
    """Check an answer to an exercise from module.yml; a malformed answer scores 0, never raises."""
    try:
        rule = _CHECKS[exercise.kind]
    except (AttributeError, KeyError):
        raise ValueError(f"not an exercise of a known kind: {exercise!r}") from None
    try:
        return rule(exercise, answer)
    except Malformed as exc:
        return _malformed(str(exc))


def reflection_problem(value: Any) -> str | None:
    """Why a reflection cannot be saved, or None when it can."""
    if not isinstance(value, str):
        return "a reflection is text"
    if not value.strip():
        return "write a few words before saving"
    if len(value) > REFLECTION_MAX_CHARS:
        return f"a reflection is limited to {REFLECTION_MAX_CHARS:,} characters"
    return None


def confidence_problem(value: Any) -> str | None:
    """Why a confidence rating cannot be saved, or None when it can."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in CONFIDENCE_LABELS:
        return "choose a rating from 1 to 5"
    return None
