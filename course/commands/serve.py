"""`build.py serve`: the instructors' dashboards and the learners' group workspaces, with Voila.

Two servers, so that nothing for instructors is reachable by learners: the instructors' server
needs a token (printed once, here); the learners' server serves only the workspace notebook,
which opens a group's state only with that group's signed link.
"""

from __future__ import annotations

import argparse
import secrets
import signal
import time
from pathlib import Path

from course.config import CourseConfig


def serve_until_interrupted(config: CourseConfig, root: Path, port: int) -> int:
    """Start both servers, print every link, and keep them up until Ctrl-C."""
    from course.practicum.links import workspace_links
    from course.practicum.store import init_workspaces
    from course.serve import dashboard_url, start_server, stop_servers, wait_until_listening

    init_workspaces(config, root).close()
    logs = root / "logs"
    logs.mkdir(exist_ok=True)
    token, learner_token = secrets.token_hex(24), secrets.token_hex(24)
    instructor = start_server(config, root, port, token, logs / "instructor-voila.log")
    learner = start_server(config, root, port + 1, learner_token, logs / "learner-voila.log",
                           audience="learner")
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as on Ctrl-C
    try:
        print("Starting the servers ...", flush=True)
        wait_until_listening(instructor, port, logs / "instructor-voila.log")
        wait_until_listening(learner, port + 1, logs / "learner-voila.log")
        print("\nInstructors (token-protected; do not share with learners):")
        for path in sorted((root / "dashboards" / "instructor").glob("*.ipynb")):
            print(f"  {path.stem:22} {dashboard_url(port, token, path.name)}")
        print("\nGroup workspaces (each link opens only its own group's workspace):")
        base = dashboard_url(port + 1, learner_token, "workspace.ipynb")
        for group, url in workspace_links(config, root, base).items():
            print(f"  {group:22} {url}")
        print(f"\nServer logs in {logs}. Press Ctrl-C to stop.", flush=True)
        while instructor.poll() is None and learner.poll() is None:
            time.sleep(1)
        print("A server stopped unexpectedly; see the logs.")
        return 1
    except RuntimeError as error:
        print(f"error: {error}")
        return 1
    except KeyboardInterrupt:
        print("\nStopping the servers ...")
        return 0
    finally:
        stop_servers(instructor, learner)


def run(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    if not (root / "dashboards").is_dir():
        print(f"error: nothing built in {root}; run `build.py build` (or `build.py demo`) first")
        return 2
    return serve_until_interrupted(config, root, args.port or config.serving.port)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("serve", parents=[common], help="serve the dashboards and workspaces",
                       description="Serve the instructors' dashboards (token required) and the "
                                   "learners' group workspaces (signed links) with Voila on "
                                   "localhost until Ctrl-C.")
    p.add_argument("--port", type=int, default=None,
                   help="port of the instructors' server; the learners' uses the next one "
                        "(default: course.yml serving.port)")
    p.set_defaults(func=run)
