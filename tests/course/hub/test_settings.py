"""The hub as data (users, groups, roles, services) and the files `build.py hub` writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from course.config import CourseConfig
from course.hub.config_file import config_text, learner_files, write_hub_files
from course.hub.settings import HubSetupError, hub_plan, workspace_service

ROSTER = ("id,name,email,group\nann,Ann <b>Archer</b>,ann@example.org,g1\n"
          "ben,Ben Bell,ben@example.org,g2\ncat,Cat Cole,cat@example.org,g2\n")


@pytest.fixture
def course(config: CourseConfig, tmp_path: Path) -> tuple[CourseConfig, Path]:
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return config.model_copy(update={"instructors": ["ivy"]}), tmp_path


def _role(plan, name: str) -> dict:
    return next(r for r in plan.roles if r["name"] == name)


def test_roster_learners_and_instructors_are_users_in_their_groups(course) -> None:
    plan = hub_plan(*course)
    assert plan.users == ["ann", "ben", "cat", "ivy"]
    assert plan.groups == {"g1": ["ann"], "g2": ["ben", "cat"], "g3": [], "instructors": ["ivy"]}
    assert plan.workspace_link("ben") == "/services/workspace-g2/voila/render/workspace.ipynb"
    assert plan.workspace_link("ivy") == ""


def test_only_instructors_reach_the_dashboards_and_formgrader(course) -> None:
    plan = hub_plan(*course)
    instructor = _role(plan, "instructor")
    assert instructor["groups"] == ["instructors"]
    assert "access:services!service=dashboards" in instructor["scopes"]
    assert "access:services!service=formgrader" in instructor["scopes"]
    for group in ("g1", "g2", "g3"):
        member = _role(plan, f"member-{group}")
        assert member["groups"] == [group]  # a group reaches its own workspace and nothing else
        assert member["scopes"] == [f"access:services!service={workspace_service(group)}"]
    learner_scopes = {s for r in plan.roles if r["name"].startswith("member-")
                      for s in r["scopes"]}
    assert not any("dashboards" in s or "formgrader" in s for s in learner_scopes)


def test_services_run_from_the_course_root_on_distinct_local_ports(course) -> None:
    config, root = course
    plan = hub_plan(config, root)
    web = [s for s in plan.services if "url" in s]
    assert [s["name"] for s in web] == ["dashboards", "formgrader", "workspace-g1",
                                        "workspace-g2", "workspace-g3"]
    ports = [int(s["url"].rsplit(":", 1)[1]) for s in web]
    assert len(set(ports)) == len(ports) and min(ports) > config.serving.hub_port + 2
    assert all(s["url"].startswith("http://127.0.0.1:") for s in web)
    g2 = next(s for s in web if s["name"] == "workspace-g2")
    assert g2["environment"]["TMCERT_GROUP"] == "g2"
    assert g2["environment"]["TMCERT_ROOT"] == str(root.resolve())
    culler = next(s for s in plan.services if s["name"] == "idle-culler")
    assert f"--timeout={config.hub.cull_idle_seconds}" in culler["command"]


def test_bad_names_missing_roster_and_double_roles_are_refused(course) -> None:
    config, root = course
    with pytest.raises(HubSetupError, match="'Ivy Smith'.*not usable as account names"):
        hub_plan(config.model_copy(update={"instructors": ["Ivy Smith"]}), root)
    with pytest.raises(HubSetupError, match="ann: listed both as learner and as instructor"):
        hub_plan(config.model_copy(update={"instructors": ["ann"]}), root)
    (root / "roster.csv").write_text(ROSTER.replace("ann,", "9ann,"), encoding="utf-8")
    with pytest.raises(HubSetupError, match="learner id.*'9ann'"):
        hub_plan(config, root)
    (root / "roster.csv").unlink()
    with pytest.raises(HubSetupError, match="no roster"):
        hub_plan(config, root)


def test_config_file_is_valid_python_with_the_plan(course) -> None:
    config, root = course
    plan = hub_plan(config, root)
    text = config_text(plan, "/opt/chp")
    compile(text, "jupyterhub_config.py", "exec")
    assert f"c.JupyterHub.bind_url = 'http://127.0.0.1:{config.serving.hub_port}'" in text
    assert "c.JupyterHub.authenticator_class = 'jupyterhub.auth.PAMAuthenticator'" in text
    assert "c.ConfigurableHTTPProxy.command = ['/opt/chp']" in text


def test_config_file_runs_and_sets_each_learners_workspace(course) -> None:
    from traitlets.config import Config

    config, root = course
    plan = hub_plan(config, root)
    c = Config()
    namespace = {"get_config": lambda: c, "load_subconfig": lambda path: None}
    exec(config_text(plan, "/opt/chp"), namespace)  # noqa: S102 - our own generated file
    assert c.Authenticator.allowed_users == {"ann", "ben", "cat", "ivy"}
    env = c.Spawner.environment
    assert env["JUPYTER_CONFIG_PATH"] == str(plan.learner_config)
    assert env["TMCERT_ROOT"] == str(plan.root)  # learners' course view reads release/ there

    class Spawner:
        class user:  # noqa: N801 - the shape JupyterHub passes
            name = "cat"

    assert env["TMCERT_WORKSPACE_URL"](Spawner) == plan.workspace_link("cat")
    assert [s["name"] for s in c.JupyterHub.services][-1] == "idle-culler"


def test_authenticator_switch_needs_no_code(course) -> None:
    config, root = course
    lti = "ltiauthenticator.lti13.auth.LTI13Authenticator"
    plan = hub_plan(config.model_copy(update={"hub": config.hub.model_copy(
        update={"authenticator": lti})}), root)
    assert f"c.JupyterHub.authenticator_class = {lti!r}" in config_text(plan, "/opt/chp")


def test_learners_config_hides_instructor_tools_and_names_the_exchange(course) -> None:
    plan = hub_plan(*course)
    files = learner_files(plan, timeout=30)
    assert f"c.Exchange.root = {str(plan.exchange)!r}" in files["nbgrader_config.py"]
    page = json.loads(files["labconfig/page_config.json"])["disabledExtensions"]
    assert page["@jupyter/nbgrader:formgrader"] and page["@jupyter/nbgrader:create-assignment"]
    assert "@jupyter/nbgrader:assignment-list" not in page
    server = json.loads(files["jupyter_server_config.json"])["ServerApp"]["jpserver_extensions"]
    assert server == {"nbgrader.server_extensions.formgrader": False,
                      "nbgrader.server_extensions.course_list": False}


def test_written_files_keep_the_hub_config_private_and_learner_config_readable(course) -> None:
    plan = hub_plan(*course)
    written = write_hub_files(plan, "/opt/chp", 30)
    assert written[0].name == "jupyterhub_config.py"
    assert os.stat(written[0]).st_mode & 0o777 == 0o600
    for path in written[1:]:
        assert os.stat(path).st_mode & 0o004, path
    assert write_hub_files(plan, "/opt/chp", 30) == written  # regenerable
