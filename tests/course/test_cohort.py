"""The synthetic cohort: a deterministic roster and real, well-formed submissions."""

from __future__ import annotations

import csv
import datetime as dt
import filecmp
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from nbgrader.utils import parse_utc

from course.analytics.stats import item_statistics
from course.cohort import (
    DEFAULT_SEED,
    MARKUP_LEARNER,
    MARKUP_REFLECTION,
    CohortError,
    generate_cohort,
    item_parameters,
    make_profiles,
    released_tasks,
    right_answer,
    wrong_answer,
)
from course.content import load_module_content
from course.schedule import due_dates
from tests.course.analytics.roots import copy_root
from widgets.checks import check
from widgets.store import read_answers

MALFORMED = "This answer could not be checked"


@pytest.fixture(scope="module")
def cohort(built_course, config, tmp_path_factory):
    """A 15-learner cohort generated into a copy of the built course (root, summary)."""
    root = copy_root(built_course, config, tmp_path_factory.mktemp("cohort"))
    return root, generate_cohort(config, root)


def _roster(root: Path) -> list[dict[str, str]]:
    with (root / "roster.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _folders(root: Path) -> list[Path]:
    return sorted(p for p in (root / "submitted").glob("*/*") if p.is_dir())


def test_roster_has_fifteen_learners_in_the_configured_groups(cohort, config) -> None:
    root, summary = cohort
    rows = _roster(root)
    assert summary.learners == len(rows) == 15
    assert len({r["id"] for r in rows}) == 15
    groups = [g.id for g in config.roster.groups]
    assert {r["group"] for r in rows} == set(groups)
    assert all(r["email"].endswith("@example.org") and " " in r["name"] for r in rows)
    counts = pd.Series([r["group"] for r in rows]).value_counts()
    assert counts.max() - counts.min() <= 1


def test_every_released_assignment_is_submitted_and_copied_as_released(cohort, config) -> None:
    root, summary = cohort
    released = {t.id for t in released_tasks(config, root)}
    assert set(summary.per_assignment) == released
    assert {"practice-exam", "final-exam"} <= released
    for folder in _folders(root):
        assignment = folder.name
        for original in (root / "release" / assignment).iterdir():
            assert filecmp.cmp(original, folder / original.name, shallow=False)
        items, problems = read_answers(folder, assignment)
        assert problems == [] and items
        parse_utc((folder / "timestamp.txt").read_text(encoding="utf-8"))
    assert len(_folders(root)) == summary.written


def test_module_answers_have_the_shape_each_kind_expects(cohort, config) -> None:
    root, _ = cohort
    for module in config.modules:
        content = load_module_content(root / "release" / module.id / "module.yml")
        for folder in (root / "submitted").glob(f"*/{module.id}"):
            items, _ = read_answers(folder, module.id)
            for ex in content.knowledge_check:
                assert not check(ex, items[ex.id].value).feedback.startswith(MALFORMED)
            assert items["confidence"].value in range(1, 6)
            if "reflection" in items:
                assert items["reflection"].value.strip()


def test_exam_answers_are_option_ids_of_the_items_on_the_paper(cohort, config) -> None:
    root, _ = cohort
    for task in released_tasks(config, root):
        if task.kind == "module":
            continue
        options = {item_id: opts for item_id, _key, opts in task.items}
        for folder in (root / "submitted").glob(f"*/{task.id}"):
            items, _ = read_answers(folder, task.id)
            assert set(items) <= set(options)
            assert all(saved.value in options[item] for item, saved in items.items())


def test_submissions_spread_around_their_due_dates(cohort, config) -> None:
    root, summary = cohort
    due = due_dates(config)
    late = early = 0
    for folder in _folders(root):
        when = parse_utc((folder / "timestamp.txt").read_text(encoding="utf-8"))
        delta = when.replace(tzinfo=dt.timezone.utc) - due[folder.name]
        late += delta > dt.timedelta(0)
        early += delta < -dt.timedelta(hours=24)
    assert late == summary.late and 0 < late < summary.written / 3
    assert early > summary.written / 3
    expected = 15 * len(summary.per_assignment)
    assert 0 < summary.missing < expected / 10
    assert summary.written + summary.missing == expected


def test_one_learner_writes_reflections_with_markup(cohort) -> None:
    root, _ = cohort
    found = {folder.parent.name for folder in (root / "submitted").glob("*/m*")
             if (saved := read_answers(folder, folder.name)[0].get("reflection"))
             and saved.value == MARKUP_REFLECTION}
    assert found == {_roster(root)[MARKUP_LEARNER]["id"]}
    assert "<script>" in MARKUP_REFLECTION


def test_the_same_seed_gives_the_same_cohort_and_another_seed_another(
        cohort, built_course, config, tmp_path) -> None:
    root, _ = cohort
    again = copy_root(built_course, config, tmp_path / "again")
    generate_cohort(config, again)
    assert (again / "roster.csv").read_bytes() == (root / "roster.csv").read_bytes()
    mine = [p.relative_to(root) for p in _folders(root)]
    assert [p.relative_to(again) for p in _folders(again)] == mine
    for relative in mine:
        for name in ("timestamp.txt", f"{relative.name}.answers.json"):
            assert (again / relative / name).read_bytes() == (root / relative / name).read_bytes()
    other = copy_root(built_course, config, tmp_path / "other")
    generate_cohort(config, other, seed=DEFAULT_SEED + 1)
    assert (other / "roster.csv").read_bytes() != (root / "roster.csv").read_bytes()


def test_existing_submissions_are_never_overwritten(built_course, config, tmp_path) -> None:
    root = copy_root(built_course, config, tmp_path)
    first = generate_cohort(config, root)
    answers = next((root / "submitted").glob("*/m01/m01.answers.json"))
    answers.write_text("learner's own file", encoding="utf-8")
    second = generate_cohort(config, root)
    assert second.written == 0 and second.kept == first.written
    assert answers.read_text(encoding="utf-8") == "learner's own file"


def test_another_roster_is_refused(built_course, config, tmp_path) -> None:
    root = copy_root(built_course, config, tmp_path)
    (root / "roster.csv").write_text("id,name,email,group\nx1,Real Person,r@example.org,g1\n",
                                     encoding="utf-8")
    with pytest.raises(CohortError, match="another roster"):
        generate_cohort(config, root)
    assert not (root / "submitted").exists()


def test_nothing_released_is_refused(config, tmp_path) -> None:
    with pytest.raises(CohortError, match="nothing released"):
        generate_cohort(config, tmp_path)


def test_today_holds_back_what_is_not_submitted_yet(built_course, config, tmp_path) -> None:
    root = copy_root(built_course, config, tmp_path)
    today = due_dates(config)["m03"]
    summary = generate_cohort(config, root, today=today)
    assert summary.not_yet > 0
    for folder in _folders(root):
        assert parse_utc((folder / "timestamp.txt").read_text()).replace(
            tzinfo=dt.timezone.utc) <= today
    assert not list((root / "submitted").glob("*/final-exam"))


def test_without_notebooks_only_answers_and_timestamps_are_written(
        built_course, config, tmp_path) -> None:
    root = copy_root(built_course, config, tmp_path)
    generate_cohort(config, root, learners=3, notebooks=False)
    folder = _folders(root)[0]
    assert sorted(p.name for p in folder.iterdir()) == [f"{folder.name}.answers.json",
                                                        "timestamp.txt"]


def test_right_answers_score_one_and_wrong_answers_less(config) -> None:
    rng = np.random.default_rng(1)
    for module in config.modules:
        content = load_module_content(config.path(module.folder) / "module.yml")
        for ex in [*content.exercises, *content.knowledge_check]:
            assert check(ex, right_answer(ex)).score == 1, ex.id
            wrong = check(ex, wrong_answer(ex, rng))
            assert wrong.score < 1 and not wrong.feedback.startswith(MALFORMED), ex.id


def test_ability_drives_scores_and_the_faulty_items_are_flagged(
        built_course, config, tmp_path) -> None:
    root = copy_root(built_course, config, tmp_path)
    generate_cohort(config, root, learners=300, notebooks=False)
    final = next(t for t in released_tasks(config, root) if t.kind == "final")
    keys = {item_id: key for item_id, key, _ in final.items}
    marks = {}
    for folder in (root / "submitted").glob("*/final-exam"):
        items, _ = read_answers(folder, "final-exam")
        marks[folder.parent.name] = {i: float(i in items and items[i].value == k)
                                     for i, k in keys.items()}
    table = pd.DataFrame(marks).T
    ability = pd.Series({p.id: p.ability
                         for p in make_profiles(config, 300, DEFAULT_SEED, 12)})
    assert np.corrcoef(table.sum(axis=1), ability[table.index])[0, 1] > 0.8
    faulty = [i for i in keys if item_parameters(DEFAULT_SEED, i, exam=True)[1] == 0.05
              or item_parameters(DEFAULT_SEED, i, exam=True)[0] in (-4.0, 3.5)]
    stats = item_statistics(table)
    assert faulty and all(stats.loc[faulty, "flags"].map(bool))
    sound = stats.drop(faulty)
    assert sound["flags"].map(bool).mean() < 0.3
    assert sound["discrimination"].mean() > 0.25
