"""Workspace views without a browser: edits, merge, conflicts, polling, revert, export, access."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as W
import pytest

from course.config import load_config
from course.practicum.case import shipped_case
from course.practicum.links import workspace_links
from course.practicum.store import init_workspaces, open_store
from widgets.workspace import Overview, Workspace, course_root, open_workspace, overview

CASE = shipped_case()


@pytest.fixture
def root(tmp_path):
    init_workspaces(load_config(), tmp_path).close()
    return tmp_path


def member(root, who: str) -> Workspace:
    """One member's open workspace (its own store connection, as in its own kernel)."""
    return Workspace(open_store(root), CASE, "g1", root, who=who)


def edit(ws: Workspace, tab: str, record: str, save: bool = True, **values) -> bool | None:
    editor = ws.editors[tab]
    if len(editor.picker.options) > 1:
        editor.picker.value = record
    for name, value in values.items():
        editor.controls[name][0].value = value
    return editor.save() if save else None


def test_a_saved_edit_reaches_the_store_and_the_views(root):
    ann = member(root, "Ann")
    assert edit(ann, "portfolio", "O14", value=4, distinct=1)
    snap = open_store(root).snapshot("g1")
    assert snap.values == {"portfolio.O14.value": 4, "portfolio.O14.distinct": 1}
    assert "Saved 2 field(s)" in ann.editors["portfolio"].status.value
    assert "suggested: <b>outsource</b>" in ann.editors["portfolio"].info.value
    assert ann.views["portfolio"].value.count("<svg") == 1 and ">O14<" in ann.views[
        "portfolio"].value
    assert "Ann" in ann.views["history"].value


def test_saving_needs_a_name_and_valid_input(root):
    anon = member(root, "")
    assert not edit(anon, "portfolio", "O14", value=4)
    assert "Type your name" in anon.editors["portfolio"].status.value
    anon.who.value = "Ann"
    assert not edit(anon, "evaluation", "plan", benefits="lots")
    assert "not a number" in anon.editors["evaluation"].status.value
    assert not edit(anon, "budget", "O01", source="buy")  # own content: no supplier
    assert "no outside supplier" in anon.editors["budget"].status.value
    assert open_store(root).snapshot("g1").values == {}


def test_other_members_changes_appear_on_poll(root):
    ann, ben = member(root, "Ann"), member(root, "Ben")
    edit(ben, "portfolio", "O20", save=False)  # Ben has O20 open, untouched
    assert edit(ann, "portfolio", "O20", value=5, distinct=2, reason="feeds both G1 and G4")
    assert ben.refresh() and not ben.refresh()  # changed once, then quiet
    assert ben.editors["portfolio"].controls["value"][0].value == 5
    assert ben.editors["portfolio"].controls["reason"][0].value == "feeds both G1 and G4"
    assert "feeds both G1 and G4" in ben.views["portfolio"].value
    assert f"Version {ann.snapshot.version}" in ben.status.value


def test_edits_to_different_fields_merge(root):
    ann, ben = member(root, "Ann"), member(root, "Ben")
    edit(ann, "portfolio", "O20", save=False, value=5)
    edit(ben, "portfolio", "O20", save=False, reason="customer complaints hit G1")
    assert ann.editors["portfolio"].save()
    assert ben.editors["portfolio"].save()  # Ben's form was stale, but only on other fields
    assert open_store(root).snapshot("g1").values == {
        "portfolio.O20.value": 5, "portfolio.O20.reason": "customer complaints hit G1"}
    ann.refresh()
    assert ann.editors["portfolio"].controls["reason"][0].value == "customer complaints hit G1"


def test_a_collision_shows_a_conflict_and_overwrites_nothing(root):
    ann, ben = member(root, "Ann"), member(root, "Ben")
    edit(ann, "portfolio", "O38", save=False, action="retire")
    edit(ben, "portfolio", "O38", save=False, action="revise", reason="<b>keep</b> it")
    assert ann.editors["portfolio"].save()
    assert not ben.editors["portfolio"].save()
    status = ben.editors["portfolio"].status.value
    assert 'role="alert"' in status and "Ann changed action" in status and "retire" in status
    snap = open_store(root).snapshot("g1")
    assert snap.values == {"portfolio.O38.action": "retire"}
    # Ben's entries stay in the form; saving again replaces Ann's value knowingly
    assert ben.editors["portfolio"].controls["action"][0].value == "revise"
    assert ben.editors["portfolio"].save()
    assert open_store(root).snapshot("g1").values["portfolio.O38.action"] == "revise"
    assert "&lt;b&gt;keep&lt;/b&gt; it" in ben.views["portfolio"].value


def test_discard_takes_the_stored_values(root):
    ann = member(root, "Ann")
    edit(ann, "summary", "main", save=False, recommendation="draft")
    ann.editors["summary"].discard_button.click()
    assert ann.editors["summary"].controls["recommendation"][0].value == ""


def test_evaluation_editor_parses_amounts_and_percentages(root):
    ann = member(root, "Ann")
    assert edit(ann, "evaluation", "plan", program="O07", benefits="336,000", isolation="100",
                confidence="70 %")
    values = open_store(root).snapshot("g1").values
    assert values["evaluation.plan.benefits"] == 336000
    assert values["evaluation.plan.confidence"] == pytest.approx(0.7)
    assert "GBP 235,200" in ann.views["evaluation"].value  # 336,000 at 70 % confidence


def test_revert_from_the_history_tab(root):
    ann = member(root, "Ann")
    edit(ann, "stakeholders", "S02", power=9, interest=3)
    edit(ann, "stakeholders", "S02", power=4)
    ann.revert_id.value = ann.revert_id.options[0][1]  # newest first: power 9 -> 4
    ann.revert_button.click()
    assert "Reverted" in ann.revert_status.value
    assert ann.editors["stakeholders"].controls["power"][0].value == 9
    assert open_store(root).snapshot("g1").values["stakeholder.S02.power"] == 9


def test_export_button_offers_a_download_and_keeps_a_copy(root):
    ann = member(root, "Ann")
    edit(ann, "summary", "main", recommendation="<script>alert(1)</script>")
    ann.export_button.click()
    link = ann.export_link.value
    assert 'href="data:text/html;base64,' in link and "Download the report" in link
    [saved] = (root / "workspaces" / "exports").iterdir()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in saved.read_text()


def test_learner_text_is_escaped_in_every_view(root):
    ann = member(root, "<i>Ann</i>")
    attack = "<script>alert('x')</script>"
    edit(ann, "portfolio", "O01", reason=attack, action="sustain")
    edit(ann, "stakeholders", "S01", notes=attack)
    edit(ann, "summary", "main", recommendation=attack, risks=attack)
    edit(ann, "evaluation", "plan", measure=attack, method=attack)
    shown = [v.value for v in ann.views.values()]
    assert all("<script" not in v for v in shown)
    assert sum(v.count("&lt;script&gt;") for v in shown) >= 6
    assert "&lt;i&gt;Ann&lt;/i&gt;" in ann.views["history"].value


def test_open_workspace_checks_the_link(root, monkeypatch):
    config = load_config()
    query = workspace_links(config, root, "http://x/w")["g2"].split("?", 1)[1]
    ws = open_workspace(query, config=config, root=root, poll=False)
    assert isinstance(ws, Workspace) and ws.group_id == "g2"
    monkeypatch.setenv("QUERY_STRING", query)  # how Voila hands the query to the kernel
    assert open_workspace(config=config, root=root, poll=False).group_id == "g2"
    forged = query.replace("group=g2", "group=g1")
    refused = open_workspace(forged, config=config, root=root, poll=False)
    assert isinstance(refused, W.HTML) and "No access" in refused.value
    assert "Merrowvale" not in refused.value
    assert not isinstance(open_workspace("", config=config, root=root, poll=False), Workspace)


def in_fresh_thread(work):
    """Run work in a new thread: no event loop runs there, whatever the test session started."""
    import threading

    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", work()))
    thread.start()
    thread.join(60)
    return result["value"]


def test_polling_needs_a_running_loop(root):
    ann = member(root, "Ann")
    # no event loop in a plain thread; a kernel has one
    assert in_fresh_thread(ann.start_polling) is False


def test_polling_task_refreshes_on_the_event_loop(root):
    import asyncio

    ann, ben = member(root, "Ann"), member(root, "Ben")

    async def scenario() -> bool:
        assert ben.start_polling(interval=0.05)
        edit(ann, "summary", "main", recommendation="from Ann")
        for _ in range(100):
            await asyncio.sleep(0.05)
            if ben.editors["summary"].controls["recommendation"][0].value == "from Ann":
                ben._task.cancel()
                return True
        ben._task.cancel()
        return False

    assert in_fresh_thread(lambda: asyncio.run(scenario()))


def test_overview_lists_every_group(root, monkeypatch):
    ann = member(root, "Ann")
    edit(ann, "summary", "main", recommendation="done")
    monkeypatch.setenv("TMCERT_ROOT", str(root))
    assert course_root(load_config()) == root
    view = overview(poll=False)
    assert isinstance(view, Overview)
    table = view.table.value
    assert all(f"<td>{g.id}</td>" in table for g in load_config().roster.groups)
    assert "Ann" in table and "1/1" in table


def test_views_write_nothing_to_stderr(root, capfd):
    ann = member(root, "Ann")
    edit(ann, "portfolio", "O14", value=4, distinct=1)
    ann.refresh()
    ann.export_button.click()
    assert capfd.readouterr().err == ""


def test_the_workspace_reads_the_course_it_is_served_for(postgres_url: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.hubs import write_course

    config_path = write_course(tmp_path, 8000, "ivy", {"gradebook": "sqlite",
                                                       "workspaces": postgres_url})
    root = tmp_path / "root"
    init_workspaces(load_config(config_path), root).close()  # the groups exist on PostgreSQL only
    monkeypatch.setenv("TMCERT_CONFIG", str(config_path))
    monkeypatch.setenv("TMCERT_ROOT", str(root))
    monkeypatch.setenv("TMCERT_GROUP", "g2")  # as the hub's workspace service of group 2 sets
    view = open_workspace(poll=False)
    assert isinstance(view, Workspace) and view.group_id == "g2"
