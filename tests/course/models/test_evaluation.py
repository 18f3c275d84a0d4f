"""Metric -> Kirkpatrick level, Phillips level and LTEM tier."""

import pytest

from course.models import evaluation
from course.models.evaluation import LTEM_TIERS, PRESETS


def test_frameworks_have_their_published_number_of_levels():
    assert len(evaluation.KIRKPATRICK_LEVELS) == 4
    assert len(evaluation.PHILLIPS_LEVELS) == 5
    assert sorted({t[0] for t in LTEM_TIERS}) == [str(i) for i in range(1, 9)]


@pytest.mark.parametrize("metric, kirk, phil, tier", [
    ("enrolments", None, None, "1"),
    ("satisfaction", 1, 1, "3B"),
    ("quiz-end", 2, 2, "4A"),
    ("quiz-delayed", 2, 2, "4B"),
    ("scenario-test", 2, 2, "5A"),
    ("simulation-delayed", 2, 2, "6B"),
    ("observed-behavior", 3, 3, "7B"),
    ("business-kpi", 4, 4, "8"),
    ("roi", None, 5, "8"),
])
def test_presets(metric, kirk, phil, tier):
    got = evaluation.classify_metric(metric)
    assert (got.kirkpatrick, got.phillips, got.ltem_tier) == (kirk, phil, tier)
    assert got.reason


def test_every_preset_names_a_known_tier_and_levels():
    for label, c in PRESETS.values():
        assert c.metric == label
        assert c.ltem_tier in LTEM_TIERS
        assert c.kirkpatrick in (None, 1, 2, 3, 4)
        assert c.phillips in (None, 1, 2, 3, 4, 5)


def test_labels():
    assert evaluation.classify_metric("roi").kirkpatrick_label.startswith("beyond level 4")
    assert evaluation.classify_metric("roi").phillips_label == "Level 5: Return on investment"
    assert evaluation.classify_metric("enrolments").phillips_label.startswith("outside")
    assert evaluation.classify_metric("observed-behavior").ltem_label == (
        "Tier 7B: Full transfer (unprompted, on the job)")


@pytest.mark.parametrize("text, kirk, phil, tier", [
    ("Course completion rate", None, None, "1"),
    ("Average smile-sheet score", 1, 1, "3B"),
    ("Share of learners who rate the course useful for their job", 1, 1, "3A"),
    ("Post-course quiz score", 2, 2, "4A"),
    ("Quiz score four weeks later", 2, 2, "4B"),
    ("Scenario-based decisions right after the workshop", 2, 2, "5A"),
    ("Observed role-play of a difficult conversation", 2, 2, "6A"),
    ("Supervisor observation of the new checklist on the job", 3, 3, "7"),
    ("Change in customer complaints per 1,000 orders", 4, 4, "8"),
    ("ROI of the coaching programme", None, 5, "8"),
    ("Time spent in the LXP", 1, None, "2"),
])
def test_free_text_descriptions(text, kirk, phil, tier):
    got = evaluation.classify_description(text)
    assert (got.kirkpatrick, got.phillips, got.ltem_tier) == (kirk, phil, tier)
    assert got.metric == text


def test_subtier_reason_says_why():
    assert "No delay is mentioned" in evaluation.classify_description("quiz score").reason
    assert "delay is mentioned" in evaluation.classify_description("quiz retained later").reason


def test_description_wins_over_preset_and_whitespace_is_tidied():
    got = evaluation.classify(metric="satisfaction", description="  error   rate ")
    assert got.kirkpatrick == 4
    assert got.metric == "error rate"
    assert evaluation.classify(metric="satisfaction", description=" ").kirkpatrick == 1


@pytest.mark.parametrize("call, message", [
    (lambda: evaluation.classify_metric("nope"), "unknown metric 'nope'"),
    (lambda: evaluation.classify_description("   "), "describe the metric"),
    (lambda: evaluation.classify_description("the colour of the logo"), "no level recognised"),
    (lambda: evaluation.classify(), "choose a metric or describe one"),
])
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
