"""Practicum group workspace views: thin ipywidgets over course.practicum (logic lives there).

`open_workspace()` is the whole group dashboard: it checks the signed link (Voila hands the
page's query string to the kernel as QUERY_STRING), or, behind JupyterHub, takes the group of the
hub service it runs in (TMCERT_GROUP; the hub admits only that group's members), then shows
the case, the portfolio, the stakeholders, the budget and sourcing plan, the evaluation plan,
the summary and the history.
Each editor saves only the fields the member changed, with the versions they saw, so members'
edits merge; a collision shows a conflict message. The view polls the store every ~2 s so
other members' changes appear without a reload. `overview()` lists all groups for instructors.

The course root comes from TMCERT_ROOT (set by whoever serves the dashboards), else course.yml's
`root`; the store is where course.yml's storage.workspaces says (SQLite in the root by default).
"""

from __future__ import annotations

import asyncio
import base64
import os
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as W

from course.config import CourseConfig
from course.models.portfolio import ACTIONS
from course.practicum import charts, export, links, plan, render
from course.practicum import overview as progress
from course.practicum.case import Case, shipped_case
from course.practicum.store import (
    Conflict,
    Snapshot,
    WorkspaceStore,
    configured_url,
    open_store,
)
from course.serve import ROOT_ENV, served_config
from widgets.status import TYPED

GROUP_ENV = "TMCERT_GROUP"  # set by the hub's workspace service of one group (course.hub)
POLL_SECONDS = 2.0
_STYLE = {"description_width": "170px"}
_WIDE = W.Layout(width="95%")


def course_root(config: CourseConfig) -> Path:
    """The course root the dashboards serve: $TMCERT_ROOT, else course.yml's `root`."""
    return Path(os.environ.get(ROOT_ENV) or config.path(config.root))


def query_string() -> str:
    """The page's query string (a pre-heated Voila kernel waits for it)."""
    if os.environ.get("VOILA_PREHEAT") == "True":
        from voila.utils import get_query_string

        return get_query_string() or ""
    return os.environ.get("QUERY_STRING", "")


def _html(body: str = "") -> W.HTML:
    return W.HTML(f"<style>{render.CSS}</style>{body}")


def _choices(options: list[tuple[str, Any]], label: str) -> W.Dropdown:
    """A dropdown whose first option means unset ('': a None value would show no selection)."""
    return W.Dropdown(options=options, value=options[0][1], description=label, style=_STYLE)


def _scores(top: int, label: str) -> W.Dropdown:
    return _choices([("not scored", "")] + [(str(n), n) for n in range(1, top + 1)], label)


def _textarea(label: str) -> W.Textarea:
    return W.Textarea(description=label, style=_STYLE, layout=_WIDE, rows=3, **TYPED)


def _text(label: str) -> W.Text:
    return W.Text(description=label, style=_STYLE, **TYPED)


def _number(text: str, scale: float = 1.0) -> float | None:
    """Parse an entered amount ('' means unset; commas and % are allowed)."""
    cleaned = text.replace(",", "").replace("%", "").strip()
    if not cleaned:
        return None
    try:
        return float(cleaned) / scale
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None


class Codec:
    """How a control's value maps to the stored value and back."""

    def __init__(self, to_store: Callable[[Any], Any], from_store: Callable[[Any], Any]) -> None:
        self.to_store, self.from_store = to_store, from_store


CHOICE = Codec(lambda v: None if v == "" else v, lambda v: "" if v is None else v)
TEXT = Codec(lambda v: v if v.strip() else None, lambda v: v or "")
AMOUNT = Codec(_number, lambda v: "" if v is None else f"{v:g}")
PERCENT = Codec(lambda v: _number(v, 100.0), lambda v: "" if v is None else f"{v * 100:g}")


class RecordEditor:
    """Edit one record of a section: load it, save the fields the member changed, show clashes."""

    def __init__(self, ws: Workspace, section: str, records: dict[str, str],
                 controls: dict[str, tuple[W.ValueWidget, Codec]], title: str,
                 describe: Callable[[str], str] | None = None) -> None:
        self.ws, self.section, self.controls, self.describe = ws, section, controls, describe
        self.picker = W.Dropdown(options=[(label, rid) for rid, label in records.items()],
                                 description="Choose", style=_STYLE, layout=_WIDE)
        self.info = _html()
        self.save_button = W.Button(description="Save", button_style="primary", icon="check")
        self.discard_button = W.Button(description="Discard my changes")
        self.status = W.HTML()
        self.base: dict[str, int] = {}
        self.loaded: dict[str, Any] = {}
        self.picker.observe(lambda _: self.load(), names="value")
        self.save_button.on_click(lambda _: self.save())
        self.discard_button.on_click(lambda _: self.load())
        picker = [self.picker] if len(records) > 1 else []
        self.widget = W.VBox([W.HTML(f"<b>{escape(title)}</b>"), *picker, self.info,
                              *(c for c, _ in controls.values()),
                              W.HBox([self.save_button, self.discard_button]), self.status],
                             layout=W.Layout(border="1px solid #ccc", padding="6px"))
        self.load()

    @property
    def record(self) -> str:
        return self.picker.value

    def key(self, name: str) -> str:
        return plan.key(self.section, self.record, name)

    def load(self) -> None:
        """Show the record as stored, forgetting unsaved changes."""
        snap = self.ws.snapshot
        for name, (control, codec) in self.controls.items():
            self.loaded[name] = snap.values.get(self.key(name))
            self.base[name] = snap.versions.get(self.key(name), 0)
            control.value = codec.from_store(self.loaded[name])
        self.info.value = self.describe(self.record) if self.describe else ""
        self.status.value = ""

    def _entered(self) -> dict[str, Any]:
        """Stored values of the controls the member changed (raises ValueError on bad input)."""
        out = {}
        for name, (control, codec) in self.controls.items():
            try:
                value = codec.to_store(control.value)
            except ValueError as exc:
                raise ValueError(f"{control.description}: {exc}") from None
            if value != self.loaded[name]:
                out[name] = plan.check_change(self.ws.case, self.key(name), value)
        return out

    def save(self) -> bool:
        """Save the changed fields in one versioned edit; a clash is reported, not written."""
        who = self.ws.who.value.strip()
        if not who:
            return self._say("warn", "Type your name at the top first, so the group's history "
                             "shows who changed what.")
        try:
            changes = self._entered()
        except ValueError as exc:
            return self._say("warn", str(exc))
        if not changes:
            return self._say("muted", "Nothing to save: no field was changed.")
        result = self.ws.store.edit(self.ws.group_id, {self.key(n): v for n, v in changes.items()},
                                    {self.key(n): self.base[n] for n in changes}, who)
        self.ws.refresh()
        if result.ok:
            self.load()
            self._say("ok", f"Saved {len(result.saved)} field(s).")
            return True
        for conflict in result.conflicts:  # the next save may replace theirs, knowingly
            self.base[conflict.key.rsplit(".", 1)[1]] = self.ws.snapshot.versions.get(
                conflict.key, 0)
        self._say("warn", "Not saved: " + "; ".join(self._clash(c) for c in result.conflicts)
                  + ". Your entries are still in the form: press Save again to replace theirs, "
                  "or Discard to take theirs.")
        return False

    def _clash(self, c: Conflict) -> str:
        return (f"{c.by} changed {c.key.rsplit('.', 1)[1]} to {c.theirs!r} "
                f"at {c.at[11:19]} UTC while you were editing (yours: {c.yours!r})")

    def _say(self, kind: str, message: str) -> bool:
        role = ' role="alert"' if kind == "warn" else ""
        self.status.value = f'<p class="ws-{kind}"{role}>{escape(message)}</p>'
        return False

    def remote_change(self, snap: Snapshot) -> None:
        """Take in other members' changes to fields this member has not touched."""
        for name, (control, codec) in self.controls.items():
            k = self.key(name)
            if snap.versions.get(k, 0) == self.base[name]:
                continue
            try:
                untouched = codec.to_store(control.value) == self.loaded[name]
            except ValueError:
                untouched = False
            if untouched:
                self.loaded[name], self.base[name] = snap.values.get(k), snap.versions[k]
                control.value = codec.from_store(self.loaded[name])
        if self.describe:
            self.info.value = self.describe(self.record)


class Polling:
    """Refresh a view on the kernel's event loop: Voila keeps the kernel (and loop) running."""

    _task: asyncio.Task | None = None

    def refresh(self) -> object:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        raise NotImplementedError

    async def _poll(self, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            try:
                self.refresh()
            except Exception as exc:  # shown on the page, never on stderr
                self.show_error(f"Could not refresh: {exc}")

    def start_polling(self, interval: float = POLL_SECONDS) -> bool:
        """Refresh every `interval` seconds if an event loop is running (it is in a kernel)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        if self._task is None:
            self._task = loop.create_task(self._poll(interval))
        return True

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class Workspace(Polling):
    """One group's workspace: editors and views over the shared store, kept fresh by polling."""

    def __init__(self, store: WorkspaceStore, case: Case, group_id: str, root: Path | str,
                 who: str = "") -> None:
        self.store, self.case, self.group_id, self.root = store, case, group_id, Path(root)
        self.name = store.groups()[group_id]
        self.snapshot = store.snapshot(group_id)
        self.cur = case.organization.currency
        self.who = W.Text(value=who, description="Your name", style=_STYLE, **TYPED,
                          placeholder="shown in the group's history", layout=W.Layout(
                              width="480px"))
        self.status = W.HTML()
        self.views = {n: _html() for n in ("portfolio", "stakeholders", "budget", "evaluation",
                                           "summary", "history")}
        self.editors = self._editors()
        self.revert_id = W.Dropdown(options=[], description="Change", style=_STYLE)
        self.revert_button = W.Button(description="Revert this change", icon="undo")
        self.revert_status = W.HTML()
        self.revert_button.on_click(lambda _: self.revert())
        self.export_button = W.Button(description="Export report (HTML)", icon="download")
        self.export_link = W.HTML()
        self.export_button.on_click(lambda _: self.export())
        self.redraw()
        self.widget = self._layout()

    def _editors(self) -> dict[str, RecordEditor]:
        offerings = {o.id: f"{o.id} {o.title}" for o in self.case.offerings}
        people = {s.id: f"{s.id} {s.name} ({s.role})" for s in self.case.stakeholders}
        actions = [("follow the suggestion", "")] + [(a, a) for a in ACTIONS]
        strategies = [("follow the grid", "")] + [(s, s) for s in plan.STRATEGIES]
        programs = [("choose a program", "")] + [(v, k) for k, v in plan.programs(
            self.case).items()]
        return {
            "portfolio": RecordEditor(self, "portfolio", offerings, {
                "value": (_scores(5, "Strategic value"), CHOICE),
                "distinct": (_scores(5, "Distinctiveness"), CHOICE),
                "action": (_choices(actions, "Decision"), CHOICE),
                "reason": (_textarea("Reason"), TEXT)}, "Score and decide", self._offering),
            "stakeholders": RecordEditor(self, "stakeholder", people, {
                "power": (_scores(10, "Power"), CHOICE),
                "interest": (_scores(10, "Interest"), CHOICE),
                "strategy": (_choices(strategies, "Engagement"), CHOICE),
                "notes": (_textarea("How we engage"), TEXT)}, "Map a stakeholder",
                self._person),
            "budget": RecordEditor(self, "sourcing", offerings, {
                "source": (_choices([("today's source, or buy if outsourced", ""),
                                     ("make (in-house)", "make"), ("buy", "buy")], "Source"),
                           CHOICE),
                "notes": (_textarea("Sourcing notes"), TEXT)}, "Make or buy", self._offering),
            "evaluation": RecordEditor(self, "evaluation", {"plan": "plan"}, {
                "program": (_choices(programs, "Program"), CHOICE),
                "measure": (_textarea("Business measure"), TEXT),
                "levels": (_textarea("Measures by level"), TEXT),
                "method": (_textarea("Isolation method"), TEXT),
                "benefits": (_text("Benefit estimate"), AMOUNT),
                "costs": (_text("Costs (blank: plan)"), AMOUNT),
                "isolation": (_text("Isolation (%)"), PERCENT),
                "confidence": (_text("Confidence (%)"), PERCENT)},
                "Evaluation plan (Phillips ROI)"),
            "summary": RecordEditor(self, "summary", {"main": "main"}, {
                "recommendation": (_textarea("Recommendation"), TEXT),
                "risks": (_textarea("Risks, assumptions"), TEXT)}, "For the presentation"),
        }

    def _offering(self, oid: str) -> str:
        o = self.case.offering(oid)
        d = next(x for x in plan.decisions(self.case, self.snapshot.values) if x.offering.id == oid)
        hint = (f"suggested: <b>{escape(d.suggested)}</b> ({escape(d.suggested_reason)})"
                if d.suggested else "score both to see the suggested action")
        other = o.cost_if("buy" if o.source == "make" else "make")
        return (f"<p>{escape(o.audience)}, {escape(o.modality)}, {o.hours:g} h, "
                f"{o.enrolments:,} enrolments, {render.money(o.cost, self.cur)} a year "
                f"({escape(o.source)}; other source: {render.money(other, self.cur)}). "
                f"Goals: {escape(' '.join(o.goals) or 'none')}. {hint}</p>")

    def _person(self, sid: str) -> str:
        return f"<p>{escape(self.case.stakeholder(sid).concern)}</p>"

    def _layout(self) -> W.Widget:
        e, v = self.editors, self.views
        brief = _html(render.brief_html(self.case))
        tabs = [("The case", brief),
                ("Portfolio", W.VBox([e["portfolio"].widget, v["portfolio"]])),
                ("Stakeholders", W.VBox([e["stakeholders"].widget, v["stakeholders"]])),
                ("Budget and sourcing", W.VBox([e["budget"].widget, v["budget"]])),
                ("Evaluation", W.VBox([e["evaluation"].widget, v["evaluation"]])),
                ("Summary", W.VBox([e["summary"].widget, v["summary"],
                                    W.HBox([self.export_button]), self.export_link])),
                ("History", W.VBox([v["history"], W.HBox([self.revert_id, self.revert_button]),
                                    self.revert_status]))]
        tab = W.Tab(children=[w for _, w in tabs], titles=[t for t, _ in tabs])
        head = W.HTML(f"<h2>{escape(self.name)}: {escape(self.case.organization.name)}</h2>"
                      "<p>Everything you save is shared with your group at once.</p>")
        return W.VBox([head, self.who, self.status, tab])

    def redraw(self) -> None:
        """Recompute the deliverable from the snapshot and redraw every view."""
        d = plan.deliverable(self.case, self.snapshot.values)
        cur, v = self.cur, self.views
        v["portfolio"].value = (f"<style>{render.CSS}</style>" + charts.portfolio_svg(d.decisions)
                                + render.portfolio_table(d.decisions, cur))
        v["stakeholders"].value = (f"<style>{render.CSS}</style>"
                                   + charts.stakeholder_svg(d.stakeholders)
                                   + render.stakeholder_table(d.stakeholders))
        v["budget"].value = (f"<style>{render.CSS}</style>" + charts.budget_svg(
            d.budget, float(self.case.organization.budget.previous_spend), cur)
            + render.budget_table(d.budget, cur))
        v["evaluation"].value = f"<style>{render.CSS}</style>" + render.evaluation_html(
            d.evaluation, cur)
        v["summary"].value = (f"<style>{render.CSS}</style>" + render.summary_html(d, self.case)
                              + render.progress_html(d.parts, d.percent))
        changes = self.store.history(self.group_id, limit=50)
        v["history"].value = f"<style>{render.CSS}</style>" + render.history_html(
            changes, self._labels())
        self.revert_id.options = [(f"#{c.id} {c.who}: {c.key}", c.id) for c in changes]
        self.status.value = (f'<p class="ws-muted">Version {self.snapshot.version}; '
                             f"{d.percent:.0f} % done. Changes by other members appear here "
                             "within a few seconds.</p>")

    def _labels(self) -> dict[str, str]:
        out = {}
        for section in plan.SECTIONS:
            for rid in plan.records(self.case, section):
                for name in plan.SECTIONS[section]:
                    out[plan.key(section, rid, name)] = f"{section} {rid}: {name}"
        return out

    def refresh(self) -> bool:
        """Poll the store; on a change, take it in and redraw. True when something changed."""
        if self.store.version(self.group_id) == self.snapshot.version:
            return False
        self.snapshot = self.store.snapshot(self.group_id)
        for editor in self.editors.values():
            editor.remote_change(self.snapshot)
        self.redraw()
        return True

    def show_error(self, message: str) -> None:
        self.status.value = f'<p class="ws-warn">{escape(message)}</p>'

    def revert(self) -> bool:
        """Revert the chosen change (refused if someone changed that field since)."""
        who = self.who.value.strip()
        if not who or self.revert_id.value is None:
            self.revert_status.value = ('<p class="ws-warn">Type your name and choose a change '
                                        "first.</p>")
            return False
        result = self.store.revert(self.group_id, self.revert_id.value, who)
        self.refresh()
        if result.ok:
            for editor in self.editors.values():
                editor.load()
            self.revert_status.value = '<p class="ws-ok">Reverted.</p>'
        else:
            c = result.conflicts[0]
            self.revert_status.value = (f'<p class="ws-warn" role="alert">Not reverted: '
                                        f"{escape(c.by)} changed that field again since "
                                        f"(now {escape(repr(c.theirs))}).</p>")
        return result.ok

    def export(self) -> Path:
        """Write the report into the course root and offer it as a download."""
        path, page = export.export_report(self.store, self.case, self.group_id, self.root)
        data = base64.b64encode(page.encode("utf-8")).decode("ascii")
        self.export_link.value = ('<p><a style="text-decoration:underline" '
                                  f'download="{escape(path.name)}" '
                                  f'href="data:text/html;base64,{data}">Download the report</a> '
                                  f"(also saved in the course root as {escape(path.name)})</p>")
        return path

def refusal(reason: str) -> W.HTML:
    """What a page without a valid credential shows: the refusal, nothing of any workspace."""
    return W.HTML(f'<h2>No access</h2><p role="alert">{escape(reason)}</p><p>Open the workspace '
                  "with the link your instructor gave your group.</p>")


def open_workspace(query: str | None = None, config: CourseConfig | None = None,
                   root: Path | str | None = None, url: str | None = None,
                   poll: bool = True) -> Workspace | W.HTML:
    """The group dashboard for the link in the page's query string, or a refusal."""
    config = config or served_config()
    root = Path(root) if root is not None else course_root(config)
    group_id = os.environ.get(GROUP_ENV)  # behind the hub, which let only members in
    if not group_id:
        try:
            group_id = links.verify(root, query_string() if query is None else query)
        except links.AccessRefused as exc:
            return refusal(str(exc))
    store = open_store(root, url or configured_url(config))
    if group_id not in store.groups():
        return refusal("this group has no workspace yet; ask the instructor to set it up")
    ws = Workspace(store, shipped_case(), group_id, root)
    if poll:
        ws.start_polling()
    return ws


class Overview(Polling):
    """All groups' progress for instructors, refreshed by polling like the workspace."""

    def __init__(self, store: WorkspaceStore, case: Case) -> None:
        self.store, self.case = store, case
        self.table = W.HTML()
        self.widget = W.VBox([self.table])
        self.refresh()

    def show_error(self, message: str) -> None:
        self.table.value = f'<p class="ws-warn">{escape(message)}</p>'

    def refresh(self) -> None:
        """Redraw the table from the store."""
        self.table.value = progress.overview_html(progress.progress(self.store, self.case))

def overview(config: CourseConfig | None = None, root: Path | str | None = None,
             url: str | None = None, poll: bool = True) -> Overview:
    """The instructors' overview of every group (serve it only on the instructor server)."""
    config = config or served_config()
    root = Path(root) if root is not None else course_root(config)
    view = Overview(open_store(root, url or configured_url(config)), shipped_case())
    if poll:
        view.start_polling()
    return view
