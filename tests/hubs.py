"""A real course hub for tests and benchmarks: Unix accounts, configurable-http-proxy, services.

The hub is set up the way an administrator would, with the course's own commands: a course.yml
with instructors (and PostgreSQL storage when given), `build.py build`, `build.py hub
--create-users`, `build.py release`, `build.py hub --start`. The accounts are created for the run
and removed afterwards. Needs root (accounts, and the hub runs learners' servers as them).
"""

from __future__ import annotations

import contextlib
import csv
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from course.config import CourseConfig, load_config

PROJECT = Path(__file__).resolve().parents[1]
SERVICES = ("dashboards", "formgrader", "workspace-g1", "workspace-g2", "workspace-g3")


@dataclass
class Hub:
    """A running course hub: its address, course, accounts' passwords and the admin's commands."""

    url: str
    root: Path
    config_path: Path
    config: CourseConfig
    passwords: dict[str, str]
    log: Path
    pid: int = 0

    def build_py(self, *args: str, env: dict[str, str] | None = None,
                 check: bool = True) -> subprocess.CompletedProcess:
        """Run `build.py ARGS --config ... --root ...` as the administrator (root)."""
        done = subprocess.run([sys.executable, str(PROJECT / "build.py"), *args, "--config",
                               str(self.config_path), "--root", str(self.root)],
                              capture_output=True, text=True, env=env, timeout=600)
        if check and done.returncode:
            raise AssertionError(f"build.py {' '.join(args)} failed:\n{done.stdout}\n"
                                 f"{done.stderr}")
        return done

    def as_user(self, user: str, *command: str, faketime: str | None = None,
                cwd: Path | None = None) -> subprocess.CompletedProcess:
        """Run a command as one of the hub's accounts, in its home, with its hub environment."""
        fake = ["faketime", "-f", faketime] if faketime else []
        env = {"HOME": f"/home/{user}", "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
               "JUPYTER_CONFIG_PATH": str(self.root / "hub" / "learner-config")}
        return subprocess.run(["runuser", "-u", user, "--", "env", *[f"{k}={v}" for k, v in
                                                                     env.items()], *fake,
                               *command], capture_output=True, text=True,
                              cwd=cwd or f"/home/{user}", timeout=300)


def _port_block(count: int) -> int:
    """A first port P such that P .. P+count-1 are free on 127.0.0.1, below the ephemeral range.

    Kernels and clients bind random ports from the ephemeral range (32768 and up on Linux), so a
    block chosen there can be taken between choosing it and the hub's services starting.
    """
    rng = random.Random()
    for _try in range(200):
        first = rng.randrange(20000, 32000 - count)
        free = True
        for port in range(first, first + count):
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    free = False
                    break
        if free:
            return first
    raise RuntimeError("no block of free ports on 127.0.0.1 between 20000 and 32000")


def _open_ancestors(paths: list[Path]) -> dict[Path, int]:
    """Let the test accounts reach Python and the project (o+x); the old modes, to restore."""
    from course.hub.accounts import closed_folder

    changed: dict[Path, int] = {}
    for path in paths:
        while (folder := closed_folder(path)) is not None:
            changed[folder] = folder.stat().st_mode & 0o7777
            folder.chmod(changed[folder] | 0o001)
    return changed


def remove_accounts(users: list[str]) -> None:
    """Stop every process of these accounts and remove them with their home folders."""
    for user in users:
        subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True, check=False)
    time.sleep(0.5)
    for user in users:
        subprocess.run(["userdel", "--remove", "--force", user], capture_output=True,
                       check=False)


def databases(server_url: str, names: list[str]) -> dict[str, str]:
    """Fresh PostgreSQL databases on a server: name -> URL."""
    import sqlalchemy as sa

    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return {name: server_url.rsplit("/", 1)[0] + f"/{name}" for name in names}


def write_course(base: Path, port: int, instructor: str, storage: dict[str, str]) -> Path:
    """A project folder for the test course: the shipped sources, a course.yml of its own."""
    project = base / "project"
    (project / "course").mkdir(parents=True)
    for folder in ("modules", "exams", "dashboards"):
        (project / folder).symlink_to(PROJECT / folder)
    data = yaml.safe_load((PROJECT / "course" / "course.yml").read_text(encoding="utf-8"))
    data["root"] = str(base / "root")
    data["instructors"] = [instructor]
    data["serving"]["hub_port"] = port
    data["storage"] = storage
    path = project / "course" / "course.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _wait_for_hub(url: str, process: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    """Until the hub answers and every service is behind its login (302, not 503)."""
    from tests.servers import http_status

    deadline = time.monotonic() + timeout
    pending = [f"{url}/hub/api", *(f"{url}/services/{name}/" for name in SERVICES)]
    while pending and time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the hub stopped while starting; see {log}:\n"
                               f"{log.read_text()[-3000:]}")
        try:
            status, _ = http_status(pending[0])
        except OSError:
            status = 0
        if status in (200, 302):
            pending.pop(0)
        else:
            time.sleep(0.5)
    if pending:
        raise RuntimeError(f"{pending[0]} not up within {timeout:.0f} s; see {log}")


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (services and servers start sessions of their own)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def stop_tree(process: subprocess.Popen, grace: float = 30) -> None:
    """Stop `build.py hub --start` and everything the hub started (SIGTERM, then SIGKILL)."""
    tree = [process.pid, *descendants(process.pid)]
    for pid in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in tree):
        process.poll()  # reap build.py itself
        time.sleep(0.5)
    for pid in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout=10)


@contextmanager
def running_hub(learners: dict[str, str], instructor: str,
                storage: dict[str, str] | None = None) -> Iterator[Hub]:
    """The course's hub for these learners (id -> group) and one instructor; removed after."""
    from course.build import BuildContext, run_build
    from course.hub.config_file import proxy_command

    users = [*learners, instructor]
    proxy_command()  # fails with how to install it
    remove_accounts(users)  # left over from an interrupted run
    base = Path(tempfile.mkdtemp(prefix="tmcert-hub-", dir="/tmp"))
    base.chmod(0o755)
    modes = _open_ancestors([Path(sys.executable).resolve(), PROJECT])
    process = None
    try:
        port = _port_block(3 + len(SERVICES))
        config_path = write_course(base, port, instructor,
                                    storage or {"gradebook": "sqlite", "workspaces": "sqlite"})
        config = load_config(config_path)
        root = base / "root"
        root.mkdir(mode=0o755)
        with (root / "roster.csv").open("w", newline="", encoding="utf-8") as handle:
            rows = [(u, f"Learner {u[-3:].title()}", f"{u}@example.org", g)
                    for u, g in learners.items()]
            csv.writer(handle).writerows([("id", "name", "email", "group"), *rows])
        run_build(BuildContext(config, root, report=lambda _m: None))
        hub = Hub(f"http://127.0.0.1:{port}", root, config_path, config, {}, base / "hub.log")
        made = hub.build_py("hub", "--create-users")
        assert f"Accounts: {len(users)} created, 0 already there." in made.stdout, made.stdout
        passwords = (root / "hub" / "new-passwords.csv").read_text(encoding="utf-8")
        again = hub.build_py("hub", "--create-users")  # idempotent: nothing changes
        assert f"Accounts: 0 created, {len(users)} already there." in again.stdout, again.stdout
        assert (root / "hub" / "new-passwords.csv").read_text(encoding="utf-8") == passwords
        hub.build_py("release")
        with (root / "hub" / "new-passwords.csv").open(encoding="utf-8") as handle:
            hub.passwords.update(dict(csv.reader(handle)))
        with hub.log.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, str(PROJECT / "build.py"), "hub", "--start", "--config",
                 str(config_path), "--root", str(root)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        hub.pid = process.pid
        _wait_for_hub(hub.url, process, hub.log)
        yield hub
    finally:
        if process is not None:
            stop_tree(process)
        remove_accounts(users)
        for folder, mode in modes.items():
            folder.chmod(mode)
        shutil.rmtree(base, ignore_errors=True)
