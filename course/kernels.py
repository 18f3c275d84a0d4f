"""A kernel client that cannot sleep through a reply: every wait is cut into short polls.

Whatever runs a notebook for the course (Voila rendering a module or dashboard, `build.py check`,
nbgrader's autograder) talks to the kernel through jupyter_client's asyncio channels. With
pyzmq 26-27 and jupyter_client 8, a channel sometimes waits on a reply that has already arrived.
Seen here most often on the shell channel right after a quick run of cells (a module's widgets,
the models reference): nbclient then waits for the whole cell timeout, and Voila, which sets no
cell timeout, waits for ever, so the page never finishes loading. Observed while stalled: the
socket's EVENTS say POLLIN, its descriptor is not readable, the loop's reader is registered, and
one call of the socket's event handler ends the stall. jupyter_client sends on a blocking shadow
of the asyncio socket, outside pyzmq's bookkeeping of edge-triggered events; that is a suspect,
not a proven cause (nbclient issue 312 and PR 311 report the same symptom).

A timed poll ends with a non-blocking check of the socket, which finds such a message. So
`SlicedPollChannel.get_msg` waits in slices of `POLL_SLICE_SECONDS` until its own timeout: a
missed wake-up then costs at most one slice instead of the cell timeout or the page.

`CLIENT_FACTORY` names the client for traitlets configuration; `voila_arguments()` is the
command-line form, and `SlicedPollKernelManager` a kernel manager class (for papermill) that
uses it.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from traitlets import Type

POLL_SLICE_SECONDS = 0.2
CLIENT_FACTORY = "course.kernels.SlicedPollKernelClient"


class SlicedPollChannel(AsyncZMQSocketChannel):
    """An asyncio channel whose waits are a series of polls of at most POLL_SLICE_SECONDS."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        """The next message; Empty when none arrives within `timeout` seconds (None: wait)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SLICE_SECONDS if deadline is None else deadline - time.monotonic()
            wait_ms = max(0, int(min(left, POLL_SLICE_SECONDS) * 1000))
            if await self.socket.poll(wait_ms):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class SlicedPollKernelClient(AsyncKernelClient):
    """jupyter_client's asyncio kernel client with sliced polling on every socket channel."""

    shell_channel_class = Type(SlicedPollChannel)
    iopub_channel_class = Type(SlicedPollChannel)
    stdin_channel_class = Type(SlicedPollChannel)
    control_channel_class = Type(SlicedPollChannel)


class SlicedPollKernelManager(AsyncKernelManager):
    """An asyncio kernel manager whose clients are SlicedPollKernelClient."""

    client_factory = Type(SlicedPollKernelClient, klass=AsyncKernelClient, config=True)



def client_config() -> dict[str, dict[str, str]]:
    """Traitlets configuration that gives every asyncio kernel manager the sliced client
    (jupyter_server's and Voila's kernel managers are AsyncKernelManager subclasses)."""
    return {"AsyncKernelManager": {"client_factory": CLIENT_FACTORY}}


def voila_arguments() -> list[str]:
    """The same configuration as Voila command-line arguments."""
    return [f"--{section}.{name}={value}" for section, traits in client_config().items()
            for name, value in traits.items()]
