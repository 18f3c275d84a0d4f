"""`build.py hub`: the course's JupyterHub (PAM accounts, local servers, nbgrader's exchange).

Writes jupyterhub_config.py and the learners' Jupyter config into the course root from course.yml
and the roster; `--create-users` creates the missing Unix accounts (root only); `--start` runs
the hub in the foreground until Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from course.config import CourseConfig
from course.hub.settings import HubPlan, HubSetupError


def check_reachable(plan: HubPlan) -> None:
    """Learners' servers run as their own accounts: Python, the course and its root must be
    reachable by every account (HubSetupError naming the blocking folder otherwise)."""
    import course
    from course.hub.accounts import unreachable

    needed = [Path(sys.executable).resolve(), Path(course.__file__).parent, plan.root]
    for path, folder in unreachable(needed).items():
        raise HubSetupError(f"learners' accounts cannot reach {path}: {folder} is closed to other "
                            "accounts; install the course where every account can read it "
                            f"(e.g. under /opt) or open that folder with `chmod o+x {folder}`")


def run(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    from course.hub.accounts import AccountError, create_accounts, missing_accounts
    from course.hub.config_file import ProxyMissing, proxy_command, write_hub_files
    from course.hub.exchange import ExchangeError, prepare_exchange
    from course.hub.settings import hub_plan
    from course.practicum.store import init_workspaces

    if not (root / "release").is_dir():
        print(f"error: nothing built in {root}; run `build.py build` first", file=sys.stderr)
        return 2
    try:
        plan = hub_plan(config, root)
        proxy = proxy_command()
        if args.create_users:
            made = create_accounts(plan.users, root)
            print(f"Accounts: {len(made.created)} created, {len(made.existing)} already there.")
            if made.created:
                print(f"  first passwords of the new accounts: {root / 'hub/new-passwords.csv'}")
        check_reachable(plan)
        init_workspaces(config, root).close()  # one per roster group, existing state kept
        prepare_exchange(config, root)
        written = write_hub_files(plan, proxy, config.grading.cell_timeout_seconds)
    except (HubSetupError, ProxyMissing, AccountError, ExchangeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {written[0]} ({len(plan.learners)} learners, {len(plan.instructors)} "
          f"instructors, {len(plan.groups) - 1} groups).")
    absent = missing_accounts(plan.users)
    if absent:
        print(f"warning: no account yet for {', '.join(absent)} "
              "(run with --create-users as root)")
    if not args.start:
        print("Next: `build.py release`, then `build.py hub --start` (hub on "
              f"http://127.0.0.1:{plan.port}).")
        return 0
    print(f"Starting JupyterHub on http://127.0.0.1:{plan.port} (Ctrl-C stops it) ...", flush=True)
    hub = Path(sys.executable).parent / "jupyterhub"
    env = dict(os.environ, PATH=f"{hub.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    try:
        return subprocess.call([str(hub), "-f", str(written[0])], cwd=root / "hub", env=env)
    except KeyboardInterrupt:
        return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("hub", parents=[common], help="JupyterHub for a real cohort",
                       description="Write the course's JupyterHub configuration (every roster "
                                   "learner and course.yml instructor a user; groups, roles, the "
                                   "dashboards and group workspaces as services behind the hub's "
                                   "login; nbgrader's exchange) into the course root.")
    p.add_argument("--create-users", action="store_true",
                   help="create the missing Unix accounts (root only; existing ones are kept)")
    p.add_argument("--start", action="store_true", help="run the hub until Ctrl-C")
    p.set_defaults(func=run)
