"""The course definition (course/course.yml), loaded into a validated, frozen model.

A bad file is refused with a ConfigError whose message names the file, the entry and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from course.errors import ConfigError, load_yaml, validation_message

DEFAULT_CONFIG = Path(__file__).with_name("course.yml")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Practicum(Strict):
    start: dt.date
    days: int = Field(default=5, ge=1, le=7)


class Pacing(Strict):
    prework_weeks: int = Field(ge=1)
    modules_per_week: int = Field(ge=1)
    due_weekday: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                         "sunday"]
    due_time: dt.time
    enrolment_date: dt.date | None = None

    @property
    def due_weekday_index(self) -> int:
        return WEEKDAYS.index(self.due_weekday)


class Module(Strict):
    id: Slug
    title: str
    folder: Path

    @property
    def slug(self) -> str:
        """The folder name, used for the notebook's file name (e.g. 01-training-function)."""
        return self.folder.name


class Exam(Strict):
    id: Slug
    blueprint: Path
    time_limit_minutes: int = Field(gt=0)
    pass_mark: float = Field(gt=0, le=1)
    review_threshold: float | None = Field(default=None, gt=0, le=1)


class ItemCues(Strict):
    """Limits on answer-length cues in the item bank, per module (the build's `bank` step)."""

    longest_option_one_in: int = Field(ge=2)  # always picking the longest option scores <= 1 in N
    key_length_ratio: float = Field(ge=1)  # mean over items of key length / mean distractor length


class Exams(Strict):
    practice: Exam
    final: Exam
    item_cues: ItemCues


CLUSTER_ADDRESS = re.compile(r"^(tcp|tls)://(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}$")


def cluster_address(value: str) -> str:
    """A Dask scheduler address (tcp:// or tls://HOST:PORT), or a ValueError saying what is."""
    if not CLUSTER_ADDRESS.match(value):
        raise ValueError(f"{value!r} is not a Dask scheduler address (expected "
                         "tcp://HOST:PORT or tls://HOST:PORT, e.g. tcp://dask-scheduler:8786)")
    return value


class Grading(Strict):
    cell_timeout_seconds: int = Field(default=30, gt=0)
    workers: int = Field(default=2, ge=1)
    cluster: str | None = None  # a Dask scheduler address; None grades in local processes

    @field_validator("cluster")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        return None if value is None else cluster_address(value)


class Serving(Strict):
    port: int = Field(default=8866, ge=1024, le=65534)
    hub_port: int = Field(default=8000, ge=1, le=65535)
    kernel_pool: int = Field(default=1, ge=1)
    cull_idle_seconds: int = Field(default=300, ge=1)
    cull_interval_seconds: int = Field(default=30, ge=1)


DatabaseUrl = Annotated[str, Field(pattern=r"^(sqlite|postgresql(\+psycopg)?://.+)$")]


class Storage(Strict):
    """Where the gradebook and the workspace store live: `sqlite` (a file in the course root) or
    a PostgreSQL URL (postgresql://user@host:port/database)."""

    gradebook: DatabaseUrl = "sqlite"
    workspaces: DatabaseUrl = "sqlite"


UnixName = Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_-]{0,31}$")]


class Hub(Strict):
    """The JupyterHub of `build.py hub` (one machine: PAM users, local processes)."""

    authenticator: str = Field(default="pam", pattern=r"^(pam|[A-Za-z_][\w.]*\.[A-Za-z_]\w*)$")
    exchange: Path = Path("exchange")   # relative paths are inside the course root
    grader: UnixName | None = None      # the account that owns the course root and runs the
                                        # formgrader and dashboards (default: the root's owner)
    cull_idle_seconds: int = Field(default=3600, ge=60)


class Group(Strict):
    id: Slug
    name: str


class Roster(Strict):
    file: Path
    groups: list[Group] = Field(min_length=1)


class Dashboards(Strict):
    instructor: list[Path] = Field(default_factory=list)
    learner: list[Path] = Field(default_factory=list)


class Cpd(Strict):
    hours_per_cycle: float = Field(gt=0)
    cycle_years: int = Field(ge=1)


class Mail(Strict):
    """SMTP settings of `build.py notify`; the password is read from the environment only."""

    host: str = Field(min_length=1)
    port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    sender: str = Field(min_length=3)
    username: str | None = None
    password_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    timeout_seconds: float = Field(default=30, gt=0)
    instructors: list[str] = Field(default_factory=list)
    nudge_weekday: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                           "sunday"] = "monday"
    nudge_on_track: bool = True
    log: Path = Path("mail-log.sqlite")

    @property
    def nudge_weekday_index(self) -> int:
        return WEEKDAYS.index(self.nudge_weekday)

    @model_validator(mode="after")
    def _login(self) -> Mail:
        if self.username and not self.password_env:
            raise ValueError("username is set: name the environment variable that holds the "
                             "password in password_env (never put the password in course.yml)")
        return self


class Sharing(Strict):
    """How certified learners share their credential (LinkedIn, the public verification page)."""

    organization: str = Field(min_length=1)
    verify_url: str | None = Field(default=None, pattern=r"^https?://")


class CourseConfig(Strict):
    """Everything course.yml declares; `project` is the folder that relative paths start from."""

    id: Slug
    title: str
    root: Path
    timezone: str
    practicum: Practicum
    pacing: Pacing
    modules: list[Module] = Field(min_length=1)
    exams: Exams
    grading: Grading = Grading()
    roster: Roster
    dashboards: Dashboards = Dashboards()
    serving: Serving = Serving()
    storage: Storage = Storage()
    instructors: list[UnixName] = Field(default_factory=list)
    hub: Hub = Hub()
    cpd: Cpd
    mail: Mail | None = None
    sharing: Sharing | None = None
    project: Path = Path(".")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as "
                             "Europe/London)") from None
        return value

    @field_validator("modules")
    @classmethod
    def _unique_modules(cls, modules: list[Module]) -> list[Module]:
        seen: set[str] = set()
        for index, module in enumerate(modules):
            if module.id in seen:
                raise ValueError(f"duplicate module id {module.id!r} (entry {index})")
            seen.add(module.id)
        return modules

    @model_validator(mode="after")
    def _checks(self) -> CourseConfig:
        for index, module in enumerate(self.modules):
            if not (self.project / module.folder).is_dir():
                raise ValueError(f"modules[{index}] (id {module.id}) -> folder: "
                                 f"{module.folder} does not exist")
        if self.exams.practice.id == self.exams.final.id:
            raise ValueError("exams: practice and final need different ids")
        clash = {m.id for m in self.modules} & {self.exams.practice.id, self.exams.final.id}
        if clash:
            raise ValueError(f"exams: id {sorted(clash)[0]!r} is also a module id")
        enrol = self.pacing.enrolment_date
        if enrol is not None:
            from course.schedule import prework_start

            first = prework_start(self)
            if enrol > first:
                weeks = (self.practicum.start - enrol).days / 7
                raise ValueError(
                    f"practicum -> start: {self.practicum.start} leaves {weeks:.1f} weeks after "
                    f"the enrolment date {enrol}; {self.pacing.prework_weeks} prework weeks are "
                    f"required (prework must start by {first})")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def module(self, module_id: str) -> Module:
        """The module with this id."""
        for module in self.modules:
            if module.id == module_id:
                return module
        raise KeyError(f"no module {module_id!r} in {self.id}")

    def path(self, relative: Path) -> Path:
        """A path from course.yml made absolute against the project folder."""
        return (self.project / relative).resolve()

    @property
    def exam_list(self) -> list[Exam]:
        return [self.exams.practice, self.exams.final]


def load_config(path: Path | str = DEFAULT_CONFIG) -> CourseConfig:
    """Load and validate course.yml; relative paths resolve against the folder above course/."""
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level")
    project = path.resolve().parent.parent
    try:
        return CourseConfig.model_validate({**data, "project": project})
    except ValueError as exc:
        raise ConfigError(validation_message(path, exc, data)) from None
