"""`build.py serve`: two servers, every link printed, instructors' pages closed to learners.

Runs the real command on a copy of the built course and talks to both Voila servers over HTTP
(what the pages do is covered by the dashboard and workspace browser tests).
"""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.servers import free_port, http_status, private_env

PROJECT = Path(__file__).resolve().parents[2]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _read_until_ready(process: subprocess.Popen, timeout: float = 180) -> str:
    """The command's output up to its 'Press Ctrl-C' line."""
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        lines.append(line)
        if "Press Ctrl-C" in line:
            return "".join(lines)
    raise AssertionError("serve did not come up:\n" + "".join(lines))


def _token(url: str) -> str:
    return re.search(r"[?&]token=([0-9a-f]+)", url).group(1)


def test_serve_prints_links_keeps_instructor_pages_closed_and_stops_on_ctrl_c(
        built_course: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(built_course, root)
    port = free_port()
    while _listening(port + 1):
        port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "serve", "--port", str(port),
         "--root", str(root)], cwd=PROJECT, env=private_env(tmp_path / "home"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        output = _read_until_ready(process)
        urls = re.findall(r"http://\S+", output)
        cohort = next(u for u in urls if "/cohort.ipynb" in u)
        groups = [u for u in urls if "/workspace.ipynb" in u]
        assert len(groups) == 3 and f":{port}/" in cohort
        assert all(f":{port + 1}/" in u for u in groups)
        staff, learners = _token(cohort), _token(groups[0])
        assert staff != learners

        base, learner_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"
        code, page = http_status(cohort)
        assert code == 200 and "Cohort dashboard" in page
        # no token, or a learner's token, opens nothing on the instructors' server
        assert http_status(f"{base}/voila/render/cohort.ipynb")[0] in (302, 403)
        assert http_status(f"{base}/voila/render/cohort.ipynb?token={learners}")[0] in (302, 403)
        # the learners' server has the workspace and nothing else
        code, page = http_status(groups[0])
        assert code == 200 and "Practicum workspace" in page
        assert http_status(f"{learner_base}/voila/render/cohort.ipynb?token={learners}")[0] == 404
        assert http_status(f"{learner_base}/voila/render/workspaces-overview.ipynb"
                    f"?token={learners}")[0] == 404
    finally:
        process.send_signal(signal.SIGINT)
        try:
            rest = process.communicate(timeout=60)[0]
        except subprocess.TimeoutExpired:
            process.kill()
            rest = process.communicate(timeout=10)[0]
            logs = "".join(f"\n--- {p.name}\n{p.read_text()[-2000:]}"
                           for p in sorted((root / "logs").glob("*.log")))
            raise AssertionError(f"build.py serve did not stop within 60 s of Ctrl-C:\n"
                                 f"{rest}{logs}") from None
    assert process.returncode == 0, rest
    assert "Stopping the servers" in rest
    assert not _listening(port) and not _listening(port + 1)
