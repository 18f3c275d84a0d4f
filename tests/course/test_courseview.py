"""The course view: which notebooks count as the course's own, and the server's answer."""

from __future__ import annotations

import json
import os
import shutil
import urllib.parse
from pathlib import Path

import nbformat
import pytest

from course.courseview import (
    ENDPOINT,
    LAB_EXTENSION,
    METADATA_KEY,
    ReleasedDigests,
    code_digest,
    install,
    present,
    verdict,
)
from tests.servers import http_status, start_lab

M01 = "m01/01-training-function.ipynb"


def notebook(*sources: str, markdown: str = "# Title") -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_markdown_cell(markdown)]
    cells += [nbformat.v4.new_code_cell(source) for source in sources]
    return nbformat.v4.new_notebook(cells=cells)


def test_present_marks_the_notebook_and_hides_every_code_input() -> None:
    nb = present(notebook("a = 1", "a"))
    assert nb.metadata[METADATA_KEY] == {"view": "course"}
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.metadata["jupyter"]["source_hidden"] for c in code] == [True, True]
    assert "jupyter" not in nb.cells[0].metadata  # prose stays as it is


def test_the_digest_follows_the_code_and_nothing_else() -> None:
    base = code_digest(notebook("a = 1", "a"))
    assert code_digest(notebook("a = 1", "a", markdown="# Other words")) == base
    with_output = notebook("a = 1", "a")
    with_output.cells[2].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    assert code_digest(present(with_output)) == base
    as_lines = json.loads(nbformat.writes(notebook("a = 1\nb = 2")))
    as_lines["cells"][1]["source"] = ["a = 1\n", "b = 2"]  # the list form nbformat also allows
    assert code_digest(as_lines) == code_digest(notebook("a = 1\nb = 2"))
    assert code_digest(notebook("a = 2", "a")) != base
    assert code_digest(notebook("a", "a = 1")) != base  # order matters
    assert code_digest(notebook("a = 1", "a", "import os")) != base  # an added cell


def test_only_an_unchanged_course_notebook_may_run() -> None:
    released = {code_digest(notebook("a = 1"))}
    assert verdict(present(notebook("a = 1")), released) == {"course": True, "reason": ""}
    plain = verdict(notebook("a = 1"), released)  # the same code, but not marked as the course's
    assert plain["course"] is False and "not one of the course's" in plain["reason"]
    changed = verdict(present(notebook("import os; os.remove('x')")), released)
    assert changed["course"] is False and "differs from the copy the course released" in \
        changed["reason"]


def test_released_digests_follow_a_new_release(tmp_path: Path) -> None:
    folder = tmp_path / "release" / "m01"
    folder.mkdir(parents=True)
    nbformat.write(present(notebook("a = 1")), folder / "one.ipynb")
    (folder / "broken.ipynb").write_text("{not json", encoding="utf-8")
    digests = ReleasedDigests(tmp_path / "release")
    assert digests.current() == {code_digest(notebook("a = 1"))}
    nbformat.write(present(notebook("a = 2")), folder / "one.ipynb")
    os.utime(folder / "one.ipynb", ns=(1, 1))  # a different modification time: read again
    assert digests.current() == {code_digest(notebook("a = 2"))}


def test_every_released_notebook_is_presented(built_course: Path) -> None:
    released = sorted((built_course / "release").glob("*/*.ipynb"))
    assert len(released) >= 15  # ten modules, two exams, the journey's three
    for path in released:
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata[METADATA_KEY] == {"view": "course"}, path
        hidden = [c.metadata.get("jupyter", {}).get("source_hidden") for c in nb.cells
                  if c.cell_type == "code"]
        assert hidden and all(hidden), path


def test_install_links_the_lab_extension_and_switches_the_server_extension_on(
        tmp_path: Path) -> None:
    made = install(tmp_path)
    lab = tmp_path / "share" / "jupyter" / "labextensions" / LAB_EXTENSION
    assert lab in made and lab.is_symlink()
    package = json.loads((lab / "package.json").read_text(encoding="utf-8"))
    assert package["name"] == LAB_EXTENSION
    assert (lab / package["jupyterlab"]["_build"]["load"]).is_file()
    switch = json.loads(made[1].read_text(encoding="utf-8"))
    assert switch == {"ServerApp": {"jpserver_extensions": {"course.courseview": True}}}
    assert install(tmp_path) == made  # again: replaced, not failed


@pytest.fixture(scope="module")
def lab(built_course: Path, tmp_path_factory: pytest.TempPathFactory):
    """JupyterLab serving a released m01, a tampered copy and a plain notebook."""
    root = tmp_path_factory.mktemp("courseview-lab")
    shutil.copytree(built_course / "release" / "m01", root / "m01")
    tampered = nbformat.read(root / M01, as_version=4)
    tampered.cells[1].source += "\nimport os"
    nbformat.write(tampered, root / "m01" / "tampered.ipynb")
    nbformat.write(notebook("a = 1"), root / "plain.ipynb")
    server = start_lab(root, tmp_path_factory.mktemp("courseview-home"), built_course)
    yield server
    server.stop()


def ask(server, path: str, token: bool = True) -> tuple[int, str]:
    url = server.url(f"{ENDPOINT}?path={urllib.parse.quote(path)}")
    return http_status(url if token else url.replace(f"token={server.token}", "token=x"))


@pytest.mark.parametrize(("path", "course"), [
    (M01, True), ("m01/tampered.ipynb", False), ("plain.ipynb", False)])
def test_the_server_answers_whether_a_notebook_is_the_courses(lab, path: str,
                                                               course: bool) -> None:
    status, body = ask(lab, path)
    assert status == 200
    assert json.loads(body)["course"] is course


def test_the_server_answer_needs_a_login_and_an_existing_notebook(lab) -> None:
    assert ask(lab, M01, token=False)[0] == 403
    assert ask(lab, "m01/missing.ipynb")[0] == 404
    assert ask(lab, "m01/module.yml")[0] in (400, 404)  # not a notebook
