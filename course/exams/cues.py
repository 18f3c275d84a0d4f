"""Answer-length cues in the item bank: no module may be passed by picking the longest option.

Two rules per module, with limits from course.yml (`exams.item_cues`):
- always picking the longest option (a tie shares the point among the tied options) scores at
  most one item in `longest_option_one_in`;
- the mean over items of (key length / mean length of the three distractors) is at most
  `key_length_ratio`.
Lengths are characters of the option text with runs of whitespace counted once. The item rules
of `load_bank` (no "all/none of the above", a rationale for every option) hold as well, since a
bank is checked only once it has loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from course.exams.bank import Bank, BankItem, Item

if TYPE_CHECKING:
    from course.config import ItemCues


def option_length(text: str) -> int:
    """Characters of an option's text, whitespace runs counted once."""
    return len(" ".join(text.split()))


def longest_option_score(item: Item) -> float:
    """What 'pick the longest option' scores on this item: 1, a share of 1 on a tie, or 0."""
    lengths = {o.id: option_length(o.text) for o in item.options}
    longest = max(lengths.values())
    tied = [i for i, n in lengths.items() if n == longest]
    return 1 / len(tied) if item.answer in tied else 0.0


def key_length_ratio(item: Item) -> float:
    """The key's length over the mean length of the distractors."""
    lengths = {o.id: option_length(o.text) for o in item.options}
    distractors = [n for i, n in lengths.items() if i != item.answer]
    return lengths[item.answer] / (sum(distractors) / len(distractors))


@dataclass(frozen=True)
class ModuleCues:
    """One module's length cues: the longest-option score and the mean key/distractor ratio."""

    module: str
    items: int
    longest_score: float
    mean_ratio: float
    longest_keys: tuple[str, ...]  # items where the longest option is (or ties with) the key
    long_keys: tuple[str, ...]  # items whose key/distractor ratio exceeds the limit, worst first


def module_cues(entries: list[BankItem], module: str, ratio_limit: float) -> ModuleCues:
    """The length cues of one module's items."""
    scores = {e.id: longest_option_score(e.item) for e in entries}
    ratios = {e.id: key_length_ratio(e.item) for e in entries}
    long_keys = sorted((i for i, r in ratios.items() if r > ratio_limit), key=lambda i: -ratios[i])
    return ModuleCues(module, len(entries), sum(scores.values()),
                      sum(ratios.values()) / len(entries),
                      tuple(i for i, s in scores.items() if s > 0), tuple(long_keys))


def cue_problems(bank: Bank, limits: ItemCues) -> list[str]:
    """One line per broken rule, naming the module, the rule and the item ids to rewrite."""
    problems = []
    for module in dict.fromkeys(e.module for e in bank.items):
        cues = module_cues(bank.by_module(module), module, limits.key_length_ratio)
        allowed = cues.items / limits.longest_option_one_in
        if cues.longest_score > allowed + 1e-9:
            problems.append(
                f"{module}: picking the longest option scores {cues.longest_score:.2f} of "
                f"{cues.items} items; at most 1 in {limits.longest_option_one_in} "
                f"({allowed:.2f}) is allowed (exams.item_cues.longest_option_one_in). "
                f"The key is the longest option in: {', '.join(cues.longest_keys)}")
        if cues.mean_ratio > limits.key_length_ratio + 1e-9:
            problems.append(
                f"{module}: keys are on average {cues.mean_ratio:.2f} times as long as their "
                f"distractors; at most {limits.key_length_ratio:g} is allowed "
                f"(exams.item_cues.key_length_ratio). Longest keys relative to their "
                f"distractors: {', '.join(cues.long_keys)}")
    return problems


def cue_report(bank: Bank, limits: ItemCues) -> str:
    """A table of every module's longest-option score and mean key/distractor length ratio."""
    lines = [f"{'module':8} {'items':>5} {'longest':>8} {'ratio':>6}"]
    for module in dict.fromkeys(e.module for e in bank.items):
        cues = module_cues(bank.by_module(module), module, limits.key_length_ratio)
        lines.append(f"{module:8} {cues.items:5d} {cues.longest_score:8.2f} "
                     f"{cues.mean_ratio:6.2f}")
    return "\n".join(lines)
