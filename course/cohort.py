"""A synthetic cohort: a seeded, deterministic roster and real submissions for demos and benchmarks.

`generate_cohort` writes `roster.csv` and, for every released assignment, nbgrader submission
folders `submitted/<learner>/<assignment>/` holding a copy of the released files, the answers file
(widgets/store.py format) and nbgrader's `timestamp.txt`. No kernel runs, so 5,000 learners take
seconds. Existing submissions are never touched.

The model: each learner has an ability and a diligence drawn from a standard normal. An answer is
right with probability c + (1 - c) / (1 + exp(-a (ability - b))), the three-parameter logistic
model (Birnbaum, 1968) that reduces to the Rasch model (Rasch, 1960) when a = 1 and c = 0; c is
the chance of guessing right, b the item's difficulty and a its discrimination. Each item's b and
a come from a hash of the seed and the item id, and a few exam items are made too easy, too hard
or non-discriminating on purpose, so item analysis has something to flag. Diligence decides how
early a learner submits, how often late, and whether they drop out before the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from course.content import load_module_content
from course.schedule import due_dates
from widgets.store import Saved, atomic_write, render

if TYPE_CHECKING:
    from course.config import CourseConfig
    from course.content import ModuleContent

DEFAULT_SEED = 2027
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"  # what nbgrader's exchange writes
FIRST = ("Amara", "Bilal", "Carmen", "Dmitri", "Elena", "Farah", "Gareth", "Hana", "Idris",
         "Joanna", "Kofi", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa",
         "Samir", "Tamsin", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zofia")
LAST = ("Adeyemi", "Brandt", "Castillo", "Dubois", "Eriksen", "Fontaine", "Gallagher", "Haddad",
        "Iversen", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "O'Donnell",
        "Petrov", "Quinlan", "Rahman", "Sandoval", "Takahashi", "Underwood", "Varga",
        "Whitfield", "Yilmaz", "Zimmer")
OPENERS = ("The part of {topic} that stayed with me was how much depends on the manager.",
           "Working through {topic} made me question how we decide what to build.",
           "Before this module I thought {topic} was mostly paperwork; it is not.",
           "I can use the ideas from {topic} in next quarter's planning round.",
           "Much of {topic} matched what I see at work, but the numbers surprised me.")
PLANS = ("I will try it with my own team before the practicum.",
         "Next step: talk it through with my line manager.",
         "I want to test it on our onboarding programme first.",
         "I still need to reread the section on the worked example.",
         "I will bring a real case from work to the practicum week.")
# One learner's reflections carry markup, to prove that every view escapes learner text.
MARKUP_REFLECTION = ('Useful module <script>alert("reflection")</script> with a <b>bold</b> '
                     'claim & a <a href="javascript:alert(1)">link</a> "quoted".')
MARKUP_LEARNER = 2  # index of the learner who writes it (in every module they submit)


class CohortError(Exception):
    """The cohort cannot be generated here (e.g. another roster is already in place)."""


@dataclass(frozen=True)
class Profile:
    """One synthetic learner."""

    id: str
    name: str
    email: str
    group: str
    ability: float
    diligence: float
    drops_after: int | None  # index of the last assignment submitted before dropping out


@dataclass(frozen=True)
class Task:
    """One released assignment a learner may submit: its scored items and where its files are."""

    id: str
    kind: str  # module | practice | final
    due: dt.datetime
    release: Path
    items: tuple[Any, ...]  # module: exercises; exam: (item id, key, option ids)
    content: ModuleContent | None = None
    minutes: float = 600.0  # answers are saved within this many minutes before submitting


@dataclass
class CohortSummary:
    """What `generate_cohort` wrote."""

    learners: int
    written: int = 0
    kept: int = 0  # submissions that already existed and were left alone
    missing: int = 0
    late: int = 0
    not_yet: int = 0  # due after `today`
    per_assignment: dict[str, int] = field(default_factory=dict)


def _rng(*parts: object) -> np.random.Generator:
    digest = hashlib.sha256("\0".join(map(str, parts)).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def make_profiles(config: CourseConfig, learners: int, seed: int, tasks: int) -> list[Profile]:
    """The roster: ids l0001..., invented names, example.org emails, groups in turn."""
    groups = [g.id for g in config.roster.groups]
    profiles = []
    for n in range(learners):
        rng = _rng(seed, "learner", n)
        first, last = FIRST[rng.integers(len(FIRST))], LAST[rng.integers(len(LAST))]
        ability, diligence = (float(v) for v in rng.standard_normal(2))
        drops = int(rng.integers(3, max(4, tasks - 1))) if diligence < -1.3 else None
        local = f"{first}.{last}".lower().replace("'", "")
        profiles.append(Profile(f"l{n + 1:04d}", f"{first} {last}",
                                f"{local}.{n + 1:04d}@example.org", groups[n % len(groups)],
                                ability, diligence, drops))
    return profiles


def roster_text(profiles: list[Profile]) -> str:
    """The roster CSV (id, name, email, group)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name", "email", "group"])
    writer.writerows([p.id, p.name, p.email, p.group] for p in profiles)
    return out.getvalue()


def _draw(seed: int, item_id: str, exam: bool) -> tuple[float, float, str | None]:
    """An item's difficulty, discrimination and the fault injected into it (exam items only)."""
    rng = _rng(seed, "item", item_id)
    b = float(rng.normal(0.0 if exam else -0.8, 1.0))
    a = float(rng.lognormal(0.2, 0.25))
    if not exam:
        return b, a, None
    fault = rng.random()
    if fault < 0.05:
        return b, 0.05, "random"  # answered almost at random: no discrimination
    if fault < 0.10:
        return -4.0, a, "easy"  # nearly everyone gets it
    if fault < 0.14:
        return 3.5, a, "hard"  # nearly no one gets it
    return b, a, None


def item_parameters(seed: int, item_id: str, exam: bool) -> tuple[float, float]:
    """(difficulty b, discrimination a) of an item; about 1 exam item in 7 is made faulty."""
    b, a, _fault = _draw(seed, item_id, exam)
    return b, a


def injected_fault(seed: int, item_id: str) -> str | None:
    """The fault the simulation gives an exam item on purpose (random, easy, hard), or None.

    It follows from a hash of the seed and the item id, not from the item's text, so item
    analysis of a synthetic cohort flags these items whatever they say.
    """
    return _draw(seed, item_id, True)[2]


def p_correct(ability: float, b: float, a: float, guess: float) -> float:
    """Chance of a right answer under the three-parameter logistic model."""
    return guess + (1 - guess) * _logistic(a * (ability - b))


def right_answer(ex: Any) -> Any:
    """The fully right answer of a module exercise, in its stored shape."""
    kind = ex.kind
    if kind == "single_choice":
        return next(o.id for o in ex.options if o.correct)
    if kind == "multiple_select":
        return [o.id for o in ex.options if o.correct]
    if kind in ("true_false", "numeric"):
        return ex.answer
    if kind == "categorize":
        return {i.id: i.bucket for i in ex.items}
    if kind == "order":
        return [s.id for s in ex.steps]
    if kind == "match":
        return {p.id: p.id for p in ex.pairs}
    if kind == "grid":
        return {i.id: f"{i.x},{i.y}" for i in ex.items}
    raise ValueError(f"unknown exercise kind {kind!r}")


def wrong_answer(ex: Any, rng: np.random.Generator) -> Any:
    """A plausible answer with one mistake (a wrong option, a swap, a value out of tolerance)."""
    right = right_answer(ex)
    kind = ex.kind
    if kind == "single_choice":
        wrong = [o.id for o in ex.options if not o.correct]
        return wrong[rng.integers(len(wrong))]
    if kind == "multiple_select":
        others = [o.id for o in ex.options if not o.correct]
        return right[:-1] + others[:1] if others else right[:-1]
    if kind == "true_false":
        return not right
    if kind == "numeric":
        step = max(ex.tolerance * 3, abs(ex.answer) * 0.2, 1.0)
        return round(ex.answer + step * (1 if rng.random() < 0.5 else -1), 4)
    if kind == "order":
        k = int(rng.integers(len(right) - 1))
        return right[:k] + [right[k + 1], right[k]] + right[k + 2:]
    keys = list(right)
    if kind == "categorize":
        buckets = [b.id for b in ex.buckets]
        key = keys[rng.integers(len(keys))]
        return {**right, key: next(b for b in buckets if b != right[key])}
    if kind == "grid":
        key = keys[rng.integers(len(keys))]
        x, y = right[key].split(",")
        return {**right, key: f"{'high' if x == 'low' else 'low'},{y}"}
    k = int(rng.integers(len(keys) - 1))  # match: swap two choices
    a, b = keys[k], keys[k + 1]
    return {**right, a: right[b], b: right[a]}


def _guess(ex: Any) -> float:
    if ex.kind == "single_choice":
        return 1 / len(ex.options)
    return 0.5 if ex.kind == "true_false" else 0.0


def _reflection(task: Task, profile: Profile, index: int,
                rng: np.random.Generator) -> str | None:
    if index == MARKUP_LEARNER:
        return MARKUP_REFLECTION
    if rng.random() > 0.55 + 0.15 * profile.diligence:
        return None
    topic = task.content.title.lower() if task.content else task.id
    return (f"{OPENERS[rng.integers(len(OPENERS))].format(topic=topic)} "
            f"{PLANS[rng.integers(len(PLANS))]}")


def module_answers(task: Task, profile: Profile, index: int, seed: int,
                   rng: np.random.Generator) -> dict[str, Any]:
    """Knowledge-check answers, a reflection and a confidence rating for one module."""
    values: dict[str, Any] = {}
    for ex in task.items:
        b, a = item_parameters(seed, f"{task.id}/{ex.id}", exam=False)
        right = rng.random() < p_correct(profile.ability, b, a, _guess(ex))
        values[ex.id] = right_answer(ex) if right else wrong_answer(ex, rng)
    reflection = _reflection(task, profile, index, rng)
    if reflection:
        values["reflection"] = reflection
    confidence = round(3 + 0.8 * profile.ability + rng.normal(0, 0.7))
    values["confidence"] = int(min(5, max(1, confidence)))
    return values


def exam_answers(task: Task, profile: Profile, seed: int,
                 rng: np.random.Generator) -> dict[str, Any]:
    """Option ids for the exam items a learner answers (about 2 % are left blank)."""
    values = {}
    for item_id, key, options in task.items:
        if rng.random() < 0.02:
            continue
        b, a = item_parameters(seed, item_id, exam=True)
        if rng.random() < p_correct(profile.ability, b, a, 1 / len(options)):
            values[item_id] = key
        else:
            wrong = [o for o in options if o != key]
            values[item_id] = wrong[rng.integers(len(wrong))]
    return values


def submission_time(task: Task, profile: Profile, position: int,
                    rng: np.random.Generator) -> dt.datetime | None:
    """When the learner submits (UTC), or None when they never do."""
    if profile.drops_after is not None and position > profile.drops_after:
        return None
    if rng.random() < 0.025:
        return None
    due = task.due.astimezone(dt.timezone.utc)
    if task.kind == "final":
        return due - dt.timedelta(hours=float(rng.uniform(0.5, 3)))
    if rng.random() < _logistic(-2.2 - 1.3 * profile.diligence):
        return due + dt.timedelta(hours=float(rng.exponential(30)) + 0.25)
    early = float(rng.gamma(2.0, 14 + 10 * max(profile.diligence, -1)))
    return due - dt.timedelta(hours=early + 0.1)


def _stamp(values: dict[str, Any], submitted: dt.datetime, minutes: float,
           rng: np.random.Generator) -> dict[str, Saved]:
    items = {}
    for key, value in values.items():
        when = submitted - dt.timedelta(minutes=float(rng.uniform(0.5, minutes)))
        attempts = 0 if key in ("reflection", "confidence") else int(rng.integers(1, 4))
        items[key] = Saved(value, attempts, when.isoformat(timespec="seconds"))
    return items


def _module_task(config: CourseConfig, root: Path, module_id: str, due: dt.datetime) -> Task:
    release = root / "release" / module_id
    content = load_module_content(release / "module.yml")
    return Task(module_id, "module", due, release, tuple(content.knowledge_check), content)


def _exam_tasks(config: CourseConfig, root: Path, due: dict[str, dt.datetime]) -> list[Task]:
    from course.exams.bank import load_bank
    from course.exams.blueprint import KINDS, exam_of
    from course.exams.notebook import paper_from_notebook

    tasks, bank = [], None
    for kind in KINDS:
        exam = exam_of(config, kind)
        source = root / "source" / exam.id / f"{exam.id}.ipynb"
        if not source.exists() or not (root / "release" / exam.id).is_dir():
            continue
        bank = bank or load_bank(config)
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        paper = paper_from_notebook(config, kind, cells, bank)
        items = tuple((i.entry.id, i.entry.item.answer, tuple(o.id for o in i.entry.item.options))
                      for i in paper.items)
        tasks.append(Task(exam.id, kind, due[exam.id], root / "release" / exam.id, items,
                          minutes=float(exam.time_limit_minutes)))
    return tasks


def released_tasks(config: CourseConfig, root: Path) -> list[Task]:
    """Every released module and exam of the course root, in schedule order."""
    due = due_dates(config)
    tasks = [_module_task(config, root, m.id, due[m.id]) for m in config.modules
             if (root / "release" / m.id / "module.yml").exists()]
    return tasks + _exam_tasks(config, root, due)


def _write_submission(target: Path, task: Task, items: dict[str, Saved], when: dt.datetime,
                      notebooks: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{task.id}-", dir=target.parent))
    try:
        if notebooks:
            for path in task.release.iterdir():
                if path.is_file():
                    shutil.copyfile(path, staging / path.name)
        (staging / f"{task.id}.answers.json").write_text(render(task.id, items),
                                                        encoding="utf-8")
        (staging / "timestamp.txt").write_text(when.strftime(TIMESTAMP_FORMAT), encoding="utf-8")
        os.rename(staging, target)  # refuses (on the filesystems we use) to replace a folder
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _plan(profile: Profile, index: int, tasks: list[Task], seed: int
          ) -> Iterator[tuple[Task, dt.datetime | None, dict[str, Any], np.random.Generator]]:
    for position, task in enumerate(tasks):
        rng = _rng(seed, profile.id, task.id)
        when = submission_time(task, profile, position, rng)
        if when is None:
            yield task, None, {}, rng
            continue
        if task.kind == "module":
            values = module_answers(task, profile, index, seed, rng)
        else:
            values = exam_answers(task, profile, seed, rng)
        yield task, when, values, rng


def _write_roster(config: CourseConfig, root: Path, text: str) -> None:
    path = root / config.roster.file
    if path.exists() and path.read_text(encoding="utf-8") != text:
        raise CohortError(f"{path} already holds another roster; generate the cohort into a "
                          "fresh course root (or move that roster away first)")
    if not path.exists():
        atomic_write(path, text)


def generate_cohort(config: CourseConfig, root: Path, learners: int = 15,
                    seed: int = DEFAULT_SEED, today: dt.datetime | None = None,
                    notebooks: bool = True) -> CohortSummary:
    """Write the roster and every submission made by `today` (None: the course is over).

    With notebooks=False only the answers file and timestamp are written (for benchmark
    cohorts whose grades are recorded without nbgrader; see record_synthetic_grades).
    """
    if learners < 1:
        raise CohortError("a cohort needs at least one learner")
    root = Path(root)
    tasks = released_tasks(config, root)
    if not tasks:
        raise CohortError(f"{root / 'release'}: nothing released yet; run `build.py build` first")
    profiles = make_profiles(config, learners, seed, len(tasks))
    root.mkdir(parents=True, exist_ok=True)
    _write_roster(config, root, roster_text(profiles))
    summary = CohortSummary(learners, per_assignment={t.id: 0 for t in tasks})
    for index, profile in enumerate(profiles):
        for task, when, values, rng in _plan(profile, index, tasks, seed):
            if when is None:
                summary.missing += 1
                continue
            if today is not None and when > today:
                summary.not_yet += 1
                continue
            target = root / "submitted" / profile.id / task.id
            if target.exists():
                summary.kept += 1
                continue
            _write_submission(target, task, _stamp(values, when, task.minutes, rng), when,
                              notebooks)
            summary.written += 1
            summary.late += when > task.due
            summary.per_assignment[task.id] += 1
    return summary


