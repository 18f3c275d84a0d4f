"""Exam blueprints (`exams/practice.yml`, `exams/final.yml`) resolved against the bank into papers.

A blueprint lists its items or says how many to draw per module; draws are deterministic (items
ranked by a hash of the seed and the item id, spread round-robin over the module's objectives)
and never take an item the other exam uses. Time limit and pass mark come from course.yml.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import chain, zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from course.errors import ConfigError, load_yaml, validation_message
from course.exams.bank import Bank, BankItem, load_bank

if TYPE_CHECKING:
    from course.config import CourseConfig, Exam

Kind = Literal["practice", "final"]
KINDS: tuple[Kind, ...] = ("practice", "final")
# The minimums: (items in the exam, items per module).
MINIMUMS: dict[str, tuple[int, int]] = {"practice": (30, 3), "final": (60, 6)}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Draw(_Strict):
    per_module: int = Field(ge=1)
    seed: str = ""  # default: the exam id


class Blueprint(_Strict):
    """What a blueprint file declares."""

    title: str = Field(min_length=1)
    points_per_item: float = Field(default=1.0, gt=0)
    points: dict[str, float] = Field(default_factory=dict)  # per-item overrides
    items: list[str] | None = None
    draw: Draw | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Blueprint:
        if (self.items is None) == (self.draw is None):
            raise ValueError("give exactly one of `items` (a list of item ids) or `draw`")
        for item_id, value in self.points.items():
            if value <= 0:
                raise ValueError(f"points for {item_id} must be greater than 0")
        return self


@dataclass(frozen=True)
class PaperItem:
    """One item on an exam paper."""

    number: int
    entry: BankItem
    points: float

    @property
    def grade_id(self) -> str:
        """The nbgrader grade id of the item's autograder test cell."""
        return f"item-{self.entry.id}"


@dataclass(frozen=True)
class Paper:
    """A resolved exam: its course.yml settings, title and items in order."""

    exam: Exam
    kind: Kind
    title: str
    items: tuple[PaperItem, ...]

    @property
    def total_points(self) -> float:
        return sum(i.points for i in self.items)

    def per_module(self) -> dict[str, int]:
        """Number of items per module id."""
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.entry.module] = counts.get(item.entry.module, 0) + 1
        return counts


def exam_of(config: CourseConfig, kind: Kind) -> Exam:
    """The course.yml exam settings of a kind."""
    return getattr(config.exams, kind)


def load_blueprint(path: Path) -> Blueprint:
    """Load and validate one blueprint file."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping (title, items or draw, points)")
    try:
        return Blueprint.model_validate(data)
    except ValueError as exc:
        raise ConfigError(validation_message(path, exc, data)) from None


def _rank(seed: str, item_id: str) -> str:
    return hashlib.sha256(f"{seed}\0{item_id}".encode()).hexdigest()


def draw_module(candidates: list[BankItem], count: int, seed: str,
                objective_order: list[str]) -> list[BankItem]:
    """Pick `count` items ranked by hash, round-robin over objectives (best-ranked first)."""
    groups = [sorted((c for c in candidates if c.item.objective == o),
                     key=lambda c: _rank(seed, c.id)) for o in objective_order]
    groups = sorted((g for g in groups if g), key=lambda g: _rank(seed, g[0].id))
    spread = [c for c in chain.from_iterable(zip_longest(*groups)) if c is not None]
    return spread[:count]


def _explicit(path: Path, blueprint: Blueprint, bank: Bank, errors: list[str]) -> list[BankItem]:
    chosen: list[BankItem] = []
    for item_id in blueprint.items or []:
        try:
            entry = bank.get(item_id)
        except KeyError:
            errors.append(f"{path}: items: unknown item id {item_id!r}")
            continue
        if any(c.id == item_id for c in chosen):
            errors.append(f"{path}: items: item {item_id} is listed twice")
            continue
        chosen.append(entry)
    return chosen


def _drawn(config: CourseConfig, path: Path, exam: Exam, draw: Draw, bank: Bank,
           used: set[str], errors: list[str]) -> list[BankItem]:
    chosen: list[BankItem] = []
    for module in config.modules:
        free = [e for e in bank.by_module(module.id) if e.id not in used]
        if len(free) < draw.per_module:
            errors.append(f"{path}: draw: module {module.id} has {len(free)} item(s) not used by "
                          f"the other exam; {exam.id} needs {draw.per_module}")
        content = bank.modules.get(module.id)
        order = [o.id for o in content.objectives] if content else []
        picked = draw_module(free, draw.per_module, draw.seed or exam.id, order)
        used.update(e.id for e in picked)
        chosen.extend(picked)
    return chosen


def _check_rules(config: CourseConfig, path: Path, paper: Paper, errors: list[str]) -> None:
    least, per_module = MINIMUMS[paper.kind]
    if len(paper.items) < least:
        errors.append(f"{path}: the {paper.kind} exam has {len(paper.items)} items; at least "
                      f"{least} are required")
    counts = paper.per_module()
    for module in config.modules:
        if counts.get(module.id, 0) < per_module:
            errors.append(f"{path}: the {paper.kind} exam has {counts.get(module.id, 0)} item(s) "
                          f"of module {module.id}; at least {per_module} are required")


def build_papers(config: CourseConfig, bank: Bank | None = None) -> dict[str, Paper]:
    """Resolve both blueprints into papers, by kind; every problem is listed in one ConfigError."""
    bank = load_bank(config) if bank is None else bank
    paths = {k: config.path(exam_of(config, k).blueprint) for k in KINDS}
    blueprints = {k: load_blueprint(paths[k]) for k in KINDS}
    errors: list[str] = []
    chosen = {k: _explicit(paths[k], blueprints[k], bank, errors) for k in KINDS}
    owner: dict[str, str] = {}
    for kind in KINDS:
        for entry in chosen[kind]:
            if entry.id in owner:
                errors.append(f"{paths[kind]}: items: item {entry.id} is also on the "
                              f"{owner[entry.id]} exam; no item may be on both")
            owner.setdefault(entry.id, kind)
    used = set(owner)
    for kind in KINDS:
        draw = blueprints[kind].draw
        if draw is not None:
            chosen[kind] = _drawn(config, paths[kind], exam_of(config, kind), draw, bank, used,
                                  errors)
    papers: dict[str, Paper] = {}
    for kind in KINDS:
        blueprint, order = blueprints[kind], [m.id for m in config.modules]
        entries = sorted(chosen[kind], key=lambda e: order.index(e.module))
        on_paper = {e.id for e in entries}
        for item_id in blueprint.points:
            if item_id not in on_paper:
                errors.append(f"{paths[kind]}: points: item {item_id} is not on this exam")
        items = tuple(PaperItem(n, e, blueprint.points.get(e.id, blueprint.points_per_item))
                      for n, e in enumerate(entries, 1))
        papers[kind] = Paper(exam_of(config, kind), kind, blueprint.title, items)
        _check_rules(config, paths[kind], papers[kind], errors)
    if errors:
        raise ConfigError("\n".join(errors))
    return papers
