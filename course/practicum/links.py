"""Per-group workspace links carrying a signed credential (HMAC-SHA256, constant-time check).

A link is `<base_url>?group=<id>&key=<expiry>.<signature>`, the signature being HMAC-SHA256 over
the group id and the expiry with a secret kept in the course root (`workspaces/link-secret`,
created on first use, mode 0600, never in the repository). Without the secret a credential
cannot be made; changing the group or the expiry breaks the signature; a credential for one group
opens no other. Deleting the secret file revokes every link at once.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import secrets
import time
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode

if TYPE_CHECKING:
    from course.config import CourseConfig

SECRET_NAME = "link-secret"
VALID_AFTER_PRACTICUM = timedelta(days=14)  # time to finish and export after the week


class AccessRefused(Exception):
    """The link's credential is missing, forged, for another group, or expired."""


def secret_path(root: Path | str) -> Path:
    """Where the signing secret lives in the course root."""
    return Path(root) / "workspaces" / SECRET_NAME


def load_secret(root: Path | str, create: bool = True) -> bytes:
    """Read the signing secret, creating it (32 random bytes, mode 0600) on first use."""
    path = secret_path(root)
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        if not create:
            raise AccessRefused("the course has no link secret yet") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{SECRET_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)  # atomic: a secret written by a racing process wins
    finally:
        os.unlink(tmp)
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def _sign(secret: bytes, group_id: str, expires: int) -> str:
    message = f"tmcert-workspace\n{group_id}\n{expires}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def credential(root: Path | str, group_id: str, expires: int) -> str:
    """The `key` value of a link for this group, valid until `expires` (Unix seconds)."""
    return f"{int(expires)}.{_sign(load_secret(root), group_id, int(expires))}"


def default_expiry(config: CourseConfig, now: float | None = None) -> int:
    """Links last to two weeks after the practicum, and at least two weeks from now."""
    last_day = config.practicum.start + timedelta(days=config.practicum.days)
    end = datetime.combine(last_day, dtime.min, tzinfo=config.zone) + VALID_AFTER_PRACTICUM
    now = time.time() if now is None else now
    return int(max(end.timestamp(), now + VALID_AFTER_PRACTICUM.total_seconds()))


def link_query(root: Path | str, group_id: str, expires: int) -> str:
    """The query string a group's link carries."""
    return urlencode({"group": group_id, "key": credential(root, group_id, expires)})


def workspace_links(config: CourseConfig, root: Path | str, base_url: str,
                    expires: int | None = None) -> dict[str, str]:
    """Each configured group's workspace URL (group id -> URL) with its signed credential."""
    until = default_expiry(config) if expires is None else expires
    joiner = "&" if "?" in base_url else "?"
    return {g.id: f"{base_url}{joiner}{link_query(root, g.id, until)}"
            for g in config.roster.groups}


def verify(root: Path | str, query_string: str, now: float | None = None) -> str:
    """Return the group id a link's query string opens, or raise AccessRefused."""
    params = parse_qs(query_string or "", keep_blank_values=True)
    groups, keys = params.get("group", []), params.get("key", [])
    if len(groups) != 1 or len(keys) != 1:
        raise AccessRefused("this link has no workspace credential")
    group_id, key = groups[0], keys[0]
    expires_text, _, signature = key.partition(".")
    if not expires_text.isdigit() or not signature:
        raise AccessRefused("this link's credential is malformed")
    expected = _sign(load_secret(root, create=False), group_id, int(expires_text))
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise AccessRefused("this link's credential is not valid for this workspace")
    if (time.time() if now is None else now) >= int(expires_text):
        raise AccessRefused("this link has expired; ask the instructor for a new one")
    return group_id
