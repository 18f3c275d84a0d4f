"""The instructors' server: token required, XSRF on, and kernels that do not pile up."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

import psutil
import pytest

from course.serve import dashboard_folder, dashboard_url, voila_command
from tests.servers import NoRedirect, http_status

TOKEN = "0123456789abcdef0123456789abcdef"


def _kernels(server) -> int:
    """Kernel processes the server has started and that are still running."""
    children = psutil.Process(server.process.pid).children(recursive=True)
    return sum("ipykernel_launcher" in " ".join(p.cmdline()) for p in children
               if p.is_running() and p.status() != psutil.STATUS_ZOMBIE)


def test_the_command_asks_for_a_token_keeps_xsrf_and_culls(config, tmp_path) -> None:
    dashboard_folder(tmp_path).mkdir(parents=True)
    command = voila_command(config, tmp_path, 8899, TOKEN, pool_size=2,
                                       cull_idle_seconds=60, cull_interval_seconds=10)
    assert f"--token={TOKEN}" in command and "--Voila.ip=127.0.0.1" in command
    assert "--preheat_kernel=True" in command and "--pool_size=2" in command
    assert "--MappingKernelManager.cull_idle_timeout=60" in command
    assert "--MappingKernelManager.cull_interval=10" in command
    assert not [arg for arg in command if "xsrf" in arg.lower()]
    assert command[1] == str(dashboard_folder(tmp_path))
    with pytest.raises(ValueError, match="token"):
        voila_command(config, tmp_path, 8899, "")
    with pytest.raises(FileNotFoundError, match="build"):
        voila_command(config, tmp_path / "elsewhere", 8899, TOKEN)
    assert dashboard_url(8899, TOKEN) == \
        f"http://127.0.0.1:8899/voila/render/cohort.ipynb?token={TOKEN}"


def test_the_pool_and_culling_come_from_course_yml_unless_given(config, tmp_path) -> None:
    dashboard_folder(tmp_path).mkdir(parents=True)
    serving = config.serving.model_copy(update={"kernel_pool": 3, "cull_idle_seconds": 90})
    command = voila_command(config.model_copy(update={"serving": serving}), tmp_path, 8899, TOKEN)
    assert "--pool_size=3" in command and "--MappingKernelManager.cull_idle_timeout=90" in command
    assert f"--MappingKernelManager.cull_interval={serving.cull_interval_seconds}" in command
    with pytest.raises(ValueError, match="at least 1"):
        voila_command(config, tmp_path, 8899, TOKEN, pool_size=0)


def test_requests_without_the_token_are_refused_and_xsrf_is_checked(
        graded_cohort, instructor_server) -> None:
    server = instructor_server(graded_cohort)
    page = f"http://127.0.0.1:{server.port}/voila/render/cohort.ipynb"
    code, where = http_status(page)
    assert code in (302, 403) and (code == 403 or "/login" in where)
    code, _ = http_status(f"http://127.0.0.1:{server.port}/voila/render/cohort.ipynb?token=wrong")
    assert code in (302, 403)
    jar = CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    code, body = http_status(server.url("voila/render/cohort.ipynb"), opener=browser)
    assert code == 200 and "Cohort dashboard" in body
    kernel = re.search(r'"kernelId": "([0-9a-f-]+)"', body).group(1)
    assert any(c.name.startswith("username-") for c in jar)  # logged in by cookie now
    # the page's own shutdown request, sent with the login cookie but no XSRF token
    shutdown = f"http://127.0.0.1:{server.port}/voila/api/shutdown/{kernel}"
    assert http_status(shutdown, "POST", opener=browser)[0] == 403
    assert http_status(server.url(f"api/kernels/{kernel}"))[0] == 200  # still alive
    assert http_status(f"http://127.0.0.1:{server.port}/api/kernels/{kernel}")[0] == 403


def test_fifty_page_loads_leave_no_more_kernels_than_the_pool(
        graded_cohort, instructor_server) -> None:
    pool = 1
    server = instructor_server(graded_cohort, pool_size=pool, cull_idle_seconds=3,
                               cull_interval_seconds=1)
    notebooks = len(list(dashboard_folder(graded_cohort.root).glob("*.ipynb")))
    used = []
    for _ in range(50):
        code, body = http_status(server.url("voila/render/cohort.ipynb"))
        assert code == 200 and body.count("widget-view+json") == 1  # one view: widgets/cohort.py
        assert "application/vnd.jupyter.stderr" not in body
        used.append(re.search(r'"kernelId": "([0-9a-f-]+)"', body).group(1))
    assert len(set(used)) == 50  # every page had its own kernel
    deadline = time.monotonic() + 90
    while _kernels(server) > pool * notebooks and time.monotonic() < deadline:
        time.sleep(1)
    assert _kernels(server) <= pool * notebooks
    alive = [k for k in used if http_status(server.url(f"api/kernels/{k}"))[0] == 200]
    assert alive == []
