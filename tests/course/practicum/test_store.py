"""Workspace store: versioned edits, merge, conflicts, history, revert, no lost update."""

import multiprocessing as mp
import time

import pytest

from course.config import load_config
from course.practicum.store import UnknownGroup, database_url, init_workspaces, open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """The same tests run on the default SQLite file and on a real PostgreSQL database."""
    if request.param == "sqlite":
        return database_url(tmp_path)
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(tmp_path, db_url):
    s = open_store(tmp_path, db_url)
    s.ensure_group("g1", "Group 1")
    s.ensure_group("g2", "Group 2")
    yield s
    s.close()


def test_default_database_is_sqlite_in_wal_mode_under_the_root(tmp_path):
    store = open_store(tmp_path)
    assert (tmp_path / "workspaces" / "workspaces.db").is_file()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_init_workspaces_creates_one_workspace_per_configured_group(tmp_path):
    config = load_config()
    store = init_workspaces(config, tmp_path)
    try:
        assert store.groups() == {g.id: g.name for g in config.roster.groups}
        store.edit("g1", {"a": 1}, {"a": 0}, "Ann")
        again = init_workspaces(config, tmp_path)  # running it twice keeps the state
        assert again.snapshot("g1").values == {"a": 1}
        again.close()
    finally:
        store.close()


def test_edit_then_snapshot_and_history(store):
    result = store.edit("g1", {"portfolio.O01.action": "sustain"}, {"portfolio.O01.action": 0},
                        "Ann")
    assert result.ok and result.saved == ("portfolio.O01.action",)
    snap = store.snapshot("g1")
    assert snap.values == {"portfolio.O01.action": "sustain"}
    assert snap.versions == {"portfolio.O01.action": 1}
    assert snap.version == result.version == 1
    [change] = store.history("g1")
    assert (change.key, change.old, change.new, change.who) == (
        "portfolio.O01.action", None, "sustain", "Ann")
    assert change.at.endswith("+00:00")


def test_groups_are_isolated(store):
    store.edit("g1", {"x": "only g1"}, {"x": 0}, "Ann")
    assert store.snapshot("g2").values == {}
    assert store.history("g2") == []
    with pytest.raises(UnknownGroup):
        store.snapshot("g9")
    with pytest.raises(UnknownGroup):
        store.edit("g9", {"x": 1}, {"x": 0}, "Eve")


def test_different_fields_merge(store):
    base = store.snapshot("g1").versions  # both members start from the same (empty) state
    a = store.edit("g1", {"portfolio.O01.value": 4}, {"portfolio.O01.value": base.get(
        "portfolio.O01.value", 0)}, "Ann")
    b = store.edit("g1", {"portfolio.O01.reason": "core"}, {"portfolio.O01.reason": base.get(
        "portfolio.O01.reason", 0)}, "Ben")
    assert a.ok and b.ok
    assert store.snapshot("g1").values == {"portfolio.O01.value": 4,
                                           "portfolio.O01.reason": "core"}


def test_same_field_collision_is_a_conflict_and_writes_nothing(store):
    store.edit("g1", {"k": "start"}, {"k": 0}, "Ann")
    seen = store.snapshot("g1").versions["k"]
    assert store.edit("g1", {"k": "Ann's"}, {"k": seen}, "Ann").ok
    clash = store.edit("g1", {"k": "Ben's", "other": 1}, {"k": seen, "other": 0}, "Ben")
    assert not clash.ok and clash.saved == ()
    [conflict] = clash.conflicts
    assert (conflict.key, conflict.yours, conflict.theirs, conflict.by) == (
        "k", "Ben's", "Ann's", "Ann")
    snap = store.snapshot("g1")
    assert snap.values == {"k": "Ann's"}  # the non-colliding field of that edit waits too
    assert snap.version == clash.version == 2


def test_rewriting_the_current_value_writes_nothing(store):
    store.edit("g1", {"k": "same"}, {"k": 0}, "Ann")
    again = store.edit("g1", {"k": "same"}, {"k": 1}, "Ann")
    assert again.ok and again.saved == ()
    assert store.count_changes("g1") == 1


def test_a_stale_edit_with_an_equal_value_still_reports_the_conflict(store):
    # read-modify-write: both saw 5 and both computed 6; the second must not count as saved
    store.edit("g1", {"n": 5}, {"n": 0}, "Ann")
    assert store.edit("g1", {"n": 6}, {"n": 1}, "Ann").ok
    stale = store.edit("g1", {"n": 6}, {"n": 1}, "Ben")
    assert not stale.ok and stale.conflicts[0].theirs == stale.conflicts[0].yours == 6


def test_bad_values_and_missing_base_are_refused(store):
    with pytest.raises(ValueError, match="plain JSON"):
        store.edit("g1", {"k": object()}, {"k": 0}, "Ann")
    with pytest.raises(ValueError, match="base version"):
        store.edit("g1", {"k": 1}, {}, "Ann")
    with pytest.raises(ValueError, match="who"):
        store.edit("g1", {"k": 1}, {"k": 0}, "   ")
    assert store.snapshot("g1").version == 0


def test_revert_restores_the_old_value_and_is_recorded(store):
    store.edit("g1", {"k": "first"}, {"k": 0}, "Ann")
    store.edit("g1", {"k": "second"}, {"k": 1}, "Ben")
    latest = store.history("g1")[0]
    result = store.revert("g1", latest.id, "Ann")
    assert result.ok
    assert store.snapshot("g1").values == {"k": "first"}
    undo = store.history("g1")[0]
    assert (undo.reverts, undo.old, undo.new, undo.who) == (latest.id, "second", "first", "Ann")


def test_revert_of_a_first_value_clears_the_field(store):
    store.edit("g1", {"k": "first"}, {"k": 0}, "Ann")
    store.revert("g1", store.history("g1")[0].id, "Ann")
    snap = store.snapshot("g1")
    assert snap.values == {"k": None} and snap.get("k", "unset") == "unset"


def test_revert_refused_when_the_field_changed_since(store):
    store.edit("g1", {"k": "first"}, {"k": 0}, "Ann")
    old = store.history("g1")[0]
    store.edit("g1", {"k": "second"}, {"k": 1}, "Ben")
    result = store.revert("g1", old.id, "Ann")
    assert not result.ok and result.conflicts[0].theirs == "second"
    assert store.snapshot("g1").values == {"k": "second"}


def test_revert_cannot_reach_another_groups_history(store):
    store.edit("g2", {"k": "g2 value"}, {"k": 0}, "Zed")
    other = store.history("g2")[0]
    with pytest.raises(KeyError):
        store.revert("g1", other.id, "Ann")
    assert store.snapshot("g2").values == {"k": "g2 value"}


def _increment_many(root: str, url: str, worker: int, times: int, start) -> None:
    """One process: read-modify-write a shared counter with retries, and its own field."""
    store = open_store(root, url)
    retries = 0
    try:
        start.wait(60)
        for i in range(times):
            while True:
                snap = store.snapshot("g1")
                count = snap.get("counter", 0)
                time.sleep(0.002)  # think time: widens the window in which others write
                result = store.edit("g1", {"counter": count + 1},
                                    {"counter": snap.versions.get("counter", 0)}, f"w{worker}")
                if result.ok:
                    break
                retries += 1
            mine = f"worker.{worker}"
            snap = store.snapshot("g1")
            assert store.edit("g1", {mine: i + 1}, {mine: snap.versions.get(mine, 0)},
                              f"w{worker}").ok  # nobody else writes this field: it merges
        key = f"retries.{worker}"
        store.edit("g1", {key: retries}, {key: 0}, f"w{worker}")
    finally:
        store.close()


def test_many_processes_lose_no_update(tmp_path, db_url, store):
    workers, times = 4, 60
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_increment_many, args=(str(tmp_path), db_url, w, times, start))
             for w in range(workers)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(300)
    assert [p.exitcode for p in procs] == [0] * workers
    snap = store.snapshot("g1")
    assert snap.values["counter"] == workers * times
    assert all(snap.values[f"worker.{w}"] == times for w in range(workers))
    counter_changes = store.history("g1", limit=10_000, key="counter")
    assert len(counter_changes) == workers * times
    assert sorted(c.new for c in counter_changes) == list(range(1, workers * times + 1))
    assert store.count_changes("g1") == 2 * workers * times + workers
    # the edits really did interleave: some read-modify-writes collided and were retried
    assert sum(snap.values[f"retries.{w}"] for w in range(workers)) > 0
