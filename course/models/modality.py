"""Modality decision matrix: criteria weights x modality fit scores -> ranked delivery modalities.

Each criterion is a need of the situation (hands-on practice, learners on many sites, ...). The
manager weights how much each need matters (0-5); a fit table scores how well each modality serves
each need (1-5). A modality's score is the weighted mean of its fit scores, so it stays on the
1-5 scale. Needs that cannot be traded off are declared as must-haves: a modality whose fit on a
must-have is below `ADEQUATE_FIT` is screened out before ranking instead of being averaged in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MODALITIES: dict[str, str] = {
    "classroom": "Instructor-led classroom",
    "virtual": "Virtual instructor-led",
    "self-paced": "Self-paced e-learning",
    "blended": "Blended",
}

CRITERIA: dict[str, str] = {
    "practice": "Hands-on practice with expert feedback",
    "interaction": "Discussion and learning from peers",
    "spread": "Learners spread over many sites",
    "flexibility": "Learning at any hour (shifts, time zones)",
    "scale": "Large audience at a low cost per learner",
    "speed": "Fast to build and to update",
    "consistency": "Identical content and tracked completion for all",
}

# How well each modality serves each need, 1 (poorly) to 5 (very well). Course defaults from the
# module's reasoning; a manager may pass their own table.
DEFAULT_FIT: dict[str, dict[str, float]] = {
    "practice": {"classroom": 5, "virtual": 3, "self-paced": 2, "blended": 4},
    "interaction": {"classroom": 5, "virtual": 4, "self-paced": 1, "blended": 4},
    "spread": {"classroom": 1, "virtual": 4, "self-paced": 5, "blended": 3},
    "flexibility": {"classroom": 1, "virtual": 2, "self-paced": 5, "blended": 3},
    "scale": {"classroom": 1, "virtual": 3, "self-paced": 5, "blended": 3},
    "speed": {"classroom": 4, "virtual": 4, "self-paced": 2, "blended": 2},
    "consistency": {"classroom": 2, "virtual": 3, "self-paced": 5, "blended": 4},
}

ADEQUATE_FIT = 3  # a must-have needs at least this fit
CLOSE_CALL = 0.25  # top two closer than this on the 1-5 scale: a judgement call, not a verdict
MAX_WEIGHT = 5


@dataclass(frozen=True)
class ModalityScore:
    """One modality's weighted score and the criteria that drive it."""

    modality: str
    label: str
    score: float  # weighted mean fit, 1-5
    strengths: tuple[str, ...]  # weighted criteria it serves well (fit >= 4), biggest first
    weaknesses: tuple[str, ...]  # weighted criteria it serves poorly (fit <= 2), heaviest first


@dataclass(frozen=True)
class ModalityRanking:
    """Ranked modalities, those screened out by a must-have, and whether the top is a close call."""

    ranked: tuple[ModalityScore, ...]
    screened_out: tuple[tuple[str, str], ...]  # (modality label, reason)
    close_call: bool

    @property
    def best(self) -> ModalityScore:
        """The top-ranked modality."""
        return self.ranked[0]


def rank_modalities(
    weights: Mapping[str, float],
    must_have: Iterable[str] = (),
    fit: Mapping[str, Mapping[str, float]] = DEFAULT_FIT,
) -> ModalityRanking:
    """Rank the modalities by weighted mean fit after screening out any that fail a must-have."""
    modalities = _modalities(fit)
    weights = _checked_weights(weights, fit)
    must_have = tuple(must_have)
    for criterion in must_have:
        if criterion not in fit:
            raise ValueError(f"must-have {criterion!r} is not a criterion; known: "
                             f"{', '.join(fit)}")
    total = sum(weights.values())
    screened: list[tuple[str, str]] = []
    scores: list[ModalityScore] = []
    for modality in modalities:
        label = MODALITIES.get(modality, modality)
        failed = [c for c in must_have if fit[c][modality] < ADEQUATE_FIT]
        if failed:
            names = ", ".join(f"{_label(c)} (fit {fit[c][modality]:g})" for c in failed)
            screened.append((label, f"fails must-have: {names}"))
            continue
        score = sum(w * fit[c][modality] for c, w in weights.items()) / total
        scores.append(ModalityScore(modality, label, score, *_reasons(weights, fit, modality)))
    if not scores:
        raise ValueError("no modality meets every must-have; drop one or blend modalities")
    order = {m: i for i, m in enumerate(modalities)}
    scores.sort(key=lambda s: (-round(s.score, 9), order[s.modality]))
    close = len(scores) > 1 and scores[0].score - scores[1].score < CLOSE_CALL
    return ModalityRanking(tuple(scores), tuple(screened), close)


def _checked_weights(weights: Mapping[str, float],
                     fit: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """Validate weights (known criteria, 0-5, finite, not all zero); drop zero weights."""
    checked: dict[str, float] = {}
    for criterion, weight in weights.items():
        if criterion not in fit:
            raise ValueError(f"unknown criterion {criterion!r}; known: {', '.join(fit)}")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) \
                or not math.isfinite(weight):
            raise ValueError(f"weight of {criterion!r} must be a number, got {weight!r}")
        if not 0 <= weight <= MAX_WEIGHT:
            raise ValueError(f"weight of {criterion!r} must be between 0 and {MAX_WEIGHT}, "
                             f"got {weight:g}")
        if weight > 0:
            checked[criterion] = float(weight)
    if not checked:
        raise ValueError("give at least one criterion a weight above zero")
    return checked


def _modalities(fit: Mapping[str, Mapping[str, float]]) -> list[str]:
    """The modalities of a fit table; every row must score the same ones, each 1-5."""
    rows = list(fit.items())
    if not rows:
        raise ValueError("the fit table is empty")
    modalities = list(rows[0][1])
    for criterion, row in rows:
        if sorted(row) != sorted(modalities):
            raise ValueError(f"fit row {criterion!r} must score exactly: {', '.join(modalities)}")
        for modality, value in row.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not 1 <= value <= 5:
                raise ValueError(f"fit of {modality!r} on {criterion!r} must be 1-5, "
                                 f"got {value!r}")
    return modalities


def _reasons(weights: Mapping[str, float], fit: Mapping[str, Mapping[str, float]],
             modality: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Up to three weighted criteria the modality serves well, and three it serves poorly."""
    good = sorted((c for c in weights if fit[c][modality] >= 4),
                  key=lambda c: -weights[c] * fit[c][modality])
    poor = sorted((c for c in weights if fit[c][modality] <= 2), key=lambda c: -weights[c])
    return (tuple(_label(c) for c in good[:3]), tuple(_label(c) for c in poor[:3]))


def _label(criterion: str) -> str:
    return CRITERIA.get(criterion, criterion)
