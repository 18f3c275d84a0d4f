"""The sent-message log: one SQLite row per recipient, message kind and period, in the course root.

A message is identified by (recipient, kind, period): the enrolment email's period is
"enrolment", a weekly message's is the date its week starts. Before sending, `pending` tells
whether a message is still owed; after trying, `record` stores "sent" or "failed" (with the
error and the number of attempts) in one transaction. A failed message stays owed, so the next
run in the same period tries it again; a weekly message still failed when its week is over is
marked "expired" by `expire`, and stays in the log (and in every report) rather than vanishing.
The file is precious: rows are never deleted.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SENT, FAILED, EXPIRED = "sent", "failed", "expired"
SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
  recipient TEXT NOT NULL,      -- learner id, or "instructors"
  kind TEXT NOT NULL,           -- enrolment, weekly, cpd, digest
  period TEXT NOT NULL,         -- "enrolment" or the ISO date its week starts
  address TEXT NOT NULL,
  subject TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sent', 'failed', 'expired')),
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  message_id TEXT NOT NULL DEFAULT '',
  first_tried TEXT NOT NULL,
  last_tried TEXT NOT NULL,
  PRIMARY KEY (recipient, kind, period)
)"""


@dataclass(frozen=True)
class Entry:
    """One row of the log."""

    recipient: str
    kind: str
    period: str
    address: str
    subject: str
    status: str
    attempts: int
    error: str
    message_id: str
    first_tried: str
    last_tried: str


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class MessageLog:
    """The log file of one course root."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.execute(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level="IMMEDIATE")
        try:
            with db:  # one transaction: committed on success, rolled back on error
                yield db
        finally:
            db.close()

    def entry(self, recipient: str, kind: str, period: str) -> Entry | None:
        """The row of one message, or None when it was never tried."""
        with self._db() as db:
            row = db.execute("SELECT * FROM messages WHERE recipient=? AND kind=? AND period=?",
                             (recipient, kind, period)).fetchone()
        return Entry(*row) if row else None

    def pending(self, recipient: str, kind: str, period: str) -> bool:
        """Whether the message is still owed (never tried, or tried and failed)."""
        found = self.entry(recipient, kind, period)
        return found is None or found.status == FAILED

    def record(self, recipient: str, kind: str, period: str, address: str, subject: str,
               error: str | None, message_id: str = "") -> Entry:
        """Store the outcome of one attempt: sent (error None) or failed (with the error)."""
        now = _now()
        status = FAILED if error else SENT
        with self._db() as db:
            db.execute(
                "INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) "
                "ON CONFLICT (recipient, kind, period) DO UPDATE SET address=excluded.address, "
                "subject=excluded.subject, status=excluded.status, attempts=attempts + 1, "
                "error=excluded.error, message_id=excluded.message_id, "
                "last_tried=excluded.last_tried",
                (recipient, kind, period, address, subject, status, error or "", message_id,
                 now, now))
        found = self.entry(recipient, kind, period)
        assert found is not None
        return found

    def expire(self, kind: str, current: str) -> list[Entry]:
        """Mark failed messages of this kind from periods before `current` expired; return them."""
        with self._db() as db:
            rows = db.execute("SELECT * FROM messages WHERE kind=? AND status=? AND period<?",
                              (kind, FAILED, current)).fetchall()
            db.execute("UPDATE messages SET status=? WHERE kind=? AND status=? AND period<?",
                       (EXPIRED, kind, FAILED, current))
        return [Entry(*row) for row in rows]

    def entries(self, status: str | None = None) -> list[Entry]:
        """Every row (or those with one status), oldest first."""
        query = "SELECT * FROM messages" + (" WHERE status=?" if status else "")
        with self._db() as db:
            rows = db.execute(query + " ORDER BY first_tried, recipient, kind",
                              (status,) if status else ()).fetchall()
        return [Entry(*row) for row in rows]
