"""Start JupyterLab and Voila on a free localhost port with private config/runtime dirs."""

from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from course.kernels import voila_arguments

BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-dev-shm-usage"]


def free_port() -> int:
    """A TCP port on localhost that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def private_env(home: Path) -> dict[str, str]:
    """An environment whose Jupyter config, runtime and IPython dirs live under `home`."""
    env = dict(os.environ)
    for name, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                      ("IPYTHONDIR", "ipython")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    return env


@dataclass
class Server:
    """A running Jupyter-family server; `url(path)` adds the token."""

    process: subprocess.Popen
    port: int
    token: str
    log: Path

    def url(self, path: str = "", **query: str) -> str:
        params = "&".join(f"{k}={v}" for k, v in {**query, "token": self.token}.items() if v)
        sep = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}{sep}{params}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def _wait_ready(server: Server, probe: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited early; log:\n{server.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(server.url(probe), timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"server not ready in {timeout} s; log:\n{server.log.read_text()[-3000:]}")


def _start(cmd: list[str], home: Path, token: str, port: int, probe: str, cwd: Path,
           extra_env: dict[str, str] | None = None) -> Server:
    log = home / "server.log"
    env = {**private_env(home), **(extra_env or {})}
    handle = log.open("w")
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT,
                               start_new_session=True)
    server = Server(process, port, token, log)
    _wait_ready(server, probe)
    return server


def start_lab(root_dir: Path, home: Path, course_root: Path) -> Server:
    """JupyterLab serving `root_dir` with a random token; its course view checks notebooks
    against `course_root`'s released ones."""
    port, token = free_port(), secrets.token_hex(16)
    cmd = [str(BIN / "jupyter"), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={root_dir}",
           "--ServerApp.port_retries=0", "--ServerApp.allow_root=True"]
    return _start(cmd, home, token, port, "api/status", root_dir,
                  {"TMCERT_ROOT": str(course_root)})


def start_learner_lab(root_dir: Path, home: Path, course_root: Path) -> Server:
    """JupyterLab as a learner has it on the hub: the learners' page settings (no instructor
    tooling, no news prompt), course view on."""
    from course.hub.settings import LEARNER_EXTENSIONS_OFF

    labconfig = home / "config" / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": LEARNER_EXTENSIONS_OFF}), encoding="utf-8")
    return start_lab(root_dir, home, course_root)


def start_voila(root_dir: Path, home: Path, token: str | None = None,
                extra_args: list[str] | None = None,
                extra_env: dict[str, str] | None = None) -> Server:
    """Voila serving the notebooks in `root_dir`; with a token unless token == ''."""
    port = free_port()
    token = secrets.token_hex(16) if token is None else token
    cmd = [str(BIN / "voila"), str(root_dir), "--no-browser", f"--port={port}",
           "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", f"--token={token}",
           *voila_arguments(), *(extra_args or [])]
    return _start(cmd, home, token, port, "", root_dir, extra_env)


def _pg_binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                                                   reverse=True)), None)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is missing: `make test` installs Debian's "
                           "postgresql package")
    return found


@dataclass
class Postgres:
    """A throwaway PostgreSQL cluster on a free localhost port."""

    url: str
    data: Path
    run_as: list[str]

    def stop(self) -> None:
        subprocess.run([*self.run_as, _pg_binary("pg_ctl"), "-D", str(self.data), "-m",
                        "immediate", "stop"], capture_output=True, check=False)
        shutil.rmtree(self.data.parent, ignore_errors=True)


def start_postgres() -> Postgres:
    """initdb + pg_ctl start in a private folder (as the postgres user when running as root)."""
    base = Path(tempfile.mkdtemp(prefix="tmcert-pg-", dir="/tmp"))
    base.chmod(0o755)
    data = base / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        data.mkdir()
        shutil.chown(data, "postgres", "postgres")
        shutil.chown(base, "postgres", "postgres")
    port = free_port()
    subprocess.run([*run_as, _pg_binary("initdb"), "-D", str(data), "-A", "trust", "-U",
                    "postgres", "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
    subprocess.run([*run_as, _pg_binary("pg_ctl"), "-D", str(data), "-w", "-l",
                    str(base / "log"), "-o",
                    f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True)
    return Postgres(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", data, run_as)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """An opener handler that returns redirects instead of following them."""

    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def http_status(url: str, method: str = "GET", opener=None) -> tuple[int, str]:
    """Status and body of a request, redirects not followed; for an error status, the
    redirect target (Location) instead of the body."""
    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    opener = opener or urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", "") or ""
