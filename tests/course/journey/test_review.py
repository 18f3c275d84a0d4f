"""The review plan: ranking by low confidence and low knowledge-check score."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.journey.progress import course_progress
from course.journey.review import readiness, reasons, review_plan
from course.journey.snapshot import Snapshot
from tests.course.journey.conftest import finished, key_answer, write_answers, wrong_answer


def half_right(snapshot: Snapshot, module_id: str) -> dict:
    """The first half of the knowledge check right, the second half wrong."""
    items = snapshot.module(module_id).content.knowledge_check
    assert len(items) % 2 == 0, "the figures below assume an even number of items"
    cut = len(items) // 2
    return {**{i.id: key_answer(i) for i in items[:cut]},
            **{i.id: wrong_answer(i) for i in items[cut:]}}


@pytest.fixture
def plan(snapshot: Snapshot, tmp_path: Path):
    for module in snapshot.modules:  # everything finished and rated 5 ...
        write_answers(tmp_path, module.id, finished(snapshot, module.id, confidence=5))
    # ... except: m02 rated 1 with full marks, m03 rated 5 with half marks,
    # m04 rated 2 with half marks, m05 not started at all
    write_answers(tmp_path, "m02", finished(snapshot, "m02", confidence=1))
    write_answers(tmp_path, "m03", {**half_right(snapshot, "m03"), "confidence": 5})
    write_answers(tmp_path, "m04", {**half_right(snapshot, "m04"), "confidence": 2})
    (tmp_path / "m05" / "m05.answers.json").unlink()
    return review_plan(course_progress(tmp_path, snapshot))


def test_least_ready_modules_come_first(plan, snapshot: Snapshot) -> None:
    order = [item.progress.module.id for item in plan]
    # m05: 0; m04: (0.25 + 0.5) / 2 = 0.375; m02: (0 + 1) / 2 = 0.5; m03: (1 + 0.5) / 2 = 0.75
    assert order[:4] == ["m05", "m04", "m02", "m03"]
    assert [round(i.readiness, 3) for i in plan[:4]] == [0.0, 0.375, 0.5, 0.75]
    assert [i.rank for i in plan] == list(range(1, len(snapshot.modules) + 1))
    assert all(i.readiness == 1.0 for i in plan[4:])
    assert [i.progress.module.number for i in plan[4:]] == sorted(
        i.progress.module.number for i in plan[4:])  # ties keep course order


def test_a_tie_goes_to_the_lower_rating(snapshot: Snapshot, tmp_path: Path) -> None:
    # m06 rated 1 with full marks and m07 rated 5 with no marks both have readiness 0.5
    items = snapshot.module("m07").content.knowledge_check
    write_answers(tmp_path, "m06", finished(snapshot, "m06", confidence=1))
    write_answers(tmp_path, "m07", {**{i.id: wrong_answer(i) for i in items}, "confidence": 5})
    progress = [p for p in course_progress(tmp_path, snapshot)
                if p.module.id in ("m07", "m06")]
    assert [readiness(p) for p in progress] == [0.5, 0.5]
    assert [i.progress.module.id for i in review_plan(progress)] == ["m06", "m07"]


def test_items_name_the_objectives_missed_and_the_models(plan, snapshot: Snapshot) -> None:
    m03 = next(i for i in plan if i.progress.module.id == "m03")
    items = snapshot.module("m03").content.knowledge_check
    wrong = {i.objective for i in items[len(items) // 2:]}
    assert {o.id for o in m03.missed} == wrong and m03.unchecked == ()
    assert m03.models == list(snapshot.module("m03").content.models)
    assert "You rated your confidence 5 of 5." in m03.reasons
    assert f"Knowledge check: 50% ({len(items)} of {len(items)} questions answered)." \
        in m03.reasons


def test_reasons_for_a_module_not_started(plan) -> None:
    first = plan[0]
    assert reasons(first.progress) == ("You have not started this module yet.",
                                       "You have not rated your confidence yet.",
                                       "You have not answered the knowledge check yet.")
    assert {o.id for o in first.unchecked} == {
        i.objective for i in first.progress.module.content.knowledge_check}
