"""Diagnostics: per-module scores, "review first" order, objectives and pointers, pass or fail."""

from __future__ import annotations

from typing import Any

import pytest

from course.config import CourseConfig
from course.exams.bank import load_bank
from course.exams.blueprint import build_papers
from course.exams.diagnostics import diagnose, exam_info, late_text, render_markdown


def module(number: int, models: list[dict[str, str]]) -> dict[str, Any]:
    return {"id": f"m0{number}", "number": number, "title": f"Topic {number}",
            "objectives": {"o1": f"Explain topic {number}.", "o2": f"Apply topic {number}."},
            "models": models}


MODEL_A = {"id": "a", "name": "Model A", "section": "2. Where A is taught"}
MODEL_B = {"id": "b", "name": "Model B", "section": "3. Where B is taught"}


def info(kind: str = "practice") -> dict[str, Any]:
    items = {}
    for number in (1, 2, 3):
        for n, objective in enumerate(("o1", "o2", "o2"), 1):
            items[f"item-m0{number}-q{n}"] = {"module": f"m0{number}", "objective": objective,
                                              "model": "b" if n == 3 else None, "points": 1.0}
    return {"exam": f"{kind}-exam", "kind": kind, "title": f"{kind.title()} exam",
            "pass_mark": 0.7, "review_threshold": 0.7, "items": items,
            "modules": [module(1, [MODEL_A, MODEL_B]), module(2, [MODEL_A, MODEL_B]),
                        module(3, [])]}


def scores(right: set[str]) -> dict[str, tuple[float, float]]:
    return {g: (1.0 if g in right else 0.0, 1.0) for g in info()["items"]}


def test_modules_under_the_threshold_come_first_weakest_first() -> None:
    right = {"item-m01-q1", "item-m01-q2", "item-m01-q3",  # m01 3/3
             "item-m02-q1",                                 # m02 1/3
             "item-m03-q1", "item-m03-q2"}                  # m03 2/3
    d = diagnose(info(), scores(right))
    assert [(m.module, m.score, m.max_score) for m in d.modules] == [
        ("m01", 3, 3), ("m02", 1, 3), ("m03", 2, 3)]
    assert [m.module for m in d.review_first] == ["m02", "m03"]
    m02, m03 = d.review_first
    assert m02.missed == ("Apply topic 2.",)
    assert m02.pointers == ("section “3. Where B is taught” (model: Model B)",)
    assert m03.pointers == ("Module 3: Topic 3",)  # no models: point to the module
    assert d.score == 6 and d.max_score == 9


def test_pointers_fall_back_to_every_model_when_items_name_none() -> None:
    right = set(info()["items"]) - {"item-m01-q1", "item-m01-q2"}
    m01 = diagnose(info(), scores(right)).review_first[0]
    assert m01.missed == ("Explain topic 1.", "Apply topic 1.")
    assert m01.pointers == ("section “2. Where A is taught” (model: Model A)",
                            "section “3. Where B is taught” (model: Model B)")


def test_ties_keep_course_order_and_missing_grades_score_zero() -> None:
    d = diagnose(info(), {})
    assert [m.module for m in d.review_first] == ["m01", "m02", "m03"]
    assert d.score == 0 and d.max_score == 9


def test_final_pass_mark_is_inclusive_and_lists_no_review() -> None:
    final = info("final")
    final["pass_mark"] = 6 / 9
    six = {"item-m01-q1", "item-m01-q2", "item-m01-q3", "item-m02-q1", "item-m02-q2",
           "item-m03-q1"}
    assert diagnose(final, scores(six)).passed
    assert not diagnose(final, scores(six - {"item-m03-q1"})).passed
    assert diagnose(final, scores(set())).review_first == ()


def test_markdown_for_practice_and_final() -> None:
    practice = render_markdown(diagnose(info(), scores({"item-m01-q1"})), 0.7)
    assert "**Score:** 1 / 9 (11%)" in practice
    assert "## Review first (modules under 70%)" in practice
    assert "1. **Module 2: Topic 2**: 0 / 3 (0%)" in practice
    assert "Objectives missed: Explain topic 2.; Apply topic 2." in practice
    assert "Result:" not in practice
    final = render_markdown(diagnose(info("final"), scores(set(info()["items"])), 3700), 0.7)
    assert "**Result: Pass.**" in final and "Review first" not in final
    assert "**Late:** submitted 1 h 2 min after the due date." in final
    failed = render_markdown(diagnose(info("final"), scores(set())), 0.7)
    assert "**Result: Not passed.**" in failed


@pytest.mark.parametrize(("seconds", "text"), [
    (20, "under a minute"), (60, "1 min"), (7200, "2 h"), (90061, "1 d 1 h 1 min")])
def test_late_text(seconds: float, text: str) -> None:
    assert late_text(seconds) == text


@pytest.mark.usefixtures("small_exams")
def test_exam_info_is_key_free(tiny: CourseConfig) -> None:
    bank = load_bank(tiny)
    data = exam_info(tiny, build_papers(tiny, bank)["practice"], bank)
    assert data["items"]["item-m01-q01"] == {"module": "m01", "objective": "o1",
                                             "model": "model-one", "points": 1.0}
    assert data["review_threshold"] == 0.7 and data["kind"] == "practice"
    assert [m["id"] for m in data["modules"]] == ["m01", "m02"]
    text = repr(data)
    assert "RATIONALE" not in text and "key" not in text
