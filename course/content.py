"""The module content model: what a module's `module.yml` declares, validated on load.

A module folder holds `module.md` (the prose, a jupytext MyST notebook) and `module.yml`
(objectives, models, exercises, knowledge check, reflection, references). The build wraps the
prose with a header and a trailer generated from the YAML, so every module has the same frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from course.errors import ConfigError, load_yaml, validation_message

BLOOM_LEVELS = ("remember", "understand", "apply", "analyze", "evaluate", "create")
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Objective(Strict):
    id: Slug
    text: str
    bloom: Literal["remember", "understand", "apply", "analyze", "evaluate", "create"]


class Reference(Strict):
    authors: str
    year: int | str
    title: str
    source: str = ""


class Model(Strict):
    """A model the module teaches; listed in the models reference with its tool."""

    id: Slug
    name: str
    source: str  # author(s), year
    summary: str
    section: str  # heading of the module section that teaches it
    tool: Slug | None = None  # registered model tool id


class Option(Strict):
    id: Slug
    text: str
    correct: bool = False
    why: str


class _Exercise(Strict):
    id: Slug
    objective: Slug
    prompt: str


class SingleChoice(_Exercise):
    kind: Literal["single_choice"]
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_key(self) -> SingleChoice:
        if sum(o.correct for o in self.options) != 1:
            raise ValueError("a single_choice needs exactly one option with correct: true")
        return self


class MultipleSelect(_Exercise):
    kind: Literal["multiple_select"]
    options: list[Option] = Field(min_length=3)

    @model_validator(mode="after")
    def _some_key(self) -> MultipleSelect:
        if not any(o.correct for o in self.options):
            raise ValueError("a multiple_select needs at least one option with correct: true")
        return self


class TrueFalse(_Exercise):
    kind: Literal["true_false"]
    answer: bool
    why: str


class Numeric(_Exercise):
    kind: Literal["numeric"]
    answer: float
    tolerance: float = Field(ge=0)
    unit: str = ""
    why: str


class Bucket(Strict):
    id: Slug
    label: str


class CategorizeItem(Strict):
    id: Slug
    text: str
    bucket: Slug
    why: str


class Categorize(_Exercise):
    kind: Literal["categorize"]
    buckets: list[Bucket] = Field(min_length=2)
    items: list[CategorizeItem] = Field(min_length=2)

    @model_validator(mode="after")
    def _known_buckets(self) -> Categorize:
        known = {b.id for b in self.buckets}
        for item in self.items:
            if item.bucket not in known:
                raise ValueError(f"item {item.id!r} names unknown bucket {item.bucket!r}")
        return self


class Step(Strict):
    id: Slug
    text: str


class Order(_Exercise):
    kind: Literal["order"]
    steps: list[Step] = Field(min_length=3)  # listed in the correct order
    why: str


class Pair(Strict):
    id: Slug
    left: str
    right: str
    why: str


class Match(_Exercise):
    kind: Literal["match"]
    pairs: list[Pair] = Field(min_length=3)


class GridItem(Strict):
    id: Slug
    text: str
    x: Literal["low", "high"]
    y: Literal["low", "high"]
    why: str


class Quadrants(Strict):
    low_low: str
    high_low: str  # x high, y low
    low_high: str  # x low, y high
    high_high: str


class Grid(_Exercise):
    kind: Literal["grid"]
    x_label: str
    y_label: str
    quadrants: Quadrants
    items: list[GridItem] = Field(min_length=2)


Exercise = Annotated[
    SingleChoice | MultipleSelect | TrueFalse | Numeric | Categorize | Order | Match | Grid,
    Field(discriminator="kind"),
]
EXERCISE_KINDS = ("single_choice", "multiple_select", "true_false", "numeric", "categorize",
                  "order", "match", "grid")


class Reflection(Strict):
    prompt: str


class ModuleContent(Strict):
    """Everything `module.yml` declares for one module."""

    id: str
    title: str
    study_time_hours: float = Field(gt=0, le=6)
    objectives: list[Objective] = Field(min_length=1)
    models: list[Model] = Field(default_factory=list)
    exercises: list[Exercise] = Field(default_factory=list)
    knowledge_check: list[Exercise] = Field(default_factory=list)
    reflection: Reflection
    references: list[Reference] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_and_links(self) -> ModuleContent:
        ids = [e.id for e in self.exercises] + [e.id for e in self.knowledge_check]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate exercise ids: {', '.join(dupes)}")
        objective_ids = {o.id for o in self.objectives}
        for e in [*self.exercises, *self.knowledge_check]:
            if e.objective not in objective_ids:
                raise ValueError(f"exercise {e.id!r} names unknown objective {e.objective!r}")
        return self

    def item(self, item_id: str) -> Exercise:
        """The exercise or knowledge-check item with this id."""
        for e in [*self.exercises, *self.knowledge_check]:
            if e.id == item_id:
                return e
        raise KeyError(f"{self.id} has no exercise {item_id!r}")


def load_module_content(path: Path) -> ModuleContent:
    """Load and validate a module.yml; a bad file raises ConfigError naming file and field."""
    data = load_yaml(path)
    try:
        return ModuleContent.model_validate(data)
    except ValueError as exc:  # pydantic.ValidationError is a ValueError
        raise ConfigError(validation_message(path, exc, data, EXERCISE_KINDS)) from None


def dump_module_content(content: ModuleContent) -> str:
    """Serialise module content back to YAML (used to copy it beside built notebooks)."""
    return yaml.safe_dump(content.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
