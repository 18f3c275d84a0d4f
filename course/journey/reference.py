"""The models reference: every model of every module, generated from the modules' metadata.

Each module's `models:` list in module.yml gives the name, source, summary, the section that
teaches it and its tool. The build turns the list into cells after the reference's own
introduction, so a model added to a module appears here at the next build: a heading per module,
a heading per model (the anchor the review plan links to) and a one-call cell for its tool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from course.content import Model
from course.journey.snapshot import ModuleEntry, Snapshot

if TYPE_CHECKING:
    from nbformat import NotebookNode


@dataclass(frozen=True)
class ReferenceEntry:
    """One model and the module it comes from."""

    module: ModuleEntry
    model: Model

    @property
    def section_link(self) -> str:
        return self.module.model_link(self.model)

    def markdown(self) -> str:
        """The reference text for the model: heading, source, summary, where it is taught."""
        m = self.model
        tool = "Try its tool below." if m.tool else "It has no calculator; the module's " \
            "exercises practise it."
        return (f"### {m.name}\n\n**Source:** {m.source}\n\n{m.summary}\n\n"
                f"Taught in [Module {self.module.number}, section {m.section}]"
                f"({self.section_link}). {tool}")


def reference_entries(snapshot: Snapshot) -> list[ReferenceEntry]:
    """Every model of the course in module order."""
    return [ReferenceEntry(module, model) for module in snapshot.modules
            for model in module.content.models]


def reference_cells(snapshot: Snapshot) -> list[NotebookNode]:
    """The generated part of the models reference notebook (locked cells)."""
    from course.sources import code, markdown

    cells = []
    shown: set[str] = set()
    for entry in reference_entries(snapshot):
        module = entry.module
        if module.id not in shown:
            shown.add(module.id)
            cells.append(markdown(f"module-{module.id}", (
                f"## Module {module.number}: {module.title}\n\n"
                f"[Open the module]({module.link()})")))
        key = f"{module.id}-{entry.model.id}"
        cells.append(markdown(f"model-{key}", entry.markdown()))
        if entry.model.tool:
            cells.append(code(f"tool-{key}", f'show_tool("{entry.model.tool}")'))
    return cells
