"""Progress against the schedule on the hand-made snapshot (see snapshot.py for the data)."""

from __future__ import annotations

import pandas as pd
import pytest

from course.analytics import analyse, for_group
from course.analytics.data import as_of
from course.analytics.progress import (
    GRACE_DAYS,
    item_status,
    kc_scores,
    learner_status,
    module_completion,
    week_status,
)
from tests.course.analytics.snapshot import EARLY, LATE, snapshot


def _status(items: pd.DataFrame, learner: str, item: str) -> str:
    return items.set_index(["learner", "item"]).loc[(learner, item), "status"]


def test_item_status_on_time_late_behind_missing_open(config) -> None:
    items = item_status(snapshot(config))
    assert _status(items, "ann", "m02") == "on time"  # 16:00 before the 17:00 deadline
    assert _status(items, "cat", "m03") == "on time"  # 16:59
    assert _status(items, "ann", "m03") == "late"
    assert _status(items, "ben", "m03") == "behind"  # due 29 Jan, 4 days 19 h ago
    assert _status(items, "cat", "m01") == "missing"  # due 22 Jan, 11 days 19 h ago
    assert _status(items, "ann", "m05") == "open"  # due 5 Feb
    late = items.set_index(["learner", "item"]).loc[("ann", "m03"), "seconds_late"]
    assert late == 17 * 3600  # 30 Jan 10:00 is 17 h after 29 Jan 17:00
    assert len(items) == 3 * 12


def test_behind_turns_missing_after_the_grace_period(config) -> None:
    due = pd.Timestamp("2027-01-29 17:00", tz="UTC")
    just = snapshot(config, today=due + pd.Timedelta(days=GRACE_DAYS) - pd.Timedelta(seconds=1))
    assert _status(item_status(just), "ben", "m03") == "behind"
    over = snapshot(config, today=due + pd.Timedelta(days=GRACE_DAYS))
    assert _status(item_status(over), "ben", "m03") == "missing"


def test_week_status_is_the_worst_item_of_the_week(config) -> None:
    weeks = week_status(item_status(snapshot(config)))
    assert weeks.loc["ann", [1, 2, 3]].tolist() == ["on track", "late", "upcoming"]
    assert weeks.loc["ben", [1, 2]].tolist() == ["late", "behind"]
    assert weeks.loc["cat", [1, 2]].tolist() == ["missing", "behind"]
    assert learner_status(weeks).to_dict() == {"ann": "late", "ben": "behind",
                                               "cat": "missing"}


def test_module_completion_counts_each_status(config) -> None:
    table = module_completion(item_status(snapshot(config))).set_index("module")
    assert table.loc["m01", ["on time", "late", "behind", "missing", "open"]].tolist() == \
        [1, 1, 0, 1, 0]
    assert table.loc["m01", "submitted"] == pytest.approx(2 / 3)
    assert table.loc["m03", ["on time", "late", "behind"]].tolist() == [1, 1, 1]
    assert table.loc["m05", "open"] == 3
    assert table.loc["m01", "kc_mean"] == pytest.approx((5 / 6 + 2 / 6) / 2)
    assert list(table.index) == [m.id for m in config.modules]


def test_knowledge_check_scores_per_learner_and_module(config) -> None:
    kc = kc_scores(item_status(snapshot(config)))
    assert kc.loc["ann"].dropna().tolist() == pytest.approx([5 / 6, 1, 0.5, 1])
    assert kc.loc["ben"].mean() == pytest.approx(5 / 12)


def test_roster_flags_who_needs_a_word_and_why(config) -> None:
    roster = analyse(snapshot(config)).roster.set_index("learner")
    assert roster.index.tolist() == ["ben", "cat", "ann"]  # at risk first
    assert roster.loc["ben", "reasons"] == ("behind: m03, m04; 2 late submissions; "
                                            "knowledge checks 42% (under 50%)")
    assert roster.loc["cat", "reasons"] == "missing: m01; behind: m04"
    assert not roster.loc["ann", "at_risk"] and roster.loc["ann", "reasons"] == ""
    assert roster.loc["ann", ["modules_done", "modules_due"]].tolist() == [4, 4]
    assert roster.loc["ann", "confidence"] == 4.5
    assert roster.loc["ann", "reflection"] == "Useful <script>x()</script>"
    assert roster.loc["ben", "status"] == "behind"


def test_a_weak_practice_exam_is_a_reason_too(config) -> None:
    roster = analyse(snapshot(config, LATE, exams=True)).roster.set_index("learner")
    assert "practice exam 67% (benchmark 70%)" in roster.loc["ben", "reasons"]
    assert roster.loc["cat", "result"] == "pass" and roster.loc["ben", "result"] == "fail"
    assert roster.loc["ann", "final"] == 0.75


def test_after_the_final_a_learner_who_passed_is_not_at_risk(config) -> None:
    before = analyse(snapshot(config, LATE)).roster.set_index("learner")
    assert before.loc["cat", "at_risk"] and "missing: m01" in before.loc["cat", "reasons"]
    assert before.loc["ann", "at_risk"]  # m05 to m10 were never submitted
    after = analyse(snapshot(config, LATE, exams=True)).roster.set_index("learner")
    assert after.loc["cat", "result"] == "pass" and after.loc["ann", "result"] == "pass"
    assert not after.loc["cat", "at_risk"] and after.loc["cat", "reasons"] == ""
    assert not after.loc["ann", "at_risk"]
    assert after.loc["ben", "result"] == "fail" and after.loc["ben", "at_risk"]
    assert after.index.tolist()[0] == "ben"  # at risk first


def test_a_group_keeps_only_its_learners(config) -> None:
    data = snapshot(config, LATE, exams=True)
    g1 = for_group(data, "g1")
    assert g1.learners["learner"].tolist() == ["ann", "ben"]
    assert set(g1.submissions["learner"]) == set(g1.grades["learner"]) == {"ann", "ben"}
    assert set(analyse(g1).roster["learner"]) == {"ann", "ben"}
    assert for_group(data, "") is data


def test_as_of_uses_the_clock_unless_the_data_is_from_the_future(config) -> None:
    data = snapshot(config)
    explicit = as_of(EARLY.to_pydatetime(), data.submissions["submitted_at"], data.schedule)
    assert explicit == EARLY
    now = as_of(None, pd.Series([pd.Timestamp("2020-01-01", tz="UTC")]), data.schedule)
    assert abs(now - pd.Timestamp.now(tz="UTC")) < pd.Timedelta(minutes=1)
    future = as_of(None, pd.Series([pd.Timestamp("2099-01-01", tz="UTC")]), data.schedule)
    assert future == pd.Timestamp("2099-01-01", tz="UTC")
    soon = pd.Timestamp.now(tz="UTC") + pd.Timedelta(days=1)
    schedule = pd.DataFrame({"due": [soon + pd.Timedelta(days=10)]})
    ended = as_of(None, pd.Series([soon]), schedule)
    assert ended == soon + pd.Timedelta(days=10 + GRACE_DAYS)  # judged at the course's end


def test_a_cohort_with_no_submissions_yet_is_analysed(config) -> None:
    data = snapshot(config)
    empty = pd.DataFrame([], columns=data.submissions.columns)  # as read from a new gradebook
    fresh = data.__class__(**{**vars(data), "submissions": empty,
                              "grades": data.grades.iloc[0:0]})
    items = item_status(fresh)  # a new real cohort: nothing submitted, nothing graded
    assert set(items["status"]) <= {"open", "behind", "missing"}
    assert (items["seconds_late"] == 0).all()
    assert set(analyse(fresh).roster["learner"]) == {"ann", "ben", "cat"}
