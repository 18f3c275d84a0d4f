"""Content check: the countable parts of each module's acceptance list, kept from erosion."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

from course.config import load_config
from course.content import load_module_content
from course.models.design import check_objective
from widgets.tool import draw_figure, tool_ids

PROJECT = Path(__file__).resolve().parent.parent
CONFIG = load_config(PROJECT / "course" / "course.yml")
MIN_WORDS = 2500
CALL = re.compile(r'^m\.(exercise|tool|figure)\("([^"]+)"\)\s*$')


def prose_words(md_path: Path) -> int:
    """Words in the Markdown cells of a module (code cells and markup excluded)."""
    nb = jupytext.read(md_path, fmt="md:myst")
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    text = re.sub(r"`[^`]*`|<[^>]+>|\$[^$]*\$|https?://\S+", " ", text)
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", text))


def calls(md_path: Path) -> list[tuple[str, str]]:
    """Every m.exercise/m.tool/m.figure call in the module's code cells."""
    nb = jupytext.read(md_path, fmt="md:myst")
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.strip().splitlines():
            match = CALL.match(line.strip())
            assert match, f"{md_path}: code cells may only call m.exercise/tool/figure: {line!r}"
            found.append((match[1], match[2]))
    return found


@pytest.fixture(params=[m.id for m in CONFIG.modules])
def module(request):
    meta = CONFIG.module(request.param)
    folder = CONFIG.path(meta.folder)
    return meta, folder, load_module_content(folder / "module.yml")


def test_identity_objectives_and_study_time(module) -> None:
    meta, _folder, content = module
    assert content.id == meta.id
    assert 4 <= len(content.objectives) <= 6
    assert 2 <= content.study_time_hours <= 4
    for objective in content.objectives:
        found = check_objective(objective.text)
        assert found.measurable and not found.vague, (objective.id, found.issues)


def test_prose_length_sections_and_summary(module) -> None:
    _meta, folder, _content = module
    md = folder / "module.md"
    assert prose_words(md) >= MIN_WORDS
    headings = re.findall(r"^## (.+)$", md.read_text(), flags=re.M)
    assert len(headings) >= 5 and headings[-1].strip() == "Summary"


def test_exercises_tools_and_figures(module) -> None:
    _meta, folder, content = module
    used = calls(folder / "module.md")
    exercises = [i for kind, i in used if kind == "exercise"]
    tools = [i for kind, i in used if kind == "tool"]
    figures = [i for kind, i in used if kind == "figure"]
    declared = {e.id: e.kind for e in content.exercises}
    assert set(exercises) == set(declared), "every exercise is shown once, and only those"
    assert len(declared) >= 4 and len(set(declared.values())) >= 3
    assert all(e.kind and (getattr(e, "why", None) or _has_whys(e)) for e in content.exercises)
    assert tools and set(tools) <= set(tool_ids())
    assert figures
    for figure in figures:
        draw_figure(figure)  # every figure the module shows draws without an error
    assert {m.tool for m in content.models if m.tool} <= set(tool_ids())
    assert {m.tool for m in content.models if m.tool} & set(tools), "a model tool is used"


def _has_whys(exercise) -> bool:
    parts = [*getattr(exercise, "options", []), *getattr(exercise, "items", []),
             *getattr(exercise, "pairs", [])]
    return bool(parts) and all(p.why.strip() for p in parts)


def test_knowledge_check_covers_objectives(module) -> None:
    _meta, _folder, content = module
    assert len(content.knowledge_check) >= 5
    covered = {e.objective for e in [*content.exercises, *content.knowledge_check]}
    assert covered == {o.id for o in content.objectives}


def test_reflection_models_and_references(module) -> None:
    _meta, folder, content = module
    assert re.search(r"organi[sz]ation", content.reflection.prompt, flags=re.I)
    assert content.models, "every module teaches at least one named model"
    years = {str(r.year) for r in content.references}
    headings = set(re.findall(r"^## (.+)$", (folder / "module.md").read_text(), flags=re.M))
    for model in content.models:
        cited = re.findall(r"\b(1[89]\d\d|20\d\d)\b", model.source)
        assert cited and set(cited) <= years, f"{model.id}: cite {model.source} in references"
        assert model.section in headings, f"{model.id}: section {model.section!r} not in module"
    assert all(r.authors.strip() and r.title.strip() for r in content.references)
