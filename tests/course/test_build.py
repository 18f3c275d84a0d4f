"""The build: sources -> nbgrader source/ -> release/, incremental, never touching precious data."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course.build import STEPS, BuildContext, collect_sources, run_build
from course.check import check_notebooks, execute_notebook
from course.config import CourseConfig

PROJECT = Path(__file__).resolve().parents[2]


def quiet(config: CourseConfig, root: Path, **kwargs) -> BuildContext:
    return BuildContext(config, root, report=lambda _m: None, **kwargs)


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_module_is_released_with_its_grading_cells(built_course: Path,
                                                          config: CourseConfig) -> None:
    for module in config.modules:
        folder = built_course / "release" / module.id
        nb = nbformat.read(folder / f"{module.slug}.ipynb", as_version=4)
        assert (folder / "module.yml").exists()
        assert nb.cells[0].source.startswith(f"# Module {config.modules.index(module) + 1}:")
        assert 'Module.here("' + module.id + '")' in nb.cells[1].source
        graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert graded and all(c.source.startswith("m.grade(") for c in graded)
        source_nb = nbformat.read(built_course / "source" / module.id / f"{module.slug}.ipynb", 4)
        assert len(source_nb.cells) == len(nb.cells)


def test_second_build_converts_and_generates_nothing(config: CourseConfig, tmp_path: Path) -> None:
    run_build(quiet(config, tmp_path))
    released = tree_digest(tmp_path / "release")
    mtimes = {p: p.stat().st_mtime_ns for p in (tmp_path / "release").rglob("*.ipynb")}
    ctx = quiet(config, tmp_path)
    summaries = dict(run_build(ctx))
    assert ctx.changed == []
    assert summaries["release"] == "nothing to release"
    assert tree_digest(tmp_path / "release") == released
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_changing_one_module_rebuilds_only_it(config: CourseConfig, tmp_path: Path) -> None:
    project = tmp_path / "project"
    for name in ("course", "modules", "exams", "dashboards"):
        shutil.copytree(PROJECT / name, project / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    from course.config import load_config

    local = load_config(project / "course" / "course.yml")
    root = tmp_path / "root"
    run_build(quiet(local, root))
    md = project / local.modules[2].folder / "module.md"
    md.write_text(md.read_text() + "\nOne more sentence for the test.\n")
    ctx = quiet(local, root)
    run_build(ctx)
    assert [s.id for s in ctx.changed] == [local.modules[2].id]
    nb_path = root / "release" / local.modules[2].id / f"{local.modules[2].slug}.ipynb"
    assert "One more sentence for the test." in nb_path.read_text()


def test_build_never_touches_precious_folders(config: CourseConfig, tmp_path: Path) -> None:
    for name in ("submitted/ann/m01", "autograded/ann/m01", "feedback/ann/m01"):
        folder = tmp_path / name
        folder.mkdir(parents=True)
        (folder / "m01.answers.json").write_text('{"precious": true}')
    run_build(quiet(config, tmp_path))
    from nbgrader.api import Gradebook

    from course.nbgrader_io import gradebook_url

    with Gradebook(gradebook_url(tmp_path)) as gb:
        gb.add_student("ann", first_name="Ann", last_name="Lee")
    before = {n: tree_digest(tmp_path / n) for n in ("submitted", "autograded", "feedback")}
    run_build(quiet(config, tmp_path, force=True))
    assert {n: tree_digest(tmp_path / n) for n in before} == before
    with Gradebook(gradebook_url(tmp_path)) as gb:  # the gradebook is updated, never replaced
        assert [s.id for s in gb.students] == ["ann"]
        assert gb.find_assignment("m01").duedate is not None


def test_build_state_records_fingerprints(config: CourseConfig, tmp_path: Path) -> None:
    run_build(quiet(config, tmp_path, only={"m01"}))
    state = json.loads((tmp_path / ".build" / "state.json").read_text())
    assert set(state) == {"m01", "gradebook"}
    assert not (tmp_path / "release" / "m02").exists()


def test_unknown_only_is_refused(config: CourseConfig, tmp_path: Path) -> None:
    from course.build import BuildError

    with pytest.raises(BuildError, match="unknown assignment"):
        collect_sources(quiet(config, tmp_path, only={"m99"}))


def test_steps_are_named_and_ordered() -> None:
    names = [s.name for s in STEPS]
    assert names.index("collect") < names.index("sources") < names.index("release")
    assert len(set(names)) == len(names)


def _broken_release(root: Path) -> Path:
    folder = root / "release" / "broken"
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("1 / 0", metadata={"nbgrader": {"grade_id": "divide"}}),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = folder / "broken.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.notebooks
def test_check_names_the_notebook_and_cell_of_the_first_error(tmp_path: Path) -> None:
    path = _broken_release(tmp_path)
    failure = execute_notebook(path)
    assert failure is not None and failure.cell == 2 and failure.cell_id == "divide"
    assert "ZeroDivisionError" in failure.error
    assert check_notebooks([path]) == failure
    assert not list(path.parent.glob("*.answers.json"))  # ran in a scratch copy


@pytest.mark.notebooks
def test_check_command_exits_nonzero_with_the_cell(tmp_path: Path) -> None:
    _broken_release(tmp_path)
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "check",
                             "--root", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "broken.ipynb: cell 2 (divide): ZeroDivisionError" in result.stderr
