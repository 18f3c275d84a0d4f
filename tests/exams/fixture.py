"""A tiny course project for exam and grading tests: two modules, an eight-item bank, small exams.

The issue's minimum exam sizes (30 and 60 items) are lowered by `small_exams` so that an nbgrader
round trip stays quick; the rules themselves are tested against the real minimums.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[2]
SMALL_MINIMUMS = {"practice": (2, 1), "final": (4, 2)}
LEARNERS = [("ann", "Ann Archer", "g1"), ("ben", "Ben Bell", "g1"), ("cal", "Cal Cole", "g2")]

MODULE_MD = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
---

## 1. {title}

A short section for the test course.

## Summary

That is all.
"""


def module_yml(module_id: str, title: str) -> dict[str, Any]:
    """A minimal module.yml with two objectives, two models and one knowledge-check item."""
    return {
        "id": module_id, "title": title, "study_time_hours": 1,
        "objectives": [{"id": "o1", "bloom": "understand", "text": f"Explain {title} basics."},
                       {"id": "o2", "bloom": "apply", "text": f"Apply {title} to a case."}],
        "models": [{"id": "model-one", "name": f"{title} model one", "source": "Tester, 2020",
                    "summary": "A model.", "section": "1. First section"},
                   {"id": "model-two", "name": f"{title} model two", "source": "Tester, 2021",
                    "summary": "Another model.", "section": "2. Second section"}],
        "knowledge_check": [{"id": "kc1", "kind": "true_false", "objective": "o1",
                             "prompt": "Is this a test course?", "answer": True,
                             "why": "It exists only for the tests."}],
        "reflection": {"prompt": "What did you learn?"},
        "references": [{"authors": "Tester, T.", "year": 2020, "title": "A test reference"}],
    }


def item(item_id: str, key: str, objective: str = "o1", scenario: bool = False,
         model: str | None = None) -> dict[str, Any]:
    """A valid bank item whose stem and rationales carry its id (so scans can find them)."""
    entry = {
        "id": item_id, "objective": objective, "bloom": "apply" if scenario else "remember",
        "scenario": scenario, "stem": f"Stem of {item_id}: which option is right?",
        "options": [{"id": o, "text": f"Option {o} of {item_id}",
                     "why": f"RATIONALE-{item_id}-{o}: the reason for option {o}."}
                    for o in "abcd"],
        "key": key,
    }
    if model:
        entry["model"] = model
    return entry


BANK = {
    "m01": [item("m01-q01", "a", "o1", True, "model-one"), item("m01-q02", "b", "o2", True),
            item("m01-q03", "c", "o1"), item("m01-q04", "d", "o2", model="model-two")],
    "m02": [item("m02-q01", "b", "o1", True), item("m02-q02", "a", "o2", True),
            item("m02-q03", "d", "o1"), item("m02-q04", "c", "o2")],
}
BLUEPRINTS = {
    "practice": {"title": "Practice exam", "items": ["m01-q01", "m01-q02", "m02-q01", "m02-q02"]},
    "final": {"title": "Final exam", "draw": {"per_module": 2}},
}


def write_yaml(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def make_project(dest: Path, timeout: int = 8) -> Path:
    """Write the tiny project into dest; returns the path of its course.yml."""
    config = yaml.safe_load((PROJECT / "course" / "course.yml").read_text(encoding="utf-8"))
    config["modules"] = [{"id": "m01", "title": "Alpha topics", "folder": "modules/01-alpha"},
                         {"id": "m02", "title": "Beta topics", "folder": "modules/02-beta"}]
    config["pacing"].pop("enrolment_date", None)
    config.pop("dashboards", None)  # the tiny project has none
    config["grading"] = {"cell_timeout_seconds": timeout, "workers": 2}
    config["roster"]["groups"] = [{"id": "g1", "name": "Group 1"}, {"id": "g2", "name": "Group 2"}]
    for module in config["modules"]:
        folder = dest / module["folder"]
        write_yaml(folder / "module.yml", module_yml(module["id"], module["title"]))
        (folder / "module.md").write_text(MODULE_MD.format(title=module["title"]))
    for module_id, items in BANK.items():
        write_yaml(dest / "exams" / "bank" / f"{module_id}.yml", {"module": module_id,
                                                                 "items": items})
    for kind, blueprint in BLUEPRINTS.items():
        write_yaml(dest / "exams" / f"{kind}.yml", blueprint)
    return write_yaml(dest / "course" / "course.yml", config)


def write_roster(root: Path) -> None:
    """The three-learner roster in the course root."""
    root.mkdir(parents=True, exist_ok=True)
    lines = ["id,name,email,group"] + [f"{i},{n},{i}@example.org,{g}" for i, n, g in LEARNERS]
    (root / "roster.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def answers(scope: str, values: dict[str, Any]) -> str:
    """An answers file (widgets/store.py format) holding these values."""
    items = {k: {"value": v, "attempts": 1, "saved_at": "2027-01-01T10:00:00+00:00"}
             for k, v in values.items()}
    return json.dumps({"format": "tmcert-answers", "version": 1, "scope": scope,
                       "items": items}, indent=1)


def submit(root: Path, learner: str, assignment: str, values: dict[str, Any] | None,
           timestamp: str | None = None) -> Path:
    """Copy the released assignment into submitted/<learner>/ with these saved answers."""
    folder = root / "submitted" / learner / assignment
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(root / "release" / assignment, folder)
    if values is not None:
        (folder / f"{assignment}.answers.json").write_text(answers(assignment, values))
    if timestamp is not None:
        (folder / "timestamp.txt").write_text(timestamp)
    return folder


@pytest.fixture
def small_exams(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lower the exam-size minimums for the tiny fixture exams."""
    from course.exams import blueprint

    for kind, value in SMALL_MINIMUMS.items():
        monkeypatch.setitem(blueprint.MINIMUMS, kind, value)


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def find_leaks(folder: Path, entries: list) -> list[str]:
    """Every file under folder that shows an item's key call or any option's rationale.

    Each file is searched as raw text and, when it is JSON (notebooks, answers, metadata), as
    its decoded strings, so escaping cannot hide a rationale.
    """
    leaks = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes().decode("utf-8", errors="replace")
        texts = [raw]
        try:
            texts.append("\n".join(_strings(json.loads(raw))))
        except ValueError:
            pass
        text = "\n".join(texts)
        for marker in ("grade_item(", "HIDDEN TESTS"):
            if marker in text:
                leaks.append(f"{path}: {marker}")
        for entry in entries:
            key_call = f"{entry.id!r}, {entry.item.answer!r}"
            if key_call in text or json.dumps([entry.id, entry.item.answer])[1:-1] in text:
                leaks.append(f"{path}: key of {entry.id}")
            leaks += [f"{path}: rationale {entry.id}/{o.id}" for o in entry.item.options
                      if o.why.strip() in text]
    return leaks
