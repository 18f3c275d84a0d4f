"""Widget test fixtures: a sample module.yml with one exercise of every kind; a fixed time zone."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from course.content import ModuleContent, load_module_content

SAMPLE = """\
id: m99
title: A sample module for the exercise kit tests
study_time_hours: 1
objectives:
  - {id: o1, bloom: apply, text: "Apply the exercise kit to sample questions."}
exercises:
  - id: pick-one
    kind: single_choice
    objective: o1
    prompt: "Which evaluation level asks whether people use a new skill on the job?"
    options:
      - {id: a, text: "Reaction", why: "Reaction asks how participants felt about the session."}
      - {id: b, text: "Behavior", correct: true, why: "Behavior looks at use on the job."}
      - {id: c, text: "Results", why: "Results looks at outcomes for the organization."}
  - id: pick-many
    kind: multiple_select
    objective: o1
    prompt: "Which of these are direct costs of a workshop?"
    options:
      - {id: a, text: "Facilitator fee", correct: true, why: "The fee is paid for this event."}
      - {id: b, text: "Venue hire", correct: true, why: "The venue is booked for this event."}
      - {id: c, text: "Head office rent", why: "Rent is an overhead shared by all work."}
      - {id: d, text: "Brand value", why: "Brand value is not a cost of the event."}
  - id: tf
    kind: true_false
    objective: o1
    prompt: "A needs analysis comes before the design of a program."
    answer: true
    why: "Design choices depend on the gap the analysis finds."
  - id: roi
    kind: numeric
    objective: o1
    prompt: "Benefits are 125,000 and costs 100,000. What is the ROI?"
    answer: 25
    tolerance: 0.5
    unit: "%"
    why: "ROI = (125,000 - 100,000) / 100,000 x 100 = 25%."
  - id: sort
    kind: categorize
    objective: o1
    prompt: "Sort each measure into its evaluation level."
    buckets:
      - {id: reaction, label: "Reaction"}
      - {id: learning, label: "Learning"}
      - {id: behavior, label: "Behavior"}
    items:
      - {id: smile, text: "End-of-day satisfaction survey", bucket: reaction,
         why: "A satisfaction survey records how the session felt."}
      - {id: quiz, text: "Post-test score", bucket: learning,
         why: "A test score shows what was learned."}
      - {id: observe, text: "Supervisor observation after 60 days", bucket: behavior,
         why: "Observation at work shows whether the skill is used."}
  - id: sequence
    kind: order
    objective: o1
    prompt: "Put the phases in order."
    steps:
      - {id: analyze, text: "Analyze"}
      - {id: design, text: "Design"}
      - {id: develop, text: "Develop"}
      - {id: implement, text: "Implement"}
    why: "Each phase uses what the one before it produced."
  - id: pairs
    kind: match
    objective: o1
    prompt: "Match each role to its main task."
    pairs:
      - {id: sponsor, left: "Sponsor", right: "Funds the program",
         why: "A sponsor owns the budget."}
      - {id: sme, left: "Subject expert", right: "Checks the content", why: "An expert knows it."}
      - {id: designer, left: "Designer", right: "Plans the activities",
         why: "A designer turns goals into activities."}
  - id: stakeholders
    kind: grid
    objective: o1
    prompt: "Place each stakeholder by power and interest."
    x_label: "Interest"
    y_label: "Power"
    quadrants:
      low_low: "Monitor"
      high_low: "Keep informed"
      low_high: "Keep satisfied"
      high_high: "Manage closely"
    items:
      - {id: ceo, text: "Chief executive", x: low, y: high, why: "Powerful but not involved daily."}
      - {id: team, text: "Participants", x: high, y: low, why: "Keen, with little say on budget."}
      - {id: hr, text: "HR director", x: high, y: high, why: "Decides and cares about the result."}
knowledge_check:
  - id: kc-tf
    kind: true_false
    objective: o1
    prompt: "An answers file is saved beside the notebook."
    answer: true
    why: "The autograder reads it from the same folder."
  - id: kc-many
    kind: multiple_select
    objective: o1
    prompt: "Which two are levels of the four-level evaluation model?"
    options:
      - {id: a, text: "Learning", correct: true, why: "Learning is the second level."}
      - {id: b, text: "Results", correct: true, why: "Results is the fourth level."}
      - {id: c, text: "Budget", why: "Budget is not one of the levels."}
reflection:
  prompt: "Where would you use one of these ideas next month?"
references:
  - {authors: "Kirkpatrick, D. L.", year: 1959,
     title: "Techniques for evaluating training programs"}
"""


@pytest.fixture
def module_dir(tmp_path: Path) -> Path:
    """A folder holding the sample module.yml, as a notebook's folder would."""
    (tmp_path / "module.yml").write_text(SAMPLE, encoding="utf-8")
    return tmp_path


@pytest.fixture
def content(module_dir: Path) -> ModuleContent:
    """The sample module's validated content."""
    return load_module_content(module_dir / "module.yml")


@pytest.fixture
def kernel_zone() -> Iterator[None]:
    """The process's local time zone set to UTC+3 (POSIX TZ, no tz database needed)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "LRN-3"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()
