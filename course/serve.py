"""The Voila servers: instructors' dashboards and learners' group workspaces, one server each.

Access: a token is required (requests without it are sent to the login page or refused), XSRF
protection stays on, and the server listens on localhost unless told otherwise (behind a hub or
proxy in production). Kernels do not accumulate: Voila 0.5 shuts a page's kernel down with a POST
from the closing page that fails the XSRF check (voila-dashboards/voila#1458), so a kernel whose
page is gone is left running. Two settings bound the number of kernels instead of switching XSRF
off: a pool of pre-heated kernels per notebook (each has run the dashboard before anyone asks,
which also makes pages appear sooner), and jupyter_server's culler, which shuts down kernels that
have been idle and without a connection for `cull_idle_seconds` (pooled kernels are never
culled). So at most `kernel_pool` kernels per notebook plus the pages opened in the last few
minutes are alive.

The dashboards read the course root from TMCERT_ROOT and course.yml from TMCERT_CONFIG, which
`server_environment` sets.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from course.config import CourseConfig

ROOT_ENV, CONFIG_ENV = "TMCERT_ROOT", "TMCERT_CONFIG"


AUDIENCES = ("instructor", "learner")


def dashboard_folder(root: Path, audience: str = "instructor") -> Path:
    """Where the build writes one audience's dashboard notebooks (course.yml `dashboards`)."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; expected one of {AUDIENCES}")
    return Path(root) / "dashboards" / audience


def voila_command(config: CourseConfig, root: Path, port: int, token: str | None, *,
                  audience: str = "instructor", pool_size: int | None = None,
                  cull_idle_seconds: int | None = None,
                  cull_interval_seconds: int | None = None,
                  ip: str = "127.0.0.1", hub_prefix: str | None = None) -> list[str]:
    """The Voila command line that serves one audience's dashboards of a course root.

    Each audience has its own server and token: the learners' server serves only the group
    workspace, which also checks the group's signed credential in the link. Behind JupyterHub
    (`hub_prefix`, the service's URL prefix) the hub's login replaces the token. The kernel pool
    and culling come from course.yml's `serving` unless given here.
    """
    from course.kernels import voila_arguments  # imports jupyter_client: only when serving

    serving = config.serving
    pool_size, cull_idle_seconds, cull_interval_seconds = (
        default if given is None else given for given, default in (
            (pool_size, serving.kernel_pool), (cull_idle_seconds, serving.cull_idle_seconds),
            (cull_interval_seconds, serving.cull_interval_seconds)))
    if hub_prefix is not None:
        auth = [f"--Voila.base_url={hub_prefix}", "--Voila.auto_token=True",
                "--Voila.identity_provider_class=course.hub.auth.HubIdentityProvider"]
    elif not token or len(token) < 16:
        raise ValueError(f"the {audience} server needs a token of at least 16 characters "
                         "(e.g. secrets.token_hex(16))")
    else:
        auth = [f"--token={token}"]
    if pool_size < 1 or cull_idle_seconds < 1 or cull_interval_seconds < 1:
        raise ValueError("pool size, cull timeout and cull interval must be at least 1")
    folder = dashboard_folder(root, audience)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no {audience} dashboards; run `build.py build` "
                                f"for {config.id} first")
    return [
        str(Path(sys.executable).parent / "voila"), str(folder), "--no-browser",
        f"--port={port}", f"--Voila.ip={ip}", "--Voila.port_retries=0", *auth,
        "--preheat_kernel=True", f"--pool_size={pool_size}",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_seconds}",
        f"--MappingKernelManager.cull_interval={cull_interval_seconds}",
        "--MappingKernelManager.cull_connected=False",  # an open dashboard keeps its kernel
        "--VoilaConfiguration.show_tracebacks=False",
        *voila_arguments(),  # the kernel client that cannot sleep through a reply
    ]


def served_config() -> CourseConfig:
    """The course a dashboard kernel serves: $TMCERT_CONFIG, else the shipped course.yml."""
    from course.config import DEFAULT_CONFIG, load_config

    return load_config(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def server_environment(config: CourseConfig, root: Path) -> dict[str, str]:
    """The server's environment: the course root and course.yml for the dashboards, and this
    interpreter's tools first on PATH."""
    env = dict(os.environ)
    env[ROOT_ENV] = str(Path(root).resolve())
    env[CONFIG_ENV] = str(config.project / "course" / "course.yml")
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    return env


def dashboard_url(port: int, token: str, notebook: str = "cohort.ipynb",
                  host: str = "127.0.0.1") -> str:
    """The address of one dashboard, its server's token included."""
    return f"http://{host}:{port}/voila/render/{notebook}?token={token}"


def start_server(config: CourseConfig, root: Path, port: int, token: str, log: Path, *,
                 audience: str = "instructor", **options: int | str) -> subprocess.Popen:
    """Start one audience's Voila server in its own process group; output goes to `log`."""
    command = voila_command(config, root, port, token, audience=audience, **options)
    with Path(log).open("w") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, cwd=dashboard_folder(root, audience),
                                env=server_environment(config, root), stdout=handle,
                                stderr=subprocess.STDOUT, start_new_session=True)


def wait_until_listening(process: subprocess.Popen, port: int, log: Path,
                         timeout: float = 120) -> None:
    """Wait until a server started by start_server accepts connections on `port`.

    RuntimeError (naming the log) if it exits first or is not up within `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} stopped while starting; see {log}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not start within {timeout:.0f} s; "
                       f"see {log}")


def stop_servers(*processes: subprocess.Popen, timeout: float = 15) -> None:
    """Stop servers started by start_server together (SIGTERM, then SIGKILL) and wait for them."""
    running = [p for p in processes if p.poll() is None]
    for process in running:
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in running:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
