"""An nbgrader feedback preprocessor: exam diagnostics on top, no keys and no per-item marks.

nbgrader's feedback shows every autograder test cell with its hidden tests, its traceback and
its mark; for an exam that would hand out the keys (in the source) and, through per-item marks,
which options were right. Configured into `GenerateFeedback.preprocessors` after `GetGrades`
(nbgrader's own extension point), this preprocessor, for exam assignments only, drops the item
test cells, shows the questions as plain text (consecutive questions in one cell), and puts the
learner's per-module diagnostics first. Module feedback is left exactly as nbgrader makes it.
"""

from __future__ import annotations

import ast
import html

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Dict

from course.exams.diagnostics import diagnose, render_markdown


def _late_seconds(resources: dict) -> float:
    from nbgrader.api import Gradebook, MissingEntry

    meta = resources["nbgrader"]
    with Gradebook(meta["db_url"]) as gb:
        try:
            return float(gb.find_submission(meta["assignment"], meta["student"])
                         .total_seconds_late or 0)
        except MissingEntry:
            return 0.0


def question_text(source: str, number: int) -> str | None:
    """Markdown for an `exam.item(id, stem, options)` cell, or None if it is not one."""
    try:
        call = ast.parse(source).body[0].value
        _, stem, options = (ast.literal_eval(arg) for arg in call.args)
    except (SyntaxError, IndexError, AttributeError, ValueError, TypeError):
        return None
    lines = "\n".join(f"- {html.escape(str(text))}" for _, text in options)
    return f"**Question {number}.** {html.escape(str(stem))}\n\n{lines}\n"


class ExamFeedback(NbGraderPreprocessor):
    """For exams: diagnostics first, item test cells removed, questions shown as text."""

    exams = Dict(help="exam id -> key-free exam info (course.exams.diagnostics.exam_info)"
                 ).tag(config=True)

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict
                   ) -> tuple[nbformat.NotebookNode, dict]:
        info = self.exams.get(resources.get("nbgrader", {}).get("assignment"))
        if info is None:
            return nb, resources
        scores: dict[str, tuple[float, float]] = {}
        cells, block, number = [], None, 0
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            grade_id = meta.get("grade_id")
            if grade_id in info["items"]:
                scores[grade_id] = (float(meta.get("score") or 0), float(meta.get("points") or 0))
            elif cell.cell_type != "code":
                cells.append(cell)
                block = None
            elif (text := question_text(cell.source, number + 1)) is not None:
                number += 1
                if block is None:  # consecutive questions share one cell: far less to render
                    block = nbformat.v4.new_markdown_cell("")
                    cells.append(block)
                block.source += text + "\n"
            # other code (the setup cell): nothing a learner needs to see
        diagnosis = diagnose(info, scores, _late_seconds(resources))
        text = render_markdown(diagnosis, info["review_threshold"])
        nb.cells = [nbformat.v4.new_markdown_cell(text), *cells]
        return nb, resources
