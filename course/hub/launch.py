"""How the hub starts each server: `python -m course.hub.launch KIND` (see below).

- learner: runs as the learner's account; fetches the course home, models reference and CPD log
  from the exchange when they are not in the home folder yet, then runs JupyterLab
  (jupyterhub-singleuser) in the same process with whatever arguments the hub passed.
- dashboards / workspace: the instructors' Voila or one group's workspace Voila, behind the hub's
  login, on the port and prefix the hub chose (JUPYTERHUB_SERVICE_URL / _PREFIX).
- formgrader: nbgrader's formgrader in the course root, as the grader account.
The course root and course.yml come from TMCERT_ROOT and TMCERT_CONFIG, set by the hub.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

from course.hub.settings import JOURNEY


def _tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def fetch_journey(home: Path) -> list[str]:
    """Fetch the ungraded journey assignments this learner does not have yet; their ids."""
    fetched: list[str] = []
    missing = [a for a in JOURNEY if not (home / a).exists()]
    if not missing:  # every later login: no nbgrader import (about 2 CPU seconds) at all
        return fetched
    from jupyter_core.paths import jupyter_config_path
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()  # nbgrader_config.py files, the hub's learner config (exchange) included
    for folder in reversed(jupyter_config_path()):
        if (Path(folder) / "nbgrader_config.py").exists():
            config.merge(PyFileConfigLoader("nbgrader_config.py", path=folder).load_config())
    coursedir = CourseDirectory(config=config)
    coursedir.root = str(home)
    nb = NbGraderAPI(coursedir=coursedir, config=config)
    for assignment in missing:
        app = nb.exchange.FetchAssignment(coursedir=nb.coursedir, authenticator=nb.authenticator,
                                          parent=nb)
        nb.coursedir.assignment_id = assignment
        os.chdir(home)
        if capture_log(app)["success"]:
            fetched.append(assignment)
    return fetched


def service_command(kind: str) -> tuple[list[str], Path]:
    """The command and folder of a course service of the hub (dashboards, workspace, formgrader)."""
    from course.config import load_config
    from course.serve import dashboard_folder, voila_command

    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    prefix = os.environ["JUPYTERHUB_SERVICE_PREFIX"]
    root = Path(os.environ["TMCERT_ROOT"])
    if kind == "formgrader":
        return [_tool("jupyterhub-singleuser"), f"--ServerApp.root_dir={root}",
                f"--ServerApp.ip={url.hostname}", f"--ServerApp.port={url.port}",
                "--ServerApp.default_url=/formgrader",
                *(["--allow-root"] if os.geteuid() == 0 else [])], root  # hub.grader unset
    config = load_config(os.environ["TMCERT_CONFIG"])
    audience = "instructor" if kind == "dashboards" else "learner"
    return voila_command(config, root, url.port, None, audience=audience, ip=url.hostname,
                         hub_prefix=prefix), dashboard_folder(root, audience)


def main(argv: list[str]) -> None:
    """Replace this process with the server the hub asked for."""
    if not argv or argv[0] not in ("learner", "dashboards", "workspace", "formgrader"):
        sys.exit("usage: python -m course.hub.launch learner|dashboards|workspace|formgrader")
    kind, rest = argv[0], argv[1:]
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]
    if kind == "learner":
        home = Path.home()
        fetch_journey(home)
        os.chdir(home)
        # in this process, not exec'd: the IRI grammar stays unbuilt (course/iri_grammar.py)
        from jupyterhub.singleuser import main as singleuser

        sys.argv = [_tool("jupyterhub-singleuser"), *rest]
        sys.exit(singleuser())
    command, folder = service_command(kind)
    os.chdir(folder)
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
