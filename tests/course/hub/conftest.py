"""The hub tests' hub: two learners in groups g1 and g2 and an instructor, on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.hubs import Hub, databases, running_hub

LEARNERS = {"tmhub-ann": "g1", "tmhub-ben": "g2"}
INSTRUCTOR = "tmhub-ivy"


@pytest.fixture(scope="module")
def hub(postgres_server) -> Iterator[Hub]:
    """The course's hub, built and started with the course's commands; removed afterwards."""
    if os.geteuid() != 0:
        pytest.fail("the hub tests need root: they create Unix accounts (run `make test` as root)")
    urls = databases(postgres_server.url, ["tmhub_gradebook", "tmhub_workspaces"])
    with running_hub(LEARNERS, INSTRUCTOR, {"gradebook": urls["tmhub_gradebook"],
                                            "workspaces": urls["tmhub_workspaces"]}) as hub:
        yield hub
