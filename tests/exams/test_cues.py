"""Answer-length cues: each rule refuses a bad bank (naming the rule and the items) and passes a
good one; the shipped bank passes; `build.py build` stops on a bank that breaks a rule."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from course.build import BuildContext, BuildError, check_bank
from course.config import load_config
from course.errors import ConfigError
from course.exams.bank import Item, load_bank
from course.exams.cues import cue_problems, key_length_ratio, longest_option_score
from tests.exams.fixture import PROJECT, item


def texts(project: Path, module: str, index: int, **by_option: str) -> None:
    """Set the text of some options of one item of the tiny project's bank."""
    path = project / "exams" / "bank" / f"{module}.yml"
    data = yaml.safe_load(path.read_text())
    for option in data["items"][index]["options"]:
        option["text"] = by_option.get(option["id"], option["text"])
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def lengthen_a_distractor(project: Path, module: str, indexes: range) -> None:
    """Make one distractor of these items one character longer than the others."""
    data = yaml.safe_load((project / "exams" / "bank" / f"{module}.yml").read_text())
    for index in indexes:
        key = data["items"][index]["key"]
        other = "a" if key != "a" else "b"
        texts(project, module, index, **{other: f"Option {other} of {module}-q0{index + 1}!"})


def problems(project: Path) -> list[str]:
    config = load_config(project / "course" / "course.yml")
    return cue_problems(load_bank(config), config.exams.item_cues)


def build_check(project: Path) -> str:
    config = load_config(project / "course" / "course.yml")
    return check_bank(BuildContext(config, project / "root", report=lambda _m: None))


def test_scores_and_ratios_of_single_items() -> None:
    entry = item("x-1", "b")
    entry["options"][1]["text"] = "b" * 30  # the key, longest
    for o, n in zip("acd", (10, 20, 30), strict=True):
        entry["options"]["abcd".index(o)]["text"] = o * n  # d ties with the key
    parsed = Item.model_validate(entry)
    assert longest_option_score(parsed) == 0.5
    assert key_length_ratio(parsed) == pytest.approx(30 / 20)
    entry["options"][3]["text"] = "d " * 20  # 39 characters: d is now the longest alone
    assert longest_option_score(Item.model_validate(entry)) == 0.0


def test_the_tiny_bank_has_no_cues(project: Path) -> None:
    assert problems(project) == []
    assert build_check(project) == "8 items, no length cues"


def test_longest_option_rule_names_the_module_and_items(project: Path) -> None:
    # the tiny bank's options are equally long, so "pick the longest" scores 1/4 per item; a key
    # one character longer in two of m01's four items makes it 1 + 1 + 1/4 + 1/4 = 2.5 > 4 / 3
    # while the mean key/distractor ratio stays near 1
    for index, key in ((0, "a"), (2, "c")):
        texts(project, "m01", index, **{key: f"Option {key} of m01-q0{index + 1}!"})
    found = problems(project)
    assert len(found) == 1
    assert found[0].startswith("m01: picking the longest option scores 2.50 of 4 items; at most "
                               "1 in 3 (1.33) is allowed (exams.item_cues.longest_option_one_in)")
    assert found[0].endswith("The key is the longest option in: m01-q01, m01-q02, m01-q03, "
                             "m01-q04")


def test_one_longest_key_in_three_items_passes(project: Path) -> None:
    # m01-q01's key is the longest; in q02-q04 a distractor is: 1 of 4 items <= 4 / 3
    texts(project, "m01", 0, a="Option a of m01-q01!")
    for index, distractor in ((1, "a"), (2, "d"), (3, "b")):
        texts(project, "m01", index, **{distractor: f"Option {distractor} of m01-q0{index + 1}!"})
    assert problems(project) == []


def test_key_length_ratio_rule_names_the_module_and_items(project: Path) -> None:
    # m02-q01 (key b): key of 60 characters against distractors of 20 (ratio 3); in the other
    # three items a distractor is one character longer (ratio 19 / (58 / 3)), so the module's
    # mean ratio is 1.49 > 1.2 and the longest-option score is 1 <= 4 / 3
    texts(project, "m02", 0, a="x" * 20, b="y" * 60, c="z" * 20, d="w" * 20)
    lengthen_a_distractor(project, "m02", range(1, 4))
    found = problems(project)
    assert found == ["m02: keys are on average 1.49 times as long as their distractors; at most "
                     "1.2 is allowed (exams.item_cues.key_length_ratio). Longest keys relative "
                     "to their distractors: m02-q01"]


def test_limits_come_from_course_yml(project: Path) -> None:
    texts(project, "m02", 0, a="x" * 20, b="y" * 60, c="z" * 20, d="w" * 20)
    lengthen_a_distractor(project, "m02", range(1, 4))
    path = project / "course" / "course.yml"
    data = yaml.safe_load(path.read_text())
    data["exams"]["item_cues"]["key_length_ratio"] = 1.5
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert problems(project) == []
    data["exams"]["item_cues"]["key_length_ratio"] = 0.5
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ConfigError, match=r"course.yml: exams.item_cues.key_length_ratio: "
                                          r"Input should be greater"):
        load_config(path)


def test_build_step_refuses_length_cues_with_the_item_ids(project: Path) -> None:
    texts(project, "m02", 0, a="x" * 20, b="y" * 60, c="z" * 20, d="w" * 20)
    with pytest.raises(BuildError,
                       match=r"(?s)gives keys away.*m02: keys are on average.*m02-q01"):
        build_check(project)


@pytest.mark.parametrize(("change", "reason"), [
    ({"c": "All of the above"}, "option c is a catch-all"),
    ({"d": "None of the above"}, "option d is a catch-all"),
])
def test_build_step_refuses_catch_all_options(project: Path, change: dict, reason: str) -> None:
    texts(project, "m01", 1, **change)
    with pytest.raises(ConfigError, match=f"m01.yml: items\\[1\\] \\(id m01-q02\\): {reason}"):
        build_check(project)


def test_build_step_refuses_a_missing_rationale(project: Path) -> None:
    path = project / "exams" / "bank" / "m01.yml"
    data = yaml.safe_load(path.read_text())
    data["items"][3]["options"][2]["why"] = ""
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ConfigError,
                       match=r"m01.yml: items\[3\] \(id m01-q04\): option c has no rationale"):
        build_check(project)


def test_shipped_bank_has_no_length_cues() -> None:
    config = load_config(PROJECT / "course" / "course.yml")
    assert cue_problems(load_bank(config), config.exams.item_cues) == []


def test_build_command_stops_on_a_cue_and_names_the_items(project: Path) -> None:
    texts(project, "m02", 0, a="x" * 20, b="y" * 60, c="z" * 20, d="w" * 20)
    run = subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--config",
                          str(project / "course" / "course.yml"), "--root",
                          str(project / "root")], capture_output=True, text=True, cwd=project)
    assert run.returncode != 0
    assert "m02: keys are on average 1.50 times" in run.stdout + run.stderr
    assert "m02-q01" in run.stdout + run.stderr
    assert not (project / "root" / "release").exists()


def test_cue_report_lists_every_module(project: Path) -> None:
    from course.exams.cues import cue_report

    config = load_config(project / "course" / "course.yml")
    assert cue_report(load_bank(config), config.exams.item_cues).splitlines() == [
        "module   items  longest  ratio",
        "m01          4     1.00   1.00",
        "m02          4     1.00   1.00"]
