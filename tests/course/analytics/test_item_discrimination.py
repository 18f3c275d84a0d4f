"""The rewritten and new exam items discriminate positively in a synthetic cohort.

A large synthetic cohort (course.cohort's learners and answer model) answers every item of
modules 7-10 and the rewritten m01-q06; item analysis (course.analytics.stats) must not find
negative discrimination on any of them. The simulation injects faults (items answered at random,
far too easy or far too hard) by a hash of the item id, whatever the item says; such items are
left out here and listed by `test_injected_faults_are_known`, so a new injected fault is noticed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from course.analytics.stats import item_statistics
from course.cohort import DEFAULT_SEED, Task, exam_answers, injected_fault, make_profiles
from course.config import load_config
from course.exams import load_bank

PROJECT = Path(__file__).resolve().parents[3]
CONFIG = load_config(PROJECT / "course" / "course.yml")
REWRITTEN = ("m07", "m08", "m09", "m10")
LEARNERS = 1_000


@pytest.fixture(scope="module")
def statistics() -> pd.DataFrame:
    """Item statistics of the rewritten and new items, answered by a 1,000-learner cohort."""
    bank = load_bank(CONFIG)
    entries = [e for e in bank.items if e.module in REWRITTEN or e.id == "m01-q06"]
    items = tuple((e.id, e.item.answer, tuple(o.id for o in e.item.options)) for e in entries)
    task = Task("rewritten-items", "final", dt.datetime(2027, 3, 12, tzinfo=dt.timezone.utc),
                PROJECT, items)
    rows = []
    for n, learner in enumerate(make_profiles(CONFIG, LEARNERS, DEFAULT_SEED, tasks=14)):
        answers = exam_answers(task, learner, DEFAULT_SEED, np.random.default_rng([2027, n]))
        rows.append({item_id: float(answers.get(item_id) == key) for item_id, key, _ in items})
    return item_statistics(pd.DataFrame(rows))


def test_no_rewritten_or_new_item_discriminates_negatively(statistics: pd.DataFrame) -> None:
    ordinary = [i for i in statistics.index if injected_fault(DEFAULT_SEED, i) is None]
    assert len(ordinary) == len(statistics) - 10 == 56
    negative = statistics.loc[ordinary].query("not (discrimination > 0)")
    assert negative.empty, negative[["facility", "discrimination"]].to_string()


def test_injected_faults_are_known(statistics: pd.DataFrame) -> None:
    faults = {i: injected_fault(DEFAULT_SEED, i) for i in statistics.index}
    assert {i: f for i, f in faults.items() if f} == {
        "m07-q11": "easy", "m08-q08": "random", "m09-q01": "easy", "m09-q03": "easy",
        "m09-q10": "hard", "m10-q02": "hard", "m10-q05": "easy", "m10-q07": "easy",
        "m10-q08": "hard", "m10-q23": "hard"}
