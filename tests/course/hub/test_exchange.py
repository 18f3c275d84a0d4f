"""The exchange's inbound folders, and nothing in submitted/ lost when a newer one is collected."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from course.config import CourseConfig
from course.hub.accounts import closed_folder, unreachable
from course.hub.exchange import (
    ARCHIVE,
    ExchangeError,
    archive_superseded,
    newest_inbound,
    prepare_exchange,
)


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A folder every account can reach (pytest's own temporary folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="tmcert-open-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


T1, T2, T3 = ("2027-02-20 10:00:00.000000 UTC", "2027-02-21 09:30:00.000000 UTC",
              "2027-02-27 08:00:00.000000 UTC")


def _inbound(root: Path, config: CourseConfig, learner: str, assignment: str, stamp: str,
             suffix: str = "+x1") -> None:
    folder = root / "exchange" / config.id / "inbound" / f"{learner}+{assignment}+{stamp}{suffix}"
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")


def _submitted(root: Path, learner: str, assignment: str, stamp: str) -> Path:
    folder = root / "submitted" / learner / assignment
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
    (folder / "exam.ipynb").write_text("{}", encoding="utf-8")
    return folder


def test_newest_inbound_is_per_learner_and_assignment(config: CourseConfig,
                                                      tmp_path: Path) -> None:
    _inbound(tmp_path, config, "ann", "practice-exam", T1)
    _inbound(tmp_path, config, "ann", "practice-exam", T2, suffix="")  # no random part
    _inbound(tmp_path, config, "ann", "m01", T3)
    _inbound(tmp_path, config, "ben", "practice-exam", T1)
    newest = newest_inbound(config, tmp_path, "practice-exam")
    assert {k: f"{v:%d %H:%M}" for k, v in newest.items()} == {"ann": "21 09:30",
                                                               "ben": "20 10:00"}
    assert newest_inbound(config, tmp_path / "elsewhere", "m01") == {}


def test_a_collected_copy_moves_to_the_archive_only_when_a_newer_one_waits(
        config: CourseConfig, tmp_path: Path) -> None:
    ann = _submitted(tmp_path, "ann", "practice-exam", T1)
    ben = _submitted(tmp_path, "ben", "practice-exam", T2)
    _inbound(tmp_path, config, "ann", "practice-exam", T3)  # ann submitted again
    _inbound(tmp_path, config, "ben", "practice-exam", T2)  # ben's copy is already collected
    moved = archive_superseded(config, tmp_path, "practice-exam")
    kept = tmp_path / ARCHIVE / "ann" / "practice-exam" / T1.replace(" ", "_")
    assert moved == [kept]
    assert (kept / "exam.ipynb").read_text(encoding="utf-8") == "{}" and not ann.exists()
    assert ben.exists()


def test_exchange_is_open_to_every_account(config: CourseConfig, tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    path = prepare_exchange(config, tmp_path)
    assert path == tmp_path / "exchange" and path.stat().st_mode & 0o777 == 0o777


def test_a_closed_folder_on_the_way_is_named(open_tmp: Path) -> None:
    tmp_path = open_tmp
    inner = tmp_path / "open" / "closed" / "course"
    inner.mkdir(parents=True)
    for folder in (tmp_path, tmp_path / "open", inner):
        folder.chmod(0o755)
    (tmp_path / "open" / "closed").chmod(0o750)
    blocked = tmp_path / "open" / "closed"
    assert closed_folder(inner) == blocked
    assert unreachable([inner, tmp_path / "open"]) == {inner: blocked}
    blocked.chmod(0o755)
    assert closed_folder(inner) is None


def test_an_exchange_set_up_by_another_account_is_used_as_it_is(
        config: CourseConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path.chmod(0o755)
    (tmp_path / "exchange").mkdir(mode=0o777)
    (tmp_path / "exchange").chmod(0o777)

    def refuse(*_args: object) -> None:
        raise PermissionError("not the owner")

    monkeypatch.setattr(Path, "chmod", refuse)  # as for the grader after root's `build.py hub`
    assert prepare_exchange(config, tmp_path) == tmp_path / "exchange"
    (tmp_path / "exchange").rmdir()
    monkeypatch.undo()
    (tmp_path / "exchange").mkdir(mode=0o755)
    monkeypatch.setattr(Path, "chmod", refuse)
    with pytest.raises(ExchangeError, match="must be writable by every account"):
        prepare_exchange(config, tmp_path)
