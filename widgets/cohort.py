"""The cohort dashboard's views: thin ipywidgets over course.analytics (the figures live there).

`CohortDashboard.open()` reads the course root once; `header()` (group filter, reload, CSV) and
`tabs(...)` of the sections (`roster`, `completion`, `practice`, `final`, `items`) make the page,
and `show(...)` displays it as one widget. A tab is drawn when opened (the page is usable as soon
as the first tab is) and again after the group filter changes. One control in the header makes
any table a CSV download (a data: link, prepared on demand, so large cohorts do not weigh on the
page). All text is HTML-escaped; charts are plotly, sent as plotly's MIME bundle (JupyterLab's
and Voila's plotly renderer draws them).

The course root comes from TMCERT_ROOT (set by whoever serves the dashboard), else the course
root this notebook was built into (`<root>/dashboards/instructor/`), else course.yml's `root`.
TMCERT_CONFIG names the course.yml to read (default: the project's course/course.yml), and
TMCERT_TODAY (an ISO date or time) the moment progress is judged at (default: now).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import warnings
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as W
import pandas as pd
from IPython.display import display

from course.analytics import Analysis, analyse, for_group, load_cohort
from course.analytics import charts as ch
from course.analytics.exams import item_analysis
from course.analytics.reports import csv_text
from course.config import CourseConfig
from course.serve import ROOT_ENV, served_config

TODAY_ENV = "TMCERT_TODAY"
PAGE = 25
CSS = """<style>
.tmc table{border-collapse:collapse;font-size:13px;margin:6px 0}
.tmc th,.tmc td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top;
line-height:1.35}
.tmc th{background:#f2f2f2}.tmc tr.flag td{background:#fdecea}
.tmc .b{padding:1px 6px;border-radius:8px;color:#fff;white-space:nowrap}
.widget-tab .lm-TabBar-tab,.widget-tab .lm-TabBar-tabLabel{color:#1f1f1f!important;
opacity:1!important}
</style>"""
Column = tuple[str, str, Callable[[Any], str]]


def course_root(config: CourseConfig) -> Path:
    """$TMCERT_ROOT, else the root holding this dashboard folder, else course.yml's root."""
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV])
    here = Path.cwd()
    if here.parent.name == "dashboards" and (here.parents[1] / "nbgrader_config.py").exists():
        return here.parents[1]
    return config.path(config.root)


def today() -> dt.datetime | None:
    """The moment set by TMCERT_TODAY, if any."""
    text = os.environ.get(TODAY_ENV, "").strip()
    return dt.datetime.fromisoformat(text) if text else None


def pct(value: Any) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.0%}"


def num(value: Any) -> str:
    if value is None or pd.isna(value):
        return "–"
    return str(value) if isinstance(value, int) else f"{value:.2f}"


def text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def badge(status: Any) -> str:
    colour = ch.STATUS_COLOURS.get(str(status), "#607d8b")
    fg = "#000" if status in ("upcoming", "late") else "#fff"
    return (f'<span class="b" style="background:{colour};color:{fg}">'
            f"{escape(str(status))}</span>")


def html_table(frame: pd.DataFrame, columns: list[Column],
               flagged: Callable[[dict], bool] | None = None) -> str:
    """An HTML table of these columns; every cell escaped unless its formatter is `badge`."""
    head = "".join(f"<th>{escape(label)}</th>" for _, label, _ in columns)
    rows = []
    for row in frame.to_dict("records"):
        cells = "".join(f"<td>{fmt(row.get(key)) if fmt is badge else escape(fmt(row.get(key)))}"
                        "</td>" for key, _, fmt in columns)
        cls = ' class="flag"' if flagged and flagged(row) else ""
        rows.append(f"<tr{cls}>{cells}</tr>")
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def figure(fig: Any) -> W.Output:
    """A plotly figure as plotly's MIME bundle in an output widget (no plotly.js in the page).

    The bundle is set as the widget's outputs rather than printed inside `with output:`, which
    keeps the kernel's output capture (and nbclient's handling of it) out of the way.
    """
    out = W.Output()
    out.add_class("tmc-figure")
    out.outputs = ({"output_type": "display_data", "metadata": {},
                    "data": {"application/vnd.plotly.v1+json": json.loads(fig.to_json()),
                             "text/plain": f"<{fig.layout.title.text}>"}},)
    return out


def html(body: str) -> W.HTML:
    """An HTML widget in the dashboard's style (the caller escapes any text in `body`)."""
    return W.HTML(f'<div class="tmc">{body}</div>')


def csv_link(name: str, table: pd.DataFrame) -> str:
    """An HTML download link holding the table as a data: URI."""
    data = base64.b64encode(csv_text(table.to_dict("records"), list(table.columns))
                            .encode("utf-8")).decode("ascii")
    return (f'<a style="text-decoration:underline" download="{escape(name)}" '
            f'href="data:text/csv;charset=utf-8;base64,{data}">'
            f"Download {escape(name)} ({len(table):,} rows)</a>")


def _final_scores(analysis: Analysis) -> pd.DataFrame:
    people = analysis.data.learners[["learner", "name", "group"]]
    return analysis.final.reset_index().merge(people, on="learner", how="left")


def _item_table(kind: str) -> Callable[[Analysis], pd.DataFrame]:
    def table(analysis: Analysis) -> pd.DataFrame:
        items = item_analysis(analysis.data, kind)[0]
        return items.assign(flags=items["flags"].map("; ".join))
    return table


def _test_table(kind: str) -> Callable[[Analysis], pd.DataFrame]:
    return lambda analysis: pd.DataFrame([item_analysis(analysis.data, kind)[1]])


TABLES: dict[str, Callable[[Analysis], pd.DataFrame]] = {
    "roster.csv": lambda a: a.roster,
    "status-by-week.csv": lambda a: a.weeks.reset_index(),
    "module-completion.csv": lambda a: a.completion,
    "practice-by-module.csv": lambda a: a.practice.reset_index(),
    "weakest-modules.csv": lambda a: a.weakest,
    "final-scores.csv": _final_scores,
    "items-final.csv": _item_table("final"),
    "items-practice.csv": _item_table("practice"),
    "test-statistics-final.csv": _test_table("final"),
    "test-statistics-practice.csv": _test_table("practice"),
}


class Section:
    """One view: a box drawn for an analysis when it is on screen, and again when that changes."""

    def __init__(self, name: str, draw: Callable[[Analysis], list[W.Widget]],
                 above: W.Widget | None = None) -> None:
        self.box = W.VBox()
        self.box.add_class(f"tmc-{name}")
        self.widget = W.VBox([above, self.box]) if above is not None else self.box
        self.draw = draw
        self.drawn: Analysis | None = None

    def render(self, analysis: Analysis) -> None:
        old = self.box.children
        self.box.children = tuple(self.draw(analysis))
        self.drawn = analysis
        for widget in old:  # each drawing makes fresh widgets; free the last one's
            _close(widget)

    def ensure(self, analysis: Analysis) -> None:
        """Draw for this analysis unless already drawn for it."""
        if self.drawn is not analysis:
            self.render(analysis)


def _close(widget: W.Widget) -> None:
    for child in getattr(widget, "children", ()):
        _close(child)
    widget.close()


class CohortDashboard:
    """The whole dashboard: the loaded snapshot, the group filter and the sections."""

    def __init__(self, config: CourseConfig, root: Path) -> None:
        self.config, self.root = config, root
        self.sections: list[Section] = []
        self.shown: list[Section] = []  # the sections on screen, drawn at once
        groups = [(f"{g.name} ({g.id})", g.id) for g in config.roster.groups]
        self.group = W.Dropdown(options=[("All groups", "")] + groups, value="",
                                description="Group")
        self.refresh = W.Button(description="Reload data", icon="refresh")
        self.table = W.Dropdown(description="Table", options=list(TABLES))
        self.prepare = W.Button(description="CSV", icon="download", tooltip="Prepare the "
                                "chosen table, as the group filter shows it, for download")
        self.link = W.HTML()
        self.link.add_class("tmc-link")
        self.prepare.on_click(lambda _b: self._prepare())
        self.info = W.HTML()
        self.info.add_class("tmc-info")
        self.group.observe(lambda _c: self.redraw(), names="value")
        self.refresh.on_click(lambda _b: self.reload())
        self.full = self._load()
        self.analysis = analyse(self.full)
        self.page = 0

    @classmethod
    def open(cls) -> CohortDashboard:
        """Load the course root named by the environment (see the module docstring)."""
        config = served_config()
        board = cls(config, course_root(config))
        board._describe()
        return board

    def header(self) -> W.VBox:
        """The group filter, the reload button, what is shown and the CSV download of any table.

        One download control for every table keeps the page to a few dozen widgets.
        """
        return W.VBox([W.HBox([self.group, self.refresh]), self.info,
                       W.HBox([self.table, self.prepare, self.link])])

    def _prepare(self) -> None:
        name = self.table.value
        self.link.value = csv_link(name, TABLES[name](self.analysis))

    def tabs(self, *pages: tuple[str, Section]) -> W.Tab:
        """The sections as tabs; a tab is drawn when first opened (so the page is usable as
        soon as the first tab is), and again when opened after the group filter changed."""
        sections = [section for _, section in pages]
        tab = W.Tab(children=[s.widget for s in sections], titles=[t for t, _ in pages])
        tab.add_class("tmc-tabs")

        def opened(_change: dict | None = None) -> None:
            self.shown = [sections[tab.selected_index or 0]]
            self.shown[0].ensure(self.analysis)

        tab.observe(opened, names="selected_index")
        opened()
        return tab

    def show(self, *parts: W.Widget) -> None:
        """Display the whole dashboard as one widget.

        One view per page, not one per cell: with a view in each of several cells, Voila 0.5
        sometimes renders the later views before their models arrive ("model not found").
        """
        display(W.VBox([W.HTML(CSS), *parts]))

    def _load(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nothing may reach stderr in a dashboard
            return load_cohort(self.config, self.root, today())

    def _describe(self) -> None:
        data = self.analysis.data
        who = f"group {data.group}" if data.group else "all groups"
        self.info.value = (f"<p>{len(data.learners):,} learner(s), {escape(who)}; progress as "
                           f"of {data.today:%Y-%m-%d %H:%M} UTC; course root "
                           f"<code>{escape(str(self.root))}</code></p>")

    def reload(self) -> None:
        """Read the course root again (new submissions or grades) and redraw."""
        self.full = self._load()
        self.redraw()

    def redraw(self) -> None:
        """Recompute for the chosen group; redraw what is on screen (the rest when opened)."""
        self.analysis = analyse(for_group(self.full, self.group.value or None))
        self.page = 0
        self.link.value = ""
        self._describe()
        for section in self.shown:
            section.render(self.analysis)

    def _section(self, name: str, draw: Callable[[Analysis], list[W.Widget]],
                 above: W.Widget | None = None) -> Section:
        section = Section(name, draw, above)
        self.sections.append(section)
        return section

    # ---- the sections -------------------------------------------------------------------
    def roster(self) -> Section:
        """Learners with status and at-risk flag, at-risk first, a page at a time."""
        self._roster = self._section("roster", self._draw_roster)
        return self._roster

    def _draw_roster(self, analysis: Analysis) -> list[W.Widget]:
        table = analysis.roster
        start = self.page * PAGE
        shown = table.iloc[start:start + PAGE].assign(
            at_risk=lambda t: t["at_risk"].map({True: "at risk", False: ""}),
            done=lambda t: t["modules_done"].astype(str) + " / " + t["modules_due"].astype(str),
            reflection=lambda t: t["reflection"].str.slice(0, 140))
        columns: list[Column] = [
            ("learner", "Learner", text), ("name", "Name", text), ("group", "Group", text),
            ("status", "Status", badge), ("at_risk", "At risk", text),
            ("reasons", "Why", text), ("done", "Modules", text), ("kc_mean", "Checks", pct),
            ("practice", "Practice", pct), ("final", "Final", pct), ("result", "Result", text),
            ("confidence", "Confidence", num), ("reflection", "Latest reflection", text)]
        pager = W.HTML(f"Rows {start + 1 if len(table) else 0}-{min(start + PAGE, len(table))} "
                       f"of {len(table):,}; {int(table['at_risk'].sum()):,} at risk")
        back, ahead = W.Button(description="Previous"), W.Button(description="Next")
        back.disabled, ahead.disabled = start == 0, start + PAGE >= len(table)
        back.on_click(lambda _b: self._turn(-1))
        ahead.on_click(lambda _b: self._turn(1))
        return [html(html_table(shown, columns, lambda r: bool(r["at_risk"]))),
                W.HBox([back, pager, ahead])]

    def _turn(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self._roster.render(self.analysis)

    def completion(self) -> Section:
        """Status heatmap by week and the completion of each module."""
        return self._section("completion", self._draw_completion)

    def _draw_completion(self, analysis: Analysis) -> list[W.Widget]:
        sched = analysis.data.schedule
        week_items = sched.groupby("week")["item"].agg(", ".join).to_dict()
        names = analysis.data.learners.set_index("learner")["name"]
        shown: list[W.Widget] = []
        if not analysis.weeks.empty:
            shown.append(figure(ch.completion_heatmap(analysis.weeks, names, week_items)))
        table = analysis.completion.assign(due=lambda t: t["due"].dt.strftime("%a %d %b"))
        columns: list[Column] = [("module", "Module", text), ("title", "Title", text),
                                 ("week", "Week", text), ("due", "Due", text)]
        columns += [(s, s.capitalize(), text) for s in ("on time", "late", "behind", "missing",
                                                        "open")]
        columns += [("submitted", "Submitted", pct), ("kc_mean", "Checks (mean)", pct)]
        return shown + [html(html_table(table, columns))]

    def practice(self) -> Section:
        """Practice-exam share per learner and module, and the cohort's weakest modules."""
        return self._section("practice", self._draw_practice)

    def _draw_practice(self, analysis: Analysis) -> list[W.Widget]:
        if analysis.practice.empty:
            return [html("<p>No graded practice exam yet.</p>")]
        names = analysis.data.learners.set_index("learner")["name"]
        exam = self.config.exams.practice
        threshold = exam.review_threshold or exam.pass_mark
        columns: list[Column] = [("module", "Module", text), ("title", "Title", text),
                                 ("mean", "Cohort mean", pct),
                                 ("under", f"Learners under {threshold:.0%}", text)]
        return [figure(ch.score_heatmap(analysis.practice, names, "Practice exam by module")),
                html(f"<p>The cohort's weakest modules first:</p>"
                     f"{html_table(analysis.weakest, columns)}")]

    def final(self) -> Section:
        """Final-exam score distribution and pass rate."""
        return self._section("final", self._draw_final)

    def _draw_final(self, analysis: Analysis) -> list[W.Widget]:
        summary = analysis.final_summary
        if not summary["sat"]:
            return [html("<p>No graded final exam yet.</p>")]
        return [figure(ch.score_histogram(analysis.final["fraction"], summary["pass_mark"],
                                          "Final exam scores")),
                html(f'<p class="tmc-passrate">{summary["sat"]:,} sat, {summary["passed"]:,} '
                     f'passed: pass rate {pct(summary["pass_rate"])} (pass mark '
                     f'{pct(summary["pass_mark"])}); mean {pct(summary["mean"])}, median '
                     f'{pct(summary["median"])}.</p>')]

    def items(self) -> Section:
        """Item analysis (Moodle's quiz statistics) of the final or practice exam."""
        self._item_kind = W.ToggleButtons(
            options=[("Final exam", "final"), ("Practice exam", "practice")], value="final")
        section = self._section("items", self._draw_items, above=self._item_kind)
        self._item_kind.observe(lambda _c: section.render(self.analysis), names="value")
        return section

    def _draw_items(self, analysis: Analysis) -> list[W.Widget]:
        items, test = item_analysis(analysis.data, self._item_kind.value)
        if items.empty:
            return [html("<p>No graded submissions of this exam yet.</p>")]
        summary = pd.DataFrame([{"statistic": k.replace("_", " "),
                                 "value": str(v) if isinstance(v, int) else num(v)}
                                for k, v in test.items()])
        stats_cols: list[Column] = [("statistic", "Test statistic", text), ("value", "Value", text)]
        shown = items.assign(flags=items["flags"].map("; ".join))
        columns: list[Column] = [("number", "#", text), ("item", "Item", text),
                                 ("module", "Module", text), ("n", "Attempts", text),
                                 ("facility", "Facility", num), ("sd", "SD", num),
                                 ("discrimination", "Discrimination", num),
                                 ("efficiency", "Efficiency", num), ("flags", "Flags", text)]
        flagged = int(items["flags"].map(bool).sum())
        return [figure(ch.item_scatter(items)),
                html(f"{html_table(summary, stats_cols)}<p>{flagged} of {len(items)} items "
                     f"flagged. Facility, discrimination and efficiency are fractions (Moodle "
                     f"shows them as percentages); with fewer than about 30 attempts they move "
                     f"a lot from one cohort to the next.</p>"
                     f"{html_table(shown, columns, lambda r: bool(r['flags']))}")]
