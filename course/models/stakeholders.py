"""Stakeholder tools (module 2): the power/interest grid (after Mendelow, 1981) and a RACI checker.

Power/interest: each stakeholder is scored 1-10 on power (ability to help or block the
initiative) and interest (how much they care and are likely to act). A score above the cut-off
(5.5 by default, the middle of the scale) counts as high. The quadrant gives the engagement
strategy: manage closely (high power, high interest), keep satisfied (high power, low
interest), keep informed (low power, high interest) or monitor (low, low).

RACI: a matrix of tasks x roles, each cell blank or one of R, A, C, I, or A/R (the accountable
role also does the work). Every task needs exactly one Accountable and at least one Responsible;
a role with no letter anywhere is flagged for removal or a part.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

SCALE = (1.0, 10.0)
CUTOFF = 5.5
BORDER = 1.0  # a score within this distance of the cut-off is flagged as borderline
STRATEGIES = {  # (power high?, interest high?) -> strategy
    (True, True): "manage closely",
    (True, False): "keep satisfied",
    (False, True): "keep informed",
    (False, False): "monitor",
}
ADVICE = {
    "manage closely": "Involve them in decisions; meet often; agree success measures with them.",
    "keep satisfied": "Brief them on what touches their goals or budget; ask little of their time.",
    "keep informed": "Share progress and invite input; they can become allies or early adopters.",
    "monitor": "Send general updates and watch for changes in their power or interest.",
}


@dataclass(frozen=True)
class Placement:
    """One stakeholder on the grid with the strategy its quadrant calls for."""

    name: str
    power: float
    interest: float
    strategy: str
    borderline: bool  # a score near the cut-off: check the placement with a second opinion


@dataclass(frozen=True)
class StakeholderMap:
    """Every stakeholder's placement, plus the names in each strategy."""

    placements: tuple[Placement, ...]
    cutoff: float
    by_strategy: dict[str, tuple[str, ...]]


def _score(label: str, value: float) -> float:
    """Check one 1-10 score; the message names the stakeholder and the score."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{label} must be a number from 1 to 10, not {value!r}")
    if not SCALE[0] <= value <= SCALE[1]:
        raise ValueError(f"{label} must be from 1 to 10, not {value:g}")
    return float(value)


def strategy_for(power: float, interest: float, cutoff: float = CUTOFF) -> str:
    """The engagement strategy for one stakeholder's power and interest scores (1-10)."""
    p = _score("power", power)
    i = _score("interest", interest)
    return STRATEGIES[(p > cutoff, i > cutoff)]


def map_stakeholders(stakeholders: Iterable[tuple[str, float, float]],
                     cutoff: float = CUTOFF) -> StakeholderMap:
    """Place each (name, power, interest) on the grid; names must be non-blank and unique."""
    if not SCALE[0] < cutoff < SCALE[1]:
        raise ValueError(f"the cut-off must lie between 1 and 10, not {cutoff:g}")
    placements: list[Placement] = []
    seen: set[str] = set()
    for name, power, interest in stakeholders:
        clean = str(name).strip()
        if not clean:
            raise ValueError("every stakeholder needs a name")
        if clean.casefold() in seen:
            raise ValueError(f"stakeholder {clean!r} is listed twice")
        seen.add(clean.casefold())
        p = _score(f"power of {clean}", power)
        i = _score(f"interest of {clean}", interest)
        near = abs(p - cutoff) <= BORDER or abs(i - cutoff) <= BORDER
        placements.append(Placement(clean, p, i, strategy_for(p, i, cutoff), near))
    if not placements:
        raise ValueError("enter at least one stakeholder")
    by_strategy = {s: tuple(x.name for x in placements if x.strategy == s) for s in ADVICE}
    return StakeholderMap(tuple(placements), cutoff, by_strategy)


CODES = ("", "R", "A", "C", "I", "A/R")
_ALIASES = {"AR": "A/R", "RA": "A/R", "R/A": "A/R"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a RACI chart: an error breaks the one-A rule or leaves work undone."""

    severity: str  # "error" or "warning"
    where: str  # the task or role concerned
    message: str


@dataclass(frozen=True)
class RaciReport:
    """The checker's verdict on a RACI chart."""

    problems: tuple[Problem, ...]
    accountable: dict[str, tuple[str, ...]]  # task -> roles marked A (or A/R)

    @property
    def ok(self) -> bool:
        """True when no task breaks a rule (warnings allowed)."""
        return not any(p.severity == "error" for p in self.problems)


def normalize_code(code: str) -> str:
    """One cell as R, A, C, I, A/R or blank; anything else is refused."""
    text = str(code).strip().upper().replace(" ", "")
    text = _ALIASES.get(text, text)
    if text not in CODES:
        raise ValueError(f"unknown RACI letter {code!r}: use R, A, C, I, A/R or leave blank")
    return text


def _names(kind: str, names: Sequence[str]) -> list[str]:
    """Check a list of task or role names: non-blank and unique."""
    clean = [str(n).strip() for n in names]
    if not clean:
        raise ValueError(f"enter at least one {kind}")
    if any(not n for n in clean):
        raise ValueError(f"every {kind} needs a name")
    folded = [n.casefold() for n in clean]
    dupes = sorted({n for n, f in zip(clean, folded, strict=True) if folded.count(f) > 1})
    if dupes:
        raise ValueError(f"{kind} listed twice: {', '.join(dupes)}")
    return clean


def check_raci(roles: Sequence[str], matrix: Mapping[str, Mapping[str, str]]) -> RaciReport:
    """Check a RACI chart given as task -> role -> letter; a missing cell counts as blank."""
    role_list = _names("role", roles)
    tasks = _names("task", list(matrix))
    rows = dict(zip(tasks, matrix.values(), strict=True))
    problems: list[Problem] = []
    accountable: dict[str, tuple[str, ...]] = {}
    used: set[str] = set()
    for task in tasks:
        row = {str(role).strip(): code for role, code in rows[task].items()}
        unknown = sorted(set(row) - set(role_list))
        if unknown:
            raise ValueError(f"task {task!r} names unknown role {unknown[0]!r}")
        codes = {}
        for role in role_list:
            try:
                codes[role] = normalize_code(row.get(role, ""))
            except ValueError as exc:
                raise ValueError(f"task {task!r}, role {role!r}: {exc}") from None
        used |= {r for r, c in codes.items() if c}
        a_roles = tuple(r for r, c in codes.items() if c in ("A", "A/R"))
        accountable[task] = a_roles
        if not a_roles:
            problems.append(Problem("error", task, "no one is Accountable: name exactly one "
                                    "role that owns the result and signs it off"))
        elif len(a_roles) > 1:
            problems.append(Problem("error", task, f"{len(a_roles)} roles are Accountable "
                                    f"({', '.join(a_roles)}): keep exactly one"))
        if not any(c in ("R", "A/R") for c in codes.values()):
            problems.append(Problem("error", task, "no one is Responsible: name at least one "
                                    "role that does the work (or mark the owner A/R)"))
    for role in role_list:
        if role not in used:
            problems.append(Problem("warning", role, "this role has no part in any task: "
                                    "give it one or take it off the chart"))
    return RaciReport(tuple(problems), accountable)
