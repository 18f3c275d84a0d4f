"""What the course's JupyterHub is, as plain data: users, groups, roles, services, paths.

Learners are the roster's ids, instructors come from course.yml `instructors`; every roster group
(g1..gN) is a hub group, and instructors are the hub group `instructors`. Access is by JupyterHub
scopes, so the hub answers 403 itself:
- `dashboards` (the instructors' Voila: cohort dashboard, workspaces overview) and `formgrader`
  (nbgrader's, run as the grader account in the course root): instructors only;
- `workspace-<group>` (one Voila per practicum group): that group's members and instructors.
Ports: the hub's public port from course.yml (serving.hub_port), then the proxy's API, the hub
itself and one per service, all on 127.0.0.1. The idle culler stops learners' servers that have
been idle for `hub.cull_idle_seconds`.
"""

from __future__ import annotations

import pwd
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course.config import CourseConfig

INSTRUCTORS_GROUP = "instructors"
UNIX_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
AUTHENTICATORS = {"pam": "jupyterhub.auth.PAMAuthenticator"}
JOURNEY = ("course-home", "models-reference", "cpd-log")  # fetched for every learner at start
LEARNER_EXTENSIONS_OFF = {  # instructors' tools and the news prompt, hidden from learners
    "@jupyter/nbgrader:formgrader": True,
    "@jupyter/nbgrader:create-assignment": True,
    "@jupyter/nbgrader:course-list": True,
    "@jupyterlab/apputils-extension:announcements": True,
}
LEARNER_SERVER_EXTENSIONS_OFF = ("nbgrader.server_extensions.formgrader",
                                 "nbgrader.server_extensions.course_list")


class HubSetupError(Exception):
    """The course cannot be turned into a hub (bad user name, missing roster); says why."""


def workspace_service(group_id: str) -> str:
    """The hub service name of a group's workspace."""
    return f"workspace-{group_id}"


def service_url(name: str, page: str = "") -> str:
    """The path of a hub service's page, as the hub's proxy serves it."""
    return f"/services/{name}/{page}"


@dataclass(frozen=True)
class HubPlan:
    """Everything jupyterhub_config.py says, computed once from course.yml and the roster."""

    course_id: str
    port: int
    authenticator: str
    learners: dict[str, str]          # user -> group
    instructors: tuple[str, ...]
    groups: dict[str, list[str]]      # hub group -> members
    roles: list[dict[str, Any]]
    services: list[dict[str, Any]]
    root: Path
    exchange: Path
    grader: str
    python: str = field(default_factory=lambda: sys.executable)

    @property
    def users(self) -> list[str]:
        return sorted({*self.learners, *self.instructors})

    @property
    def learner_config(self) -> Path:
        """The Jupyter config folder every learner's server reads (JUPYTER_CONFIG_PATH)."""
        return self.root / "hub" / "learner-config"

    def workspace_link(self, user: str) -> str:
        """The path of the user's own group workspace ('' for instructors)."""
        group = self.learners.get(user)
        return service_url(workspace_service(group), "voila/render/workspace.ipynb") \
            if group else ""


def exchange_root(config: CourseConfig, root: Path) -> Path:
    """nbgrader's exchange folder: course.yml hub.exchange, relative to the course root."""
    return (Path(root) / config.hub.exchange).resolve()


def grader_account(config: CourseConfig, root: Path) -> str:
    """The account that runs the formgrader and the dashboards: hub.grader or the root's owner."""
    if config.hub.grader:
        return config.hub.grader
    return pwd.getpwuid(Path(root).stat().st_uid).pw_name


def authenticator_class(config: CourseConfig) -> str:
    """The Authenticator class for course.yml hub.authenticator (`pam` or a class name)."""
    return AUTHENTICATORS.get(config.hub.authenticator, config.hub.authenticator)


def _check_names(names: list[str], what: str) -> None:
    bad = [n for n in names if not UNIX_NAME.match(n)]
    if bad:
        raise HubSetupError(f"{what} {', '.join(map(repr, bad))}: not usable as account names "
                            "(lower-case letters, digits, - and _, at most 32, not starting "
                            "with a digit or -)")


def _roles(config: CourseConfig) -> list[dict[str, Any]]:
    workspaces = [workspace_service(g.id) for g in config.roster.groups]
    instructor_scopes = [f"access:services!service={name}"
                         for name in ("dashboards", "formgrader", *workspaces)]
    return [
        {"name": "instructor", "description": "Course instructors: formgrader and dashboards",
         "scopes": [*instructor_scopes, "list:users", "read:users:activity", "read:servers"],
         "groups": [INSTRUCTORS_GROUP]},
        *({"name": f"member-{g.id}", "description": f"Members of {g.name}: their workspace",
           "scopes": [f"access:services!service={workspace_service(g.id)}"],
           "groups": [g.id]} for g in config.roster.groups),
        {"name": "idle-culler", "description": "Stops learners' idle servers",
         "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
         "services": ["idle-culler"]},
    ]


def _services(config: CourseConfig, root: Path, grader: str, python: str) -> list[dict]:
    from course.serve import CONFIG_ENV, ROOT_ENV

    ports = iter(range(config.serving.hub_port + 3, 65536))  # after the proxy API and the hub

    def service(name: str, kind: str, description: str, **env: str) -> dict[str, Any]:
        return {"name": name, "url": f"http://127.0.0.1:{next(ports)}", "display": True,
                "info": {"description": description}, "oauth_no_confirm": True,
                "command": [python, "-m", "course.hub.launch", kind], "cwd": str(root),
                "user": grader, "environment": {
                    ROOT_ENV: str(root), CONFIG_ENV: str(config.project / "course" / "course.yml"),
                    **env}}

    services = [service("dashboards", "dashboards", "Cohort dashboard and workspaces overview"),
                service("formgrader", "formgrader", "nbgrader formgrader")]
    for group in config.roster.groups:
        services.append(service(workspace_service(group.id), "workspace",
                                f"Practicum workspace of {group.name}", TMCERT_GROUP=group.id))
    services.append({"name": "idle-culler", "command": [
        python, "-m", "jupyterhub_idle_culler",
        f"--timeout={config.hub.cull_idle_seconds}", "--cull-every=60"]})
    return services


def hub_plan(config: CourseConfig, root: Path) -> HubPlan:
    """The hub for this course root; HubSetupError if the roster is missing or names are bad."""
    from course.nbgrader_io import read_roster

    root = Path(root).resolve()
    roster = read_roster(config, root)
    if not roster:
        raise HubSetupError(f"{root / config.roster.file}: no roster; the hub's users are the "
                            "roster's learners (columns id, name, email, group)")
    learners = {learner.id: learner.group for learner in roster}
    _check_names(list(learners), "learner id(s)")
    _check_names(list(config.instructors), "instructor(s)")
    both = sorted(set(learners) & set(config.instructors))
    if both:
        raise HubSetupError(f"{', '.join(both)}: listed both as learner and as instructor")
    groups = {g.id: sorted(u for u, gid in learners.items() if gid == g.id)
              for g in config.roster.groups}
    groups[INSTRUCTORS_GROUP] = sorted(config.instructors)
    grader = grader_account(config, root)
    return HubPlan(course_id=config.id, port=config.serving.hub_port,
                   authenticator=authenticator_class(config), learners=learners,
                   instructors=tuple(config.instructors), groups=groups, roles=_roles(config),
                   services=_services(config, root, grader, sys.executable), root=root,
                   exchange=exchange_root(config, root), grader=grader)
