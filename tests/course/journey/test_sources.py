"""The journey's assignments: snapshot, links, the three notebooks and the models reference."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from course.config import CourseConfig
from course.content import load_module_content
from course.errors import ConfigError
from course.journey.reference import reference_cells, reference_entries
from course.journey.snapshot import (
    Snapshot,
    heading_anchor,
    link,
    load_snapshot,
    write_snapshot,
)
from course.journey.sources import journey_sources
from widgets.tool import tool_ids


def test_snapshot_round_trips_through_course_json(snapshot: Snapshot, tmp_path: Path) -> None:
    write_snapshot(snapshot, tmp_path)
    assert load_snapshot(tmp_path) == snapshot


def test_snapshot_matches_course_yml(snapshot: Snapshot, config: CourseConfig) -> None:
    assert [m.id for m in snapshot.modules] == [m.id for m in config.modules]
    assert [m.number for m in snapshot.modules] == list(range(1, len(config.modules) + 1))
    assert snapshot.modules[2].notebook == f"{config.modules[2].slug}.ipynb"
    assert snapshot.cpd == config.cpd
    assert snapshot.final.pass_mark == config.exams.final.pass_mark
    # 10 modules at 2 a week take 5 of the 6 prework weeks: week 6 is for review
    assert snapshot.module_weeks == 5 and snapshot.review_weeks == [6]
    assert snapshot.assignments["course-home"] == "course-home.ipynb"
    assert snapshot.assignments[config.exams.practice.id].endswith(".ipynb")


@pytest.mark.parametrize("text", ["", "{not json", '{"format": "tmcert-journey"}'])
def test_a_missing_or_damaged_snapshot_is_a_config_error(tmp_path: Path, text: str) -> None:
    if text:
        (tmp_path / "course.json").write_text(text)
    with pytest.raises(ConfigError, match="course.json"):
        load_snapshot(tmp_path)


def test_links_are_relative_to_the_sibling_assignment_folder() -> None:
    assert heading_anchor("2. Three ways to structure L&D") == "2.-Three-ways-to-structure-L&D"
    assert link("m03", "03-needs-analysis.ipynb") == "../m03/03-needs-analysis.ipynb"
    assert link("m02", "02-x.ipynb", "3. Who can help: the power/interest grid") == (
        "../m02/02-x.ipynb#3.-Who-can-help:-the-power/interest-grid")
    assert link("m06", "06-x.ipynb", "5. Gagné's nine events") == (
        "../m06/06-x.ipynb#5.-Gagn%C3%A9's-nine-events")


def test_journey_sources_write_notebooks_and_snapshots(config: CourseConfig,
                                                        tmp_path: Path) -> None:
    sources = journey_sources(config)
    assert [s.id for s in sources] == ["course-home", "models-reference", "cpd-log"]
    for source in sources:
        assert config.project / "course" / "course.yml" in source.inputs
        assert all(config.path(m.folder) / "module.yml" in source.inputs
                   for m in config.modules)
        folder = tmp_path / source.id
        folder.mkdir()
        source.write(folder)
        nb = nbformat.read(folder / source.notebook, as_version=4)
        assert json.loads((folder / "course.json").read_text())["course_id"] == config.id
        metas = [c.metadata["nbgrader"] for c in nb.cells]
        assert all(m["locked"] and not m["grade"] and not m["solution"] for m in metas)
        assert len({m["grade_id"] for m in metas}) == len(metas)
        setup, *calls = [c for c in nb.cells if c.cell_type == "code"]
        assert setup.metadata["tags"] == ["remove-cell"] and "import" in setup.source
        for cell in calls:  # learners never type Python: every other code cell is one call
            assert "\n" not in cell.source.strip() and cell.source.strip().endswith(")")


def test_the_home_calls_every_panel(config: CourseConfig, tmp_path: Path) -> None:
    journey_sources(config)[0].write(tmp_path)
    nb = nbformat.read(tmp_path / "course-home.ipynb", as_version=4)
    calls = [c.source for c in nb.cells if c.cell_type == "code"][1:]
    assert calls == ["j.welcome()", "j.schedule()", "j.progress()", "j.review_plan()",
                     "j.journal()", "j.next_steps()"]


def test_models_reference_covers_every_model_of_every_module(config: CourseConfig,
                                                             snapshot: Snapshot) -> None:
    cells = reference_cells(snapshot)
    texts = [c.source for c in cells]
    expected = 0
    for number, module in enumerate(config.modules, 1):
        content = load_module_content(config.path(module.folder) / "module.yml")
        for model in content.models:
            expected += 1
            [index] = [i for i, t in enumerate(texts) if t.startswith(f"### {model.name}\n")]
            text = texts[index]
            assert model.source in text and model.summary in text
            assert f"({link(module.id, f'{module.slug}.ipynb', model.section)})" in text
            assert f"Module {number}, section {model.section}" in text
            if model.tool:
                assert cells[index + 1].cell_type == "code"
                assert texts[index + 1] == f'show_tool("{model.tool}")'
                assert model.tool in tool_ids()
    assert sum(t.startswith("### ") for t in texts) == expected == len(reference_entries(snapshot))
    assert expected >= 10


def test_models_reference_follows_a_change_in_module_yml(config: CourseConfig,
                                                         snapshot: Snapshot) -> None:
    module = snapshot.modules[0]
    content = module.content.model_copy(update={"models": [
        *module.content.models,
        module.content.models[0].model_copy(update={"id": "new-model", "name": "A new model"})]})
    changed = snapshot.model_copy(update={"modules": [
        module.model_copy(update={"content": content}), *snapshot.modules[1:]]})
    assert any(c.source.startswith("### A new model\n") for c in reference_cells(changed))
    assert not any(c.source.startswith("### A new model\n") for c in reference_cells(snapshot))


def test_every_model_section_link_points_at_a_heading_of_its_module(
        config: CourseConfig, snapshot: Snapshot) -> None:
    for entry in reference_entries(snapshot):
        module = config.module(entry.module.id)
        lines = (config.path(module.folder) / "module.md").read_text().splitlines()
        headings = {line[3:].strip() for line in lines if line.startswith("## ")}
        assert entry.model.section in headings, (entry.module.id, entry.model.id)
        assert entry.section_link.startswith(f"../{module.id}/{module.slug}.ipynb#")
