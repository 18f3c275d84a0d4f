"""The answers file: atomic writes, bad files kept aside with a message, no lost update."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from widgets.store import (
    FORMAT,
    AnswerStore,
    Saved,
    atomic_write,
    parse,
    read_answers,
    render,
)

ROOT = Path(__file__).resolve().parents[2]


def write_raw(folder: Path, text: str | bytes, scope: str = "m01") -> Path:
    path = folder / f"{scope}.answers.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def file_body(items: dict, scope: str = "m01", **top: object) -> str:
    return json.dumps({"format": FORMAT, "version": 1, "scope": scope, "items": items, **top})


def test_save_then_open_round_trips(tmp_path: Path) -> None:
    store = AnswerStore.open(tmp_path, "m01")
    store.save("q1", {"a": [1, 2.5, None, "é"]}, count_attempt=True)
    store.save("q1", {"a": [3]}, count_attempt=True)
    store.save("reflection", "text")
    again = AnswerStore.open(tmp_path, "m01")
    assert again.get("q1") is not None and again.get("q1").value == {"a": [3]}
    assert again.get("q1").attempts == 2 and again.get("reflection").attempts == 0
    assert again.problems == [] and again.kept_aside is None
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["scope"]) == (FORMAT, 1, "m01")


def test_render_and_parse_are_inverse() -> None:
    items = {"b": Saved([1, "x"], 3, "2026-01-05T10:00:00+00:00"), "a": Saved(True, 0, "")}
    assert parse(render("m02", items), "m02") == (items, [])


def test_atomic_write_leaves_the_old_file_when_the_write_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m01.answers.json"
    atomic_write(path, "old\n")

    def crash(_src: str, _dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        atomic_write(path, "new\n")
    assert path.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m01.answers.json"]  # no temp left



def test_a_failed_save_leaves_the_store_as_the_file_is(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    store = AnswerStore.open(tmp_path, "m01")
    first = store.save("q1", "a")

    def crash(_src: str, _dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.save("q1", "b")
    with pytest.raises(OSError):
        store.save("q2", "c")
    assert store.get("q1") == first and store.get("q2") is None

def test_save_refuses_values_that_are_not_plain_json(tmp_path: Path) -> None:
    store = AnswerStore.open(tmp_path, "m01")
    for bad in ({1, 2}, float("nan"), object()):
        with pytest.raises(TypeError):
            store.save("q1", bad)
    assert not store.path.exists()


@pytest.mark.parametrize(("text", "words"), [
    ("{not json", "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not text"),
    ('["a list"]', "not a course answers file"),
    (file_body({}, version=2), "has version 2"),
    (file_body({}, scope="m07"), "belongs to 'm07'"),
    (json.dumps({"format": FORMAT, "version": 1, "scope": "m01", "items": []}), "no 'items'"),
])
def test_an_unreadable_file_is_kept_aside_with_a_message(tmp_path: Path, text: str | bytes,
                                                         words: str) -> None:
    path = write_raw(tmp_path, text)
    original = path.read_bytes()
    store = AnswerStore.open(tmp_path, "m01")
    assert store.items == {}
    assert any(words in p for p in store.problems)
    assert store.kept_aside is not None and store.kept_aside.read_bytes() == original
    assert any(store.kept_aside.name in p for p in store.problems)
    assert not path.exists()  # nothing valid to keep: the next save starts a fresh file
    store.save("q1", "a")
    assert AnswerStore.open(tmp_path, "m01").get("q1").value == "a"
    assert store.kept_aside.read_bytes() == original  # never overwritten


def test_a_hand_edited_file_keeps_its_valid_items(tmp_path: Path) -> None:
    items = {
        "good": {"value": "b", "attempts": 2, "saved_at": "2026-01-05T10:00:00+00:00"},
        "no-value": {"attempts": 1},
        "negative": {"value": "a", "attempts": -1},
        "flag": {"value": "a", "attempts": True},
        "text": "just a string",
    }
    path = write_raw(tmp_path, file_body(items))
    original = path.read_text(encoding="utf-8")
    store = AnswerStore.open(tmp_path, "m01")
    assert list(store.items) == ["good"] and store.get("good").attempts == 2
    for key in ("no-value", "negative", "flag", "text"):
        assert any(f"{key!r} is malformed" in p for p in store.problems)
    assert store.kept_aside is not None and store.kept_aside.read_text() == original
    rewritten, problems = read_answers(tmp_path, "m01")
    assert problems == [] and list(rewritten) == ["good"]


def test_read_answers_changes_nothing(tmp_path: Path) -> None:
    path = write_raw(tmp_path, "{broken")
    items, problems = read_answers(tmp_path, "m01")
    assert items == {} and problems and "not valid JSON" in problems[0]
    assert path.read_text() == "{broken" and len(list(tmp_path.iterdir())) == 1
    assert read_answers(tmp_path / "missing", "m01") == ({}, [])


def test_a_file_broken_while_open_is_kept_aside_at_the_next_save(tmp_path: Path) -> None:
    store = AnswerStore.open(tmp_path, "m01")
    store.save("q1", "a")
    store.path.write_text("{oops", encoding="utf-8")
    store.save("q2", "b")
    assert store.kept_aside is not None and store.kept_aside.read_text() == "{oops"
    assert any("not valid JSON" in p for p in store.problems)
    assert set(AnswerStore.open(tmp_path, "m01").items) == {"q2"}


WORKER = """
import sys, time
from widgets.store import AnswerStore
worker, folder, rounds, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
time.sleep(max(0.0, start - time.time()))  # all workers begin together
for n in range(rounds):
    store = AnswerStore.open(folder, "m01")
    store.save(f"w{worker}-{n}", n)
    store.save("shared", worker, count_attempt=True)
    assert not store.problems, store.problems
"""


def test_concurrent_writers_in_several_processes_lose_no_update(tmp_path: Path) -> None:
    workers, rounds, start = 4, 60, time.time() + 3
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [str(tmp_path), str(rounds), str(start)]
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(w), *args], env=env,
                              cwd=tmp_path, stderr=subprocess.PIPE, text=True)
             for w in range(workers)]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    items, problems = read_answers(tmp_path, "m01")
    assert problems == []
    assert {f"w{w}-{n}" for w in range(workers) for n in range(rounds)} <= set(items)
    assert len(items) == workers * rounds + 1
    assert items["shared"].attempts == workers * rounds
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
