"""Power/interest grid classification and the RACI checker."""

import pytest

from course.models.stakeholders import (
    check_raci,
    map_stakeholders,
    normalize_code,
    strategy_for,
)

# ---- power/interest grid ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("power", "interest", "strategy"),
    [(9, 9, "manage closely"), (8, 2, "keep satisfied"), (2, 8, "keep informed"),
     (2, 2, "monitor"), (6, 6, "manage closely"), (5, 5, "monitor"), (10, 1, "keep satisfied")],
)
def test_quadrants_give_the_four_strategies(power, interest, strategy):
    assert strategy_for(power, interest) == strategy


def test_the_cut_off_is_exclusive_and_adjustable():
    assert strategy_for(5.5, 5.5) == "monitor"
    assert strategy_for(7, 7, cutoff=7.5) == "monitor"
    assert strategy_for(8, 7, cutoff=7.5) == "keep satisfied"


def test_map_places_the_module_example():
    """Module 2, section 3: the sales-coaching programme's six stakeholders."""
    result = map_stakeholders([
        ("Sales director", 9, 9), ("Finance director", 8, 3), ("Regional managers", 6, 8),
        ("Sales reps", 3, 8), ("IT service desk", 3, 2), ("Works council", 7, 4),
    ])
    assert result.by_strategy == {
        "manage closely": ("Sales director", "Regional managers"),
        "keep satisfied": ("Finance director", "Works council"),
        "keep informed": ("Sales reps",),
        "monitor": ("IT service desk",),
    }
    borderline = {p.name for p in result.placements if p.borderline}
    assert borderline == {"Regional managers"}


def test_names_are_trimmed_and_kept_as_given():
    result = map_stakeholders([("  CFO ", 9, 2), ("<b>Union</b>", 4, 9)])
    assert [p.name for p in result.placements] == ["CFO", "<b>Union</b>"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "enter at least one stakeholder"),
        ([("", 5, 5)], "every stakeholder needs a name"),
        ([("CFO", 5, 5), ("cfo ", 6, 6)], "stakeholder 'cfo' is listed twice"),
        ([("CFO", 11, 5)], "power of CFO must be from 1 to 10, not 11"),
        ([("CFO", 5, 0)], "interest of CFO must be from 1 to 10, not 0"),
        ([("CFO", "high", 5)], "power of CFO must be a number"),
    ],
)
def test_bad_stakeholder_input_raises(rows, message):
    with pytest.raises(ValueError, match=message):
        map_stakeholders(rows)


def test_bad_cut_off_raises():
    with pytest.raises(ValueError, match="cut-off must lie between 1 and 10"):
        map_stakeholders([("CFO", 5, 5)], cutoff=10)


# ---- RACI -------------------------------------------------------------------------------

ROLES = ["L&D manager", "Designer", "HR director", "Line managers", "Finance partner"]
EXAMPLE = {  # the module's onboarding-course chart, with four faults
    "Approve the budget": {"L&D manager": "C", "HR director": "A/R", "Line managers": "I"},
    "Write the course": {"L&D manager": "A", "Designer": "R", "Line managers": "C"},
    "Schedule sessions": {"L&D manager": "A", "HR director": "A", "Line managers": "R"},
    "Brief new starters": {"L&D manager": "I", "HR director": "I", "Line managers": "C"},
    "Report completion": {"L&D manager": "A/R", "HR director": "I", "Line managers": "I"},
}


def test_example_chart_shows_its_four_faults():
    report = check_raci(ROLES, EXAMPLE)
    assert not report.ok
    found = [(p.severity, p.where, p.message.split(":")[0]) for p in report.problems]
    assert found == [
        ("error", "Schedule sessions", "2 roles are Accountable (L&D manager, HR director)"),
        ("error", "Brief new starters", "no one is Accountable"),
        ("error", "Brief new starters", "no one is Responsible"),
        ("warning", "Finance partner", "this role has no part in any task"),
    ]
    assert report.accountable["Approve the budget"] == ("HR director",)
    assert report.accountable["Brief new starters"] == ()


def test_a_clean_chart_passes():
    report = check_raci(["Owner", "Doer", "Expert"], {
        "Plan": {"Owner": "A", "Doer": "R", "Expert": "C"},
        "Build": {"Owner": "ar", "Expert": "I"},
    })
    assert report.ok
    assert report.problems == ()


def test_warnings_alone_leave_the_chart_ok():
    report = check_raci(["Owner", "Spare"], {"Plan": {"Owner": "A/R"}})
    assert report.ok
    assert [p.where for p in report.problems] == ["Spare"]


def test_exactly_one_accountable_per_task():
    one = check_raci(["X", "Y"], {"T": {"X": "A", "Y": "R"}})
    two = check_raci(["X", "Y"], {"T": {"X": "A", "Y": "A/R"}})
    none = check_raci(["X", "Y"], {"T": {"X": "R", "Y": "R"}})
    assert one.ok and not two.ok and not none.ok
    assert "2 roles are Accountable (X, Y)" in two.problems[0].message


@pytest.mark.parametrize(("raw", "code"), [(" r ", "R"), ("a/r", "A/R"), ("RA", "A/R"),
                                           ("R/A", "A/R"), ("", ""), ("i", "I")])
def test_codes_are_normalized(raw, code):
    assert normalize_code(raw) == code


@pytest.mark.parametrize(
    ("roles", "matrix", "message"),
    [
        (["X"], {"T": {"X": "Q"}}, "task 'T', role 'X': unknown RACI letter 'Q'"),
        (["X"], {"T": {"Z": "R"}}, "task 'T' names unknown role 'Z'"),
        ([], {"T": {}}, "enter at least one role"),
        (["X"], {}, "enter at least one task"),
        (["X", "x "], {"T": {"X": "A"}}, "role listed twice"),
        (["X", " "], {"T": {"X": "A"}}, "every role needs a name"),
    ],
)
def test_bad_raci_input_raises(roles, matrix, message):
    with pytest.raises(ValueError, match=message):
        check_raci(roles, matrix)


def test_names_with_stray_spaces_still_match():
    report = check_raci([" Owner ", "Doer"], {" Plan ": {"Owner ": "A", " Doer": "R"}})
    assert report.ok
    assert report.accountable == {"Plan": ("Owner",)}


def test_the_alternative_briefing_fix_in_the_module_text():
    """Section 4: line managers R with the L&D manager A also clears the briefing task."""
    fixed = {task: dict(row) for task, row in EXAMPLE.items()}
    fixed["Schedule sessions"]["HR director"] = "C"
    fixed["Brief new starters"].update({"L&D manager": "A", "Line managers": "R"})
    fixed["Approve the budget"]["Finance partner"] = "C"
    assert check_raci(ROLES, fixed).problems == ()


def test_the_raci_faults_exercise_chart():
    """Module 2 exercise raci-faults: keys a (two A), b (no A), d (idle CFO); not c or e."""
    roles = ["L&D manager", "Procurement", "HR director", "Legal", "Line managers", "CFO"]
    report = check_raci(roles, {
        "Shortlist vendors": {"L&D manager": "A", "Procurement": "R", "HR director": "A"},
        "Run the pilot": {"L&D manager": "A/R", "Line managers": "C"},
        "Sign the contract": {"Procurement": "R", "Legal": "C"},
    })
    found = {(p.where, p.message.split(" ")[0] + " " + p.message.split(" ")[1])
             for p in report.problems}
    assert found == {("Shortlist vendors", "2 roles"), ("Sign the contract", "no one"),
                     ("CFO", "this role")}
    assert "Accountable" in next(p.message for p in report.problems
                                 if p.where == "Sign the contract")
