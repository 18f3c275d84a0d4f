"""A learner as a light HTTP and websocket client on loopback, for benchmarks/hub.py.

Does what the browser does, without drawing anything: logs in through the hub's form (with its
_xsrf), follows the redirects to the spawn-pending page, reads the spawn's progress stream until
the server is ready, reloads (through the server's OAuth) until JupyterLab's page answers, then
opens the notebook as JupyterLab does (a session on its path, so the kernel runs in its folder;
its contents) and runs its code cells over the kernel's websocket, in order, as Run All does,
until the kernel opens the first widget (a `jupyter.widget` comm_open). Times are seconds from
pressing Log in. JupyterLab's scripts and styles are not downloaded (the browser caches them).
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import time
import uuid
from datetime import datetime, timezone

import aiohttp

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class NoWidget(Exception):
    """The notebook ran to its end, or into an error, without opening a widget."""


def message(msg_type: str, content: dict, session: str, channel: str = "shell") -> dict:
    """A Jupyter message in the websocket's JSON form (no subprotocol)."""
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session,
              "username": "", "version": "5.3",
              "date": datetime.now(timezone.utc).isoformat()}
    return {"header": header, "parent_header": {}, "metadata": {}, "content": content,
            "channel": channel, "buffers": []}


def form_xsrf(page: str) -> str:
    """The _xsrf value of the hub's login form."""
    found = re.search(r'name="_xsrf"\s+value="([^"]+)"', page)
    if not found:
        raise RuntimeError("the hub's login page has no _xsrf field")
    return found.group(1)


async def login(http: aiohttp.ClientSession, hub: str, user: str, password: str) -> float:
    """Log in through the form; return the moment Log in was pressed (perf_counter)."""
    async with http.get(f"{hub}/hub/login") as reply:
        xsrf = form_xsrf(await reply.text())
    started = time.perf_counter()
    async with http.post(f"{hub}/hub/login", allow_redirects=False,
                         data={"username": user, "password": password, "_xsrf": xsrf}) as reply:
        if reply.status != 302:
            raise RuntimeError(f"login answered {reply.status}, not a redirect")
    return started


async def open_lab(http: aiohttp.ClientSession, hub: str, user: str) -> None:
    """From the hub's home to JupyterLab's page: spawn, progress stream, server's OAuth."""
    async with http.get(f"{hub}/hub/", max_redirects=20) as reply:
        page, where = await reply.text(), reply.url.path
    if where.startswith("/hub/spawn-pending/"):
        found = re.search(r'new EventSource\("([^"]+)"\)', page)
        if not found:
            raise RuntimeError("the spawn-pending page has no progress stream")
        await follow_progress(http, hub + html.unescape(found.group(1)))
        async with http.get(f"{hub}{where}", max_redirects=20) as reply:
            page, where = await reply.text(), reply.url.path
    if not where.startswith(f"/user/{user}/lab") or reply.status != 200:
        raise RuntimeError(f"ended on {where} ({reply.status}), not JupyterLab")


async def follow_progress(http: aiohttp.ClientSession, url: str) -> None:
    """Read the spawn's event stream until it says ready (or failed)."""
    async with http.get(url) as reply:
        async for raw in reply.content:
            line = raw.decode().strip()
            if not line.startswith("data:"):
                continue
            event = json.loads(line[5:])
            if event.get("failed"):
                raise RuntimeError(f"spawn failed: {event.get('message', '')[:160]}")
            if event.get("ready"):
                return
    raise RuntimeError("the progress stream ended before the server was ready")


async def start_kernel(http: aiohttp.ClientSession, server: str, notebook: str) -> tuple[str,
                                                                                         list]:
    """A session on the notebook (kernel in its folder) and its code cells, as JupyterLab."""
    cookies = http.cookie_jar.filter_cookies(f"{server}/api/sessions")
    headers = {"X-XSRFToken": cookies["_xsrf"].value} if "_xsrf" in cookies else {}
    async with http.get(f"{server}/api/contents/{notebook}", params={"content": "1"},
                        headers=headers) as reply:
        reply.raise_for_status()
        cells = [c["source"] for c in (await reply.json())["content"]["cells"]
                 if c["cell_type"] == "code"]
    body = {"path": notebook, "name": notebook.rsplit("/", 1)[-1], "type": "notebook",
            "kernel": {"name": "python3"}}
    async with http.post(f"{server}/api/sessions", json=body, headers=headers) as reply:
        reply.raise_for_status()
        return (await reply.json())["kernel"]["id"], cells


async def run_until_widget(http: aiohttp.ClientSession, server: str, kernel: str,
                           cells: list[str], started: float) -> dict[str, float]:
    """Kernel info, then every code cell in order; times of kernel ready and the first widget."""
    session = uuid.uuid4().hex
    ws_url = server.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels"
    async with http.ws_connect(ws_url, params={"session_id": session}, max_msg_size=0) as ws:
        info = message("kernel_info_request", {}, session)
        await ws.send_json(info)
        times: dict[str, float] = {}
        async for frame in ws:
            msg = json.loads(frame.data)
            if msg["parent_header"].get("msg_id") == info["header"]["msg_id"] \
                    and msg["msg_type"] == "kernel_info_reply":
                break
        times["kernel"] = time.perf_counter() - started
        requests = [message("execute_request", {"code": code, "silent": False,
                                                "store_history": True, "user_expressions": {},
                                                "allow_stdin": False, "stop_on_error": True},
                            session) for code in cells]
        for request in requests:  # Run All queues every cell at once
            await ws.send_json(request)
        last = requests[-1]["header"]["msg_id"] if requests else None
        async for frame in ws:
            msg = json.loads(frame.data)
            kind, content = msg["msg_type"], msg["content"]
            if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                times.setdefault("widget", time.perf_counter() - started)
            elif kind == "display_data" and WIDGET_VIEW in content.get("data", {}):
                return times  # its view is displayed: the widget is complete
            elif kind == "execute_reply" and content.get("status") != "ok":
                raise NoWidget(f"a cell failed: {content.get('ename')}: {content.get('evalue')}")
            elif kind == "execute_reply" and msg["parent_header"].get("msg_id") == last:
                break
    raise NoWidget("the notebook ran to its end without a widget")


async def light_session(hub: str, user: str, password: str, notebook: str,
                        step_timeout: float = 600) -> dict[str, float]:
    """One learner from Log in to the notebook's first widget; seconds from pressing Log in."""
    jar = aiohttp.CookieJar(unsafe=True)  # the hub is on 127.0.0.1: keep cookies for an IP
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=60, sock_read=step_timeout)
    async with aiohttp.ClientSession(cookie_jar=jar, timeout=timeout) as http:
        started = await login(http, hub, user, password)
        await asyncio.wait_for(open_lab(http, hub, user), step_timeout)
        lab = time.perf_counter() - started
        server = f"{hub}/user/{user}"
        kernel, cells = await start_kernel(http, server, notebook)
        times = await asyncio.wait_for(run_until_widget(http, server, kernel, cells, started),
                                       step_timeout)
    return {"lab": lab, **times}
