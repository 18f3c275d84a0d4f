"""The practicum case: a fictional organization's catalog, budget, stakeholders and brief.

The files in course/practicum/data/ were written by `course.practicum.generate` (seeded, so they
can be rebuilt byte for byte). `load_case()` reads and validates them; a bad file is refused with
a ConfigError naming the file, the row and the field.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from course.errors import ConfigError, load_yaml, validation_message

DATA = Path(__file__).with_name("data")
Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$", max_length=40)]
Money = Annotated[int, Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Goal(_Strict):
    id: Id
    title: str
    measure: str
    baseline: float
    target: float


class CostLine(_Strict):
    id: Id
    label: str
    amount: Money
    goal: Id | None = None


class Budget(_Strict):
    previous_spend: Money
    available: Money
    fixed_costs: list[CostLine]
    commitments: list[CostLine]


class Organization(_Strict):
    name: str
    sector: str
    employees: int = Field(gt=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    year: str
    goals: list[Goal] = Field(min_length=1)
    budget: Budget


def _yes_no(value: object) -> object:
    """Accept the CSV's yes/no for booleans."""
    if isinstance(value, str) and value.strip().lower() in ("yes", "no"):
        return value.strip().lower() == "yes"
    return value


def _blank_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


class Offering(_Strict):
    """One row of the catalog; costs are yearly, fully loaded, charged to the L&D budget."""

    id: Id
    title: str = Field(min_length=1)
    audience: str = Field(min_length=1)
    modality: Literal["instructor-led", "virtual classroom", "self-paced e-learning", "blended",
                      "on-the-job"]
    hours: float = Field(gt=0)
    enrolments: int = Field(gt=0)
    source: Literal["make", "buy"]
    cost: Money
    alt_cost: Money | None  # what the other source would cost; None when there is none
    satisfaction: float = Field(ge=1, le=5)
    learning: float | None = Field(ge=0, le=100)  # mean post-test score, % (Kirkpatrick level 2)
    behavior: float | None = Field(ge=0, le=100)  # % applying it at 90 days (level 3)
    goals: tuple[Id, ...]
    proprietary: bool
    mandatory: bool

    @field_validator("proprietary", "mandatory", mode="before")
    @classmethod
    def _flags(cls, value: object) -> object:
        return _yes_no(value)

    @field_validator("alt_cost", "learning", "behavior", mode="before")
    @classmethod
    def _blanks(cls, value: object) -> object:
        return _blank_none(value)

    @field_validator("goals", mode="before")
    @classmethod
    def _split_goals(cls, value: object) -> object:
        return tuple(value.split()) if isinstance(value, str) else value

    @property
    def learning_hours(self) -> float:
        """Learner hours a year: enrolments x hours per learner."""
        return self.enrolments * self.hours

    def cost_if(self, source: str) -> float | None:
        """Yearly cost when made or bought; None when that source does not exist."""
        return float(self.cost) if source == self.source else (
            None if self.alt_cost is None else float(self.alt_cost))


class Stakeholder(_Strict):
    id: Id
    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    concern: str = Field(min_length=1)


class Case(_Strict):
    """The whole case, cross-checked: ids unique, every goal an offering names exists."""

    organization: Organization
    offerings: tuple[Offering, ...] = Field(min_length=1)
    stakeholders: tuple[Stakeholder, ...] = Field(min_length=1)
    brief: str

    @model_validator(mode="after")
    def _cross_check(self) -> Case:
        goals = {g.id for g in self.organization.goals}
        for kind, rows in (("offering", self.offerings), ("stakeholder", self.stakeholders),
                           ("goal", self.organization.goals)):
            seen: set[str] = set()
            for row in rows:
                if row.id in seen:
                    raise ValueError(f"{kind} id {row.id!r} appears twice")
                seen.add(row.id)
        for o in self.offerings:
            unknown = [g for g in o.goals if g not in goals]
            if unknown:
                raise ValueError(f"offering {o.id}: goal {unknown[0]!r} is not one of the "
                                 f"organization's goals ({', '.join(sorted(goals))})")
            if o.proprietary and o.source == "make" and o.alt_cost is not None:
                raise ValueError(f"offering {o.id}: proprietary content has no outside "
                                 "supplier, so alt_cost must be blank")
        for line in self.organization.budget.commitments:
            if line.goal is not None and line.goal not in goals:
                raise ValueError(f"commitment {line.id}: unknown goal {line.goal!r}")
        return self

    def offering(self, offering_id: str) -> Offering:
        """The offering with this id."""
        for o in self.offerings:
            if o.id == offering_id:
                return o
        raise KeyError(f"no offering {offering_id!r} in the case")

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """The stakeholder with this id."""
        for s in self.stakeholders:
            if s.id == stakeholder_id:
                return s
        raise KeyError(f"no stakeholder {stakeholder_id!r} in the case")


def _read_csv(path: Path, model: type[BaseModel]) -> list:
    """Read a CSV into validated rows; an error names the file, the row (line) and the field."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    out = []
    for line, row in enumerate(rows, start=2):
        if None in row or None in row.values():
            raise ConfigError(f"{path}: line {line}: wrong number of columns")
        try:
            out.append(model.model_validate(row))
        except ValueError as exc:
            where = f"line {line} (id {row.get('id', '?')})"
            raise ConfigError(validation_message(path, exc, row).replace(
                f"{path}: ", f"{path}: {where}: ", 1)) from None
    return out


def load_case(folder: Path | str = DATA) -> Case:
    """Read and validate the case files in `folder`."""
    folder = Path(folder)
    org_path = folder / "organization.yml"
    data = load_yaml(org_path)
    try:
        organization = Organization.model_validate(data)
    except ValueError as exc:
        raise ConfigError(validation_message(org_path, exc, data)) from None
    offerings = _read_csv(folder / "offerings.csv", Offering)
    stakeholders = _read_csv(folder / "stakeholders.csv", Stakeholder)
    try:
        brief = (folder / "brief.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{folder / 'brief.md'}: file not found") from None
    try:
        return Case(organization=organization, offerings=tuple(offerings),
                    stakeholders=tuple(stakeholders), brief=brief)
    except ValueError as exc:
        raise ConfigError(validation_message(folder, exc, {})) from None


@functools.lru_cache(maxsize=4)
def shipped_case() -> Case:
    """The case shipped with the course (read once per process)."""
    return load_case(DATA)
