"""The cohort dashboard's views without a browser: set values, click, read the widgets."""

from __future__ import annotations

import base64
import csv
import io
import re

import ipywidgets as W
import pytest

import widgets.cohort as views
from course.cohort import MARKUP_REFLECTION
from widgets.cohort import CohortDashboard

PLOTLY = "application/vnd.plotly.v1+json"


SECTIONS = ("roster", "completion", "practice", "final", "items")


def _open(graded_cohort, monkeypatch) -> tuple[CohortDashboard, W.Tab]:
    monkeypatch.setenv("TMCERT_ROOT", str(graded_cohort.root))
    monkeypatch.setenv("TMCERT_CONFIG", str(graded_cohort.config_path))
    dash = CohortDashboard.open()
    tabs = dash.tabs(*((name, getattr(dash, name)()) for name in SECTIONS))
    dash.show(dash.header(), tabs)
    return dash, tabs


@pytest.fixture
def board(graded_cohort, monkeypatch, capsys) -> CohortDashboard:
    """The dashboard on the graded small course as the notebook lays it out; no stderr."""
    dash, _tabs = _open(graded_cohort, monkeypatch)
    assert capsys.readouterr().err == ""
    return dash


def _section(board: CohortDashboard, name: str) -> W.VBox:
    """A section's box as it shows when its tab is opened."""
    section = next(s for s in board.sections if f"tmc-{name}" in s.box._dom_classes)
    section.ensure(board.analysis)
    return section.box


def test_a_tab_is_drawn_when_opened(graded_cohort, monkeypatch) -> None:
    dash, tabs = _open(graded_cohort, monkeypatch)
    boxes = {name: s.box for name, s in zip(SECTIONS, dash.sections, strict=True)}
    assert boxes["roster"].children and not boxes["practice"].children
    tabs.selected_index = SECTIONS.index("practice")
    assert boxes["practice"].children and not boxes["final"].children
    dash.group.value = "g1"  # redraws the open tab now, the others when opened
    assert dash.sections[SECTIONS.index("practice")].drawn is dash.analysis
    assert dash.sections[0].drawn is not dash.analysis
    tabs.selected_index = 0
    assert dash.sections[0].drawn is dash.analysis


def _html(box: W.VBox) -> str:
    return "".join(child.value for child in box.children if isinstance(child, W.HTML))


def _figures(box: W.VBox) -> list[dict]:
    return [child.outputs[0]["data"][PLOTLY] for child in box.children
            if isinstance(child, W.Output)]


def _download(board: CohortDashboard, name: str) -> list[dict[str, str]]:
    board.table.value = name
    board.prepare.click()
    link = board.link.value
    assert f'download="{name}"' in link
    data = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', link).group(1)
    return list(csv.DictReader(io.StringIO(base64.b64decode(data).decode("utf-8"))))


def test_the_roster_lists_everyone_with_learner_text_escaped(board, graded_cohort) -> None:
    page = _html(_section(board, "roster"))
    for learner in board.full.learners["learner"]:
        assert f"<td>{learner}</td>" in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;reflection&quot;)&lt;/script&gt;" in page
    assert "at risk" in page and "<span class=\"b\"" in page
    rows = _download(board, "roster.csv")
    assert len(rows) == 15
    assert any(r["reflection"] == MARKUP_REFLECTION for r in rows)


def test_the_group_filter_redraws_every_view(board, graded_cohort) -> None:
    everyone = board.full.learners
    g1 = set(everyone.loc[everyone["group"] == "g1", "learner"])
    before = {name: _html(_section(board, name)) for name in ("roster", "completion")}
    old_table = _section(board, "roster").children[0]
    board.group.value = "g1"
    assert old_table.comm is None  # the widgets of the last drawing are closed
    page = _html(_section(board, "roster"))
    shown = set(re.findall(r"<td>(l\d{4})</td>", page))
    assert shown == g1 and len(g1) < len(everyone)
    assert _html(_section(board, "completion")) != before["completion"]
    assert "group g1" in board.info.value
    assert len(_download(board, "roster.csv")) == len(g1)
    final = _download(board, "final-scores.csv")
    assert {r["group"] for r in final} == {"g1"}
    board.group.value = ""
    assert set(re.findall(r"<td>(l\d{4})</td>", _html(_section(board, "roster")))) == \
        set(everyone["learner"])


def test_each_chart_is_a_plotly_figure(board) -> None:
    assert len(_figures(_section(board, "completion"))) == 1
    assert len(_figures(_section(board, "practice"))) == 1
    final = _figures(_section(board, "final"))
    assert final[0]["data"][0]["type"] == "histogram"
    assert _figures(_section(board, "items"))[0]["data"][0]["type"] == "scatter"


def test_final_pass_rate_and_item_analysis_for_either_exam(board, graded_cohort) -> None:
    assert "pass rate" in _html(_section(board, "final"))
    items = _download(board, "items-final.csv")
    assert len(items) == 4 and {r["module"] for r in items} == {"m01", "m02"}
    practice = _download(board, "items-practice.csv")
    assert len(practice) == 4 and {r["item"] for r in practice} != {r["item"] for r in items}
    before = _html(_section(board, "items"))
    board._item_kind.value = "practice"
    after = _html(_section(board, "items"))
    assert "Test statistic" in after and after != before
    assert all(f"<td>{r['item']}</td>" in after for r in practice)
    test = _download(board, "test-statistics-final.csv")
    assert len(test) == 1 and test[0]["items"] == "4"


def test_every_table_downloads(board) -> None:
    for name in views.TABLES:
        assert _download(board, name), name


def test_the_roster_pages(graded_cohort, monkeypatch) -> None:
    monkeypatch.setattr(views, "PAGE", 6)
    board, _tabs = _open(graded_cohort, monkeypatch)
    box = _section(board, "roster")
    pager = box.children[1]
    back, label, ahead = pager.children
    assert back.disabled and not ahead.disabled and label.value.startswith("Rows 1-6 of 15")
    first = set(re.findall(r"<td>(l\d{4})</td>", _html(box)))
    ahead.click()
    back, label, ahead = _section(board, "roster").children[1].children
    assert label.value.startswith("Rows 7-12 of 15") and not back.disabled
    second = set(re.findall(r"<td>(l\d{4})</td>", _html(_section(board, "roster"))))
    assert len(first) == len(second) == 6 and not first & second
