"""course.yml validation: a bad file gets one message naming file, entry and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from course.config import load_config
from course.errors import ConfigError

PROJECT = Path(__file__).resolve().parents[2]
SHIPPED = yaml.safe_load((PROJECT / "course" / "course.yml").read_text())


def write_course(tmp_path: Path, data: dict) -> Path:
    """Lay out a project in tmp_path (course/course.yml + module folders) and return the file."""
    for module in SHIPPED["modules"]:
        (tmp_path / module["folder"]).mkdir(parents=True, exist_ok=True)
    path = tmp_path / "course" / "course.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def modified(**changes) -> dict:
    data = yaml.safe_load(yaml.safe_dump(SHIPPED))
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split("__")
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        if value is KeyError:
            del node[last]
        else:
            node[last] = value
    return data


def error_for(tmp_path: Path, data: dict) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(write_course(tmp_path, data))
    return str(info.value)


def test_shipped_course_loads() -> None:
    config = load_config(PROJECT / "course" / "course.yml")
    assert len(config.modules) == 10
    assert config.pacing.prework_weeks == 6 and config.pacing.modules_per_week == 2
    assert config.exams.final.pass_mark == pytest.approx(0.7)


def test_missing_field_names_file_and_field(tmp_path: Path) -> None:
    message = error_for(tmp_path, modified(practicum__start=KeyError))
    assert "course.yml" in message and "practicum.start" in message and "Field required" in message


def test_wrong_type_names_entry(tmp_path: Path) -> None:
    message = error_for(tmp_path, modified(pacing__modules_per_week="two"))
    assert "pacing.modules_per_week" in message and "integer" in message


def test_serving_settings_are_checked_and_default_when_absent(tmp_path: Path) -> None:
    message = error_for(tmp_path, modified(serving__kernel_pool=0))
    assert "serving.kernel_pool" in message and "greater than or equal to 1" in message
    config = load_config(write_course(tmp_path / "plain", modified(serving=KeyError)))
    assert (config.serving.port, config.serving.kernel_pool) == (8866, 1)


def test_grading_cluster_is_a_dask_scheduler_address_or_absent(tmp_path: Path) -> None:
    message = error_for(tmp_path, modified(grading__cluster="dask-scheduler:8786"))
    assert "grading.cluster" in message and "not a Dask scheduler address" in message
    assert "tcp://HOST:PORT" in message
    assert load_config(PROJECT / "course" / "course.yml").grading.cluster is None
    for address in ("tcp://dask-scheduler.grading:8786", "tls://10.0.0.7:8786",
                    "tcp://[::1]:8786"):
        path = write_course(tmp_path / "ok", modified(grading__cluster=address))
        assert load_config(path).grading.cluster == address


def test_duplicate_module_id(tmp_path: Path) -> None:
    data = modified()
    data["modules"][3]["id"] = "m01"
    assert "duplicate module id 'm01'" in error_for(tmp_path, data)


def test_missing_module_folder(tmp_path: Path) -> None:
    data = modified()
    data["modules"][4]["folder"] = "modules/99-nowhere"
    message = error_for(tmp_path, data)
    assert "modules[4] (id m05) -> folder" in message and "does not exist" in message


def test_unknown_time_zone(tmp_path: Path) -> None:
    message = error_for(tmp_path, modified(timezone="Mars/Olympus_Mons"))
    assert "timezone" in message and "unknown time zone 'Mars/Olympus_Mons'" in message


def test_practicum_too_soon_after_enrolment(tmp_path: Path) -> None:
    data = modified(practicum__start="2027-02-15")  # only five weeks after enrolment on Jan 11
    message = error_for(tmp_path, data)
    assert "practicum -> start" in message and "6 prework weeks are required" in message


def test_enrolment_exactly_six_weeks_before_is_accepted(tmp_path: Path) -> None:
    data = modified(practicum__start="2027-02-22", pacing__enrolment_date="2027-01-11")
    assert load_config(write_course(tmp_path, data)).practicum.start.isoformat() == "2027-02-22"


def test_not_yaml(tmp_path: Path) -> None:
    path = write_course(tmp_path, {})
    path.write_text("id: [unclosed\n")
    with pytest.raises(ConfigError, match=r"course.yml \(line 2, column 1\): not valid YAML"):
        load_config(path)


def test_command_line_prints_one_message_without_traceback(tmp_path: Path) -> None:
    path = write_course(tmp_path, modified(timezone="Nowhere/Land"))
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "schedule",
                             "--config", str(path)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and "Nowhere/Land" in result.stderr
