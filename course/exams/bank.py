"""The exam item bank (`exams/bank/mNN.yml`), loaded and validated as a whole.

A bad bank is refused with a ConfigError whose lines each name the file, the item id and the
reason. Rules: unique ids and stems; four options with ids a-d; exactly one key; a rationale for
every option; no "all/none of the above"; a known module, objective and (optional) model; at
least 40 % scenario items (bloom apply or analyze); no key position over 35 % of the bank.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from course.content import ModuleContent, load_module_content
from course.errors import ConfigError, load_yaml, validation_message

if TYPE_CHECKING:
    from course.config import CourseConfig

BANK_FOLDER = Path("exams") / "bank"
OPTION_IDS = ("a", "b", "c", "d")
SCENARIO_LEVELS = ("apply", "analyze")
MIN_SCENARIO_SHARE = 0.40
MAX_KEY_SHARE = 0.35
_CATCH_ALL = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|those|the options)\b",
                        re.IGNORECASE)
Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ItemOption(_Strict):
    """One answer option; `why` is the rationale, kept out of every released file."""

    id: str
    text: str = Field(min_length=1)
    why: str = ""


class Item(_Strict):
    """One multiple-choice item as written in a bank file."""

    id: str = Slug
    objective: str = Slug
    bloom: Literal["remember", "understand", "apply", "analyze", "evaluate", "create"]
    scenario: bool = False
    stem: str = Field(min_length=1)
    options: list[ItemOption]
    key: Any = None
    model: str | None = None  # the id of the module.yml model the item exercises, if one

    @model_validator(mode="after")
    def _rules(self) -> Item:
        ids = [o.id for o in self.options]
        if len(ids) != 4:
            raise ValueError(f"has {len(ids)} options; exactly four (a-d) are required")
        if sorted(ids) != list(OPTION_IDS):
            raise ValueError(f"option ids are {', '.join(ids)}; they must be a, b, c and d")
        keys = self.key if isinstance(self.key, list) else [] if self.key is None else [self.key]
        if len(keys) != 1:
            raise ValueError(f"has {len(keys)} keys; exactly one key (a, b, c or d) is required")
        if keys[0] not in OPTION_IDS:
            raise ValueError(f"key {keys[0]!r} is not one of the option ids a, b, c, d")
        for option in self.options:
            if not option.why.strip():
                raise ValueError(f"option {option.id} has no rationale (why)")
            if _CATCH_ALL.search(option.text):
                raise ValueError(f"option {option.id} is a catch-all ({option.text!r}); write "
                                 "four plausible, independent options")
        return self

    @property
    def answer(self) -> str:
        """The key's option id."""
        return self.key[0] if isinstance(self.key, list) else self.key

    @property
    def is_scenario(self) -> bool:
        """A scenario item that asks to apply or analyze (counts toward the 40 % rule)."""
        return self.scenario and self.bloom in SCENARIO_LEVELS


class BankFile(_Strict):
    module: str
    items: list[Item] = Field(min_length=1)


@dataclass(frozen=True)
class BankItem:
    """A validated item with the module it belongs to and the file it came from."""

    module: str
    item: Item
    file: Path

    @property
    def id(self) -> str:
        return self.item.id


@dataclass(frozen=True)
class Bank:
    """Every item of the bank in file order, plus each module's content (objectives, models)."""

    items: tuple[BankItem, ...]
    modules: dict[str, ModuleContent]

    def get(self, item_id: str) -> BankItem:
        """The item with this id."""
        for entry in self.items:
            if entry.id == item_id:
                return entry
        raise KeyError(item_id)

    def by_module(self, module_id: str) -> list[BankItem]:
        """The items of one module in file order."""
        return [e for e in self.items if e.module == module_id]


def bank_folder(config: CourseConfig) -> Path:
    """Where the bank files live."""
    return config.path(BANK_FOLDER)


def bank_files(config: CourseConfig) -> list[Path]:
    """The bank files, sorted by name."""
    return sorted(bank_folder(config).glob("*.yml"))


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def key_balance(items: list[BankItem] | tuple[BankItem, ...]) -> dict[str, float]:
    """Share of items whose key is at each option position."""
    counts = Counter(e.item.answer for e in items)
    total = len(items) or 1
    return {position: counts.get(position, 0) / total for position in OPTION_IDS}


def balance_report(bank: Bank) -> str:
    """A one-line key-position balance report, e.g. 'key positions: a 24 %, b 26 % ...'."""
    shares = key_balance(bank.items)
    scenario = sum(e.item.is_scenario for e in bank.items) / (len(bank.items) or 1)
    parts = ", ".join(f"{p} {s:.0%}" for p, s in shares.items())
    return f"{len(bank.items)} items; key positions: {parts}; scenario items: {scenario:.0%}"


def _module_content(config: CourseConfig, module_id: str) -> ModuleContent:
    return load_module_content(config.path(config.module(module_id).folder) / "module.yml")


def _load_file(config: CourseConfig, path: Path, errors: list[str]) -> BankFile | None:
    data = load_yaml(path)
    if not isinstance(data, dict):
        errors.append(f"{path}: expected a mapping with `module` and `items`")
        return None
    try:
        parsed = BankFile.model_validate(data)
    except ValueError as exc:
        errors.append(validation_message(path, exc, data))
        return None
    known = [m.id for m in config.modules]
    if parsed.module not in known:
        errors.append(f"{path}: module: unknown module {parsed.module!r}; course.yml defines "
                      f"{', '.join(known)}")
        return None
    return parsed


def _check_links(path: Path, item: Item, content: ModuleContent, errors: list[str]) -> None:
    objectives = [o.id for o in content.objectives]
    if item.objective not in objectives:
        errors.append(f"{path}: item {item.id}: objective {item.objective!r} is not an objective "
                      f"of {content.id} (known: {', '.join(objectives)})")
    models = [m.id for m in content.models]
    if item.model is not None and item.model not in models:
        errors.append(f"{path}: item {item.id}: model {item.model!r} is not a model of "
                      f"{content.id} (known: {', '.join(models) or 'none'})")


def _bank_rules(items: list[BankItem]) -> list[str]:
    errors = []
    scenario = sum(e.item.is_scenario for e in items) / len(items)
    if scenario < MIN_SCENARIO_SHARE:
        errors.append(f"bank: {scenario:.0%} of items are scenario items (scenario: true, bloom "
                      f"apply or analyze); at least {MIN_SCENARIO_SHARE:.0%} are required")
    for position, share in key_balance(items).items():
        if share > MAX_KEY_SHARE:
            errors.append(f"bank: key position {position} holds {share:.0%} of keys; no position "
                          f"may exceed {MAX_KEY_SHARE:.0%} (move some keys to other positions)")
    return errors


def load_bank(config: CourseConfig, files: list[Path] | None = None) -> Bank:
    """Load and validate the bank; every problem found is listed in one ConfigError."""
    files = bank_files(config) if files is None else files
    if not files:
        raise ConfigError(f"{bank_folder(config)}: no item bank files (mNN.yml) found")
    errors: list[str] = []
    items: list[BankItem] = []
    modules: dict[str, ModuleContent] = {}
    seen_ids: dict[str, Path] = {}
    seen_stems: dict[str, tuple[str, Path]] = {}
    for path in files:
        parsed = _load_file(config, path, errors)
        if parsed is None:
            continue
        if parsed.module not in modules:
            modules[parsed.module] = _module_content(config, parsed.module)
        for item in parsed.items:
            if item.id in seen_ids:
                errors.append(f"{path}: item {item.id}: duplicate id (also in "
                              f"{seen_ids[item.id].name})")
                continue
            seen_ids[item.id] = path
            stem = _normal(item.stem)
            if stem in seen_stems:
                other, where = seen_stems[stem]
                errors.append(f"{path}: item {item.id}: same stem as item {other} "
                              f"({where.name})")
            seen_stems.setdefault(stem, (item.id, path))
            _check_links(path, item, modules[parsed.module], errors)
            items.append(BankItem(parsed.module, item, path))
    if not errors:
        errors = _bank_rules(items)
    if errors:
        raise ConfigError("\n".join(errors))
    return Bank(tuple(items), modules)
