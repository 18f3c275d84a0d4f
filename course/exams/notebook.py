"""Exam papers as nbgrader source notebooks, and the build's exam assignment sources.

Each item is a locked cell that shows the stem and options through the exam-mode widget, then an
autograder test cell whose only content is a hidden test calling `grade_item` with the key.
The setup cell opens the session with the question ids in order and shows the progress panel
(answered of all, and which are not); the panel is shown again before the submission text.
nbgrader's generate_assignment strips hidden tests, so the released notebook holds no key; no
rationale is written anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from course.errors import ConfigError
from course.exams.bank import OPTION_IDS, Bank, bank_files
from course.exams.blueprint import KINDS, Paper, PaperItem, build_papers, exam_of
from course.sources import AssignmentSource, code, markdown, new_notebook

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from course.config import CourseConfig

HERE = Path(__file__).resolve().parent
INTRO = {
    "practice": ("This practice exam decides nothing. Your feedback will show your score in each "
                 "module and which modules to review first before the practicum."),
    "final": "Your result on this exam decides whether you are awarded the certificate.",
}


def _points(value: float) -> str:
    return f"{value:g} point" + ("" if value == 1 else "s")


def header(paper: Paper) -> str:
    """The exam's opening text: purpose, time limit, pass mark and how to answer."""
    exam = paper.exam
    return (f"# {paper.title}\n\n{INTRO[paper.kind]}\n\n"
            f"- **Questions:** {len(paper.items)}, {_points(paper.total_points)} in all\n"
            f"- **Time limit:** {exam.time_limit_minutes} minutes\n"
            f"- **Pass mark:** {exam.pass_mark:.0%}\n\n"
            "Choose one option for each question. Your choice is saved as soon as you make it, "
            "and you can change it until you submit. The exam gives no feedback while you sit "
            "it; your results arrive with your feedback after grading.\n")


def setup(paper: Paper) -> str:
    """The setup cell: open the session with the question ids in order, show the progress panel."""
    ids = "".join(f"        {item.entry.id!r},\n" for item in paper.items)
    return ("from widgets.exam import ExamSession, grade_item\n\n"
            f"exam = ExamSession.here(\n    {paper.exam.id!r},\n    questions=[\n{ids}    ],\n)\n"
            "exam.progress()")


def item_call(item: PaperItem) -> str:
    """The visible cell: `exam.item(id, stem, [(option id, text), ...])`, options in a-d order."""
    options = {o.id: o.text for o in item.entry.item.options}
    rows = "".join(f"        ({oid!r}, {options[oid]!r}),\n" for oid in OPTION_IDS)
    return (f"exam.item(\n    {item.entry.id!r},\n    {item.entry.item.stem!r},\n"
            f"    [\n{rows}    ],\n);")


def item_test(exam_id: str, item: PaperItem) -> str:
    """The autograder test cell: the key only inside the hidden-tests markers."""
    return ("### BEGIN HIDDEN TESTS\n"
            f"_ = grade_item({exam_id!r}, {item.entry.id!r}, {item.entry.item.answer!r}, "
            f"points={item.points!r}, options={list(OPTION_IDS)!r})\n"
            "### END HIDDEN TESTS")


def exam_notebook(paper: Paper) -> NotebookNode:
    """The nbgrader source notebook of one exam paper."""
    exam_id = paper.exam.id
    cells = [markdown("header", header(paper)), code("setup", setup(paper))]
    for item in paper.items:
        cells.append(code(f"show-{item.entry.id}", item_call(item)))
        cells.append(code(item.grade_id, item_test(exam_id, item), points=item.points,
                          hide_in_voila=True))
    cells += [
        markdown("end", "## End of the exam\n\nBefore you submit, check the panel below: it "
                        "lists any question you have not answered yet."),
        code("progress-end", "exam.progress()"),
        markdown("submit", "Each answer is saved as soon as you choose it: every question shows "
                           "*Saved* and the time. When you are ready, submit the assignment."),
    ]
    return new_notebook(cells)


def paper_from_notebook(config: CourseConfig, kind: str, cells: list[dict], bank: Bank) -> Paper:
    """The paper a built exam notebook holds (its graded items and points), from its cells."""
    def text(cell: dict) -> str:
        source = cell.get("source", "")
        return "".join(source) if isinstance(source, list) else source

    title = text(cells[0]).splitlines()[0].removeprefix("# ") if cells else kind
    items: list[PaperItem] = []
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = meta.get("grade_id", "")
        if meta.get("grade") and grade_id.startswith("item-"):
            try:
                entry = bank.get(grade_id.removeprefix("item-"))
            except KeyError:
                raise ConfigError(f"{kind} exam: item {grade_id.removeprefix('item-')} of the "
                                  "built exam is no longer in the bank") from None
            items.append(PaperItem(len(items) + 1, entry, float(meta["points"])))
    return Paper(exam_of(config, kind), kind, title, tuple(items))


def exam_source(config: CourseConfig, kind: str) -> AssignmentSource:
    """The assignment source of one exam; the bank is validated when the notebook is written."""
    exam = exam_of(config, kind)
    inputs = (*(config.path(exam_of(config, k).blueprint) for k in KINDS), *bank_files(config),
              *(config.path(m.folder) / "module.yml" for m in config.modules),
              config.project / "course" / "course.yml",
              *(HERE / name for name in ("bank.py", "blueprint.py", "notebook.py")))

    def write(dest: Path) -> None:
        import nbformat

        paper = build_papers(config)[kind]
        nbformat.write(exam_notebook(paper), dest / f"{exam.id}.ipynb")

    return AssignmentSource(exam.id, f"{exam.id}.ipynb", inputs, write)


def exam_sources(config: CourseConfig) -> list[AssignmentSource]:
    """Assignment sources of the practice and final exams, in that order."""
    return [exam_source(config, kind) for kind in KINDS]
