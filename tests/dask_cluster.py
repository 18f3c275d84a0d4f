"""A real Dask cluster on 127.0.0.1: `dask scheduler` and `dask worker` processes from the venv."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.servers import BIN, free_port, private_env

READY_SECONDS = 90


@dataclass
class DaskCluster:
    """A scheduler and its workers (each a nanny that restarts its worker process if it dies)."""

    folder: Path
    address: str = ""
    scheduler: subprocess.Popen | None = None
    workers: list[subprocess.Popen] = field(default_factory=list)

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("w")
        scratch = self.folder / "tmp"  # the workers' scratch course directories
        scratch.mkdir(exist_ok=True)
        env = {**private_env(self.folder / "home"), "TMPDIR": str(scratch)}
        return subprocess.Popen([str(BIN / "dask"), *args], cwd=self.folder, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def start(self, workers: int) -> DaskCluster:
        """Start the scheduler and `workers` single-threaded workers; wait until all joined."""
        port = free_port()
        self.address = f"tcp://127.0.0.1:{port}"
        self.scheduler = self._spawn("scheduler", ["scheduler", "--host", "127.0.0.1", "--port",
                                                   str(port), "--no-dashboard"])
        for n in range(workers):
            self.add_worker(f"w{n}")
        self.wait_for_workers(workers)
        return self

    def add_worker(self, name: str) -> None:
        """Start one more worker process (with its nanny) joined to the scheduler."""
        self.workers.append(self._spawn(name, [
            "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1", "--name", name,
            "--no-dashboard", "--local-directory", str(self.folder / name)]))

    def client(self):  # noqa: ANN201 (distributed.Client, imported lazily)
        """A client of this cluster (close it after use)."""
        from distributed import Client

        return Client(self.address, timeout=30, set_as_default=False)

    def wait_for_workers(self, count: int) -> None:
        """Block until `count` workers have joined."""
        with self.client() as client:
            client.wait_for_workers(count, timeout=READY_SECONDS)

    def stop(self) -> None:
        """Stop every process this cluster started (and their children: kernels)."""
        for process in [*self.workers, self.scheduler]:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in [*self.workers, self.scheduler]:
            if process is None:
                continue
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def kill_process_tree(pid: int) -> list[int]:
    """SIGKILL a process and everything it started (as when its machine dies); the pids killed."""
    import psutil

    root = psutil.Process(pid)
    victims = [root, *root.children(recursive=True)]
    for process in victims:
        try:
            process.send_signal(signal.SIGKILL)
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(victims, timeout=10)
    return [p.pid for p in victims]
