"""Assignment sources: what the build lays out under the course root's source/ folder.

Each module and each exam is one `AssignmentSource`: an nbgrader assignment id, the input files
that decide when it must be rebuilt, and a function that writes the source notebook (plus any
files it needs beside it) into a folder. Modules are assembled here; exams in `course.exams`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from course.content import ModuleContent, dump_module_content, load_module_content
from course.courseview import __file__ as COURSEVIEW
from course.courseview import present

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from course.config import CourseConfig, Module

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class AssignmentSource:
    """One nbgrader assignment the build produces."""

    id: str
    notebook: str  # file name of the notebook inside the assignment folder
    inputs: tuple[Path, ...]  # files whose content decides whether to rebuild
    write: Callable[[Path], None]  # writes the notebook (and extras) into a folder

    def fingerprint(self) -> str:
        """A digest of the inputs' names and contents."""
        digest = hashlib.sha256(self.id.encode())
        for path in sorted({*self.inputs, Path(COURSEVIEW)}):  # how every notebook is presented
            digest.update(str(path).encode())
            digest.update(path.read_bytes() if path.exists() else b"<missing>")
        return digest.hexdigest()


def nbgrader_meta(grade_id: str, *, locked: bool = True, points: float | None = None) -> dict:
    """nbgrader cell metadata: a locked read-only cell, or an autograder test cell with points."""
    meta = {"grade": points is not None, "grade_id": grade_id, "locked": locked,
            "schema_version": 3, "solution": False, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def markdown(grade_id: str, text: str) -> NotebookNode:
    """A locked Markdown cell."""
    import nbformat

    return nbformat.v4.new_markdown_cell(text, metadata=nbgrader_meta(grade_id))


def code(grade_id: str, source: str, points: float | None = None,
         hide_in_voila: bool = False) -> NotebookNode:
    """A locked code cell; with points, an autograder test cell."""
    import nbformat

    meta = nbgrader_meta(grade_id, points=points)
    if hide_in_voila:
        meta["tags"] = ["remove-cell"]
    return nbformat.v4.new_code_cell(source, metadata=meta)


def new_notebook(cells: list[NotebookNode]) -> NotebookNode:
    """A Python 3 notebook with these cells, presented as the course's (code hidden)."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return present(nb)


def _header(number: int, content: ModuleContent) -> str:
    hours = f"{content.study_time_hours:g} hour" + ("" if content.study_time_hours == 1 else "s")
    objectives = "\n".join(f"{i}. {o.text}" for i, o in enumerate(content.objectives, 1))
    return (f"# Module {number}: {content.title}\n\n"
            f"**Estimated study time:** {hours}, exercises included.\n\n"
            "Answer every exercise with the controls shown; your answers are saved as you check "
            "them and restored when you reopen the notebook.\n\n"
            f"## Learning objectives\n\nBy the end of this module you will be able to:\n\n"
            f"{objectives}\n")


def _references(content: ModuleContent) -> str:
    lines = []
    for ref in sorted(content.references, key=lambda r: (r.authors, str(r.year))):
        source = f" {ref.source}." if ref.source else ""
        lines.append(f"- {ref.authors} ({ref.year}). *{ref.title}*.{source}")
    return "## References\n\n" + "\n".join(lines) + "\n"


def module_notebook(number: int, module_id: str, body: NotebookNode,
                    content: ModuleContent) -> NotebookNode:
    """Frame a module's prose: header, setup, body, knowledge check, reflection, references."""
    cells = [
        markdown("header", _header(number, content)),
        code("setup", f'from widgets.kit import Module\n\nm = Module.here("{module_id}")',
             hide_in_voila=True),
    ]
    for index, cell in enumerate(body.cells, 1):
        maker = markdown if cell.cell_type == "markdown" else code
        cells.append(maker(f"body-{index:03d}", cell.source))
    cells.append(markdown("knowledge-check-intro", (
        "## Knowledge check\n\nAnswer each question, then press **Check**. These items are "
        "scored when you submit the module; you can change an answer until then.")))
    cells.append(code("knowledge-check", "m.knowledge_check()"))
    for item in content.knowledge_check:
        cells.append(code(f"kc-{item.id}", f'm.grade("{item.id}")', points=1,
                          hide_in_voila=True))
    cells.append(markdown("reflection-intro", "## Reflection journal\n\n"
                                              + content.reflection.prompt))
    cells.append(code("reflection", "m.reflection()"))
    cells.append(markdown("confidence-intro", (
        "## How confident do you feel?\n\nRate how confident you are that you could apply this "
        "module's models at work. Your rating helps plan your review week.")))
    cells.append(code("confidence", "m.confidence()"))
    cells.append(markdown("references", _references(content)))
    return new_notebook(cells)


def module_source(config: CourseConfig, number: int, module: Module) -> AssignmentSource:
    """The assignment source for one module."""
    folder = config.path(module.folder)
    md, yml = folder / "module.md", folder / "module.yml"

    def write(dest: Path) -> None:
        import jupytext
        import nbformat

        content = load_module_content(yml)
        if content.id != module.id:
            from course.errors import ConfigError

            raise ConfigError(f"{yml}: id: {content.id!r} does not match course.yml's "
                              f"module id {module.id!r}")
        body = jupytext.read(md, fmt="md:myst")
        nbformat.write(module_notebook(number, module.id, body, content),
                       dest / f"{module.slug}.ipynb")
        (dest / "module.yml").write_text(dump_module_content(content), encoding="utf-8")

    return AssignmentSource(module.id, f"{module.slug}.ipynb", (md, yml, Path(__file__)), write)


def module_sources(config: CourseConfig) -> list[AssignmentSource]:
    """Assignment sources for every module in course order."""
    return [module_source(config, n, m) for n, m in enumerate(config.modules, 1)]
