"""deploy/Dockerfile installs the project; docs/deploy.md names only commands build.py has."""

from __future__ import annotations

import argparse
import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from course.cli import parser
from course.config import CourseConfig

PROJECT = Path(__file__).resolve().parents[2]
DOCKERFILE = PROJECT / "deploy" / "Dockerfile"
GUIDE = PROJECT / "docs" / "deploy.md"
README = PROJECT / "README.md"
MENTION = re.compile(r"build\.py\s+([a-z][a-z-]*)([^`#\n]*)")


def instructions(path: Path = DOCKERFILE) -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines()]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
            for line in lines if line and not line.startswith("#")]


def copied(steps: list[tuple[str, str]]) -> dict[str, str]:
    """What the Dockerfile copies: source (first path part) -> destination folder."""
    found = {}
    for keyword, args in steps:
        if keyword == "COPY":
            *sources, dest = shlex.split(args)
            for source in sources:
                # several sources go into the folder `dest`; one folder is copied to `dest` itself
                found[Path(source).parts[0]] = str(Path(dest) if len(sources) > 1
                                                   else Path(dest).parent)
    return found


def subcommands() -> dict[str, argparse.ArgumentParser]:
    """build.py's commands and their parsers."""
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def mentions(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each `build.py COMMAND ...` in a text: the command and the options written after it."""
    return [(m.group(1), tuple(re.findall(r"(?<!\S)(--[a-z][a-z-]*)", m.group(2))))
            for m in MENTION.finditer(text)]


def test_the_image_is_pinned_and_installs_the_project(config: CourseConfig) -> None:
    steps = instructions()
    base = next(args for keyword, args in steps if keyword == "FROM")
    assert re.search(r":\d+\.\d+\.\d+[\w.-]*$", base), base  # a full version, not `latest`
    files = copied(steps)
    pyproject = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    readme = re.search(r'^readme = "([^"]+)"', pyproject, flags=re.M).group(1)
    include = re.search(r"^include = \[([^\]]*)\]", pyproject, flags=re.M).group(1)
    packages = [p.strip(' "*') for p in include.split(",")]
    needed = {"pyproject.toml", readme, "build.py", *packages}
    needed |= {Path(m.folder).parts[0] for m in config.modules}
    needed |= {Path(e.blueprint).parts[0] for e in (config.exams.practice, config.exams.final)}
    needed |= {Path(p).parts[0] for p in (*config.dashboards.instructor,
                                          *config.dashboards.learner)}
    assert needed <= set(files), sorted(needed - set(files))
    home = files["pyproject.toml"]
    assert {files[name] for name in needed} == {home}  # one project folder, as in the repo
    installs = [args for keyword, args in steps if keyword == "RUN" and "pip install" in args]
    assert any(re.search(rf"pip install .*-e {re.escape(home)}(\s|$)", a) for a in installs)


def test_the_image_starts_a_learner_as_the_chart_runs_it() -> None:
    steps = instructions()
    values = yaml.safe_load((PROJECT / "deploy/z2jh/values.yaml").read_text(encoding="utf-8"))
    assert [a for k, a in steps if k == "USER"][-1] == str(values["singleuser"]["uid"])
    assert json.loads([a for k, a in steps if k == "CMD"][-1]) == values["singleuser"]["cmd"]


@pytest.mark.parametrize("path", [GUIDE, README], ids=["guide", "readme"])
def test_every_build_py_command_written_exists(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    commands = subcommands()
    written = mentions(text)
    assert written
    assert sorted({c for c, _ in written} - set(commands)) == []
    for command, options in written:
        known = set(commands[command]._option_string_actions)
        assert set(options) <= known, (command, sorted(set(options) - known))


def test_the_guide_documents_every_option_of_build_py_hub() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    hub = subcommands()["hub"]
    own = {o for a in hub._actions for o in a.option_strings if o.startswith("--")}
    assert own - {"--help", "--config", "--root"} <= {o for c, opts in mentions(text)
                                                       if c == "hub" for o in opts}


@pytest.mark.parametrize("path", [GUIDE, README], ids=["guide", "readme"])
def test_the_one_machine_sequence_is_in_order(path: Path) -> None:
    sequence = [("build", ()), ("hub", ("--create-users",)), ("release", ()), ("hub", ("--start",))]
    blocks = re.findall(r"^```\n(.*?)^```", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    in_order = [block for block in blocks
                if [m for m in mentions(block) if m in sequence] == sequence]
    assert in_order, "no code block gives build, hub --create-users, release, hub --start"


def test_the_guide_keeps_its_sections() -> None:
    headings = re.findall(r"^## (.+)$", GUIDE.read_text(encoding="utf-8"), flags=re.M)
    assert headings == ["One machine for a cohort", "TLS with a reverse proxy", "Backups",
                        "Signing in with an LMS or OAuth",
                        "Many cohorts on Kubernetes with Zero to JupyterHub", "Capacity",
                        "Grading on a Dask cluster"]
