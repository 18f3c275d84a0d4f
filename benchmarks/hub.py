#!/usr/bin/env python3
"""Benchmark: from a learner's login to the first module's first widget, alone and 15 at once.

Starts the course's hub exactly as the hub tests do (tests/hubs.py: real accounts, the proxy,
the services; SQLite storage), with `--single` + `--cohort` learners who have already fetched
m01. Each learner is a light HTTP and websocket client on loopback (benchmarks/hub_learner.py):
logs in through the hub's form, waits for their server as the spawn page does, opens m01 as
JupyterLab does (a session, so the kernel runs in m01's folder) and runs its code cells until
the kernel opens the first widget. Measured from pressing Log in: JupyterLab's page answers
(server ready), the kernel answers, the first widget's comm_open arrives.

First `--single` learners one after the other (the single-learner median), then `--cohort`
learners all at once (asyncio). With `--browser`, one more learner alone in Chromium, for
comparison (login to JupyterLab drawn, and to the first widget drawn). Prints the load average
around each phase, the CPU seconds and memory of the hub and proxy, and of each learner's
server with its kernel. Issue 13's goal: the worst cohort time under 2x the single median.
Needs root. Prints figures; asserts nothing. Stop it with Ctrl-C (not SIGTERM: the accounts it
created are removed on the way out).
Run: `sudo .venv/bin/python benchmarks/hub.py [--single 3] [--cohort 15] [--browser]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pwd
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from benchmarks.hub_learner import light_session  # noqa: E402
from tests.hubs import Hub, descendants, running_hub  # noqa: E402

M01 = "m01/01-training-function.ipynb"
TICK = os.sysconf("SC_CLK_TCK")


def rss_mib(pids: list[int]) -> float:
    """Resident memory of these processes together, in MiB (from /proc)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1024


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system, with reaped children) these processes have used, in seconds."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += sum(int(f) for f in fields[11:15])
    return total / TICK


def pids(*pattern: str) -> list[int]:
    found = subprocess.run(["pgrep", *pattern], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (FileNotFoundError, ProcessLookupError):
        return ""


def owner(pid: int) -> int:
    try:
        return Path(f"/proc/{pid}").stat().st_uid
    except (FileNotFoundError, ProcessLookupError):
        return -1


def hub_pids(hub: Hub, learners: list[str]) -> dict[str, list[int]]:
    """The hub's, the proxy's and the course services' processes (not the learners')."""
    theirs = {pwd.getpwnam(user).pw_uid for user in learners}
    found: dict[str, list[int]] = {"hub": [], "proxy": [], "services": []}
    for pid in descendants(hub.pid):
        line = cmdline(pid)
        if "jupyterhub -f" in line:
            found["hub"].append(pid)
        elif "configurable-http-proxy" in line:
            found["proxy"].append(pid)
        elif owner(pid) not in theirs:
            found["services"].append(pid)
    return found


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


async def learner(hub: Hub, user: str) -> dict[str, float | str]:
    """One learner's times and resources, or the reason they did not get through."""
    try:
        times = await light_session(hub.url, user, hub.passwords[user], M01)
    except Exception as exc:  # a learner who never gets a widget is a figure, not a crash
        return {"user": user, "error": f"{type(exc).__name__}: {str(exc)[:160]}"}
    return {"user": user, **times}


def resources(result: dict, user: str) -> None:
    """Add the learner's server and kernel memory and CPU seconds so far."""
    mine = pids("-u", user)
    kernels = [pid for pid in mine if "ipykernel" in cmdline(pid)]
    result.update(mib=rss_mib(mine), cpu=cpu_seconds(mine), kernel_mib=rss_mib(kernels),
                  kernel_cpu=cpu_seconds(kernels))


async def browser_session(hub: Hub, user: str) -> dict[str, float]:
    """One learner in Chromium: Log in to JupyterLab drawn, and to m01's first widget drawn."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout
    from playwright.async_api import async_playwright

    from tests.servers import CHROMIUM, CHROMIUM_ARGS

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                          args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(300_000)
        await page.goto(f"{hub.url}/hub/login")
        await page.fill("#username_input", user)
        await page.fill("#password_input", hub.passwords[user])
        started = time.perf_counter()
        await page.click("#login_submit")
        await page.wait_for_selector("#jp-main-dock-panel")
        lab = time.perf_counter() - started
        await page.goto(f"{hub.url}/user/{user}/lab/tree/{M01}?reset")
        await page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
        for _try in range(10):  # as tests/lab.py: a Run All pressed too early may not take
            dialog = page.locator(".jp-Dialog").filter(has_text="Select Kernel")
            if await dialog.count():
                await dialog.locator(".jp-mod-accept").click()
            await page.get_by_role("menuitem", name="Run", exact=True).click()
            await page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            try:
                await page.wait_for_selector(".jp-OutputArea-output .jupyter-widgets",
                                             timeout=45_000)
                break
            except PlaywrightTimeout:
                continue
        else:
            raise RuntimeError(f"{user}: m01 drew no widget after 10 tries")
        widget = time.perf_counter() - started
        await browser.close()
    return {"user": user, "lab": lab, "widget": widget}


def phase_cpu(hub: Hub, learners: list[str]) -> float:
    """CPU seconds the hub and the proxy have used so far."""
    procs = hub_pids(hub, learners)
    return cpu_seconds(procs["hub"]) + cpu_seconds(procs["proxy"])


def run_single(hub: Hub, users: list[str]) -> list[dict]:
    """Learners one after the other; each one's resources right after their widget."""
    results = []
    for user in users:
        result = asyncio.run(learner(hub, user))
        resources(result, user)
        results.append(result)
        print(f"  {describe(result)}", flush=True)
    return results


def run_cohort(hub: Hub, users: list[str]) -> tuple[list[dict], float]:
    """Learners all at once; their resources once the last is through; the wall time."""

    async def together() -> list[dict]:
        return await asyncio.gather(*(learner(hub, user) for user in users))

    begin = time.perf_counter()
    results = asyncio.run(together())
    wall = time.perf_counter() - begin
    for result in results:
        resources(result, result["user"])
        print(f"  {describe(result)}", flush=True)
    return results, wall


def describe(r: dict) -> str:
    if "error" in r:
        return f"{r['user']}: did not get through: {r['error']}"
    return (f"{r['user']}: server ready {r['lab']:.1f} s, kernel {r['kernel']:.1f} s, first "
            f"widget {r['widget']:.1f} s; server + kernel {r['mib']:.0f} MiB, {r['cpu']:.1f} "
            f"CPU s (kernel {r['kernel_mib']:.0f} MiB, {r['kernel_cpu']:.1f} CPU s)")


def spread(results: list[dict], key: str) -> tuple[float, float]:
    """Median and worst of one figure."""
    values = [r[key] for r in results]
    return statistics.median(values), max(values)


def summary(name: str, results: list[dict]) -> float:
    """Print median and worst of a phase; return the median login -> first widget."""
    done = [r for r in results if "error" not in r]
    if not done:
        print(f"{name}: nobody got through")
        return float("nan")
    (lab, lab_max), (kernel, kernel_max) = spread(done, "lab"), spread(done, "kernel")
    widget, widget_max = spread(done, "widget")
    print(f"{name}: {len(done)} of {len(results)} got through. Login -> server ready median "
          f"{lab:.1f} s, worst {lab_max:.1f} s; -> kernel answers median {kernel:.1f} s, worst "
          f"{kernel_max:.1f} s; -> first widget median {widget:.1f} s, worst {widget_max:.1f} s")
    (mib, mib_max), (cpu, cpu_max) = spread(done, "mib"), spread(done, "cpu")
    print(f"  per learner: server + kernel {mib:.0f} MiB median (max {mib_max:.0f}; kernel "
          f"{spread(done, 'kernel_mib')[0]:.0f}), CPU {cpu:.1f} s median (max {cpu_max:.1f}; "
          f"kernel {spread(done, 'kernel_cpu')[0]:.1f})")
    return widget


def measure(hub: Hub, single: list[str], cohort: list[str], browser: str | None) -> None:
    learners = [*single, *cohort, *([browser] if browser else [])]
    print(f"\nOne learner at a time ({len(single)}); {load()}", flush=True)
    cpu0 = phase_cpu(hub, learners)
    alone = run_single(hub, single)
    cpu1 = phase_cpu(hub, learners)
    print(f"  {load()}")
    median = summary("One at a time", alone)
    print(f"  hub + proxy CPU in this phase: {cpu1 - cpu0:.1f} s")
    if browser:
        print(f"\nOne learner in Chromium, for comparison; {load()}", flush=True)
        shown = asyncio.run(browser_session(hub, browser))
        print(f"  {browser}: JupyterLab drawn {shown['lab']:.1f} s, first widget drawn "
              f"{shown['widget']:.1f} s after Log in; {load()}")
    time.sleep(20)  # let the load of the last phase settle
    print(f"\n{len(cohort)} learners at once; {load()}", flush=True)
    cpu2, own = phase_cpu(hub, learners), resource.getrusage(resource.RUSAGE_SELF)
    together, wall = run_cohort(hub, cohort)
    cpu3, own_after = phase_cpu(hub, learners), resource.getrusage(resource.RUSAGE_SELF)
    print(f"  {load()}")
    summary(f"{len(cohort)} at once", together)
    worst = max((r["widget"] for r in together if "error" not in r), default=float("nan"))
    print(f"  worst / single median: {worst / median:.2f}x (goal: under 2x); the whole cohort "
          f"took {wall:.1f} s")
    learners_cpu = sum(r.get("cpu", 0) for r in together)
    client_cpu = (own_after.ru_utime + own_after.ru_stime) - (own.ru_utime + own.ru_stime)
    print(f"  CPU in this phase: learners' servers and kernels {learners_cpu:.1f} s, hub + "
          f"proxy {cpu3 - cpu2:.1f} s, this benchmark's clients {client_cpu:.1f} s")
    log = hub.log.read_text(errors="replace")
    print(f"Hub log: {log.count('Spawn failed') + log.count('failed to start')} failed "
          f"spawn(s), {log.count('timed out') + log.count('Timeout')} timeout line(s)")
    procs = hub_pids(hub, learners)
    print(f"Memory at the end: hub {rss_mib(procs['hub']):.0f} MiB, proxy "
          f"{rss_mib(procs['proxy']):.0f} MiB, course services (Voila dashboards, workspaces, "
          f"formgrader) {rss_mib(procs['services']):.0f} MiB; the {len(learners)} learners' "
          f"servers with kernels {sum(rss_mib(pids('-u', u)) for u in learners):.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--single", type=int, default=3, help="learners measured one at a time")
    parser.add_argument("--cohort", type=int, default=15, help="learners logging in at once")
    parser.add_argument("--browser", action="store_true",
                        help="also one learner alone in Chromium, for comparison")
    args = parser.parse_args()
    single = [f"tmbench-s{n:02d}" for n in range(1, args.single + 1)]
    cohort = [f"tmbench-c{n:02d}" for n in range(1, args.cohort + 1)]
    browser = "tmbench-b01" if args.browser else None
    groups = ("g1", "g2", "g3")
    everyone = [*single, *cohort, *([browser] if browser else [])]
    learners = {u: groups[i % 3] for i, u in enumerate(everyone)}
    print(f"Starting a hub for {len(learners)} learners on {os.cpu_count()} CPUs; {load()}",
          flush=True)
    with running_hub(learners, "tmbench-ivy") as hub:
        for user in learners:  # every learner has m01 already, as after a first session
            done = hub.as_user(user, str(Path(sys.executable).parent / "nbgrader"),
                               "fetch_assignment", "m01", "--course", hub.config.id)
            if done.returncode:
                raise SystemExit(f"fetch as {user} failed: {done.stderr}")
        measure(hub, single, cohort, browser)


if __name__ == "__main__":
    main()
