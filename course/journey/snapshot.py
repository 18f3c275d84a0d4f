"""What the journey notebooks know about the course: a `course.json` written beside each of them.

A learner's kernel sees only the released assignment folders, not course.yml or the modules'
sources, so the build writes a snapshot of what the journey needs: the calendar, the modules with
their content (objectives, models, knowledge check, reflection prompt), the notebook of every
assignment (for links) and the CPD rules. It is regenerated whenever course.yml or a module.yml
changes, so the home and the models reference never drift from the modules.

Links between notebooks are relative to the journey notebook's own folder: released assignments
sit side by side in a learner's course folder (`../m03/03-needs-analysis.ipynb`), which works
both in JupyterLab and in Voila (`voila/render/<assignment>/<notebook>`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, ValidationError

from course.config import Cpd
from course.content import Model, ModuleContent, load_module_content
from course.errors import ConfigError
from course.schedule import Deadline, build_schedule, module_weeks_needed, prework_start

if TYPE_CHECKING:
    from course.config import CourseConfig

SNAPSHOT_FILE = "course.json"
HOME = ("course-home", "course-home.ipynb")
REFERENCE = ("models-reference", "models-reference.ipynb")
CPD_LOG = ("cpd-log", "cpd-log.ipynb")
_FRAGMENT_SAFE = "!$&'()*+,;=:@/?-._~"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def heading_anchor(heading: str) -> str:
    """The id JupyterLab and nbconvert (Voila) give a Markdown heading: spaces become hyphens."""
    return heading.strip().replace(" ", "-")


def link(assignment: str, notebook: str, heading: str | None = None) -> str:
    """A relative link from one assignment folder to another's notebook (and a heading in it)."""
    target = f"../{quote(assignment)}/{quote(notebook)}"
    return target + (f"#{quote(heading_anchor(heading), safe=_FRAGMENT_SAFE)}" if heading else "")


class ModuleEntry(Strict):
    """One module as the journey sees it: number, notebook and validated content."""

    id: str
    number: int
    title: str
    notebook: str
    content: ModuleContent

    def link(self, heading: str | None = None) -> str:
        """A relative link to the module notebook, or to one of its headings."""
        return link(self.id, self.notebook, heading)

    def model_link(self, model: Model) -> str:
        """A relative link to the section of the module that teaches a model."""
        return self.link(model.section)


class ExamEntry(Strict):
    id: str
    title: str
    notebook: str | None
    pass_mark: float
    time_limit_minutes: int


class Snapshot(Strict):
    """Everything the journey notebooks read about the course."""

    format: Literal["tmcert-journey"] = "tmcert-journey"
    version: Literal[1] = 1
    course_id: str
    title: str
    timezone: str
    prework_start: dt.date
    prework_weeks: int
    module_weeks: int
    modules_per_week: int
    due_weekday: str
    due_time: dt.time
    practicum_start: dt.date
    practicum_days: int
    deadlines: list[Deadline]
    modules: list[ModuleEntry]
    practice: ExamEntry
    final: ExamEntry
    assignments: dict[str, str]  # assignment id -> notebook file name
    cpd: Cpd

    @property
    def review_weeks(self) -> list[int]:
        """Prework weeks left after the last module is due: the review weeks."""
        return list(range(self.module_weeks + 1, self.prework_weeks + 1))

    def week_monday(self, week: int) -> dt.date:
        """The Monday of a course week (1 is the first prework week)."""
        return self.prework_start + dt.timedelta(weeks=week - 1)

    def module(self, module_id: str) -> ModuleEntry:
        """The module with this id."""
        for entry in self.modules:
            if entry.id == module_id:
                return entry
        raise KeyError(f"no module {module_id!r} in the course snapshot")

    def assignment_link(self, assignment: str, heading: str | None = None) -> str | None:
        """A relative link to an assignment's notebook, or None when the build has none."""
        notebook = self.assignments.get(assignment)
        return link(assignment, notebook, heading) if notebook else None

    def reference_link(self, model: Model) -> str | None:
        """A relative link to a model's entry in the models reference."""
        return self.assignment_link(REFERENCE[0], model.name)


def _assignment_notebooks(config: CourseConfig) -> dict[str, str]:
    """The notebook file of every assignment the build releases (from every source provider)."""
    from course.build import SOURCE_PROVIDERS

    found = {s.id: s.notebook for provider in SOURCE_PROVIDERS for s in provider(config)}
    return {**dict((HOME, REFERENCE, CPD_LOG)), **found}


def build_snapshot(config: CourseConfig) -> Snapshot:
    """The snapshot of course.yml and every module.yml, validated as the build writes it."""
    modules = []
    for number, module in enumerate(config.modules, 1):
        path = config.path(module.folder) / "module.yml"
        content = load_module_content(path)
        if content.id != module.id:
            raise ConfigError(f"{path}: id: {content.id!r} does not match course.yml's "
                              f"module id {module.id!r}")
        modules.append(ModuleEntry(id=module.id, number=number, title=module.title,
                                   notebook=f"{module.slug}.ipynb", content=content))
    notebooks = _assignment_notebooks(config)
    exams = {}
    for kind, title in (("practice", "Practice exam"), ("final", "Final exam")):
        exam = getattr(config.exams, kind)
        exams[kind] = ExamEntry(id=exam.id, title=title, notebook=notebooks.get(exam.id),
                                pass_mark=exam.pass_mark,
                                time_limit_minutes=exam.time_limit_minutes)
    pacing = config.pacing
    return Snapshot(
        course_id=config.id, title=config.title, timezone=config.timezone,
        prework_start=prework_start(config), prework_weeks=pacing.prework_weeks,
        module_weeks=module_weeks_needed(config), modules_per_week=pacing.modules_per_week,
        due_weekday=pacing.due_weekday, due_time=pacing.due_time,
        practicum_start=config.practicum.start, practicum_days=config.practicum.days,
        deadlines=build_schedule(config), modules=modules, assignments=notebooks,
        cpd=config.cpd, **exams)


def write_snapshot(snapshot: Snapshot, folder: Path) -> Path:
    """Write the snapshot as course.json into a folder."""
    path = Path(folder) / SNAPSHOT_FILE
    path.write_text(snapshot.model_dump_json(indent=1) + "\n", encoding="utf-8")
    return path


def load_snapshot(folder: Path | str) -> Snapshot:
    """Read course.json from a folder; a missing or damaged file raises ConfigError."""
    path = Path(folder) / SNAPSHOT_FILE
    try:
        return Snapshot.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found; the course files in this folder are "
                          "incomplete (ask your tutor to release this notebook again)") from None
    except (ValidationError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid course snapshot ({exc.__class__.__name__}); "
                          "ask your tutor to release this notebook again") from None
