"""Sending planned messages over SMTP (or writing them as .eml files), recorded in the log.

Only messages the log still owes are sent. One connection serves a run: STARTTLS when
course.yml asks for it, then a login when a username is set (the password comes from the
environment variable course.yml names). Every attempt is recorded: a refused connection or a
rejected message is stored as failed with the reason and tried again by the next run.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from course.notify.log import MessageLog
from course.notify.messages import build_message
from course.notify.plan import Planned
from widgets.store import atomic_write

if TYPE_CHECKING:
    from course.config import CourseConfig, Mail

SENT, FAILED, WRITTEN = "sent", "failed", "written"


class MailSetupError(RuntimeError):
    """The mail settings cannot work (e.g. the password's environment variable is not set)."""


@dataclass(frozen=True)
class Outcome:
    """What happened to one owed message in this run."""

    planned: Planned
    status: str  # sent, failed or written
    detail: str  # the error, the .eml path, or the Message-ID


def password(mail: Mail) -> str | None:
    """The SMTP password from the environment, when a login is configured."""
    if not mail.username:
        return None
    value = os.environ.get(mail.password_env or "")
    if not value:
        raise MailSetupError(f"course.yml mail -> username is set: put the SMTP password in the "
                             f"environment variable {mail.password_env}")
    return value


def connect(mail: Mail) -> smtplib.SMTP:
    """An open SMTP connection: STARTTLS and login as course.yml says."""
    secret = password(mail)
    client = smtplib.SMTP(mail.host, mail.port, timeout=mail.timeout_seconds)
    try:
        if mail.starttls:
            client.starttls(context=ssl.create_default_context())
        if mail.username:
            client.login(mail.username, secret or "")
    except BaseException:
        client.close()
        raise
    return client


def owed(planned: Sequence[Planned], log: MessageLog) -> list[Planned]:
    """The planned messages not yet sent (new ones and earlier failures)."""
    return [p for p in planned if log.pending(p.recipient, p.kind, p.period)]


def _record(log: MessageLog, p: Planned, error: str | None, message_id: str = "") -> None:
    log.record(p.recipient, p.kind, p.period, ", ".join(p.to), p.subject, error, message_id)


def send(planned: Sequence[Planned], config: CourseConfig, log: MessageLog,
         opener: Callable[[Mail], smtplib.SMTP] = connect) -> list[Outcome]:
    """Send every owed message through one connection; record each outcome in the log."""
    assert config.mail is not None
    todo = owed(planned, log)
    if not todo:
        return []
    try:
        client = opener(config.mail)
    except (OSError, smtplib.SMTPException) as exc:
        reason = f"cannot connect to {config.mail.host}:{config.mail.port}: {exc}"
        for p in todo:
            _record(log, p, reason)
        return [Outcome(p, FAILED, reason) for p in todo]
    outcomes = []
    with client:
        for index, p in enumerate(todo):
            message = build_message(p, config)
            try:
                client.send_message(message)
            except smtplib.SMTPServerDisconnected as exc:
                reason = f"the server closed the connection: {exc}"
                for rest in todo[index:]:
                    _record(log, rest, reason)
                    outcomes.append(Outcome(rest, FAILED, reason))
                break
            except (OSError, smtplib.SMTPException) as exc:
                _record(log, p, f"{type(exc).__name__}: {exc}")
                outcomes.append(Outcome(p, FAILED, f"{type(exc).__name__}: {exc}"))
            else:
                _record(log, p, None, message["Message-ID"])
                outcomes.append(Outcome(p, SENT, message["Message-ID"]))
    return outcomes


def write_eml(planned: Sequence[Planned], config: CourseConfig, log: MessageLog,
              folder: Path) -> list[Outcome]:
    """Write every owed message as an .eml file (nothing is sent or logged)."""
    folder.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for p in owed(planned, log):
        path = folder / f"{p.kind}-{p.period}-{p.recipient}.eml"
        atomic_write(path, build_message(p, config).as_string())
        outcomes.append(Outcome(p, WRITTEN, str(path)))
    return outcomes
