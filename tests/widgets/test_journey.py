"""The course home's panels without a browser: read `panel.html`, press Refresh and Export."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from course.config import CourseConfig
from course.errors import ConfigError
from course.journey.snapshot import Snapshot, build_snapshot, write_snapshot
from tests.course.journey.conftest import finished, write_answers
from widgets.journey import Journey, show_tool, welcome_html

ATTACK = "<script>alert('x')</script> & more"


@pytest.fixture(scope="module")
def snapshot(config: CourseConfig) -> Snapshot:
    return build_snapshot(config)


@pytest.fixture
def journey(snapshot: Snapshot, tmp_path: Path) -> Journey:
    """A home in <tmp>/course-home on Wednesday of prework week 3, noon, course time."""
    home = tmp_path / "course-home"
    home.mkdir()
    write_snapshot(snapshot, home)
    moment = dt.datetime.combine(snapshot.prework_start + dt.timedelta(days=16), dt.time(12),
                                 tzinfo=ZoneInfo(snapshot.timezone))
    return Journey.here(home, clock=lambda: moment)


def shown(panel) -> str:
    """The HTML the panel's Output widget holds (what JupyterLab and Voila render)."""
    [output] = panel.output.outputs
    return output["data"]["text/html"]


def test_welcome_takes_every_figure_from_the_course(snapshot: Snapshot) -> None:
    text = welcome_html(snapshot)
    assert f"{snapshot.prework_weeks} weeks from {snapshot.prework_start:%A %d %B %Y}" in text
    assert f"{len(snapshot.modules)} self-paced modules, {snapshot.modules_per_week} a week" \
        in text
    assert f"pass mark {snapshot.final.pass_mark:.0%}" in text
    assert f"{snapshot.cpd.hours_per_cycle:g} hours" in text
    assert f"Week {snapshot.review_weeks[0]} of the prework" in text


def test_schedule_shows_this_week_and_what_is_overdue(journey: Journey,
                                                      snapshot: Snapshot) -> None:
    panel = journey.schedule()
    assert shown(panel) == panel.html
    overdue = re.search(r"<strong>Overdue \((\d+)\):</strong><ul>(.*?)</ul>", panel.html)
    assert overdue and overdue.group(1) == "4"
    m01 = snapshot.module("m01")
    assert f'<a href="../m01/{m01.notebook}">Module 1: {m01.title}</a>' in overdue.group(2)
    this_week = re.search(r"<strong>Due this week:</strong><ul>(.*?)</ul>", panel.html)
    assert this_week and "Module 5:" in this_week.group(1) and "Module 6:" in this_week.group(1)
    assert panel.html.count("<tr class='current'>") == snapshot.modules_per_week
    assert "Prework week 3 <span class='badge now'>this week</span>" in panel.html

    write_answers(journey.course_folder, "m01", finished(snapshot, "m01"))
    panel.refresh_button.click()
    assert "Overdue (3)" in panel.html and shown(panel) == panel.html


def test_schedule_offers_the_course_calendar(journey: Journey, snapshot: Snapshot) -> None:
    from icalendar import Calendar

    html = journey.schedule().html
    found = re.search(r"download='course-calendar.ics' href='data:text/calendar;charset=utf-8;"
                      r"base64,([A-Za-z0-9+/=]+)'", html)
    assert found
    cal = Calendar.from_ical(base64.b64decode(found.group(1)))
    starts = {str(e["uid"]).split("@")[0]: e.decoded("dtstart") for e in cal.walk("VEVENT")}
    assert starts == {d.item: d.due if d.kind != "practicum" else d.due.date()
                      for d in snapshot.deadlines}


def test_progress_counts_and_refreshes(journey: Journey, snapshot: Snapshot) -> None:
    panel = journey.progress()
    assert f"0 of {len(snapshot.modules)} modules completed, 0 started" in panel.html
    write_answers(journey.course_folder, "m01", finished(snapshot, "m01", confidence=3))
    write_answers(journey.course_folder, "m02", {"confidence": 1})
    panel.refresh_button.click()
    assert f"1 of {len(snapshot.modules)} modules completed, 2 started" in panel.html
    total = len(snapshot.module("m01").content.knowledge_check)
    assert f"{total} of {total} answered, score 100%" in panel.html
    assert "3 - Fairly confident" in panel.html and "1 - Not confident yet" in panel.html


def test_a_damaged_answers_file_shows_an_escaped_alert(journey: Journey) -> None:
    path = write_answers(journey.course_folder, "m04", {})
    path.write_text('{"format": "tmcert-answers", "version": 1, "scope": "<b>m04</b>", '
                    '"items": {}}')
    html = journey.progress().html
    assert "Some answers could not be read" in html
    assert "&#x27;&lt;b&gt;m04&lt;/b&gt;&#x27;" in html and "<b>m04</b>" not in html


def test_review_plan_lists_the_weakest_first_with_links(journey: Journey,
                                                       snapshot: Snapshot) -> None:
    for module in snapshot.modules:
        write_answers(journey.course_folder, module.id, finished(snapshot, module.id, 5))
    write_answers(journey.course_folder, "m09", {"confidence": 2})
    html = journey.review_plan().html
    first = html.split("<li><p><strong>")[1]
    m09 = snapshot.module("m09")
    assert first.startswith(f'<a href="../m09/{m09.notebook}">Module 9: {m09.title}</a>')
    assert "You rated your confidence 2 of 5." in first
    assert "Objectives not yet checked:" in first
    model = m09.content.models[0]
    assert f'href="{m09.model_link(model)}">module section</a>' in first
    assert f'href="{snapshot.reference_link(model)}">models reference</a>' in first
    assert snapshot.reference_link(model).startswith("../models-reference/models-reference")
    assert f"week {snapshot.review_weeks[0]}" in html


def test_journal_escapes_and_exports(journey: Journey, snapshot: Snapshot) -> None:
    write_answers(journey.course_folder, "m02", {"reflection": ATTACK})
    panel = journey.journal()
    assert "<script>" not in panel.html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in panel.html
    panel.export_button.click()
    md, page = journey.folder / "journal.md", journey.folder / "journal.html"
    assert "<script>" not in page.read_text() and "&lt;script&gt;" in md.read_text()
    assert f"Exported on {journey.now():%d %B %Y}" in page.read_text()
    status = panel.status.outputs[0]["data"]["text/html"]
    assert '<a href="journal.md">journal.md</a>' in status
    downloads = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,'
                                r'([^"]+)"', status))
    assert base64.b64decode(downloads["journal.html"]) == page.read_bytes()
    assert base64.b64decode(downloads["journal.md"]) == md.read_bytes()


def test_journal_export_reports_a_folder_it_cannot_write(journey: Journey) -> None:
    panel = journey.journal()
    (journey.folder / "journal.md").mkdir()  # a folder in the way: the write fails
    panel.export_button.click()
    assert "could not be saved" in panel.status_html and "download" not in panel.status_html


def test_next_steps_link_the_other_notebooks(journey: Journey, snapshot: Snapshot) -> None:
    html = journey.next_steps().html
    assert '<a href="../models-reference/models-reference.ipynb">Models reference</a>' in html
    assert '<a href="../cpd-log/cpd-log.ipynb">CPD log</a>' in html
    assert f'<a href="../{snapshot.final.id}/{snapshot.final.notebook}">' in html


def test_home_without_its_snapshot_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="course.json: file not found"):
        Journey.here(tmp_path)


def test_show_tool_refuses_an_unknown_tool() -> None:
    with pytest.raises(KeyError, match="no model tool 'nope'"):
        show_tool("nope")


def test_next_steps_link_the_learners_own_workspace_behind_the_hub(
        journey: Journey, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "workspace" not in journey.next_steps().html  # no hub, no link
    monkeypatch.setenv("TMCERT_WORKSPACE_URL", "/services/workspace-g2/voila/render/x.ipynb")
    html = journey.next_steps().html
    assert ('<a href="/services/workspace-g2/voila/render/x.ipynb" target="_blank" '
            'rel="noopener">Your group\'s practicum workspace</a>') in html
