"""Planned messages rendered into email: Jinja2 templates as plain text and HTML, attachments.

Templates live in `templates/` as `<kind>.txt` and `<kind>.html`. The HTML environment escapes
every value (autoescape), so a learner's name, a group name or a reason can never become markup;
the text environment escapes nothing, since plain text has no markup.
"""

from __future__ import annotations

import email.utils
from email.message import EmailMessage
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from course.notify.plan import Planned

if TYPE_CHECKING:
    from course.config import CourseConfig

TEMPLATES = Path(__file__).resolve().with_name("templates")
HEADER = "X-Tmcert-Message"  # kind/period/recipient: which logged message this is


@cache
def _environment(html: bool) -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=html,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def render_parts(planned: Planned, zone: str) -> tuple[str, str]:
    """The plain-text and HTML bodies of a planned message."""
    values = {**planned.context, "subject": planned.subject, "zone": zone}
    text = _environment(False).get_template(f"{planned.kind}.txt").render(values)
    page = _environment(True).get_template(f"{planned.kind}.html").render(values)
    return text, page


def build_message(planned: Planned, config: CourseConfig) -> EmailMessage:
    """The complete email (text and HTML alternatives, then attachments)."""
    assert config.mail is not None
    text, page = render_parts(planned, config.timezone)
    message = EmailMessage()
    message["From"] = config.mail.sender
    message["To"] = ", ".join(planned.to)
    message["Subject"] = planned.subject
    message["Date"] = email.utils.formatdate(localtime=False)
    domain = email.utils.parseaddr(config.mail.sender)[1].partition("@")[2] or None
    message["Message-ID"] = email.utils.make_msgid(domain=domain)
    message[HEADER] = f"{planned.kind}/{planned.period}/{planned.recipient}"
    message.set_content(text)
    message.add_alternative(page, subtype="html")
    for item in planned.attachments:
        maintype, _, subtype = item.mime.partition("/")
        message.add_attachment(item.content, maintype=maintype, subtype=subtype,
                               filename=item.filename)
    return message
