"""Shared helpers for the journey tests: the shipped course's snapshot and hand-made answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from course.cohort import right_answer
from course.config import CourseConfig
from course.journey.snapshot import Snapshot, build_snapshot


@pytest.fixture(scope="session")
def snapshot(config: CourseConfig) -> Snapshot:
    """The snapshot of the shipped course.yml and module.yml files."""
    return build_snapshot(config)


key_answer = right_answer  # the fully right answer, as the widgets store it


def wrong_answer(exercise: Any) -> Any:
    """An answer that earns nothing: a wrong option, the other truth value, a far number."""
    kind = exercise.kind
    if kind == "single_choice":
        return next(o.id for o in exercise.options if not o.correct)
    if kind == "true_false":
        return not exercise.answer
    if kind == "numeric":
        return exercise.answer + exercise.tolerance + 1000
    return {}  # a mapping or list with nothing placed scores 0


def write_answers(course_folder: Path, scope: str, values: dict[str, Any],
                  saved_at: str = "2027-01-20T10:00:00+00:00") -> Path:
    """Write `<course folder>/<scope>/<scope>.answers.json` holding these values."""
    folder = course_folder / scope
    folder.mkdir(parents=True, exist_ok=True)
    items = {k: {"value": v, "attempts": 1, "saved_at": saved_at} for k, v in values.items()}
    path = folder / f"{scope}.answers.json"
    path.write_text(json.dumps({"format": "tmcert-answers", "version": 1, "scope": scope,
                                "items": items}), encoding="utf-8")
    return path


def finished(snapshot: Snapshot, module_id: str, confidence: int = 4,
             reflection: str = "I will map stakeholders first.") -> dict[str, Any]:
    """Answers completing a module: every knowledge-check item right, a reflection, a rating."""
    content = snapshot.module(module_id).content
    values: dict[str, Any] = {i.id: key_answer(i) for i in content.knowledge_check}
    return {**values, "reflection": reflection, "confidence": confidence}
