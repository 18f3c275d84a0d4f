"""Unix accounts for the hub's users (PAM login, LocalProcessSpawner): created, never changed.

`create_accounts` is idempotent: an account that exists is left exactly as it is (its password
too); a new one gets a home folder and a random first password, which is added to
`hub/new-passwords.csv` in the course root (mode 0600) for the instructor to hand out.
"""

from __future__ import annotations

import csv
import os
import pwd
import secrets
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

PASSWORDS = Path("hub") / "new-passwords.csv"


class AccountError(Exception):
    """Accounts cannot be created (not root, or useradd refused); says why."""


@dataclass
class Accounts:
    """What create_accounts did."""

    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


def exists(name: str) -> bool:
    """Whether a Unix account of this name exists."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def missing_accounts(names: list[str]) -> list[str]:
    """The names that have no Unix account."""
    return [n for n in names if not exists(n)]


def _run(command: list[str], stdin: str | None = None) -> None:
    done = subprocess.run(command, input=stdin, text=True, capture_output=True)
    if done.returncode:
        raise AccountError(f"{' '.join(command[:2])}: {done.stderr.strip() or done.returncode}")


def create_accounts(names: list[str], root: Path, with_password: bool = True) -> Accounts:
    """Create the missing accounts (root only); new passwords go to hub/new-passwords.csv."""
    if os.geteuid() != 0:
        raise AccountError("creating accounts needs root (run `sudo .venv/bin/python build.py "
                           "hub --create-users`)")
    result = Accounts()
    passwords = []
    for name in names:
        if exists(name):
            result.existing.append(name)
            continue
        _run(["useradd", "--create-home", "--shell", "/bin/bash", name])
        if with_password:
            password = secrets.token_urlsafe(12)
            _run(["chpasswd"], stdin=f"{name}:{password}\n")
            passwords.append((name, password))
        result.created.append(name)
    if passwords:
        path = Path(root) / PASSWORDS
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(passwords)
    return result


def closed_folder(path: Path) -> Path | None:
    """The first folder on the way to `path` that other accounts cannot pass (no o+x), if any."""
    path = Path(path).resolve()
    for folder in [*reversed(path.parents), path if path.is_dir() else path.parent]:
        if folder.stat().st_mode & 0o001 == 0:
            return folder
    return None


def unreachable(paths: list[Path]) -> dict[Path, Path]:
    """Paths that learners' accounts cannot reach, each with the folder that blocks it."""
    found = {}
    for path in paths:
        blocked = closed_folder(path)
        if blocked is not None:
            found[Path(path)] = blocked
    return found
