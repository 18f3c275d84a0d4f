"""Group workspace state in a real database (SQLAlchemy Core): versioned fields with history.

A workspace is a set of named fields (e.g. `portfolio.O12.action`) holding JSON values. Each field
carries a version. An edit names the version of each field the editor last saw; in one
transaction the store takes the group's row lock, then:
- a field nobody changed since is written (so members editing different fields merge);
- a field someone else changed since is a conflict: nothing of that edit is written and the
  caller gets both values to show (even when they are equal, since the editor's value may have
  been computed from what it saw, as in read-modify-write);
- a field that already holds the new value is not written again.
Every write is a row in `history` (who, when, old, new) and can be reverted while nobody has
changed that field again. The workspace version rises with every commit, so an open view can poll
one number to learn that something changed.

SQLite (the default, at <course root>/workspaces/workspaces.db) runs in WAL mode with
`BEGIN IMMEDIATE` transactions; on PostgreSQL (pass a URL) the same statements run, and the
UPDATE of the group's row serializes a group's edits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

if TYPE_CHECKING:
    from course.config import CourseConfig

MAX_KEY = 200
MAX_VALUE = 20000
MAX_WHO = 100

metadata = MetaData()
workspaces = Table(
    "workspaces", metadata,
    Column("group_id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", String(40), nullable=False),
)
fields = Table(
    "fields", metadata,
    Column("group_id", String(64), ForeignKey("workspaces.group_id"), nullable=False),
    Column("key", String(MAX_KEY), nullable=False),
    Column("value", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("changed_by", String(MAX_WHO), nullable=False),
    Column("changed_at", String(40), nullable=False),
    PrimaryKeyConstraint("group_id", "key"),
)
history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("group_id", String(64), ForeignKey("workspaces.group_id"), nullable=False),
    Column("key", String(MAX_KEY), nullable=False),
    Column("old", Text, nullable=True),  # JSON; NULL when the field did not exist
    Column("new", Text, nullable=False),
    Column("version", Integer, nullable=False),  # the field's version after this change
    Column("who", String(MAX_WHO), nullable=False),
    Column("at", String(40), nullable=False),
    Column("reverts", Integer, nullable=True),  # the history id this change undid
    Index("ix_history_group", "group_id", "id"),
)


class UnknownGroup(KeyError):
    """The store holds no workspace for this group."""


@dataclass(frozen=True)
class Snapshot:
    """A group's fields at one workspace version: values and the version of each field."""

    group_id: str
    version: int
    values: dict[str, Any]
    versions: dict[str, int]
    changed_by: dict[str, str] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        """A field's value, or `default` when it is unset (absent or None)."""
        value = self.values.get(key)
        return default if value is None else value


@dataclass(frozen=True)
class Conflict:
    """An edit to a field that someone else changed after the editor last read it."""

    key: str
    yours: Any
    theirs: Any
    by: str
    at: str


@dataclass(frozen=True)
class EditResult:
    """What an edit did: the keys written, the conflicts that stopped it, the new version."""

    saved: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    version: int

    @property
    def ok(self) -> bool:
        """True when nothing collided (an edit that changed nothing is also ok)."""
        return not self.conflicts


@dataclass(frozen=True)
class Change:
    """One row of a group's history."""

    id: int
    key: str
    old: Any
    new: Any
    version: int
    who: str
    at: str
    reverts: int | None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _dump(value: Any) -> str:
    """Serialize a value as JSON, refusing anything that is not plain JSON or is too long."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError):
        raise ValueError(f"a workspace value must be plain JSON, got {value!r}") from None
    if len(text) > MAX_VALUE:
        raise ValueError(f"a workspace value may hold at most {MAX_VALUE} characters")
    return text


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _check_key(key: str) -> str:
    if not isinstance(key, str) or not key or len(key) > MAX_KEY:
        raise ValueError(f"a field name must be 1 to {MAX_KEY} characters, got {key!r}")
    return key


def _check_who(who: str) -> str:
    name = " ".join(str(who).split())
    if not name:
        raise ValueError("say who is making the change (a name is needed)")
    return name[:MAX_WHO]


def database_url(root: Path | str) -> str:
    """The default database: SQLite in <course root>/workspaces/workspaces.db."""
    return f"sqlite:///{Path(root).resolve() / 'workspaces' / 'workspaces.db'}"


def _sqlite_setup(engine: Engine) -> None:
    """WAL mode, a busy timeout, and BEGIN IMMEDIATE for writes (BEGIN for reads)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("write", True) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


class WorkspaceStore:
    """All groups' workspaces in one database; every method names the group it acts on."""

    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite"):
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(url, connect_args={"timeout": 30})
            _sqlite_setup(self.engine)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
        metadata.create_all(self.engine)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def _read(self) -> Connection:
        return self.engine.connect().execution_options(write=False)

    def ensure_group(self, group_id: str, name: str) -> None:
        """Create the group's workspace if it is missing (an existing one is kept as it is)."""
        try:
            with self.engine.begin() as conn:
                found = conn.execute(select(workspaces.c.group_id).where(
                    workspaces.c.group_id == group_id)).first()
                if found is None:
                    conn.execute(insert(workspaces).values(group_id=group_id, name=name,
                                                           version=0, created_at=_now()))
        except IntegrityError:
            pass  # another process created it at the same moment

    def groups(self) -> dict[str, str]:
        """Every group id with its name."""
        with self._read() as conn, conn.begin():
            rows = conn.execute(select(workspaces.c.group_id, workspaces.c.name)
                                .order_by(workspaces.c.group_id)).all()
        return {r.group_id: r.name for r in rows}

    def version(self, group_id: str) -> int:
        """The group's workspace version (it rises with every committed change)."""
        with self._read() as conn, conn.begin():
            value = conn.execute(select(workspaces.c.version).where(
                workspaces.c.group_id == group_id)).scalar()
        if value is None:
            raise UnknownGroup(group_id)
        return int(value)

    def snapshot(self, group_id: str) -> Snapshot:
        """Every field of the group, read in one transaction."""
        with self._read() as conn, conn.begin():
            version = conn.execute(select(workspaces.c.version).where(
                workspaces.c.group_id == group_id)).scalar()
            if version is None:
                raise UnknownGroup(group_id)
            rows = conn.execute(select(fields).where(fields.c.group_id == group_id)).all()
        return Snapshot(group_id, int(version), {r.key: _load(r.value) for r in rows},
                        {r.key: r.version for r in rows}, {r.key: r.changed_by for r in rows})

    def _lock(self, conn: Connection, group_id: str) -> int:
        """Bump the group's version (taking its row lock) and return the new version."""
        done = conn.execute(update(workspaces).where(workspaces.c.group_id == group_id)
                            .values(version=workspaces.c.version + 1))
        if done.rowcount != 1:
            raise UnknownGroup(group_id)
        return int(conn.execute(select(workspaces.c.version).where(
            workspaces.c.group_id == group_id)).scalar_one())

    def _current(self, conn: Connection, group_id: str, keys: Iterable[str]) -> dict[str, Any]:
        rows = conn.execute(select(fields).where(fields.c.group_id == group_id,
                                                 fields.c.key.in_(list(keys)))).all()
        return {r.key: r for r in rows}

    def _write(self, conn: Connection, group_id: str, key: str, row: Any, new_text: str,
               who: str, at: str, reverts: int | None = None) -> None:
        """Write one field and its history row."""
        version = (row.version if row is not None else 0) + 1
        if row is None:
            conn.execute(insert(fields).values(group_id=group_id, key=key, value=new_text,
                                               version=version, changed_by=who, changed_at=at))
        else:
            conn.execute(update(fields).where(fields.c.group_id == group_id,
                                              fields.c.key == key)
                         .values(value=new_text, version=version, changed_by=who,
                                 changed_at=at))
        conn.execute(insert(history).values(group_id=group_id, key=key,
                                            old=None if row is None else row.value,
                                            new=new_text, version=version, who=who, at=at,
                                            reverts=reverts))

    def edit(self, group_id: str, changes: Mapping[str, Any], base: Mapping[str, int],
             who: str) -> EditResult:
        """Write `changes` in one transaction if no field collides with someone else's edit.

        `base` maps each changed key to the version the editor saw (0 for a field not yet set).
        """
        who = _check_who(who)
        texts = {_check_key(k): _dump(v) for k, v in changes.items()}
        missing = [k for k in texts if k not in base]
        if missing:
            raise ValueError(f"no base version given for {missing[0]!r}")
        at = _now()
        with self.engine.connect() as conn:
            trans = conn.begin()
            try:
                version = self._lock(conn, group_id)
                current = self._current(conn, group_id, texts)
                conflicts, writes = [], []
                for key, text in texts.items():
                    row = current.get(key)
                    seen = row.version if row is not None else 0
                    if seen != base[key]:
                        conflicts.append(Conflict(key, json.loads(text),
                                                  _load(row.value if row is not None else None),
                                                  row.changed_by if row is not None else "",
                                                  row.changed_at if row is not None else ""))
                    elif row is None or row.value != text:
                        writes.append(key)
                if conflicts or not writes:
                    trans.rollback()
                    return EditResult((), tuple(conflicts), self.version(group_id))
                for key in writes:
                    self._write(conn, group_id, key, current.get(key), texts[key], who, at)
                trans.commit()
            except BaseException:
                if trans.is_active:
                    trans.rollback()
                raise
        return EditResult(tuple(writes), (), version)

    def history(self, group_id: str, limit: int = 100, key: str | None = None) -> list[Change]:
        """The group's changes, newest first (of one field when `key` is given)."""
        query = select(history).where(history.c.group_id == group_id)
        if key is not None:
            query = query.where(history.c.key == key)
        with self._read() as conn, conn.begin():
            rows = conn.execute(query.order_by(history.c.id.desc()).limit(limit)).all()
        return [Change(r.id, r.key, _load(r.old), _load(r.new), r.version, r.who, r.at,
                       r.reverts) for r in rows]

    def count_changes(self, group_id: str) -> int:
        """How many changes the group has made in all."""
        with self._read() as conn, conn.begin():
            return int(conn.execute(select(func.count()).select_from(history).where(
                history.c.group_id == group_id)).scalar_one())

    def revert(self, group_id: str, change_id: int, who: str) -> EditResult:
        """Put a field back to its value before change `change_id`, if nobody changed it since."""
        who = _check_who(who)
        at = _now()
        with self.engine.connect() as conn:
            trans = conn.begin()
            try:
                version = self._lock(conn, group_id)
                change = conn.execute(select(history).where(
                    history.c.id == change_id, history.c.group_id == group_id)).first()
                if change is None:
                    raise KeyError(f"group {group_id} has no change {change_id}")
                row = self._current(conn, group_id, [change.key]).get(change.key)
                if row.version != change.version:  # the history row proves the field exists
                    trans.rollback()
                    conflict = Conflict(change.key, _load(change.old), _load(row.value),
                                        row.changed_by, row.changed_at)
                    return EditResult((), (conflict,), self.version(group_id))
                old = change.old if change.old is not None else _dump(None)
                self._write(conn, group_id, change.key, row, old, who, at, reverts=change.id)
                trans.commit()
            except BaseException:
                if trans.is_active:
                    trans.rollback()
                raise
        return EditResult((change.key,), (), version)


def open_store(root: Path | str, url: str | None = None) -> WorkspaceStore:
    """The workspace store for a course root (SQLite there), or at a database URL."""
    return WorkspaceStore(url or database_url(root))


def configured_url(config: CourseConfig) -> str | None:
    """course.yml's storage.workspaces as a store URL (None: SQLite in the course root)."""
    url = config.storage.workspaces
    return None if url == "sqlite" else url


def init_workspaces(config: CourseConfig, root: Path | str,
                    url: str | None = None) -> WorkspaceStore:
    """Create the database and one workspace per group in course.yml; existing state is kept."""
    store = open_store(root, url or configured_url(config))
    for group in config.roster.groups:
        store.ensure_group(group.id, group.name)
    return store
