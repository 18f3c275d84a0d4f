"""Per-module diagnostics of an exam result: scores, "review first" modules, pass or fail.

`exam_info` turns a paper into plain, key-free data (which module, objective and model each
graded cell belongs to, and where the module teaches it); `diagnose` scores one learner against
it; `render_markdown` writes the text shown at the top of the learner's nbgrader feedback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course.config import CourseConfig
    from course.exams.bank import Bank
    from course.exams.blueprint import Paper

EPSILON = 1e-9


def exam_info(config: CourseConfig, paper: Paper, bank: Bank) -> dict[str, Any]:
    """Key-free JSON data describing a paper for diagnostics and reports."""
    exam = paper.exam
    threshold = exam.review_threshold if exam.review_threshold is not None else exam.pass_mark
    used = [m for m in config.modules if m.id in paper.per_module()]
    modules = []
    for module in used:
        content = bank.modules[module.id]
        modules.append({
            "id": module.id, "number": config.modules.index(module) + 1, "title": module.title,
            "objectives": {o.id: o.text for o in content.objectives},
            "models": [{"id": m.id, "name": m.name, "section": m.section} for m in content.models],
        })
    items = {i.grade_id: {"module": i.entry.module, "objective": i.entry.item.objective,
                          "model": i.entry.item.model, "points": i.points} for i in paper.items}
    return {"exam": exam.id, "kind": paper.kind, "title": paper.title,
            "pass_mark": exam.pass_mark, "review_threshold": threshold,
            "modules": modules, "items": items}


@dataclass(frozen=True)
class ModuleResult:
    """One module's share of an exam result."""

    module: str
    number: int
    title: str
    score: float
    max_score: float
    missed: tuple[str, ...]  # texts of the objectives with an item not fully scored
    pointers: tuple[str, ...]  # where the module teaches what was missed
    review: bool

    @property
    def fraction(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0


@dataclass(frozen=True)
class Diagnosis:
    """One learner's exam result with its per-module breakdown."""

    kind: str
    title: str
    score: float
    max_score: float
    pass_mark: float
    modules: tuple[ModuleResult, ...]
    late_seconds: float = 0.0

    @property
    def fraction(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0

    @property
    def passed(self) -> bool:
        return self.fraction + EPSILON >= self.pass_mark

    @property
    def review_first(self) -> tuple[ModuleResult, ...]:
        """Modules under the review threshold, weakest first, then in course order."""
        weak = [m for m in self.modules if m.review]
        return tuple(sorted(weak, key=lambda m: (m.fraction, m.number)))


def _pointers(module: dict[str, Any], missed_items: list[dict[str, Any]]) -> tuple[str, ...]:
    models = {m["id"]: m for m in module["models"]}
    named = [models[i["model"]] for i in missed_items if i.get("model") in models]
    chosen = named or module["models"]
    seen: list[str] = []
    for model in chosen:
        text = f"section “{model['section']}” (model: {model['name']})"
        if text not in seen:
            seen.append(text)
    return tuple(seen) or (f"Module {module['number']}: {module['title']}",)


def diagnose(info: dict[str, Any], scores: dict[str, tuple[float, float]],
             late_seconds: float = 0.0) -> Diagnosis:
    """Score a learner: `scores` maps grade ids to (score, max score); missing items score 0."""
    results = []
    review_on = info["kind"] == "practice"
    for module in info["modules"]:
        items = {g: i for g, i in info["items"].items() if i["module"] == module["id"]}
        got = {g: scores.get(g, (0.0, float(i["points"]))) for g, i in items.items()}
        score = sum(s for s, _ in got.values())
        top = sum(m for _, m in got.values())
        missed_items = [items[g] for g, (s, m) in got.items() if s + EPSILON < m]
        missed_ids = {i["objective"] for i in missed_items}
        missed = tuple(t for o, t in module["objectives"].items() if o in missed_ids)
        fraction = score / top if top else 0.0
        review = review_on and fraction + EPSILON < info["review_threshold"]
        results.append(ModuleResult(module["id"], module["number"], module["title"], score, top,
                                    missed, _pointers(module, missed_items) if review else (),
                                    review))
    return Diagnosis(info["kind"], info["title"], sum(r.score for r in results),
                     sum(r.max_score for r in results), info["pass_mark"], tuple(results),
                     late_seconds)


def _num(value: float) -> str:
    return f"{value:g}"


def late_text(seconds: float) -> str:
    """'2 h 5 min' style duration for late submissions."""
    minutes = int(round(seconds / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{n} {unit}" for n, unit in ((days, "d"), (hours, "h"), (mins, "min")) if n]
    return " ".join(parts) or "under a minute"


def render_markdown(diagnosis: Diagnosis, threshold: float) -> str:
    """The feedback text: total, pass or fail (final), module table, review-first list."""
    d = diagnosis
    lines = [f"# Your results: {d.title}", "",
             f"**Score:** {_num(d.score)} / {_num(d.max_score)} ({d.fraction:.0%}). "
             f"**Pass mark:** {d.pass_mark:.0%}."]
    if d.kind == "final":
        verdict = "Pass" if d.passed else "Not passed"
        lines += ["", f"**Result: {verdict}.** " + (
            "Congratulations: you have met the pass mark for the certificate." if d.passed else
            f"You need {d.pass_mark:.0%} to pass; speak to your tutor about a resit.")]
    if d.late_seconds > 0:
        lines += ["", f"**Late:** submitted {late_text(d.late_seconds)} after the due date."]
    lines += ["", "| Module | Score | % |", "| --- | --- | --- |"]
    for m in d.modules:
        lines.append(f"| {m.number}. {m.title} | {_num(m.score)} / {_num(m.max_score)} | "
                     f"{m.fraction:.0%} |")
    if d.kind == "practice":
        lines += ["", f"## Review first (modules under {threshold:.0%})", ""]
        if not d.review_first:
            lines.append("Every module is at or above the threshold: review the modules you "
                         "feel least confident in.")
        for rank, m in enumerate(d.review_first, 1):
            lines.append(f"{rank}. **Module {m.number}: {m.title}**: {_num(m.score)} / "
                         f"{_num(m.max_score)} ({m.fraction:.0%})")
            if m.missed:
                lines.append("    - Objectives missed: " + "; ".join(m.missed))
            lines.append("    - Go back to: " + "; ".join(m.pointers))
    return "\n".join(lines) + "\n"
