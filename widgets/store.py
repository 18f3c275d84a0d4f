"""The answers file: every answer, reflection and rating a learner gives, saved beside the notebook.

Format (version 1), one JSON object per notebook scope, named `<scope>.answers.json`:

    {"format": "tmcert-answers", "version": 1, "scope": "m01",
     "items": {"<item id>": {"value": <JSON value>, "attempts": <int >= 0>, "saved_at": "<ISO>"}}}

Values are plain JSON (option ids, numbers, lists, mappings, text); never a key or a score, so an
exam's answers file reveals nothing. Writes are atomic (temp file + os.replace) under a file lock,
so two kernels on the same notebook never lose each other's answers. A file that cannot be read
is moved aside (never deleted) and the problem is reported in `AnswerStore.problems`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

FORMAT = "tmcert-answers"
VERSION = 1


@dataclass(frozen=True)
class Saved:
    """One stored answer."""

    value: Any
    attempts: int
    saved_at: str


def answers_path(directory: Path, scope: str) -> Path:
    """Where the answers of `scope` live in `directory`."""
    return Path(directory) / f"{scope}.answers.json"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _is_json_value(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


def parse(text: str, scope: str) -> tuple[dict[str, Saved], list[str]]:
    """Parse an answers file's text into items, plus a list of problems (empty when clean)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return {}, [f"the answers file is not valid JSON ({exc.msg}, line {exc.lineno})"]
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}, ["the answers file is not a course answers file"]
    if data.get("version") != VERSION:
        return {}, [f"the answers file has version {data.get('version')!r}; expected {VERSION}"]
    if data.get("scope") != scope:
        return {}, [f"the answers file belongs to {data.get('scope')!r}, not {scope!r}"]
    raw = data.get("items")
    if not isinstance(raw, dict):
        return {}, ["the answers file has no 'items' mapping"]
    items: dict[str, Saved] = {}
    problems: list[str] = []
    for key, entry in raw.items():
        ok = (
            isinstance(entry, dict)
            and "value" in entry
            and _is_json_value(entry["value"])
            and isinstance(entry.get("attempts", 0), int)
            and not isinstance(entry.get("attempts", 0), bool)
            and entry.get("attempts", 0) >= 0
        )
        if not ok:
            problems.append(f"the saved answer for {key!r} is malformed and was not restored")
            continue
        items[key] = Saved(entry["value"], entry.get("attempts", 0), str(entry.get("saved_at", "")))
    return items, problems


def render(scope: str, items: dict[str, Saved]) -> str:
    """The file text for these items."""
    body = {
        "format": FORMAT,
        "version": VERSION,
        "scope": scope,
        "items": {
            k: {"value": v.value, "attempts": v.attempts, "saved_at": v.saved_at}
            for k, v in sorted(items.items())
        },
    }
    return json.dumps(body, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def atomic_write(path: Path, text: str) -> None:
    """Write text to path so that readers see the old or the new file, never a torn one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock = path.with_name(f".{path.name}.lock")
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_answers(directory: Path | str, scope: str) -> tuple[dict[str, Saved], list[str]]:
    """Read the answers of `scope` without changing anything; a missing file has no items."""
    path = answers_path(Path(directory), scope)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except UnicodeDecodeError:
        return {}, ["the answers file is not text"]
    except OSError as exc:
        return {}, [f"the answers file could not be read ({exc.strerror or exc})"]
    return parse(text, scope)


@dataclass
class AnswerStore:
    """The answers of one notebook scope; reads on open, writes through on every save."""

    directory: Path
    scope: str
    items: dict[str, Saved] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    kept_aside: Path | None = None

    @property
    def path(self) -> Path:
        return answers_path(self.directory, self.scope)

    @classmethod
    def open(cls, directory: Path | str, scope: str) -> AnswerStore:
        """Open (or start) the answers file; a bad file is moved aside and reported."""
        store = cls(Path(directory), scope)
        items, problems = read_answers(store.directory, scope)
        store.items = items
        if problems:
            try:
                with _locked(store.path):
                    store._reload()  # again under the lock: another kernel may have fixed it
            except OSError as exc:
                store.problems += [*problems, "the file could not be kept aside "
                                   f"({exc.strerror or exc}); answers cannot be saved here"]
        return store

    def _reload(self) -> None:
        """Re-read the file (caller holds the lock); keep a bad file aside, rewrite valid items."""
        items, problems = read_answers(self.directory, self.scope)
        self.items = items
        if problems:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
            aside = self.path.with_name(f"{self.path.name}.bad-{stamp}")
            os.replace(self.path, aside)
            self.kept_aside = aside
            self.problems += [*problems, f"the original file was kept as {aside.name}"]
            if items:
                atomic_write(self.path, render(self.scope, items))

    def get(self, item_id: str) -> Saved | None:
        """The saved answer for an item, if any."""
        return self.items.get(item_id)

    def save(self, item_id: str, value: Any, count_attempt: bool = False) -> Saved:
        """Save one answer (merging with what other kernels saved meanwhile) and return it."""
        if not _is_json_value(value):
            raise TypeError(f"answer for {item_id!r} is not plain JSON: {value!r}")
        self.directory.mkdir(parents=True, exist_ok=True)
        with _locked(self.path):
            self._reload()
            before = self.items.get(item_id)
            attempts = (before.attempts if before else 0) + (1 if count_attempt else 0)
            saved = Saved(value, attempts, _now())
            items = {**self.items, item_id: saved}
            atomic_write(self.path, render(self.scope, items))
            self.items = items  # only once the file holds it: a failed write changes nothing
        return saved
