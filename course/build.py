"""The build: text sources -> notebooks -> nbgrader source/ -> generate_assignment -> release/.

The build is a list of named steps (data, each testable alone) run in order over a BuildContext.
It is incremental: an assignment whose inputs have the same fingerprint as at its last successful
release is neither converted nor generated again. It writes only regenerable things (source/,
release/, nbgrader_config.py, the build state) plus gradebook records for assignments and
learners; it never touches submitted/, autograded/ or feedback/.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from course.config import CourseConfig
from course.errors import ConfigError
from course.exams import exam_sources
from course.journey.sources import journey_sources
from course.nbgrader_io import CONFIG_NAME, config_text
from course.schedule import due_dates
from course.sources import AssignmentSource, module_sources
from widgets.store import atomic_write

STATE_FILE = Path(".build") / "state.json"

# Every provider of assignment sources, in release order. Exams append theirs here.
SOURCE_PROVIDERS: list[Callable[[CourseConfig], list[AssignmentSource]]] = [module_sources,
                                                                           exam_sources,
                                                                           journey_sources]


class BuildError(Exception):
    """A build step failed; the message says which assignment and why."""


@dataclass
class BuildContext:
    """What the steps share: settings, the course root, the saved state and this run's changes."""

    config: CourseConfig
    root: Path
    only: set[str] | None = None
    force: bool = False
    report: Callable[[str], None] = print
    progress: Callable[[list, str], list] = lambda items, _label: items
    sources: list[AssignmentSource] = field(default_factory=list)
    state: dict[str, str] = field(default_factory=dict)
    changed: list[AssignmentSource] = field(default_factory=list)

    @property
    def state_path(self) -> Path:
        return self.root / STATE_FILE

    def save_state(self) -> None:
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.state_path, json.dumps(self.state, indent=1, sort_keys=True) + "\n")


@dataclass(frozen=True)
class Step:
    """One named build step."""

    name: str
    run: Callable[[BuildContext], str]  # returns a one-line summary


def collect_sources(ctx: BuildContext) -> str:
    """Gather every assignment source and find those whose inputs changed since their release."""
    ctx.sources = [s for provider in SOURCE_PROVIDERS for s in provider(ctx.config)]
    ids = [s.id for s in ctx.sources]
    if len(set(ids)) != len(ids):
        raise BuildError(f"two assignments share an id: {ids}")
    if ctx.only:
        unknown = ctx.only - set(ids)
        if unknown:
            raise BuildError(f"unknown assignment(s) {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(ids)}")
    for source in ctx.sources:
        if ctx.only and source.id not in ctx.only:
            continue
        released = (ctx.root / "release" / source.id / source.notebook).exists()
        if ctx.force or not released or ctx.state.get(source.id) != source.fingerprint():
            ctx.changed.append(source)
    return f"{len(ctx.changed)} of {len(ctx.sources)} assignments changed"


def check_bank(ctx: BuildContext) -> str:
    """Refuse an item bank that breaks a rule or gives keys away by length (course/exams/cues)."""
    from course.exams import load_bank
    from course.exams.cues import cue_problems

    bank = load_bank(ctx.config)  # a ConfigError names the file, the item and the rule
    problems = cue_problems(bank, ctx.config.exams.item_cues)
    if problems:
        raise BuildError("the item bank gives keys away by their length; rewrite these items "
                         "(make the distractors as specific as the keys):\n"
                         + "\n".join(problems))
    return f"{len(bank.items)} items, no length cues"


def write_nbgrader_config(ctx: BuildContext) -> str:
    """Write the course root's nbgrader_config.py when its content would change."""
    path = ctx.root / CONFIG_NAME
    text = config_text(ctx.config, ctx.root)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return "unchanged"
    ctx.root.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)
    return f"wrote {path.name}"


def lay_out_sources(ctx: BuildContext) -> str:
    """Write each changed assignment's notebook into source/<id>/ (replacing the old copy)."""
    source_root = ctx.root / "source"
    source_root.mkdir(parents=True, exist_ok=True)
    for source in ctx.progress(ctx.changed, "notebooks"):
        staging = Path(tempfile.mkdtemp(prefix=f".{source.id}-", dir=source_root))
        try:
            source.write(staging)
        except ConfigError:
            shutil.rmtree(staging)
            raise
        except Exception as exc:
            shutil.rmtree(staging)
            raise BuildError(f"{source.id}: could not write its notebook: {exc}") from exc
        target = source_root / source.id
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    return f"wrote {len(ctx.changed)} source folder(s)"


def sync_gradebook(ctx: BuildContext) -> str:
    """Record assignments with their due dates, and the roster, in the gradebook."""
    from course.nbgrader_io import gradebook_url, read_roster
    from course.nbgrader_io import sync_gradebook as sync

    roster = ctx.root / ctx.config.roster.file
    url = gradebook_url(ctx.root, ctx.config)
    fingerprint = json.dumps([url, ctx.config.model_dump(mode="json"),
                              roster.read_text(encoding="utf-8") if roster.exists() else ""],
                             sort_keys=True, default=str)
    present = not url.startswith("sqlite") or (ctx.root / "gradebook.db").exists()
    if ctx.state.get("gradebook") == fingerprint and present:
        return "unchanged"
    sync(ctx.config, ctx.root, due_dates(ctx.config))
    ctx.state["gradebook"] = fingerprint
    ctx.save_state()
    learners = len(read_roster(ctx.config, ctx.root))
    return f"{len(due_dates(ctx.config))} assignments, {learners} learners"


def release(ctx: BuildContext) -> str:
    """Run nbgrader generate_assignment for each changed assignment, then record its fingerprint."""
    if not ctx.changed:
        return "nothing to release"
    from course.nbgrader_io import api

    grader = api(ctx.root)
    for source in ctx.progress(ctx.changed, "release"):
        result = grader.generate_assignment(source.id, force=True)
        if not result.get("success"):
            raise BuildError(f"{source.id}: nbgrader generate_assignment failed:\n"
                             f"{result.get('error') or result.get('log')}")
        ctx.state[source.id] = source.fingerprint()
        ctx.save_state()
    return f"released {len(ctx.changed)} assignment(s) to {ctx.root / 'release'}"


def convert_dashboards(ctx: BuildContext) -> str:
    """Convert the Voila dashboard sources into root/dashboards/<audience>/*.ipynb."""
    written = 0
    for audience in ("instructor", "learner"):
        folder = ctx.root / "dashboards" / audience
        folder.mkdir(parents=True, exist_ok=True)
        for relative in getattr(ctx.config.dashboards, audience):
            source = ctx.config.path(relative)
            if not source.exists():
                raise BuildError(f"course.yml dashboards.{audience}: {relative} does not exist")
            target = folder / f"{source.stem}.ipynb"
            if target.exists() and target.stat().st_mtime_ns >= source.stat().st_mtime_ns:
                continue
            import jupytext

            notebook = jupytext.read(source, fmt="md:myst")
            notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}
            atomic_write(target, jupytext.writes(notebook, fmt="ipynb"))
            written += 1
    return f"{written} dashboard(s) converted"


STEPS: tuple[Step, ...] = (
    Step("bank", check_bank),
    Step("nbgrader-config", write_nbgrader_config),
    Step("collect", collect_sources),
    Step("sources", lay_out_sources),
    Step("gradebook", sync_gradebook),
    Step("release", release),
    Step("dashboards", convert_dashboards),
)


def load_state(root: Path) -> dict[str, str]:
    """The fingerprints of the last successful build (empty when missing or unreadable)."""
    try:
        data = json.loads((root / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def run_build(ctx: BuildContext, steps: tuple[Step, ...] = STEPS) -> list[tuple[str, str]]:
    """Run the steps in order; returns (step, summary) pairs."""
    ctx.state = load_state(ctx.root) if not ctx.state else ctx.state
    done = []
    for step in steps:
        summary = step.run(ctx)
        ctx.report(f"[{step.name}] {summary}")
        done.append((step.name, summary))
    return done
