"""Portfolio rationalization: quadrant and suggested action per offering."""

import pytest

from course.models import portfolio
from course.models.portfolio import ACTIONS, Placement


def test_actions_tuple_is_the_public_contract():
    assert ACTIONS == ("sustain", "revise", "outsource", "retire")


@pytest.mark.parametrize("value, distinct, action", [
    (5, 5, "sustain"),
    (4.5, 1, "outsource"),
    (1, 4.5, "revise"),
    (1, 1, "retire"),
])
def test_each_quadrant_has_its_action(value, distinct, action):
    got, reason = portfolio.suggest_action(value, distinct)
    assert got == action
    assert len(reason) > 20


def test_score_at_the_cut_counts_as_high():
    assert portfolio.suggest_action(3, 3)[0] == "sustain"
    assert portfolio.suggest_action(2.99, 3)[0] == "revise"
    assert portfolio.suggest_action(3, 2.99)[0] == "outsource"


def test_custom_cuts_move_the_boundary():
    assert portfolio.suggest_action(3.5, 3.5, value_cut=4, distinct_cut=4)[0] == "retire"
    assert portfolio.suggest_action(2, 2, value_cut=2, distinct_cut=2)[0] == "sustain"


def test_rationalize_keeps_order_and_fills_placements():
    rows = [("SAF-101", 4.8, 4.6), ("EXL-02", 4.0, 1.5), ("HIST-9", 1.5, 4.0), ("OLD-7", 2, 2)]
    placed = portfolio.rationalize(rows)
    assert [p.offering_id for p in placed] == ["SAF-101", "EXL-02", "HIST-9", "OLD-7"]
    assert [p.action for p in placed] == ["sustain", "outsource", "revise", "retire"]
    assert placed[1] == Placement("EXL-02", 4.0, 1.5, "high value, low distinctiveness",
                                  "outsource", placed[1].reason)
    assert portfolio.action_counts(placed) == {"sustain": 1, "revise": 1, "outsource": 1,
                                               "retire": 1}


def test_rationalize_empty_catalog():
    assert portfolio.rationalize([]) == []


@pytest.mark.parametrize("value, distinct, message", [
    (0, 3, "strategic value must be between 1 and 5"),
    (3, 5.5, "distinctiveness must be between 1 and 5"),
    (float("nan"), 3, "strategic value must be between 1 and 5"),
    ("high", 3, "strategic value must be a number"),
])
def test_scores_outside_the_scale_are_refused(value, distinct, message):
    with pytest.raises(ValueError, match=message):
        portfolio.suggest_action(value, distinct)


def test_bad_cut_is_refused():
    with pytest.raises(ValueError, match="cut-off must be between 1 and 5"):
        portfolio.suggest_action(3, 3, value_cut=6)


def test_rationalize_names_the_bad_offering():
    with pytest.raises(ValueError, match="offering 'B': distinctiveness"):
        portfolio.rationalize([("A", 3, 3), ("B", 3, 9)])
    with pytest.raises(ValueError, match="appears twice"):
        portfolio.rationalize([("A", 3, 3), ("A", 2, 2)])
    with pytest.raises(ValueError, match="non-empty id"):
        portfolio.rationalize([("  ", 3, 3)])
    with pytest.raises(ValueError, match="two scores"):
        portfolio.rationalize([("A", 3)])
