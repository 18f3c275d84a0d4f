"""Blueprints: explicit and drawn papers, disjoint exams, the minimum sizes, clear refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from course.config import CourseConfig, load_config
from course.errors import ConfigError
from course.exams.bank import load_bank
from course.exams.blueprint import MINIMUMS, build_papers, draw_module
from tests.exams.fixture import PROJECT, write_yaml


def blueprint(project: Path, kind: str, **data: Any) -> Path:
    return write_yaml(project / "exams" / f"{kind}.yml", {"title": kind.title(), **data})


def ids(paper) -> list[str]:
    return [i.entry.id for i in paper.items]


@pytest.mark.usefixtures("small_exams")
def test_fixture_papers_are_explicit_then_drawn_and_disjoint(tiny: CourseConfig) -> None:
    papers = build_papers(tiny)
    assert ids(papers["practice"]) == ["m01-q01", "m01-q02", "m02-q01", "m02-q02"]
    assert sorted(ids(papers["final"])) == ["m01-q03", "m01-q04", "m02-q03", "m02-q04"]
    assert [i.entry.module for i in papers["final"].items] == ["m01", "m01", "m02", "m02"]
    final = papers["final"]
    assert final.exam.id == "final-exam" and final.exam.pass_mark == 0.7
    assert final.exam.time_limit_minutes == 120
    assert [i.number for i in final.items] == [1, 2, 3, 4]
    assert final.items[0].grade_id == f"item-{final.items[0].entry.id}"
    assert final.total_points == 4 and final.per_module() == {"m01": 2, "m02": 2}


@pytest.mark.usefixtures("small_exams")
def test_points_per_item_and_overrides(project: Path) -> None:
    blueprint(project, "practice", items=["m01-q01", "m02-q01"], points_per_item=2,
              points={"m02-q01": 3})
    papers = build_papers(load_config(project / "course" / "course.yml"))
    assert [i.points for i in papers["practice"].items] == [2, 3]
    assert papers["practice"].total_points == 5


def test_draw_is_deterministic_and_spreads_over_objectives(tiny: CourseConfig) -> None:
    bank = load_bank(tiny)
    items = bank.by_module("m01")
    first = draw_module(items, 2, "seed-1", ["o1", "o2"])
    assert first == draw_module(list(reversed(items)), 2, "seed-1", ["o1", "o2"])
    assert sorted(e.item.objective for e in first) == ["o1", "o2"]
    picks = {tuple(e.id for e in draw_module(items, 1, f"s{n}", ["o1", "o2"]))
             for n in range(20)}
    assert len(picks) > 1  # the seed matters
    assert len(draw_module(items, 9, "x", ["o1", "o2"])) == 4


def test_real_minimums_refuse_a_small_exam(tiny: CourseConfig) -> None:
    assert MINIMUMS == {"practice": (30, 3), "final": (60, 6)}
    with pytest.raises(ConfigError) as err:
        build_papers(tiny)
    text = str(err.value)
    assert "practice.yml: the practice exam has 4 items; at least 30 are required" in text
    assert "practice.yml: the practice exam has 2 item(s) of module m01; at least 3" in text
    assert "final.yml: the final exam has 2 item(s) of module m02; at least 6" in text


@pytest.mark.usefixtures("small_exams")
@pytest.mark.parametrize(("kind", "data", "message"), [
    ("final", {"items": ["m01-q03", "m01-q01", "m02-q03", "m02-q04"]},
     "final.yml: items: item m01-q01 is also on the practice exam; no item may be on both"),
    ("final", {"items": ["m01-q03", "m01-q99"]}, "final.yml: items: unknown item id 'm01-q99'"),
    ("final", {"items": ["m01-q03", "m01-q03"]}, "final.yml: items: item m01-q03 is listed twice"),
    ("final", {"draw": {"per_module": 3}},
     "final.yml: draw: module m01 has 2 item(s) not used by the other exam; final-exam needs 3"),
    ("final", {"items": ["m01-q03"], "draw": {"per_module": 1}},
     "final.yml: (top level): give exactly one of `items`"),
    ("practice", {"items": ["m01-q01", "m02-q01"], "points": {"m01-q04": 2}},
     "practice.yml: points: item m01-q04 is not on this exam"),
    ("practice", {"items": ["m01-q01"], "extra": 1}, "practice.yml: extra: Extra inputs"),
])
def test_blueprint_refusals(project: Path, kind: str, data: dict, message: str) -> None:
    blueprint(project, kind, **data)
    with pytest.raises(ConfigError) as err:
        build_papers(load_config(project / "course" / "course.yml"))
    assert any(line.startswith(str(project)) and message in line
               for line in str(err.value).splitlines()), str(err.value)


def test_shipped_blueprints_meet_the_rules() -> None:
    config = load_config(PROJECT / "course" / "course.yml")
    papers = build_papers(config)
    practice, final = papers["practice"], papers["final"]
    assert len(practice.items) >= 30 and len(final.items) >= 60
    assert min(practice.per_module().values()) >= 3 and min(final.per_module().values()) >= 6
    assert set(practice.per_module()) == set(final.per_module()) == {m.id for m in config.modules}
    assert not set(ids(practice)) & set(ids(final))
    assert practice.exam.time_limit_minutes == config.exams.practice.time_limit_minutes
