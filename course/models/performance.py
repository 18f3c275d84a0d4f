"""Performance analysis: Gilbert's PIP and Behavior Engineering Model, Mager and Pipe's questions.

- PIP (Gilbert 1978): the Potential for Improving Performance is a ratio, exemplary / typical
  performance. A PIP of 1 means the typical performer already matches the best; 2 means the best
  produce twice as much. When lower is better (errors, minutes), the ratio is typical / exemplary.
- BEM (Gilbert 1978): six cells, three in the work environment (data, instruments, incentives)
  and three in the person (knowledge, capacity, motives). Only knowledge is fixed by training.
- Gap walk-through (Mager and Pipe 1997): a fixed sequence of questions that decides whether a
  performance gap is a training problem, and if not, what else would close it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

# PIP bands: this course's rules of thumb for how much room a measure offers (not Gilbert's law).
PIP_BANDS: tuple[tuple[float, str, str], ...] = (
    (1.25, "small", "The typical performer is already close to the best. Improvement is "
                    "possible, but check that the gain is worth the cost before acting."),
    (2.0, "moderate", "There is real room to improve. Worth analysing if the measure matters "
                      "to the business and many people do the job."),
    (math.inf, "large", "The best performer produces at least twice what is typical. Find out "
                        "why, checking the environment cells (data, instruments, incentives) "
                        "first, where fixes are usually cheapest."),
)


def _positive(name: str, value: float) -> float:
    """Return value as a finite float greater than 0, or raise ValueError naming the input."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v <= 0:
        raise ValueError(f"{name} must be a number greater than 0, got {value!r}")
    return v


def _non_negative(name: str, value: float) -> float:
    """Return value as a finite float of at least 0, or raise ValueError naming the input."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v < 0:
        raise ValueError(f"{name} must be 0 or more, got {value!r}")
    return v


@dataclass(frozen=True)
class PipResult:
    """A PIP with its band, the gap per performer and (optionally) the value at stake."""

    pip: float
    band: str
    guidance: str
    gap_per_performer: float
    value_at_stake: float | None


def pip_ratio(exemplary: float, typical: float, higher_is_better: bool = True) -> float:
    """Gilbert's PIP: exemplary / typical (typical / exemplary when lower is better)."""
    ex = _positive("exemplary performance", exemplary)
    ty = _positive("typical performance", typical)
    ratio = ex / ty if higher_is_better else ty / ex
    if ratio < 1:
        better = "higher" if higher_is_better else "lower"
        raise ValueError(f"exemplary performance must be at least as good as typical "
                         f"({better} is better here): got exemplary {ex:g}, typical {ty:g}; "
                         f"swap the figures or change the direction")
    return ratio


def pip_band(pip: float) -> tuple[str, str]:
    """The course's band (small, moderate, large) and guidance for a PIP of at least 1."""
    value = _positive("the PIP", pip)
    if value < 1:
        raise ValueError(f"a PIP is at least 1 (exemplary over typical), got {value:g}")
    return next((band, guidance) for upper, band, guidance in PIP_BANDS if value < upper)


def analyze_pip(exemplary: float, typical: float, higher_is_better: bool = True,
                performers: int = 0, value_per_unit: float = 0.0) -> PipResult:
    """PIP, band and guidance; with performers and a unit value, the value if the gap closed."""
    ratio = pip_ratio(exemplary, typical, higher_is_better)
    band, guidance = pip_band(ratio)
    if isinstance(performers, bool) or not isinstance(performers, numbers.Integral):
        raise ValueError(f"the number of performers must be a whole number, got {performers!r}")
    if performers < 0:
        raise ValueError(f"the number of performers must be 0 or more, got {performers}")
    unit_value = _non_negative("the value per unit", value_per_unit)
    gap = abs(float(exemplary) - float(typical))
    stake = gap * performers * unit_value if performers and unit_value else None
    return PipResult(pip=ratio, band=band, guidance=guidance, gap_per_performer=gap,
                     value_at_stake=stake)


# --- Gilbert's Behavior Engineering Model ---------------------------------------------------------

@dataclass(frozen=True)
class BemCell:
    """One of the six cells: where it sits, the question it asks, and the usual remedies."""

    id: str
    side: str  # "environment" or "person"
    column: str  # "information", "instrumentation" or "motivation"
    name: str
    question: str
    remedies: str
    training_fixes_it: bool


# In Gilbert's suggested order of diagnosis: environment first, information first.
BEM_CELLS: tuple[BemCell, ...] = (
    BemCell("data", "environment", "information", "Data",
            "Do people know what is expected, and do they get timely feedback on how they do?",
            "clear standards, feedback, guides and reference information", False),
    BemCell("instruments", "environment", "instrumentation", "Instruments",
            "Do they have the tools, time, materials and systems the job needs?",
            "tools, equipment, system fixes, time and staffing", False),
    BemCell("incentives", "environment", "motivation", "Incentives",
            "Does doing the job well pay off, and is doing it badly free of cost?",
            "aligned pay and recognition, career consequences, removing penalties for "
            "doing it right", False),
    BemCell("knowledge", "person", "information", "Knowledge",
            "Do they have the skill and knowledge to perform to standard?",
            "training, practice, coaching, placement by skill", True),
    BemCell("capacity", "person", "instrumentation", "Capacity",
            "Are they able to do it (physical, mental, emotional fit; scheduling to peak)?",
            "selection, job redesign, scheduling, adaptive aids", False),
    BemCell("motives", "person", "motivation", "Motives",
            "Are they willing to work for the incentives on offer?",
            "recruiting people whose motives fit the job, assessing motives", False),
)
_CELLS = {c.id: c for c in BEM_CELLS}


def bem_cell(cell_id: str) -> BemCell:
    """The BEM cell with this id (data, instruments, incentives, knowledge, capacity, motives)."""
    try:
        return _CELLS[cell_id]
    except (KeyError, TypeError):
        raise ValueError(f"unknown BEM cell {cell_id!r}; known: {', '.join(_CELLS)}") from None


@dataclass(frozen=True)
class BemProfile:
    """Causes sorted into BEM cells, with the share that training could address."""

    by_cell: dict[str, tuple[str, ...]]
    environment: int
    person: int
    training_share: float
    summary: str


def classify_causes(causes: Mapping[str, str]) -> BemProfile:
    """Group causes ({cause: cell id}) by BEM cell, in Gilbert's diagnostic order."""
    if not causes:
        raise ValueError("give at least one cause, each mapped to a BEM cell")
    by_cell: dict[str, list[str]] = {c.id: [] for c in BEM_CELLS}
    for cause, cell_id in causes.items():
        by_cell[bem_cell(cell_id).id].append(str(cause))
    env = sum(len(by_cell[c.id]) for c in BEM_CELLS if c.side == "environment")
    person = len(causes) - env
    share = len(by_cell["knowledge"]) / len(causes)
    summary = (f"{env} of {len(causes)} causes sit in the environment and {person} in the person; "
               f"training addresses {share:.0%} of them (the knowledge cell).")
    return BemProfile(by_cell={k: tuple(v) for k, v in by_cell.items() if v}, environment=env,
                      person=person, training_share=share, summary=summary)


# --- Mager and Pipe's performance analysis ------------------------------------------------------

@dataclass(frozen=True)
class Question:
    """One question of the walk-through: what a yes and a no mean, and the fix it points to."""

    id: str
    text: str
    problem_if: bool  # the answer that flags a cause (or, for branch questions, the branch taken)
    cell: str  # the BEM cell a flagged answer points to ("" for none)
    yes: str
    no: str
    remedy: str = ""


QUESTIONS: tuple[Question, ...] = (
    Question("worth_solving", "Is the gap important enough that closing it is worth the cost?",
             False, "", "Worth analysing further.",
             "Leave it: the gap costs less than any fix would.",
             "Leave it, and say why to the person who asked for training."),
    Question("expectations_clear", "Do performers know what is expected of them?", False,
             "data", "Expectations are clear.", "Expectations are unclear (data).",
             "State the standard and tell people it applies to them."),
    Question("resources_adequate", "Do they have the time, tools and information the task needs?",
             False, "instruments", "Resources are adequate.",
             "Something in the way (instruments).",
             "Remove the obstacle: provide the tool, time or information."),
    Question("feedback_given", "Do they get regular feedback on how well they do it?", False,
             "data", "Feedback exists.", "No feedback on results (data).",
             "Give timely, specific feedback on the result."),
    Question("right_way_punished", "Is doing it right punishing for them (more work, hassle)?",
             True, "incentives", "Doing it right is punished (incentives).",
             "No penalty for doing it right.",
             "Remove the penalty attached to doing it right."),
    Question("wrong_way_rewarded", "Is doing it wrong rewarding (quicker, easier, praised)?",
             True, "incentives", "Doing it wrong is rewarded (incentives).",
             "No reward for doing it wrong.", "Stop rewarding the wrong way of working."),
    Question("performance_matters", "Does doing it right make any difference to them?", False,
             "incentives", "Performing well matters to them.",
             "Nothing follows from doing it right (incentives).",
             "Attach a meaningful consequence to doing it right."),
    Question("could_do_if_required", "Could they do it now if they really had to?", False,
             "knowledge", "They have the skill: this is not a skill gap.",
             "A genuine skill gap (knowledge)."),
    Question("did_once_know", "Did they once know how to do it?", True, "knowledge",
             "A faded skill, not a new one.", "A new skill: they have never done it."),
    Question("used_often", "Do they use the skill often?", True, "data",
             "Used often yet below standard: feedback is missing (data).",
             "Rarely used: the skill fades between uses.",
             "Give feedback on each use; practice alone is not the gap."),
    Question("task_simplifiable", "Can the task be made easier (job aid, simpler process)?", True,
             "instruments", "The task can be simplified or supported by a job aid (instruments).",
             "The task cannot be made easier.",
             "Simplify the task or give a job aid; train only what remains."),
    Question("has_potential", "Do they have the potential to learn it?", False, "capacity",
             "They can learn it.", "Capacity is missing (capacity).",
             "Reassign or reselect: training cannot supply missing capacity."),
)
_QUESTIONS = {q.id: q for q in QUESTIONS}


@dataclass(frozen=True)
class Finding:
    """A question answered in the walk-through, and what the answer means."""

    question: str
    answer: bool
    flagged: bool
    meaning: str


@dataclass(frozen=True)
class GapAnalysis:
    """The walk-through's verdict: is it a training problem, why, and what to do."""

    training_problem: bool
    verdict: str
    reason: str
    actions: tuple[str, ...]
    findings: tuple[Finding, ...]
    cells: tuple[str, ...]  # BEM cells implicated, in diagnostic order


_ENVIRONMENT_QUESTIONS = ("expectations_clear", "resources_adequate", "feedback_given",
                          "right_way_punished", "wrong_way_rewarded", "performance_matters")


def analyze_gap(worth_solving: bool = True, expectations_clear: bool = True,
                resources_adequate: bool = True, feedback_given: bool = True,
                right_way_punished: bool = False, wrong_way_rewarded: bool = False,
                performance_matters: bool = True, could_do_if_required: bool = False,
                did_once_know: bool = False, used_often: bool = False,
                task_simplifiable: bool = False, has_potential: bool = True) -> GapAnalysis:
    """Walk Mager and Pipe's questions in order and decide whether training would close the gap."""
    answers = {"worth_solving": worth_solving, "expectations_clear": expectations_clear,
               "resources_adequate": resources_adequate, "feedback_given": feedback_given,
               "right_way_punished": right_way_punished, "wrong_way_rewarded": wrong_way_rewarded,
               "performance_matters": performance_matters,
               "could_do_if_required": could_do_if_required, "did_once_know": did_once_know,
               "used_often": used_often, "task_simplifiable": task_simplifiable,
               "has_potential": has_potential}
    for name, value in answers.items():
        if not isinstance(value, bool):
            raise ValueError(f"the answer to {name!r} must be yes (True) or no (False), "
                             f"got {value!r}")
    findings: list[Finding] = []
    actions: list[str] = []
    cells: set[str] = set()

    def ask(qid: str) -> bool:
        """Record the answer; True when it is the flagged answer (a cause, or the branch taken)."""
        q = _QUESTIONS[qid]
        flagged = answers[qid] == q.problem_if
        findings.append(Finding(q.text, answers[qid], flagged, q.yes if answers[qid] else q.no))
        if flagged and q.cell:
            cells.add(q.cell)
        return flagged

    def done(training: bool, verdict: str, reason: str) -> GapAnalysis:
        ordered = tuple(c.id for c in BEM_CELLS if c.id in cells)
        return GapAnalysis(training, verdict, reason, tuple(actions), tuple(findings), ordered)

    if ask("worth_solving"):
        actions.append(_QUESTIONS["worth_solving"].remedy)
        return done(False, "Not worth pursuing", "The gap costs less than closing it would.")
    for qid in _ENVIRONMENT_QUESTIONS:
        if ask(qid):
            actions.append(_QUESTIONS[qid].remedy)
    also = " Fix the environment causes too, or the skill will not be used." if actions else ""

    if not ask("could_do_if_required"):
        reason = ("They can already do it when they must, so the gap is not a lack of skill and "
                  "training would repeat what they know.")
        if not actions:
            reason += " No environment cause was found either: look again, starting with data."
            actions.append("Observe the work and ask exemplary performers what they do "
                           "differently.")
        return done(False, "Not a training problem", reason)

    if ask("did_once_know"):
        if ask("used_often"):
            actions.append(_QUESTIONS["used_often"].remedy)
            return done(False, "Not a training problem",
                        "They once knew how and use the skill often, yet fall short: the missing "
                        "piece is feedback, not instruction." + also)
        actions.append("Arrange regular practice of the rarely used skill.")
        return done(True, "Practice needed (a training-type fix)",
                    "They once knew how but rarely use the skill, so it has faded: planned "
                    "practice restores it." + also)

    if ask("task_simplifiable"):
        actions.append(_QUESTIONS["task_simplifiable"].remedy)
        if ask("has_potential"):
            actions.append(_QUESTIONS["has_potential"].remedy)
        return done(False, "Simplify first",
                    "A genuine skill gap, but a simpler task or a job aid may close most of it at "
                    "lower cost than a course." + also)
    if ask("has_potential"):
        actions.append(_QUESTIONS["has_potential"].remedy)
        return done(False, "Not a training problem",
                    "They lack the capacity to learn this task, which training cannot supply."
                    + also)
    actions.append("Train: a genuine skill gap that a simpler task cannot remove.")
    return done(True, "Training problem",
                "They never knew how, the task cannot be made simpler, and they can learn it."
                + also)
