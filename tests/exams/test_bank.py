"""The item bank loader: every refusal names the file, the item and the reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from course.config import CourseConfig, load_config
from course.errors import ConfigError
from course.exams.bank import balance_report, key_balance, load_bank
from tests.exams.fixture import PROJECT, item

Data = dict[str, Any]


def edit(project: Path, module: str, change: Callable[[Data], None]) -> Path:
    path = project / "exams" / "bank" / f"{module}.yml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_fixture_bank_loads_with_modules_and_balance(tiny: CourseConfig) -> None:
    bank = load_bank(tiny)
    assert [e.id for e in bank.by_module("m02")] == ["m02-q01", "m02-q02", "m02-q03", "m02-q04"]
    assert bank.get("m01-q03").item.answer == "c"
    assert set(bank.modules) == {"m01", "m02"}
    assert key_balance(bank.items) == {"a": 0.25, "b": 0.25, "c": 0.25, "d": 0.25}
    assert balance_report(bank) == ("8 items; key positions: a 25%, b 25%, c 25%, d 25%; "
                                    "scenario items: 50%")


def _set(index: int, **fields: Any) -> Callable[[Data], None]:
    return lambda data: data["items"][index].update(fields)


def _option(index: int, option: int, **fields: Any) -> Callable[[Data], None]:
    return lambda data: data["items"][index]["options"][option].update(fields)


REFUSALS = [
    ("two keys", "m01", _set(2, key=["a", "c"]), "item", "m01-q03", "has 2 keys"),
    ("no key", "m01", lambda d: d["items"][2].pop("key"), "item", "m01-q03", "has 0 keys"),
    ("key not an option", "m01", _set(2, key="e"), "item", "m01-q03", "key 'e' is not one of"),
    ("three options", "m01", lambda d: d["items"][1]["options"].pop(), "item", "m01-q02",
     "has 3 options; exactly four"),
    ("five options", "m02",
     lambda d: d["items"][0]["options"].append({"id": "e", "text": "x", "why": "y"}),
     "item", "m02-q01", "has 5 options"),
    ("all of the above", "m02", _option(3, 2, text="All of the above"), "item", "m02-q04",
     "option c is a catch-all"),
    ("none of the above", "m02", _option(3, 1, text="None of the above."), "item", "m02-q04",
     "option b is a catch-all"),
    ("missing rationale", "m01", lambda d: d["items"][0]["options"][3].pop("why"), "item",
     "m01-q01", "option d has no rationale"),
    ("empty rationale", "m01", _option(0, 1, why="  "), "item", "m01-q01",
     "option b has no rationale"),
    ("unknown objective", "m01", _set(3, objective="o9"), "item m01-q04", "objective 'o9'",
     "is not an objective of m01"),
    ("unknown model", "m01", _set(3, model="nope"), "item m01-q04", "model 'nope'",
     "is not a model of m01"),
    ("duplicate id in a file", "m01", _set(3, id="m01-q01"), "item m01-q01", "duplicate id",
     "also in m01.yml"),
    ("duplicate id across files", "m02", _set(0, id="m01-q02"), "item m01-q02",
     "duplicate id", "also in m01.yml"),
    ("duplicate stem", "m02", _set(1, stem="  stem OF m01-q01: which option is right? "),
     "item m02-q02", "same stem as item m01-q01", "m01.yml"),
    ("unknown module", "m02", lambda d: d.update(module="m11"), "module", "unknown module 'm11'",
     "course.yml defines m01, m02"),
]


@pytest.mark.parametrize(("case", "module", "change", "where", "what", "reason"), REFUSALS,
                         ids=[r[0] for r in REFUSALS])
def test_bank_refuses_with_file_item_and_reason(project: Path, case: str, module: str,
                                                change: Callable[[Data], None], where: str,
                                                what: str, reason: str) -> None:
    path = edit(project, module, change)
    config = load_config(project / "course" / "course.yml")
    with pytest.raises(ConfigError) as err:
        load_bank(config)
    line = next(ln for ln in str(err.value).splitlines() if reason in ln)
    assert line.startswith(f"{path}: ")
    assert where in line and what in line


def test_bank_refuses_too_few_scenario_items(project: Path) -> None:
    for module in ("m01", "m02"):
        edit(project, module, lambda d: [i.update(scenario=False) for i in d["items"][1:]])
    with pytest.raises(ConfigError, match=r"bank: 25% of items are scenario items .* at least 40%"):
        load_bank(load_config(project / "course" / "course.yml"))


def test_scenario_items_must_apply_or_analyze(project: Path) -> None:
    for module in ("m01", "m02"):
        edit(project, module, lambda d: [i.update(bloom="remember") for i in d["items"]])
    with pytest.raises(ConfigError, match=r"0% of items are scenario items"):
        load_bank(load_config(project / "course" / "course.yml"))


def test_bank_reports_an_overused_key_position(project: Path) -> None:
    edit(project, "m02", lambda d: [i.update(key="a") for i in d["items"]])
    with pytest.raises(ConfigError) as err:
        load_bank(load_config(project / "course" / "course.yml"))
    assert "bank: key position a holds 62% of keys; no position may exceed 35%" in str(err.value)


def test_every_problem_is_listed_at_once(project: Path) -> None:
    edit(project, "m01", _set(0, key="z"))
    edit(project, "m02", _set(1, objective="o7"))
    with pytest.raises(ConfigError) as err:
        load_bank(load_config(project / "course" / "course.yml"))
    assert len(str(err.value).splitlines()) == 2


def test_bad_yaml_and_missing_bank_are_refused(project: Path, tiny: CourseConfig) -> None:
    (project / "exams" / "bank" / "m02.yml").write_text("module: m02\nitems: [\n")
    with pytest.raises(ConfigError, match="m02.yml.*not valid YAML"):
        load_bank(tiny)
    for path in (project / "exams" / "bank").glob("*.yml"):
        path.unlink()
    with pytest.raises(ConfigError, match="no item bank files"):
        load_bank(tiny)


def test_item_helper_is_valid_on_its_own() -> None:
    from course.exams.bank import Item

    assert Item.model_validate(item("x-1", "b", scenario=True)).is_scenario


def test_shipped_bank_is_valid_and_large_enough() -> None:
    config = load_config(PROJECT / "course" / "course.yml")
    bank = load_bank(config)
    for module in config.modules:
        assert len(bank.by_module(module.id)) >= 10, module.id
    assert max(key_balance(bank.items).values()) <= 0.35
    assert sum(e.item.is_scenario for e in bank.items) >= 0.4 * len(bank.items)
