"""Every number the finance and ROI content states (modules 1, 9 and 10 and their bank items),
recomputed with the course's own models and tools."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.config import load_config
from course.content import load_module_content
from course.exams.bank import load_bank
from course.models import roi
from course.models.comparison import compare_stores, load_stores
from course.models.finance import compare_unit_costs
from course.models.investment import appraise, npv, payback_years
from course.models.structure import advise
from widgets.tool import make_tool

PROJECT = Path(__file__).resolve().parent.parent
M09 = PROJECT / "modules" / "09-finance-portfolio"
M10 = PROJECT / "modules" / "10-measurement-roi"
BANK = load_bank(load_config(PROJECT / "course" / "course.yml"))


def text(folder: Path) -> str:
    """The module prose with line breaks folded, so phrases can be found across lines."""
    return " ".join((folder / "module.md").read_text(encoding="utf-8").split())


def why(item_id: str, option: str) -> str:
    return next(o.why for o in BANK.get(item_id).item.options if o.id == option)


def test_m09_mix_example_includes_every_course() -> None:
    before = compare_unit_costs([("L", 120_000, 40, 40), ("C", 30_000, 1_500, 1),
                                 ("O", 50_000, 250, 16)])
    after = compare_unit_costs([("L", 3_300 * 40, 40, 40), ("C", 22 * 3_000, 3_000, 1),
                                ("O", 220 * 250, 250, 16)])
    for old, new in zip(before.courses, after.courses, strict=True):
        assert new.per_learner == pytest.approx(old.per_learner * 1.10)  # every course +10 %
    assert (after.total_cost, after.total_learners) == (253_000, 3_290)
    assert round(before.per_learner_totals, 2) == 111.73
    assert round(after.per_learner_totals, 2) == 76.90
    assert round(1 - after.per_learner_totals / before.per_learner_totals, 2) == 0.31
    assert ("falls from 200,000 / 1,790 = 111.73 to 253,000 / 3,290 = 76.90, a drop of almost a "
            "third (31 %)") in text(M09)


def test_m09_payback_and_npv_example() -> None:
    prose = text(M09)
    at8, at10 = (appraise(180_000, [70_000, 80_000, 60_000], rate) for rate in (0.08, 0.10))
    for value in at8.discounted[1:]:
        assert f"{value:,.2f}" in prose
    for factor in (1 / 1.08, 1 / 1.08 ** 2, 1 / 1.08 ** 3):
        assert f"| {factor:.4f} |" in prose
    assert f"{sum(at8.discounted[1:]):,.2f}" == "181,031.85" and round(at8.npv, 2) == 1_031.85
    assert at8.payback == 2.5 and round(at8.roi_percent, 1) == 16.7
    assert round(at8.discounted_payback, 2) == 2.98 and at10.discounted_payback is None
    assert round(at10.npv, 2) == -5_169.05
    for phrase in ("**2.5 years**", "**1,031.85**", "ROI of 16.7 %", "**-5,169.05**",
                   "about 2.98 years at 8 %"):
        assert phrase in prose


def test_m09_exercise_answers() -> None:
    content = load_module_content(M09 / "module.yml")
    assert content.item("payback-years").answer == payback_years([-120_000, 50_000, 50_000,
                                                                  50_000])
    assert round(npv(0.10, [-100_000, 40_000, 40_000, 40_000]), 2) == -525.92
    assert content.item("npv-at-ten").answer == round(npv(0.10, [-100_000] + [40_000] * 3))
    a, b = npv(0.08, [-100_000, 60_000, 60_000]), npv(0.08, [-100_000, 30_000, 40_000, 80_000])
    assert (round(a, 2), round(b, 2)) == (6_995.88, 25_577.91)
    assert round(payback_years([-100_000, 60_000, 60_000]), 2) == 1.67
    assert round(payback_years([-100_000, 30_000, 40_000, 80_000]), 2) == 2.38


def test_m09_payback_items() -> None:
    assert round(payback_years([-400_000] + [150_000] * 4), 2) == 2.67
    assert round(150_000 / 400_000, 2) == 0.38
    assert round(npv(0.10, [-50_000, 30_000, 30_000]), 2) == 2_066.12
    assert round(60_000 / 1.21 - 50_000, 2) == -413.22
    assert round(npv(0.10, [0, -50_000, 30_000, 30_000]), 2) == 1_878.29
    assert "2,066.12" in [o.text for o in BANK.get("m09-q16").item.options]


def test_m10_calculator_reproduces_the_second_example_with_the_stated_inputs() -> None:
    prose = text(M10)
    assert ("set the benefit estimate to 336,000, the confidence to 70 % and the fully loaded "
            "costs to 160,000") in prose
    tool = make_tool("roi-calculator")
    tool.controls["benefits"].value = 336_000
    tool.controls["confidence_percent"].value = 70
    tool.controls["costs"].value = 160_000
    assert tool.result.claimed_benefits == 235_200
    assert round(tool.result.roi_percent) == 47 and round(tool.result.bcr, 2) == 1.47


def test_m10_conversion_example() -> None:
    parts = {"advertising": 300, "recruiter": 400, "interviews": 6 * 35, "onboarding": 900,
             "productivity": 690}
    assert parts["interviews"] == 210 and sum(parts.values()) == 2_500
    strict = 2_500 - parts["recruiter"]
    assert strict == 2_100 and 60 * strict == 126_000
    assert roi.roi_percent(60 * strict, 90_000) == 40
    assert round(roi.roi_percent(60 * 2_500, 90_000)) == 67
    assert "(126,000 - 90,000) / 90,000 = 40 %, against 67 %" in text(M10)


def test_m10_chance_section_numbers() -> None:
    result = compare_stores(load_stores())
    prose = text(M10)
    assert round(result.p_value, 3) == 0.004 and f"{result.p_value:.1%}" == "0.4%"
    assert round(result.standard_error, 2) == 1.67
    low, high = -result.ci_high, -result.ci_low  # reductions: comparison minus coached
    assert (round(low, 1), round(high, 1)) == (1.7, 8.3)
    leavers = [round(points / 100 * 1_200) for points in (low, high)]
    assert leavers == [21, 99]
    benefits = [points / 100 * 1_200 * 2_500 for points in (low, high)]
    assert [round(b, -2) for b in benefits] == [51_700, 248_300]
    assert [round(roi.roi_percent(b, 90_000)) for b in benefits] == [-43, 176]
    for phrase in ("(p = 0.004)", "standard error is 1.67 points", "from 8.3 to 1.7 points",
                   "about 21 fewer leavers", "about 99", "about 51,700 and 248,300",
                   "between about -43 % and 176 %"):
        assert phrase in prose
    p_item = (42 + 1) / (10_000 + 1)
    assert round(p_item, 3) == 0.004 and "42 shuffles" in BANK.get("m10-q22").item.stem


def test_m10_forecast_example_and_exercise() -> None:
    forecast = roi.evaluate(20 * 25_000, 160_000, confidence=0.60)
    assert forecast.claimed_benefits == 300_000 and forecast.roi_percent == 87.5
    assert roi.break_even_benefits(160_000) / 20 == 8_000
    follow_up = roi.evaluate(336_000, 160_000, confidence=0.70)
    assert round(follow_up.roi_percent) == 47
    assert "**87.5 %**" in text(M10) and "160,000 of benefit, 8,000 a buyer" in text(M10)
    content = load_module_content(M10 / "module.yml")
    exercise = roi.evaluate(40 * 6_000, 90_000, confidence=0.50)
    assert round(exercise.roi_percent, 1) == content.item("forecast-compute").answer == 33.3
    assert roi.break_even_benefits(90_000) / 40 == 2_250


def test_m10_bank_numbers() -> None:
    assert roi.evaluate(50 * 4_000, 100_000, confidence=0.75).roi_percent == 50
    assert (round(5 - 1.96 * 1.67, 1), round(5 + 1.96 * 1.67, 1)) == (1.7, 8.3)
    assert "1.7 to 8.3 points" in [o.text for o in BANK.get("m10-q23").item.options]
    item = BANK.get("m10-q09").item
    assert "from 10 % of orders to 7 %" in " ".join(item.stem.split())
    assert (10 - 7) - (10 - 9) == 2 and item.answer == "b"


def test_m01_q06_rationale_scores_come_from_the_advisor() -> None:
    scores = advise(5_000, 1, 1, consistency=5, responsiveness=1).scores
    assert scores == {"centralized": 86.0, "federated": 44.0, "decentralized": 14.0}
    rationale = " ".join(why("m01-q06", "c").split())
    assert "Rated 5 for consistency and 1 for local responsiveness" in rationale
    assert "centralized 86, federated 44, decentralized 14" in rationale


def test_m01_cites_lawrence_and_lorsch_with_their_publisher() -> None:
    content = load_module_content(PROJECT / "modules" / "01-training-function" / "module.yml")
    ref = next(r for r in content.references if r.authors.startswith("Lawrence"))
    assert (ref.year, ref.source) == (1967, "Harvard Business School, Division of Research")
