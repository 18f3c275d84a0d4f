"""The practicum case: shipped files come from the seeded generator and pass validation."""

import shutil

import pytest

from course.errors import ConfigError
from course.practicum import generate
from course.practicum.case import DATA, load_case, shipped_case


def test_shipped_files_are_exactly_what_the_generator_writes(tmp_path):
    generate.write_case(tmp_path)
    for name in generate.case_files():
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_another_seed_gives_other_numbers():
    assert generate.case_files(1)["offerings.csv"] != generate.case_files()["offerings.csv"]


def test_the_case_has_what_the_curriculum_asks_for():
    case = shipped_case()
    assert 35 <= len(case.offerings) <= 45
    assert len(case.stakeholders) >= 8
    assert {o.modality for o in case.offerings} == {
        "instructor-led", "virtual classroom", "self-paced e-learning", "blended", "on-the-job"}
    assert any(o.proprietary for o in case.offerings)
    assert any(not o.goals for o in case.offerings)
    assert any(o.learning is None for o in case.offerings)
    assert any(o.behavior is not None for o in case.offerings)
    assert "Merrowvale Foods" in case.brief and "fictional" in case.brief


def test_budget_figures_add_up():
    case = shipped_case()
    budget = case.organization.budget
    fixed = sum(line.amount for line in budget.fixed_costs)
    assert budget.previous_spend == sum(o.cost for o in case.offerings) + fixed
    assert budget.available < budget.previous_spend
    cut = (1 - budget.available / budget.previous_spend) * 100
    assert f"a cut of {cut:.0f} %" in case.brief
    assert f"GBP {budget.available:,}" in case.brief


def test_the_budget_can_be_met_by_a_careful_plan():
    case = shipped_case()
    budget = case.organization.budget
    rows = [o.model_dump(mode="json") | {"goals": " ".join(o.goals),
                                         "mandatory": "yes" if o.mandatory else "no",
                                         "alt_cost": "" if o.alt_cost is None else o.alt_cost}
            for o in case.offerings]
    saved = generate.obvious_savings(rows)
    needed = (budget.previous_spend + sum(c.amount for c in budget.commitments)
              - budget.available)
    assert 0 < needed < saved


def test_offering_cost_under_each_source():
    case = shipped_case()
    made = next(o for o in case.offerings if o.source == "make" and o.alt_cost is not None)
    assert made.cost_if("make") == made.cost and made.cost_if("buy") == made.alt_cost
    own = next(o for o in case.offerings if o.proprietary and o.source == "make")
    assert own.cost_if("buy") is None
    assert own.learning_hours == own.enrolments * own.hours


def _copy(tmp_path):
    folder = tmp_path / "case"
    shutil.copytree(DATA, folder)
    return folder


def test_a_bad_row_is_named_by_file_line_and_field(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "offerings.csv"
    lines = path.read_text().splitlines()
    fields = lines[3].split(",")
    fields[lines[0].split(",").index("satisfaction")] = "7.5"
    lines[3] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ConfigError) as err:
        load_case(folder)
    message = str(err.value)
    assert "offerings.csv" in message and "line 4" in message and "satisfaction" in message


def test_an_unknown_goal_is_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "offerings.csv"
    path.write_text(path.read_text().replace(",G4,", ",G9,", 1))
    with pytest.raises(ConfigError, match="G9"):
        load_case(folder)


def test_a_missing_file_is_named(tmp_path):
    folder = _copy(tmp_path)
    (folder / "stakeholders.csv").unlink()
    with pytest.raises(ConfigError, match="stakeholders.csv: file not found"):
        load_case(folder)
