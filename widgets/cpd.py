"""The CPD log view: record activities, see hours toward recertification, export CSV.

A thin view over course.journey.cpd: labelled controls -> `CpdLog` -> a summary of the current
cycle, a table of activities and a CSV file. Testable without a browser: set the controls'
`.value`, press `view.add_button.click()`, read `view.summary_html`, `view.table_html` and
`view.feedback.value`. Every learner text shown is escaped.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import ipywidgets as W
from IPython.display import HTML, display

from course.config import Cpd
from course.journey import cpd
from course.journey.snapshot import load_snapshot
from widgets.status import TYPED
from widgets.store import atomic_write
from widgets.views import esc, notice

STYLE = {"description_width": "130px"}
CSS = ("<style>div.tmcpd table th, div.tmcpd table td {border: 1px solid #ccc; "
       "padding: 4px 8px; text-align: left !important; vertical-align: top;}</style>")


def summary_html(log: cpd.CpdLog, rules: Cpd, today: dt.date) -> str:
    """Hours toward the requirement in the current cycle, and earlier cycles' totals."""
    certified = log.certificate_date
    if certified is None:
        return ("<p>Enter your certificate's issue date above: your recertification cycles "
                f"of {rules.cycle_years} years count from it.</p>")
    found = cpd.cycles(certified, rules.cycle_years, rules.hours_per_cycle, log.activities,
                       today)
    current = found[-1]
    filled = min(current.hours, rules.hours_per_cycle)
    state = ("requirement met" if current.met
             else f"{current.remaining:g} hours still to log")
    lines = [f"<p><strong>Cycle {current.number}</strong> ({current.start:%d %B %Y} to "
             f"{current.last_day:%d %B %Y}): <strong>{current.hours:g} of "
             f"{rules.hours_per_cycle:g} hours</strong> logged; {state}.</p>",
             f'<progress max="{rules.hours_per_cycle:g}" value="{filled:g}" '
             'aria-label="hours logged this cycle"></progress>']
    earlier = "".join(f"<li>Cycle {c.number} ({c.start:%d %b %Y} to {c.last_day:%d %b %Y}): "
                      f"{c.hours:g} hours{' (met)' if c.met else ''}</li>" for c in found[:-1])
    if earlier:
        lines.append(f"<p>Earlier cycles:</p><ul>{earlier}</ul>")
    return "".join(lines)


def table_html(log: cpd.CpdLog, rules: Cpd) -> str:
    """Every activity, with its cycle; notes escaped."""
    if not log.activities:
        return "<p>No activities recorded yet.</p>"
    certified = log.certificate_date
    rows = []
    for act in log.activities:
        number = cpd.cycle_number(certified, rules.cycle_years, act.day) if certified else None
        rows.append(f"<tr><td>{act.day:%d %b %Y}</td><td>{esc(cpd.KINDS[act.kind])}</td>"
                    f"<td>{act.hours:g}</td><td>{'-' if number is None else number}</td>"
                    f"<td>{esc(act.notes)}</td></tr>")
    return ("<table style='border-collapse:collapse'><thead><tr><th>Date</th><th>Kind</th>"
            "<th>Hours</th><th>Cycle</th><th>Notes</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _put(output: W.Output, html: str) -> None:
    output.outputs = ()
    output.append_display_data(HTML(f"{CSS}<div class='tmcpd'>{html}</div>"))


class CpdView:
    """Controls for the certificate date and new activities, the summary, table and export."""

    def __init__(self, log: cpd.CpdLog, rules: Cpd, folder: Path,
                 clock: Callable[[], dt.date] | None = None) -> None:
        self.log, self.rules, self.folder = log, rules, Path(folder)
        self.clock = clock or dt.date.today
        self.certificate = W.DatePicker(description="Certificate date", style=STYLE,
                                        value=log.certificate_date)
        self.certificate_button = W.Button(description="Save date")
        self.day = W.DatePicker(description="Date", style=STYLE)
        # an empty-string first option: a None value would show a blank dropdown
        self.kind = W.Dropdown(options=[("Choose a kind", "")]
                               + [(label, key) for key, label in cpd.KINDS.items()],
                               value="", description="Kind", style=STYLE)
        self.hours = W.FloatText(value=0.0, description="Hours", style=STYLE)
        self.notes = W.Textarea(description="Notes", style=STYLE, rows=3, **TYPED,
                                layout=W.Layout(width="90%"),
                                placeholder="What you did and what you took from it")
        self.add_button = W.Button(description="Add activity", button_style="primary")
        self.remove_choice = W.Dropdown(description="Activity", style=STYLE,
                                        layout=W.Layout(width="90%"))
        self.remove_button = W.Button(description="Remove activity")
        self.export_button = W.Button(description="Export CSV")
        self.feedback = W.HTML()
        self.summary, self.table, self.export_status = W.Output(), W.Output(), W.Output()
        self.summary_html = self.table_html = self.export_html = ""
        self.certificate_button.on_click(self._on_certificate)
        self.add_button.on_click(self._on_add)
        self.remove_button.on_click(self._on_remove)
        self.export_button.on_click(self._on_export)
        self.widget = W.VBox([
            W.HTML("<h4>Your certificate</h4>"), W.HBox([self.certificate,
                                                         self.certificate_button]),
            self.summary,
            W.HTML("<h4>Record an activity</h4>"), self.day, self.kind, self.hours, self.notes,
            self.add_button, self.feedback,
            W.HTML("<h4>Your activities</h4>"), self.table,
            W.HBox([self.remove_choice, self.remove_button]),
            W.HBox([self.export_button]), self.export_status,
        ], layout=W.Layout(border="1px solid #ccc", padding="8px"))
        self.shown = False
        self.refresh()
        if log.problems:
            self.feedback.value = notice(" ".join(log.problems), "bad")

    def refresh(self) -> None:
        """Redraw the summary, the table and the list of removable activities."""
        self.summary_html = summary_html(self.log, self.rules, self.clock())
        self.table_html = table_html(self.log, self.rules)
        _put(self.summary, self.summary_html)
        _put(self.table, self.table_html)
        self.remove_choice.options = [("Choose an activity to remove", "")] + [
            (f"{act.day:%d %b %Y}, {cpd.KINDS[act.kind]}, {act.hours:g} h: {act.notes[:40]}",
             act.id) for act in self.log.activities]
        self.remove_choice.value = ""

    def _on_certificate(self, _button: W.Button | None = None) -> None:
        try:
            self.log.set_certificate_date(self.certificate.value, self.clock())
        except ValueError as exc:
            self.feedback.value = notice(str(exc).capitalize() + ".", "bad")
            return
        except OSError as exc:
            self.feedback.value = notice(f"The date could not be saved ({exc}).", "bad")
            return
        self.feedback.value = notice("Certificate date saved.", "good")
        self.refresh()

    def _on_add(self, _button: W.Button | None = None) -> None:
        try:
            act = self.log.add(self.day.value, self.kind.value, self.hours.value,
                               self.notes.value, self.clock())
        except ValueError as exc:
            self.feedback.value = notice(str(exc).capitalize() + ".", "bad")
            return
        except OSError as exc:
            self.feedback.value = notice(f"The activity could not be saved ({exc}).", "bad")
            return
        self.feedback.value = notice(f"Recorded {act.hours:g} hours of {cpd.KINDS[act.kind]} "
                                     f"on {act.day:%d %b %Y}.", "good")
        self.day.value, self.kind.value, self.hours.value, self.notes.value = \
            None, "", 0.0, ""
        self.refresh()

    def _on_remove(self, _button: W.Button | None = None) -> None:
        if not self.remove_choice.value:
            self.feedback.value = notice("Choose an activity to remove first.", "bad")
            return
        self.log.remove(self.remove_choice.value)
        self.feedback.value = notice("Activity removed.", "good")
        self.refresh()

    def _on_export(self, _button: W.Button | None = None) -> None:
        self.log.reload()  # include what another open copy of the log saved meanwhile
        text = cpd.csv_text(self.log.activities, self.log.certificate_date,
                            self.rules.cycle_years)
        path = self.folder / cpd.CSV_FILE
        try:
            atomic_write(path, text)
        except OSError as exc:
            self.export_html = notice(f"The CSV file could not be saved ({exc}).", "bad")
        else:
            data = base64.b64encode(text.encode("utf-8")).decode()
            self.export_html = (f'<p role="status">Saved <a href="{path.name}">{path.name}</a> '
                                'in this folder; <a style="text-decoration:underline" '
                                f'download="{path.name}" '
                                f'href="data:text/csv;charset=utf-8;base64,{data}">download '
                                f"{path.name}</a>.</p>")
        _put(self.export_status, self.export_html)

    def _ipython_display_(self) -> None:
        if not self.shown:
            self.shown = True
            display(self.widget)


def cpd_log(folder: str | Path | None = None,
            clock: Callable[[], dt.date] | None = None) -> CpdView:
    """Open the CPD log beside the notebook and display it."""
    where = Path.cwd() if folder is None else Path(folder)
    rules = load_snapshot(where).cpd
    view = CpdView(cpd.CpdLog.open(where), rules, where, clock)
    display(view)
    return view
