"""A real SMTP server on loopback (aiosmtpd) and a small course root with three learners."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest

from course.config import CourseConfig, Group, Mail, Roster
from tests.servers import free_port

XSS = "<script>alert(1)</script>"
# ann keeps up; the second learner (named XSS) submits nothing; cat stops after week 1
ROSTER = [("ann", "Ann Archer", "ann@example.org", "g1"),
          ("xss", XSS, "xss@example.org", "g2"),
          ("cat", "Cat Cole", "cat@example.org", "g2")]
SUBMITTED = {"ann": ["m01", "m02", "m03", "m04"], "cat": ["m01", "m02"]}


@dataclass
class Inbox:
    """What the server received: one parsed message per delivery, with its envelope."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def take(self) -> list[tuple[list[str], EmailMessage]]:
        """The messages received since the last call."""
        found, self.messages = self.messages, []
        return found


@dataclass
class SmtpServer:
    port: int
    inbox: Inbox
    controller: object = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """An SMTP server on a free 127.0.0.1 port (not started: tests start it)."""
    server = SmtpServer(free_port(), Inbox())
    yield server
    server.stop()


def mail_config(config: CourseConfig, port: int, on_track: bool = False) -> CourseConfig:
    """The shipped course with its mail pointed at a loopback port and a hostile group name."""
    mail = Mail(host="127.0.0.1", port=port, starttls=False, sender="Course <course@example.org>",
                instructors=["tutor@example.org"], nudge_on_track=on_track, timeout_seconds=5)
    groups = [Group(id="g1", name="Group 1"), Group(id="g2", name="<b>Two</b> & co")]
    return config.model_copy(update={"mail": mail,
                                     "roster": Roster(file=Path("roster.csv"), groups=groups)})


def write_root(root: Path, config: CourseConfig) -> Path:
    """Roster, gradebook (learners, due dates) and module submissions (timestamp.txt)."""
    from course.nbgrader_io import sync_gradebook
    from course.schedule import due_dates

    root.mkdir(parents=True, exist_ok=True)
    lines = ["id,name,email,group", *(",".join(row) for row in ROSTER)]
    (root / "roster.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for learner, modules in SUBMITTED.items():
        for module in modules:
            folder = root / "submitted" / learner / module
            folder.mkdir(parents=True)
            # the Wednesday of each module's week: on time
            day = {"m01": 20, "m02": 20, "m03": 27, "m04": 27}[module]
            (folder / "timestamp.txt").write_text(f"2027-01-{day} 10:00:00.000000 UTC")
    sync_gradebook(config, root, due_dates(config))
    return root
