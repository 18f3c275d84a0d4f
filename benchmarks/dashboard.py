#!/usr/bin/env python3
"""Benchmark: time to interactive of the cohort dashboard against a one-widget Voila notebook.

For each cohort size (default 15 and 5,000 learners) the script builds the course in a scratch
root, generates the synthetic cohort (course/cohort.py) and records its grades in the gradebook
(`record_synthetic_grades`, which scores exactly as nbgrader autograde does; grading 5,000
learners with kernels would take hours). In the same run it serves, with the instructors' server
settings of course/serve.py (token, pre-heated kernel pool, culling):

- the cohort dashboard of that root, and
- a notebook holding one slider, the floor any Voila page pays.

Each page is opened in a fresh Chromium context (no cache) `--repeats` times; before every load
the script waits until the pool's kernel has finished pre-rendering, so every load is served
from a pre-heated kernel. Time to interactive is measured in the page (performance.now() from
navigation start) at the moment the dashboard can be used: the group filter and the first tab
(the roster table) are drawn; for the baseline, when the slider is drawn. The other tabs are
drawn when opened; the time until all four of them have been opened one after the other and have
drawn their plotly charts is printed as well. The goal in issue 7 is at most 1.2x the baseline for
15 learners and 1.5x for 5,000. Prints figures; asserts nothing.
Run: `.venv/bin/python benchmarks/dashboard.py [--sizes 15 5000] [--repeats 5]`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import nbformat  # noqa: E402
import psutil  # noqa: E402

from course.analytics.synthetic import record_synthetic_grades  # noqa: E402
from course.build import BuildContext, run_build  # noqa: E402
from course.cohort import generate_cohort  # noqa: E402
from course.config import CourseConfig, load_config  # noqa: E402
from course.nbgrader_io import CONFIG_NAME, config_text  # noqa: E402
from course.serve import dashboard_folder, start_server, stop_server  # noqa: E402

GOALS = {15: 1.2, 5000: 1.5}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
DASHBOARD_READY = """() => {
  const select = document.querySelector('.widget-dropdown select');
  return select && !select.disabled && document.querySelector('.tmc-roster table') !== null;
}"""
TABS = (("Module completion by week", "completion"), ("Practice exam by module", "practice"),
        ("Final exam", "final"), ("Item analysis", "items"))
BASELINE_READY = "() => document.querySelector('.widget-slider') !== null"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cohort_root(config: CourseConfig, built: Path, dest: Path, learners: int) -> Path:
    """A copy of the built course with a graded synthetic cohort of this size."""
    root = dest / f"root-{learners}"
    shutil.copytree(built, root)
    (root / CONFIG_NAME).write_text(config_text(config, root), encoding="utf-8")
    started = time.perf_counter()
    summary = generate_cohort(config, root, learners=learners, notebooks=learners <= 100)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    recorded = record_synthetic_grades(config, root)
    print(f"  {learners:>5} learners: {summary.written:,} submissions generated in "
          f"{generated:.1f} s, {recorded:,} recorded in the gradebook in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    return root


def baseline_root(dest: Path) -> Path:
    """A fake course root whose instructor dashboards folder holds one one-widget notebook."""
    folder = dashboard_folder(dest / "baseline")
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import ipywidgets as W\n\nW.IntSlider(description='One widget')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, folder / "one.ipynb")
    return dest / "baseline"


def wait_until_idle(process: psutil.Process, quiet: float = 3.0, timeout: float = 600) -> None:
    """Wait until the server's kernels have used no CPU for `quiet` seconds (pre-render done)."""
    deadline, calm_since = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        kernels = [p for p in process.children(recursive=True)
                   if "ipykernel_launcher" in " ".join(p.cmdline())]
        for kernel in kernels:
            kernel.cpu_percent(interval=None)  # starts the measurement
        time.sleep(0.5)
        busy = sum(p.cpu_percent(interval=None) for p in kernels if p.is_running())
        if kernels and busy < 2.0:
            calm_since = calm_since or time.monotonic()
            if time.monotonic() - calm_since >= quiet:
                return
        else:
            calm_since = None
    raise TimeoutError("the kernel pool did not settle")


def wait_for_server(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"no server at {url}")


def measure(browser, url: str, ready: str, server: psutil.Process, repeats: int,
            tabs: bool) -> tuple[list[float], list[float]]:
    """Seconds from navigation start to `ready` and, with `tabs`, until every tab has been
    opened in turn and drawn its chart; one fresh browser context per load."""
    first, every = [], []
    for _ in range(repeats):
        wait_until_idle(server)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(url, timeout=300_000)
        page.wait_for_function(ready, timeout=300_000, polling=50)
        first.append(page.evaluate("performance.now()") / 1000)
        if tabs:
            for title, name in TABS:
                page.locator(".lm-TabBar-tab", has_text=title).click()
                page.wait_for_selector(f".tmc-{name} .js-plotly-plot .main-svg",
                                       timeout=300_000)
            every.append(page.evaluate("performance.now()") / 1000)
        context.close()
    return first, every


def serve(config: CourseConfig, root: Path, home: Path) -> tuple[object, int, str]:
    """Start the instructors' server on a root with private Jupyter folders."""
    port, token = free_port(), secrets.token_hex(16)
    for name, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                      ("IPYTHONDIR", "ipython")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(home / sub)
    process = start_server(config, root, port, token, home / "voila.log")
    wait_for_server(f"http://127.0.0.1:{port}/?token={token}")
    return process, port, token


def run(sizes: list[int], repeats: int) -> None:
    from playwright.sync_api import sync_playwright

    config = load_config()
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as scratch:
        dest = Path(scratch)
        print("building the course ...", flush=True)
        built = dest / "built"
        run_build(BuildContext(config, built, report=lambda _m: None))
        roots = {n: cohort_root(config, built, dest, n) for n in sizes}
        baseline = baseline_root(dest)
        results, all_tabs = {}, {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=CHROMIUM_ARGS)
            for label, root, page, ready in (
                    [("baseline", baseline, "one.ipynb", BASELINE_READY)]
                    + [(f"{n} learners", roots[n], "cohort.ipynb", DASHBOARD_READY)
                       for n in sizes]):
                process, port, token = serve(config, root, dest / f"home-{label[:4]}")
                try:
                    url = f"http://127.0.0.1:{port}/voila/render/{page}?token={token}"
                    results[label], all_tabs[label] = measure(
                        browser, url, ready, psutil.Process(process.pid), repeats,
                        tabs=page == "cohort.ipynb")
                finally:
                    stop_server(process)
                print(f"  {label:>15}: median {statistics.median(results[label]):.2f} s "
                      f"({', '.join(f'{t:.2f}' for t in results[label])})", flush=True)
            browser.close()
    floor = statistics.median(results["baseline"])
    print(f"\ntime to interactive (median of {repeats}, pre-heated kernels, cold browser cache)")
    print(f"{'page':>15} {'seconds':>8} {'ratio':>6} {'goal':>6} {'all tabs drawn':>15}")
    print(f"{'one widget':>15} {floor:8.2f} {1:6.2f} {'':>6}")
    for n in sizes:
        value = statistics.median(results[f"{n} learners"])
        goal = GOALS.get(n)
        print(f"{f'{n} learners':>15} {value:8.2f} {value / floor:6.2f} "
              f"{f'{goal:.1f}x' if goal else '':>6} "
              f"{statistics.median(all_tabs[f'{n} learners']):13.2f} s")
    print(f"load average: {', '.join(f'{v:.2f}' for v in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[15, 5000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    run(args.sizes, args.repeats)


if __name__ == "__main__":
    main()
