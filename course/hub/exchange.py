"""nbgrader's filesystem exchange for a real cohort: release, collect, return feedback.

nbgrader does the work (its ReleaseAssignment, Collect and ReleaseFeedback); this module only
prepares the exchange folder with the permissions nbgrader documents (world-writable, so that
every learner's own account can fetch and submit) and keeps submitted/ safe: before a newer
submission is collected, the copy already in submitted/ is moved to
`archive/submitted/<learner>/<assignment>/<its timestamp>/`, never deleted. The exchange's
timestamps (when the learner pressed Submit) travel with each submission into the gradebook, so a
late submission stays late.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from course.hub.settings import exchange_root

if TYPE_CHECKING:
    from course.config import CourseConfig

ARCHIVE = Path("archive") / "submitted"


class ExchangeError(Exception):
    """nbgrader refused an exchange step; the message carries its reason."""


@dataclass
class Released:
    """What `release` did: assignments released, and those nbgrader refused, with why."""

    released: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def prepare_exchange(config: CourseConfig, root: Path) -> Path:
    """Create the exchange folder, writable by every account (nbgrader's documented setup)."""
    path = exchange_root(config, root)
    path.mkdir(parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != 0o777:
        try:
            path.chmod(0o777)
        except PermissionError:
            raise ExchangeError(f"{path}: must be writable by every account (mode 0777); "
                                f"its owner or root can set it with `chmod 0777 {path}`") from None
    root = Path(root).resolve()
    for folder in (p for p in path.parents if p == root or root in p.parents):
        if folder.stat().st_mode & 0o001 == 0:
            raise ExchangeError(f"{folder}: learners' accounts cannot reach the exchange "
                                f"{path} through it (chmod o+x {folder})")
    return path


def _log_reason(result: dict) -> str:
    text = (result.get("error") or result.get("log") or "").strip()
    return text.splitlines()[-1] if text else "no reason given"


def release(config: CourseConfig, root: Path, assignments: list[str] | None = None) -> Released:
    """Release built assignments (release/) into the exchange; existing copies are replaced."""
    from nbgrader.utils import capture_log

    from course.nbgrader_io import api

    prepare_exchange(config, root)
    available = sorted(p.name for p in (Path(root) / "release").iterdir() if p.is_dir())
    unknown = sorted(set(assignments or []) - set(available))
    if unknown:
        raise ExchangeError(f"not built: {', '.join(unknown)} (built: {', '.join(available)})")
    nb = api(root)
    done = Released()
    for assignment in assignments or available:
        app = nb.exchange.ReleaseAssignment(coursedir=nb.coursedir,
                                            authenticator=nb.authenticator, parent=nb)
        app.force = True  # release/ is regenerable; the exchange copy follows it
        nb.coursedir.assignment_id = assignment
        result = capture_log(app)
        if result["success"]:
            done.released.append(assignment)
        else:
            done.failed[assignment] = _log_reason(result)
    return done


def _timestamp(folder: Path) -> str:
    stamp = folder / "timestamp.txt"
    return stamp.read_text(encoding="utf-8").strip() if stamp.exists() else "unknown-time"


def newest_inbound(config: CourseConfig, root: Path, assignment: str) -> dict[str, dt.datetime]:
    """Each learner's newest submission of an assignment in the exchange: learner -> time (UTC).

    Inbound folders are named learner+assignment+timestamp[+random], as nbgrader submit writes.
    """
    from nbgrader.utils import parse_utc

    inbound = exchange_root(config, root) / config.id / "inbound"
    newest: dict[str, dt.datetime] = {}
    if not inbound.is_dir():
        return newest
    for entry in inbound.iterdir():
        parts = entry.name.split("+")
        if len(parts) < 3 or parts[1] != assignment:
            continue
        when = parse_utc(parts[2])
        if parts[0] not in newest or when > newest[parts[0]]:
            newest[parts[0]] = when
    return newest


def archive_superseded(config: CourseConfig, root: Path, assignment: str) -> list[Path]:
    """Move each submitted/ copy that a newer exchange submission replaces into archive/."""
    from nbgrader.utils import parse_utc

    moved = []
    for learner, when in newest_inbound(config, root, assignment).items():
        current = Path(root) / "submitted" / learner / assignment
        if not current.is_dir():
            continue
        old = _timestamp(current)
        try:
            newer = when > parse_utc(old)
        except (ValueError, TypeError):
            newer = True  # an unreadable timestamp: keep that copy, collect the new one
        if newer:
            target = Path(root) / ARCHIVE / learner / assignment / old.replace(" ", "_")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(current, target)
            moved.append(target)
    return moved


def collect(config: CourseConfig, root: Path, assignment: str) -> int:
    """nbgrader collect: bring learners' newest submissions into submitted/; the count of them."""
    from course.nbgrader_io import api

    if not newest_inbound(config, root, assignment):
        return 0
    archive_superseded(config, root, assignment)
    result = api(root).collect(assignment, update=True)
    if not result["success"]:
        raise ExchangeError(f"nbgrader collect {assignment}: {_log_reason(result)}")
    return len(newest_inbound(config, root, assignment))


def release_feedback(config: CourseConfig, root: Path, assignment: str) -> bool:
    """Return generated feedback through the exchange (learners fetch it from their list)."""
    from course.nbgrader_io import api

    if not (Path(root) / "feedback").is_dir() or not exchange_root(config, root).is_dir():
        return False
    result = api(root).release_feedback(assignment)
    if not result["success"]:
        raise ExchangeError(f"nbgrader release_feedback {assignment}: {_log_reason(result)}")
    return True


def uses_exchange(config: CourseConfig, root: Path) -> bool:
    """Whether this course root runs a real cohort (its exchange folder exists)."""
    return (exchange_root(config, root) / config.id).is_dir()

