"""Progress read from hand-made answers files, including damaged ones."""

from __future__ import annotations

from pathlib import Path

from course.journey.progress import course_progress, module_progress
from course.journey.snapshot import Snapshot
from tests.course.journey.conftest import finished, key_answer, write_answers, wrong_answer


def test_no_answers_file_means_not_started(snapshot: Snapshot, tmp_path: Path) -> None:
    progress = course_progress(tmp_path, snapshot)
    assert len(progress) == len(snapshot.modules)
    first = progress[0]
    assert not first.started and not first.completed and first.status == "not started"
    assert first.score is None and first.confidence is None and first.reflection is None
    assert first.missed == () and {o.id for o in first.unchecked} == {
        i.objective for i in snapshot.modules[0].content.knowledge_check}
    assert first.problems == ()


def test_a_finished_module_is_complete_with_full_marks(snapshot: Snapshot,
                                                       tmp_path: Path) -> None:
    write_answers(tmp_path, "m02", finished(snapshot, "m02", confidence=3, reflection="Notes"))
    p = module_progress(tmp_path, snapshot.module("m02"))
    assert p.completed and p.status == "completed"
    assert p.answered == p.total == len(snapshot.module("m02").content.knowledge_check)
    assert p.score == 1.0 and p.confidence == 3 and p.reflection == "Notes"
    assert p.reflection_saved_at.startswith("2027-01-20")
    assert p.missed == () and p.unchecked == ()


def test_partial_answers_give_a_partial_score_and_the_objectives_missed(
        snapshot: Snapshot, tmp_path: Path) -> None:
    module = snapshot.module("m03")
    items = module.content.knowledge_check
    values = {items[0].id: key_answer(items[0]), items[1].id: key_answer(items[1]),
              items[2].id: wrong_answer(items[2]), "confidence": 2}
    write_answers(tmp_path, "m03", values)
    p = module_progress(tmp_path, module)
    assert p.started and not p.completed and p.status == "in progress"
    assert p.answered == 3 and p.total == len(items)
    assert p.points == 2 and p.score == 2 / len(items)
    assert [o.id for o in p.missed] == [o.id for o in module.content.objectives
                                        if o.id == items[2].objective]
    unanswered = {i.objective for i in items[3:]} - {items[2].objective}
    assert {o.id for o in p.unchecked} == unanswered


def test_a_wrong_exercise_answer_marks_its_objective_missed(snapshot: Snapshot,
                                                            tmp_path: Path) -> None:
    module = snapshot.module("m01")
    exercise = next(e for e in module.content.exercises if e.kind == "single_choice")
    write_answers(tmp_path, "m01", {exercise.id: wrong_answer(exercise)})
    p = module_progress(tmp_path, module)
    assert p.started and p.answered == 0 and p.score is None
    assert [o.id for o in p.missed] == [exercise.objective]


def test_complete_needs_reflection_and_rating(snapshot: Snapshot, tmp_path: Path) -> None:
    values = finished(snapshot, "m04")
    del values["reflection"]
    write_answers(tmp_path, "m04", values)
    assert not module_progress(tmp_path, snapshot.module("m04")).completed
    values = {**finished(snapshot, "m04"), "confidence": 9, "reflection": "   "}
    write_answers(tmp_path, "m04", values)  # an out-of-range rating and a blank reflection
    p = module_progress(tmp_path, snapshot.module("m04"))
    assert p.confidence is None and p.reflection is None and not p.completed


def test_a_damaged_file_is_reported_and_left_untouched(snapshot: Snapshot,
                                                       tmp_path: Path) -> None:
    path = write_answers(tmp_path, "m05", {})
    path.write_text('{"format": "tmcert-answers", "items": [truncated')
    before = path.read_bytes()
    p = module_progress(tmp_path, snapshot.module("m05"))
    assert not p.started and p.problems and "not valid JSON" in p.problems[0]
    assert path.read_bytes() == before
    assert sorted(x.name for x in path.parent.iterdir()) == [path.name]


def test_a_file_of_another_module_is_not_counted(snapshot: Snapshot, tmp_path: Path) -> None:
    path = write_answers(tmp_path, "m06", finished(snapshot, "m06"))
    (tmp_path / "m07").mkdir()
    path.rename(tmp_path / "m07" / "m07.answers.json")
    p = module_progress(tmp_path, snapshot.module("m07"))
    assert not p.started and "belongs to 'm06'" in p.problems[0]


def test_one_malformed_item_keeps_the_others(snapshot: Snapshot, tmp_path: Path) -> None:
    path = write_answers(tmp_path, "m08", finished(snapshot, "m08"))
    text = path.read_text().replace('"attempts": 1', '"attempts": -3', 1)
    path.write_text(text)
    p = module_progress(tmp_path, snapshot.module("m08"))
    assert p.started and len(p.problems) == 1 and "malformed" in p.problems[0]
    assert p.saved_items == len(finished(snapshot, "m08")) - 1
