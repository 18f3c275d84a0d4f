"""deploy/z2jh/values.yaml: documented chart keys only, and the same hub as `build.py hub`."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jupyterhub.services.service import Service

from course.config import CourseConfig
from course.hub.config_file import learner_files
from course.hub.settings import hub_plan

PROJECT = Path(__file__).resolve().parents[2]
VALUES = PROJECT / "deploy" / "z2jh" / "values.yaml"
SERVICES = PROJECT / "deploy" / "z2jh" / "course-services.yaml"
KEYS = Path(__file__).with_name("z2jh_keys.txt")
ROSTER = "id,name,email,group\nann,Ann Archer,ann@example.org,g1\nben,Ben Bell,ben@example.org,g2\n"


def documented_keys(path: Path = KEYS) -> list[tuple[str, ...]]:
    """The chart's documented key paths, each as a tuple of parts."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split(".")) for line in (x.strip() for x in lines)
            if line and not line.startswith("#")]


def _matches(path: tuple[str, ...], entry: tuple[str, ...]) -> bool:
    """Whether a key path is documented by one entry (itself, a parent of it, or below `**`)."""
    for i, part in enumerate(path):
        if i >= len(entry):
            return False
        if entry[i] == "**":
            return True
        if entry[i] not in ("*", part):
            return False
    return True


def undocumented(values: Any, keys: list[tuple[str, ...]], prefix: tuple[str, ...] = ()
                 ) -> list[str]:
    """The key paths of a YAML mapping that no documented entry covers (not looking below one);
    lists are leaves."""
    if not isinstance(values, dict):
        return []
    found = []
    for key, value in values.items():
        path = (*prefix, str(key))
        if any(_matches(path, entry) for entry in keys):
            found.extend(undocumented(value, keys, path))
        else:
            found.append(".".join(path))
    return found


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


@pytest.fixture
def plan(config: CourseConfig, tmp_path: Path):
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return hub_plan(config.model_copy(update={"instructors": ["ivy"]}), tmp_path)


def test_values_parse_as_a_yaml_mapping(values) -> None:
    assert isinstance(values, dict)
    assert {"hub", "singleuser", "cull", "proxy"} <= set(values)


def test_every_key_in_values_is_documented_by_the_chart(values) -> None:
    assert undocumented(values, documented_keys()) == []


def test_an_undocumented_key_is_caught() -> None:
    keys = documented_keys()
    bad = {"hub": {"db": {"type": "postgres", "uri": "x"}},
           "singleuser": {"storage": {"extraVolume": []}, "image": {"name": "x"}},
           "culler": {"enabled": True}}
    assert undocumented(bad, keys) == ["hub.db.uri", "singleuser.storage.extraVolume", "culler"]


def test_open_objects_accept_any_keys_below_them() -> None:
    keys = documented_keys()
    fine = {"hub": {"config": {"LTI13Authenticator": {"issuer": "x"}},
                    "services": {"anything": {"url": "x", "oauth_no_confirm": True}}},
            "singleuser": {"extraFiles": {"f": {"mountPath": "/x", "data": {"a": {"b": 1}}}}}}
    assert undocumented(fine, keys) == []
    assert undocumented({"singleuser": {"extraFiles": {"f": {"mountpath": "/x"}}}}, keys) \
        == ["singleuser.extraFiles.f.mountpath"]


def test_services_use_only_jupyterhub_service_settings(values) -> None:
    traits = set(Service.class_trait_names()) | {"apiToken"}  # the chart's alias of api_token
    for name, service in values["hub"]["services"].items():
        assert set(service) <= traits, name
        assert "command" not in service  # a managed service would run in the hub pod


def test_services_and_roles_are_those_of_the_one_machine_hub(values, plan) -> None:
    hub = values["hub"]
    expected = [s["name"] for s in plan.services if s["name"] != "idle-culler"]  # the chart's cull
    assert sorted(hub["services"]) == sorted(expected)
    roles = {r["name"]: r for r in plan.roles if r["name"] != "idle-culler"}
    assert set(hub["loadRoles"]) == set(roles)
    for name, role in hub["loadRoles"].items():
        assert sorted(role["scopes"]) == sorted(roles[name]["scopes"]), name
        assert role["groups"] == roles[name]["groups"], name
    assert set(hub["config"]["JupyterHub"]["load_groups"]) == set(plan.groups)


def test_learner_config_matches_what_build_py_hub_writes(values, plan, config) -> None:
    user = values["singleuser"]
    folder = Path(user["extraEnv"]["JUPYTER_CONFIG_PATH"])
    exchange = next(m["mountPath"] for m in user["storage"]["extraVolumeMounts"]
                    if m["name"] == "exchange")
    wanted = learner_files(dataclasses.replace(plan, exchange=Path(exchange)),
                           config.grading.cell_timeout_seconds)
    mounted = {Path(f["mountPath"]).relative_to(folder).as_posix(): f
               for f in user["extraFiles"].values()}
    assert set(mounted) == set(wanted)
    for name, text in wanted.items():
        if name.endswith(".json"):
            assert mounted[name]["data"] == json.loads(text), name
        else:
            assert mounted[name]["stringData"] == text, name


def test_learners_start_as_on_one_machine(values) -> None:
    user = values["singleuser"]
    assert user["cmd"] == ["python", "-m", "course.hub.launch", "learner"]
    assert user["defaultUrl"] == "/lab/tree/course-home/course-home.ipynb"
    assert values["cull"]["enabled"] is True and values["cull"]["users"] is False


def test_extra_config_snippets_compile(values) -> None:
    for name, code in values["hub"]["extraConfig"].items():
        compile(code, name, "exec")


def test_each_course_service_deployment_matches_its_hub_service(values) -> None:
    documents = [d for d in yaml.safe_load_all(SERVICES.read_text(encoding="utf-8")) if d]
    k8s = {(d["kind"], d["metadata"]["name"]): d for d in documents}
    deployments = [d for d in documents if d["kind"] == "Deployment"]
    assert deployments
    urls = {name: s["url"] for name, s in values["hub"]["services"].items()}
    for deployment in deployments:
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        env = {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}
        name = env["JUPYTERHUB_SERVICE_NAME"]
        service = k8s[("Service", deployment["metadata"]["name"])]
        assert urls[name] == f"http://{service['metadata']['name']}:{service['spec']['ports'][0]['port']}"
        assert env["JUPYTERHUB_SERVICE_PREFIX"] == f"/services/{name}/"
        assert env["JUPYTERHUB_CLIENT_ID"] == f"service-{name}"
        assert json.loads(env["JUPYTERHUB_OAUTH_ACCESS_SCOPES"]) == \
            [f"access:services!service={name}"]
        assert env["JUPYTERHUB_API_TOKEN"]["secretKeyRef"]["key"] == \
            f"hub.services.{name}.apiToken"
    claims = {v["persistentVolumeClaim"]["claimName"]
              for v in values["singleuser"]["storage"]["extraVolumes"]}
    assert all(("PersistentVolumeClaim", c) in k8s for c in claims)
