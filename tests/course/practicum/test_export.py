"""The exported report: self-contained, complete, and every learner text escaped."""

import re

import pytest

from course.practicum.case import shipped_case
from course.practicum.export import export_report
from course.practicum.store import open_store

ATTACK = '<script>alert("x")</script><b>bold</b><img src=x onerror=alert(1)>'
ESCAPED = ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"
           "&lt;img src=x onerror=alert(1)&gt;")


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path)
    s.ensure_group("g1", "Group <1>")
    yield s
    s.close()


def _fill(store, values, who):
    store.edit("g1", values, dict.fromkeys(values, 0), who)


def test_learner_text_is_shown_as_text(tmp_path, store):
    _fill(store, {
        "portfolio.O01.value": 5, "portfolio.O01.distinct": 5, "portfolio.O01.action": "retire",
        "portfolio.O01.reason": ATTACK, "stakeholder.S01.notes": ATTACK,
        "sourcing.O02.notes": ATTACK, "evaluation.plan.measure": ATTACK,
        "evaluation.plan.method": ATTACK, "evaluation.plan.levels": ATTACK,
        "summary.main.recommendation": ATTACK, "summary.main.risks": ATTACK,
    }, who=ATTACK)
    path, page = export_report(store, shipped_case(), "g1", tmp_path)
    assert path.read_text(encoding="utf-8") == page
    assert "<script" not in page.lower()
    assert "<b>bold" not in page and "<img" not in page.lower()
    # reason, notes, measure, method, levels, recommendation, risks, contributor
    assert page.count(ESCAPED) >= 8
    assert "Group &lt;1&gt;" in page


def test_report_is_self_contained(tmp_path, store):
    _, page = export_report(store, shipped_case(), "g1", tmp_path)
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<link|<script|\bsrc=|url\(|@import", page, re.I)
    assert 'href="http' not in page


def test_report_holds_charts_decisions_reasons_and_roi(tmp_path, store):
    _fill(store, {
        "portfolio.O15.value": 1, "portfolio.O15.distinct": 1,
        "portfolio.O31.value": 4, "portfolio.O31.distinct": 2, "portfolio.O31.action": "sustain",
        "portfolio.O31.reason": "The welcome day is where new supervisors meet their mentors",
        "stakeholder.S02.power": 9, "stakeholder.S02.interest": 4,
        "evaluation.plan.program": "O07", "evaluation.plan.benefits": 350000,
        "evaluation.plan.costs": 200000, "evaluation.plan.isolation": 1,
        "evaluation.plan.confidence": 1,
    }, who="Ann")
    path, page = export_report(store, shipped_case(), "g1", tmp_path)
    assert path.parent == tmp_path / "workspaces" / "exports" and path.name.startswith("g1-")
    assert page.count("<svg") == 3
    assert "Spreadsheets: advanced" in page and ">retire<" in page
    assert "(suggested: outsource)" in page  # the override is shown with the suggestion
    assert "welcome day is where new supervisors meet their mentors" in page
    assert "keep satisfied" in page
    assert "1.75 : 1" in page and "75.0 %" in page  # Phillips: 350,000 / 200,000
    assert "Contributors: Ann." in page


def test_each_export_is_a_new_file(tmp_path, store):
    first, _ = export_report(store, shipped_case(), "g1", tmp_path)
    second, _ = export_report(store, shipped_case(), "g1", tmp_path)
    assert first != second and first.exists() and second.exists()


def test_the_report_prints_to_a_pdf(tmp_path, store):
    import pypdfium2 as pdfium

    from course.cli import main

    _fill(store, {"summary.main.recommendation": "Retire <the> old catalogue"}, who="Ann")
    path, _ = export_report(store, shipped_case(), "g1", tmp_path)
    assert main(["pdf", str(path), "--root", str(tmp_path)]) == 0  # build.py pdf FILE.html
    pdf_path = path.with_suffix(".pdf")
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        assert len(pdf) >= 3  # each section after the summary starts a page
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        assert "Group <1>: a training portfolio plan for" in text
        assert "Retire <the> old catalogue" in text and "Portfolio rationalization" in text
        bitmap = pdf[0].render(scale=1).to_numpy()
        assert (bitmap[..., :3].mean(axis=-1) < 128).mean() > 0.005
    finally:
        pdf.close()
