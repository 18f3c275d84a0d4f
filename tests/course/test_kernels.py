"""The sliced-poll kernel client: waits are short polls, and every runner of notebooks uses it."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Empty

import nbformat
import pytest
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from traitlets.config import Config
from traitlets.config.loader import KVArgParseConfigLoader

from course import kernels
from course.kernels import POLL_SLICE_SECONDS, SlicedPollChannel, SlicedPollKernelClient
from course.nbgrader_io import config_text


class FakeSocket:
    """Answers poll() with 'nothing yet' `misses` times (each after waiting its timeout, as a
    socket whose descriptor was never signalled would), then 'ready'."""

    def __init__(self, misses: int) -> None:
        self.misses = misses
        self.waits: list[int] = []

    async def poll(self, timeout_ms: int) -> int:
        self.waits.append(timeout_ms)
        if self.misses == 0:
            return 1
        self.misses -= 1
        await asyncio.sleep(timeout_ms / 1000)
        return 0


def run(coroutine):  # noqa: ANN001, ANN201
    """asyncio.run in a thread of its own: the browser tests leave an event loop running here."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def channel(socket: FakeSocket) -> SlicedPollChannel:
    chan = SlicedPollChannel.__new__(SlicedPollChannel)  # no real socket or session needed
    chan.socket = socket  # type: ignore[assignment]

    async def recv() -> dict:
        return {"msg_type": "execute_reply"}

    chan._recv = recv  # type: ignore[method-assign]
    return chan


def test_waits_for_ever_in_short_polls_and_returns_the_message() -> None:
    socket = FakeSocket(misses=3)
    message = run(channel(socket).get_msg(timeout=None))
    assert message == {"msg_type": "execute_reply"}
    assert socket.waits == [int(POLL_SLICE_SECONDS * 1000)] * 4  # never one long wait


def test_a_timeout_is_kept_and_ends_in_empty() -> None:
    socket = FakeSocket(misses=1000)
    started = time.monotonic()
    with pytest.raises(Empty):
        run(channel(socket).get_msg(timeout=0.5))
    elapsed = time.monotonic() - started
    assert 0.45 <= elapsed < 1.5
    assert max(socket.waits) <= POLL_SLICE_SECONDS * 1000 and sum(socket.waits) <= 550


def test_a_zero_timeout_polls_once_without_waiting() -> None:
    socket = FakeSocket(misses=1000)
    with pytest.raises(Empty):
        run(channel(socket).get_msg(timeout=0))
    assert socket.waits == [0]


def test_a_message_within_the_timeout_is_returned() -> None:
    socket = FakeSocket(misses=2)
    assert run(channel(socket).get_msg(timeout=5))["msg_type"] == "execute_reply"


def test_config_reaches_the_kernel_managers_of_voila_and_nbgrader() -> None:
    from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

    config = Config(kernels.client_config())
    for manager in (AsyncKernelManager, ServerKernelManager):  # nbclient's and Voila's
        assert isinstance(manager(config=config).client(), SlicedPollKernelClient)
    assert not isinstance(AsyncKernelManager().client(), SlicedPollKernelClient)  # not global
    assert isinstance(kernels.SlicedPollKernelManager().client(), SlicedPollKernelClient)


def test_voila_arguments_parse_to_the_same_config() -> None:
    parsed = KVArgParseConfigLoader(argv=kernels.voila_arguments()).load_config()
    assert parsed == Config(kernels.client_config())


def test_serve_and_nbgrader_config_carry_it(config, tmp_path: Path) -> None:
    from course.serve import voila_command

    (tmp_path / "dashboards" / "instructor").mkdir(parents=True)
    command = voila_command(config, tmp_path, 8866, "t" * 32)
    assert set(kernels.voila_arguments()) <= set(command)
    namespace: dict = {"get_config": Config}
    exec(config_text(config, tmp_path), namespace)  # noqa: S102 - our own generated file
    assert namespace["c"].AsyncKernelManager.client_factory == kernels.CLIENT_FACTORY


@pytest.mark.notebooks
def test_a_notebook_runs_with_the_sliced_client(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"print({i} * 7)") for i in range(30)]
    client = NotebookClient(nb, timeout=60, kernel_name="python3",
                            kernel_manager_class=kernels.SlicedPollKernelManager,
                            resources={"metadata": {"path": str(tmp_path)}})
    seen: list[type] = []
    client.on_cell_start = lambda **_: seen.append(type(client.kc))
    client.execute()
    assert [c.outputs[0]["text"] for c in nb.cells] == [f"{i * 7}\n" for i in range(30)]
    assert set(seen) == {SlicedPollKernelClient}
