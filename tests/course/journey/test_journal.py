"""The journal: reflections collected across modules, exported to Markdown and HTML, escaped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from course.journey.journal import (
    collect_journal,
    export_journal,
    journal_html,
    journal_markdown,
)
from course.journey.progress import course_progress
from course.journey.snapshot import Snapshot
from tests.course.journey.conftest import finished, write_answers

ATTACK = 'Plan <script>alert("x")</script> & <img src=x onerror=alert(1)>\n# not a heading'
DAY = dt.date(2027, 2, 26)


def entries(snapshot: Snapshot, folder: Path):
    write_answers(folder, "m01", finished(snapshot, "m01", reflection="First thoughts."))
    write_answers(folder, "m03", {"reflection": ATTACK, "confidence": 2})
    write_answers(folder, "m02", {"confidence": 5})  # rated, but no reflection yet
    return collect_journal(course_progress(folder, snapshot))


def test_reflections_are_collected_in_course_order(snapshot: Snapshot, tmp_path: Path) -> None:
    found = entries(snapshot, tmp_path)
    assert [e.number for e in found] == [1, 3]
    assert found[0].text == "First thoughts." and found[0].confidence == 4
    assert found[1].prompt == snapshot.module("m03").content.reflection.prompt
    assert found[1].saved_at.startswith("2027-01-20")


def test_html_export_escapes_every_learner_text(snapshot: Snapshot, tmp_path: Path) -> None:
    page = journal_html(snapshot.title, entries(snapshot, tmp_path), DAY)
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in page
    assert f"Module 3: {snapshot.module('m03').title}" in page
    assert "Exported on 26 February 2027. 2 reflections." in page
    assert "confidence: 2 - A little confident" in page


def test_markdown_export_quotes_and_escapes(snapshot: Snapshot, tmp_path: Path) -> None:
    text = journal_markdown(snapshot.title, entries(snapshot, tmp_path), DAY)
    assert "<script" not in text and "<img" not in text
    assert "> Plan &lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; &lt;img" in text
    assert "\n> # not a heading\n" in text  # the learner's line cannot become a heading
    assert text.startswith(f"# Learning journal: {snapshot.title}\n")
    assert text.count("\n## Module ") == 2


def test_export_writes_both_files(snapshot: Snapshot, tmp_path: Path) -> None:
    home = tmp_path / "course-home"
    home.mkdir()
    md, page = export_journal(home, snapshot.title, entries(snapshot, tmp_path), DAY)
    assert (md.name, page.name) == ("journal.md", "journal.html")
    assert "First thoughts." in md.read_text() and "First thoughts." in page.read_text()
    assert sorted(p.name for p in home.iterdir()) == ["journal.html", "journal.md"]


def test_an_empty_journal_says_so(snapshot: Snapshot) -> None:
    assert "No reflections yet" in journal_markdown(snapshot.title, [], DAY)
    assert "No reflections yet" in journal_html(snapshot.title, [], DAY)
    assert "0 reflections." in journal_html(snapshot.title, [], DAY)
