#!/usr/bin/env python3
"""Benchmark: from a learner's login to the first module's first widget, alone and 15 at once.

Starts the course's hub exactly as the hub tests do (tests/hubs.py: real accounts, the proxy,
the services; SQLite storage), with `--single` + `--cohort` learners who have already fetched
m01. Each learner, in a fresh Chromium context: logs in on the hub's page (their server starts),
waits for JupyterLab, opens m01, runs it (Run > Run All Cells) and waits until the first widget
is drawn. Measured: login to JupyterLab, and login to the first widget.

First `--single` learners one after the other (the single-learner median), then `--cohort`
learners all at once (asyncio, one browser). Also prints the hub's and the proxy's memory and
the memory of one learner's server with its kernel. Issue 13's goal: the worst cohort time under
2x the single-learner median. Needs root. Prints figures; asserts nothing.
Run: `sudo .venv/bin/python benchmarks/hub.py [--single 3] [--cohort 15]`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from tests.hubs import Hub, running_hub  # noqa: E402
from tests.servers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

M01 = "m01/01-training-function.ipynb"


def rss_mib(pids: list[int]) -> float:
    """Resident memory of these processes together, in MiB (from /proc)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def pids(*pattern: str) -> list[int]:
    found = subprocess.run(["pgrep", *pattern], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


async def session(browser, hub: Hub, user: str) -> dict[str, float | str]:
    """One learner's times, or the reason they did not get through (within 5 minutes a step)."""
    try:
        return await timed_session(browser, hub, user)
    except Exception as exc:  # a learner who never gets a server is a figure, not a crash
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"}


async def timed_session(browser, hub: Hub, user: str) -> dict[str, float]:
    """One learner from the login page to m01's first widget; seconds from pressing Log in."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(300_000)  # 15 servers starting at once take a while
    await page.goto(f"{hub.url}/hub/login")
    await page.fill("#username_input", user)
    await page.fill("#password_input", hub.passwords[user])
    started = time.perf_counter()
    await page.click("#login_submit")
    await page.wait_for_selector("#jp-main-dock-panel", timeout=300_000)
    lab = time.perf_counter() - started
    await page.goto(f"{hub.url}/user/{user}/lab/tree/{M01}?reset")
    await page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=300_000)
    await page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                                 timeout=300_000)
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
    await context.close()
    return {"lab": lab, "widget": widget}


async def measure(hub: Hub, single: list[str], cohort: list[str]) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                          args=CHROMIUM_ARGS)
        alone = [await session(browser, hub, user) for user in single]
        together = await asyncio.gather(*(session(browser, hub, user) for user in cohort))
        await browser.close()
    failed = [r["error"] for r in [*alone, *together] if "error" in r]
    alone = [r for r in alone if "error" not in r]
    done = [r for r in together if "error" not in r]
    median = statistics.median(r["widget"] for r in alone) if alone else float("nan")
    each = ", ".join(f"{r['widget']:.1f}" for r in alone)
    if alone:
        print(f"\nOne learner at a time ({len(alone)}): login -> JupyterLab "
              f"{statistics.median(r['lab'] for r in alone):.1f} s, login -> first widget "
              f"median {median:.1f} s ({each})")
    if done:
        widgets = sorted(r["widget"] for r in done)
        print(f"{len(together)} learners at once, {len(done)} got through: login -> JupyterLab "
              f"median {statistics.median(r['lab'] for r in done):.1f} s, worst "
              f"{max(r['lab'] for r in done):.1f} s; login -> first widget median "
              f"{statistics.median(widgets):.1f} s, worst {widgets[-1]:.1f} s")
        print(f"Worst / single median: {widgets[-1] / median:.2f}x (goal: under 2x)")
    for error in failed:
        print(f"  did not get through: {error}")
    log = hub.log.read_text(errors="replace")
    print(f"Hub log: {log.count('Spawn failed') + log.count('failed to start')} failed "
          f"spawn(s), {log.count('timed out') + log.count('Timeout')} timeout line(s)")
    hub_pids = pids("-f", f"jupyterhub -f {hub.root}")
    proxy_pids = pids("-f", "configurable-http-proxy")
    print(f"Hub {rss_mib(hub_pids):.0f} MiB, proxy {rss_mib(proxy_pids):.0f} MiB")
    per_user = [rss_mib(pids("-u", user)) for user in [*single, *cohort]]
    print(f"One learner's server with m01's kernel: median {statistics.median(per_user):.0f} MiB "
          f"(max {max(per_user):.0f}); all {len(per_user)}: {sum(per_user):.0f} MiB")
    services = sum(rss_mib(pids("-f", f"course.hub.launch {kind}"))
                   for kind in ("dashboards", "workspace", "formgrader"))
    print(f"Course services (Voila dashboards, workspaces, formgrader): {services:.0f} MiB "
          "(their kernels not included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--single", type=int, default=3, help="learners measured one at a time")
    parser.add_argument("--cohort", type=int, default=15, help="learners logging in at once")
    args = parser.parse_args()
    single = [f"tmbench-s{n:02d}" for n in range(1, args.single + 1)]
    cohort = [f"tmbench-c{n:02d}" for n in range(1, args.cohort + 1)]
    groups = ("g1", "g2", "g3")
    learners = {u: groups[i % 3] for i, u in enumerate([*single, *cohort])}
    print(f"Starting a hub for {len(learners)} learners ...", flush=True)
    with running_hub(learners, "tmbench-ivy") as hub:
        for user in learners:  # every learner has m01 already, as after a first session
            done = hub.as_user(user, str(Path(sys.executable).parent / "nbgrader"),
                               "fetch_assignment", "m01", "--course", hub.config.id)
            if done.returncode:
                raise SystemExit(f"fetch as {user} failed: {done.stderr}")
        asyncio.run(measure(hub, single, cohort))


if __name__ == "__main__":
    main()
