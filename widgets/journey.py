"""Views of the course home and the models reference: thin HTML panels over course.journey.

`Journey.here()` opens the snapshot (course.json) beside the home notebook and reads the
learner's answers files from the course folder above it (`../m01/m01.answers.json`, ...). Each
panel renders HTML into an Output widget, so relative links are resolved by JupyterLab (which
opens the notebook in place) and work as plain links in Voila; a Refresh button re-reads the
answers files. Every text is escaped. Views are testable without a browser: read `panel.html`,
press `panel.refresh_button.click()`.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import ipywidgets as W
from IPython.display import HTML, display

from course.journey import journal as jr
from course.journey.progress import ModuleProgress, course_progress
from course.journey.review import review_plan
from course.journey.snapshot import CPD_LOG, REFERENCE, Snapshot, load_snapshot
from course.journey.timeline import (
    OVERDUE,
    THIS_WEEK,
    as_moment,
    course_phase,
    due_this_week,
    overdue,
    personal_schedule,
)
from course.schedule import Deadline
from widgets.checks import CONFIDENCE_LABELS
from widgets.tool import make_tool
from widgets.views import esc

WORKSPACE_ENV = "TMCERT_WORKSPACE_URL"  # the hub sets it to the learner's own group workspace
CSS = """<style>
.tmj table {border-collapse: collapse; margin: 6px 0; width: 100%;}
div.tmj table th, div.tmj table td {border: 1px solid #ccc; padding: 4px 8px;
 text-align: left !important; vertical-align: top;}
div.tmj table tr.current td {background: #fff4d6;}
.tmj .badge {font-weight: 600; padding: 0 4px; border-radius: 3px;}
.tmj .overdue {color: #8c1d18;} .tmj .done {color: #1b5e20;} .tmj .now {color: #7a4f00;}
.tmj .alert {border-left: 4px solid #b3261e; padding: 2px 8px; margin: 6px 0;}
.tmj .note {border-left: 4px solid #555; padding: 2px 8px; margin: 6px 0;}
.tmj blockquote {border-left: 3px solid #356; margin: 4px 0; padding: 2px 10px;}
</style>"""
STATUS_CLASS = {OVERDUE: "overdue", THIS_WEEK: "now", "done": "done", "completed": "done",
                "in progress": "now"}


def a(href: str | None, text: str) -> str:
    """A link (escaped), or the bare text when there is nothing to link to."""
    return f'<a href="{esc(href)}">{esc(text)}</a>' if href else esc(text)


def _due(moment: dt.datetime) -> str:
    return f"{moment:%a %d %b %Y, %H:%M}"


def _title(s: Snapshot, deadline: Deadline) -> str:
    if deadline.kind == "module":
        return f"Module {s.module(deadline.item).number}: {deadline.title}"
    return deadline.title


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def welcome_html(s: Snapshot) -> str:
    """How the programme works, with every number and date from course.yml."""
    due_day = s.due_weekday.capitalize()
    module_due = f"{due_day}s at {s.due_time:%H:%M}"
    review = ", ".join(str(w) for w in s.review_weeks) or "none"
    practicum_end = s.practicum_start + dt.timedelta(days=s.practicum_days - 1)
    final = next(d for d in s.deadlines if d.item == s.final.id)
    practice = next(d for d in s.deadlines if d.item == s.practice.id)
    rows = [
        ("Prework", f"{s.prework_weeks} weeks from {s.prework_start:%A %d %B %Y}: "
                    f"{len(s.modules)} self-paced modules, {s.modules_per_week} a week, each due "
                    f"on {module_due} ({s.timezone} time)."),
        ("Review", f"Week {review} of the prework: revisit the modules and models you feel "
                   "least sure of, using the review plan below and the models reference."),
        ("Practice exam", f"Closed book, {s.practice.time_limit_minutes} minutes, due "
                          f"{_due(practice.due)}. It decides nothing: it shows, module by "
                          f"module, where to improve ({s.practice.pass_mark:.0%} is the "
                          "benchmark)."),
        ("Practicum", f"{s.practicum_start:%d %B %Y} to {practicum_end:%d %B %Y}: your group "
                      "works a practical case in a shared workspace."),
        ("Final exam", f"{_due(final.due)}, {s.final.time_limit_minutes} minutes; pass mark "
                       f"{s.final.pass_mark:.0%}."),
        ("After passing", f"A verifiable digital certificate, kept current with "
                          f"{s.cpd.hours_per_cycle:g} hours of continuing professional "
                          f"development every {s.cpd.cycle_years} years."),
    ]
    body = "".join(f"<tr><th scope='row'>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return (f"{CSS}<div class='tmj'><p><strong>{esc(s.title)}</strong></p>"
            f"<table>{body}</table><p>Each module has reading, worked examples, exercises "
            "with immediate feedback, a short knowledge check, a reflection and a confidence "
            "rating. You answer with buttons, lists and fields; your answers are saved in "
            "your course folder as you go.</p></div>")


def calendar_link(s: Snapshot, now: dt.datetime) -> str:
    """A download link of the course calendar (.ics, every due date and the practicum week)."""
    from course.notify.calendar import FILE_NAME, calendar_ics

    data = calendar_ics(s.deadlines, s.course_id, s.title, [m.id for m in s.modules],
                        s.practicum_days, now)
    return ("<p>Add every due date to Outlook, Google or Apple Calendar: "
            f"<a style='text-decoration:underline' download='{FILE_NAME}' "
            "href='data:text/calendar;charset=utf-8;base64,"
            f"{base64.b64encode(data).decode()}'>download {FILE_NAME}</a> (times are "
            f"{esc(s.timezone)} time).</p>")


def schedule_html(s: Snapshot, progress: list[ModuleProgress], now: dt.datetime) -> str:
    """The personal schedule: overdue items, this week's items, then every week."""
    weeks = personal_schedule(s, progress, now)
    late, current = overdue(weeks), due_this_week(weeks)
    parts = [CSS, "<div class='tmj'>", f"<p>{esc(course_phase(s, now))}</p>",
             calendar_link(s, now)]
    if late:
        items = "".join(f"<li>{a(r.link, _title(s, r.deadline))} (due {_due(r.deadline.due)})"
                        "</li>" for r in late)
        parts.append(f"<div class='alert' role='alert'><strong>Overdue ({len(late)}):</strong>"
                     f"<ul>{items}</ul></div>")
    if current:
        items = "".join(f"<li>{a(r.link, _title(s, r.deadline))} (due {_due(r.deadline.due)})"
                        "</li>" for r in current)
        parts.append(f"<div class='note'><strong>Due this week:</strong><ul>{items}</ul></div>")
    rows = []
    for week in weeks:
        span = f"{week.monday:%d %b} - {week.sunday:%d %b}"
        label = esc(week.label) + (" <span class='badge now'>this week</span>"
                                   if week.current else "")
        entries = week.rows
        first = True
        for row in entries or (None,):
            cells = (f"<td>{a(row.link, _title(s, row.deadline))}</td><td>{_due(row.deadline.due)}"
                     f"</td><td><span class='badge {STATUS_CLASS.get(row.status, '')}'>"
                     f"{esc(row.status)}</span></td>") if row else "<td colspan='3'>-</td>"
            head = (f"<td rowspan='{max(1, len(entries))}'>{label}<br>{span}</td>"
                    if first else "")
            rows.append(f"<tr class='{'current' if week.current else ''}'>{head}{cells}</tr>")
            first = False
    parts.append("<table><thead><tr><th>Week</th><th>Item</th><th>Due</th><th>Status</th>"
                 f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
    return "".join(parts)


def progress_html(progress: list[ModuleProgress]) -> str:
    """Modules started and completed, knowledge-check scores and confidence ratings."""
    done = sum(p.completed for p in progress)
    started = sum(p.started for p in progress)
    rows, problems = [], []
    for p in progress:
        check = (f"{p.answered} of {p.total} answered, score {_percent(p.score)}"
                 if p.answered else "not answered")
        rating = CONFIDENCE_LABELS[p.confidence] if p.confidence else "not rated"
        rows.append(f"<tr><td>{a(p.module.link(), f'Module {p.module.number}: {p.module.title}')}"
                    f"</td><td><span class='badge {STATUS_CLASS.get(p.status, '')}'>"
                    f"{esc(p.status)}</span></td><td>{esc(check)}</td><td>{esc(rating)}</td>"
                    f"<td>{'written' if p.reflection else '-'}</td></tr>")
        problems += [f"Module {p.module.number}: {x}" for x in p.problems]
    alert = ("<div class='alert' role='alert'><strong>Some answers could not be read:</strong>"
             f"<ul>{''.join(f'<li>{esc(x)}</li>' for x in problems)}</ul>Open the module to "
             "keep the damaged file aside and answer again.</div>") if problems else ""
    return (f"{CSS}<div class='tmj'><p>{done} of {len(progress)} modules completed, {started} "
            f"started. A module is complete when its knowledge check is answered, its "
            f"reflection written and its confidence rated.</p>{alert}<table><thead><tr>"
            "<th>Module</th><th>Status</th><th>Knowledge check</th><th>Confidence</th>"
            f"<th>Reflection</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def review_html(s: Snapshot, progress: list[ModuleProgress]) -> str:
    """The review plan: modules from most to least in need of review, with what to revisit."""
    items = []
    for item in review_plan(progress):
        module = item.progress.module
        lines = [f"<li><p><strong>{a(module.link(), f'Module {module.number}: {module.title}')}"
                 f"</strong> (readiness {item.readiness:.0%})</p><p>"
                 f"{' '.join(esc(r) for r in item.reasons)}</p>"]
        for label, objectives in (("Objectives you missed", item.missed),
                                  ("Objectives not yet checked", item.unchecked)):
            if objectives:
                listed = "".join(f"<li>{esc(o.text)}</li>" for o in objectives)
                lines.append(f"<p>{label}:</p><ul>{listed}</ul>")
        models = "".join(
            f"<li>{esc(m.name)} ({esc(m.source)}): {a(module.model_link(m), 'module section')}"
            f"{' · ' + a(s.reference_link(m), 'models reference') if s.reference_link(m) else ''}"
            "</li>" for m in item.models)
        if models:
            lines.append(f"<p>Models to revisit:</p><ul>{models}</ul>")
        items.append("".join(lines) + "</li>")
    weeks = ", ".join(f"week {w} ({s.week_monday(w):%d %b})" for w in s.review_weeks)
    intro = (f"Your review time is {weeks}. " if weeks else "") + (
        "Modules are listed from the one to look at first: lowest confidence and lowest "
        "knowledge-check score at the top.")
    return f"{CSS}<div class='tmj'><p>{esc(intro)}</p><ol>{''.join(items)}</ol></div>"


def journal_panel_html(entries: list[jr.JournalEntry]) -> str:
    """The reflections written so far (escaped)."""
    if not entries:
        return (f"{CSS}<div class='tmj'><p>No reflections yet: each module ends with a "
                "reflection prompt.</p></div>")
    body = "".join(
        f"<h4>Module {e.number}: {esc(e.module_title)}</h4><p><em>{esc(e.prompt)}</em></p>"
        f"<blockquote>{'<br>'.join(esc(line) for line in e.text.splitlines())}</blockquote>"
        for e in entries)
    return f"{CSS}<div class='tmj'><p>{len(entries)} reflection(s) so far.</p>{body}</div>"


def next_steps_html(s: Snapshot, workspace: str = "") -> str:
    """Links to the models reference, the exams, the CPD log and the learner's group workspace."""
    links = [(s.assignment_link(REFERENCE[0]), "Models reference",
              "every model of the course with its tool, for the review week and the job"),
             (s.assignment_link(s.practice.id), s.practice.title, "closed book, for practice"),
             (s.assignment_link(s.final.id), s.final.title, "after the practicum week"),
             (s.assignment_link(CPD_LOG[0]), "CPD log",
              "after you pass: record activities toward recertification")]
    items = "".join(f"<li>{a(href, name)}: {esc(why)}</li>" for href, name, why in links)
    if workspace:  # a page of the hub, not a notebook: a new tab keeps JupyterLab open
        items = (f'<li><a href="{esc(workspace)}" target="_blank" rel="noopener">Your group\'s '
                 "practicum workspace</a>: shared with your group in the practicum week</li>"
                 + items)
    return (f"{CSS}<div class='tmj'><ul>{items}</ul><p>When you pass the final exam your tutor "
            "issues your certificate: a printable page and a signed digital credential that "
            "anyone can verify. Keep both; the CPD log counts your cycles from its issue date."
            "</p></div>")


class Panel:
    """An HTML panel rendered into an Output widget, with an optional Refresh button."""

    def __init__(self, render: Callable[[], str], refreshable: bool = True,
                 extra: tuple[W.Widget, ...] = ()) -> None:
        self.render = render
        self.html = ""
        self.output = W.Output()
        self.refresh_button = W.Button(description="Refresh", icon="refresh",
                                       tooltip="Read your saved answers again")
        self.refresh_button.on_click(self.refresh)
        controls = [W.HBox([self.refresh_button])] if refreshable else []
        self.widget = W.VBox([self.output, *extra, *controls])
        self.shown = False
        self.refresh()

    def refresh(self, _button: W.Button | None = None) -> None:
        """Render again (re-reading the answers files)."""
        self.html = self.render()
        self.output.outputs = ()
        self.output.append_display_data(HTML(self.html))

    def _ipython_display_(self) -> None:
        if not self.shown:
            self.shown = True
            display(self.widget)


class JournalPanel(Panel):
    """The journal with an Export button that writes journal.md and journal.html."""

    def __init__(self, journey: Journey) -> None:
        self.journey = journey
        self.export_button = W.Button(description="Export journal", button_style="primary",
                                      tooltip="Write journal.md and journal.html")
        self.export_button.on_click(self.export)
        self.status = W.Output()
        self.status_html = ""
        super().__init__(lambda: journal_panel_html(self.entries()),
                         extra=(W.HBox([self.export_button]), self.status))

    def entries(self) -> list[jr.JournalEntry]:
        return jr.collect_journal(self.journey.read_progress())

    def export(self, _button: W.Button | None = None) -> None:
        """Write both files beside the home notebook and offer them as links and downloads."""
        j = self.journey
        try:
            md, page = jr.export_journal(j.folder, j.snapshot.title, self.entries(),
                                         j.now().date())
        except OSError as exc:
            self.status_html = (f"<div class='alert' role='alert'>The journal could not be "
                                f"saved ({esc(exc.strerror or exc)}).</div>")
        else:
            downloads = " ".join(
                f'<a style="text-decoration:underline" download="{p.name}" '
                f'href="data:{mime};charset=utf-8;base64,'
                f'{base64.b64encode(p.read_bytes()).decode()}">download {p.name}</a>'
                for p, mime in ((md, "text/markdown"), (page, "text/html")))
            self.status_html = (f"<div class='note' role='status'>Saved {a(md.name, md.name)} "
                                f"and {a(page.name, page.name)} in this folder; "
                                f"{downloads}.</div>")
        self.status.outputs = ()
        self.status.append_display_data(HTML(f"{CSS}<div class='tmj'>{self.status_html}</div>"))


class Journey:
    """The course home's data: the snapshot, the learner's folders and the clock."""

    def __init__(self, snapshot: Snapshot, folder: Path, course_folder: Path | None = None,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.snapshot = snapshot
        self.folder = Path(folder)
        self.course_folder = Path(course_folder) if course_folder else self.folder.parent
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))

    @classmethod
    def here(cls, folder: str | Path | None = None, course_folder: str | Path | None = None,
             clock: Callable[[], dt.datetime] | None = None) -> Journey:
        """Open the snapshot beside the notebook; answers are read from the folder above."""
        where = Path.cwd() if folder is None else Path(folder)
        return cls(load_snapshot(where), where, Path(course_folder) if course_folder else None,
                   clock)

    def now(self) -> dt.datetime:
        """The current moment in the course's time zone."""
        return as_moment(self.clock(), self.snapshot.timezone)

    def read_progress(self) -> list[ModuleProgress]:
        """Every module's progress, read from the answers files now."""
        return course_progress(self.course_folder, self.snapshot)

    def _show(self, panel: Panel) -> Panel:
        display(panel)
        return panel

    def welcome(self) -> Panel:
        """How the programme works, with the dates of this course."""
        return self._show(Panel(lambda: welcome_html(self.snapshot), refreshable=False))

    def schedule(self) -> Panel:
        """The personal schedule: this week highlighted, overdue modules listed."""
        return self._show(Panel(lambda: schedule_html(self.snapshot, self.read_progress(),
                                                      self.now())))

    def progress(self) -> Panel:
        """Progress through the modules."""
        return self._show(Panel(lambda: progress_html(self.read_progress())))

    def review_plan(self) -> Panel:
        """The review-week plan."""
        return self._show(Panel(lambda: review_html(self.snapshot, self.read_progress())))

    def journal(self) -> JournalPanel:
        """The reflections and the journal export."""
        return self._show(JournalPanel(self))

    def next_steps(self) -> Panel:
        """Links to the models reference, the exams and the CPD log."""
        workspace = os.environ.get(WORKSPACE_ENV, "")
        return self._show(Panel(lambda: next_steps_html(self.snapshot, workspace),
                                refreshable=False))


def show_tool(tool_id: str) -> None:
    """Display a registered model tool (used by the models reference)."""
    display(make_tool(tool_id))
