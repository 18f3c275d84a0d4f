"""The xAPI statement builder and checker: valid statements, named errors, warnings."""

import json

import pytest

from course.models.xapi import ADL, VERBS, build_statement, check_statement, compose

COMPLETED = ADL + "completed"
COURSE = "https://learning.example.com/courses/safe-lifting"


def minimal(**extra):
    statement = {"actor": {"mbox": "mailto:ana.ruiz@example.com"},
                 "verb": {"id": COMPLETED, "display": {"en-US": "completed"}},
                 "object": {"id": COURSE, "definition": {"name": {"en-US": "Safe lifting"}}}}
    statement.update(extra)
    return statement


def errors_of(statement):
    return " | ".join(check_statement(statement).errors)


def test_module_worked_example_builds_the_expected_json():
    statement = build_statement(
        actor_name="Ana Ruiz", mbox="ana.ruiz@example.com", verb_id=COMPLETED,
        object_id=COURSE, object_name="Safe lifting refresher", score_scaled=0.85,
        success=True, completion=True, timestamp="2027-02-12T10:30:00Z")
    assert statement == {
        "actor": {"objectType": "Agent", "name": "Ana Ruiz",
                  "mbox": "mailto:ana.ruiz@example.com"},
        "verb": {"id": COMPLETED, "display": {"en-US": "completed"}},
        "object": {"objectType": "Activity", "id": COURSE,
                   "definition": {"name": {"en-US": "Safe lifting refresher"}}},
        "result": {"score": {"scaled": 0.85}, "success": True, "completion": True},
        "timestamp": "2027-02-12T10:30:00Z",
    }
    assert json.loads(json.dumps(statement)) == statement  # plain JSON


def test_account_actor_and_registration_are_valid():
    draft = compose(account_home_page="https://lms.example.com", account_name="ar-10442",
                    verb_id=ADL + "passed", object_id=COURSE, object_name="Quiz",
                    registration="ec531277-b57b-4c15-8d91-d292c5b2b8f7")
    assert draft.check.valid and draft.check.warnings == ()
    assert draft.statement["actor"]["account"] == {"homePage": "https://lms.example.com",
                                                   "name": "ar-10442"}
    assert draft.statement["verb"]["display"] == {"en-US": "passed"}
    assert draft.statement["context"] == {"registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7"}
    assert "result" not in draft.statement and "timestamp" not in draft.statement


def test_cmi5_verbs_are_listed_with_their_iris():
    assert VERBS["https://w3id.org/xapi/adl/verbs/satisfied"] == "satisfied"
    assert VERBS[ADL + "launched"] == "launched"
    assert list(VERBS)[:9] == [ADL + "launched", ADL + "initialized", ADL + "completed",
                               ADL + "passed", ADL + "failed",
                               "https://w3id.org/xapi/adl/verbs/abandoned",
                               "https://w3id.org/xapi/adl/verbs/waived", ADL + "terminated",
                               "https://w3id.org/xapi/adl/verbs/satisfied"]


def test_minimal_statement_is_valid():
    check = check_statement(minimal())
    assert check.valid and check.errors == () and check.warnings == ()


@pytest.mark.parametrize("statement, message", [
    ({k: v for k, v in minimal().items() if k != "actor"}, "missing actor"),
    ({k: v for k, v in minimal().items() if k != "verb"}, "missing verb"),
    ({k: v for k, v in minimal().items() if k != "object"}, "missing object"),
    (minimal(actor={"name": "Ana"}), "actor has no identifier"),
    (minimal(actor={"mbox": "mailto:a@example.com", "account": {
        "homePage": "https://lms.example.com", "name": "a1"}}), "actor has 2 identifiers"),
    (minimal(actor={"mbox": "ana@example.com"}), "mbox must look like mailto:"),
    (minimal(actor={"account": {"homePage": "lms", "name": "a1"}}), "homePage must be a web"),
    (minimal(actor={"account": {"homePage": "https://lms.example.com"}}), "account needs a name"),
    (minimal(actor={"mbox_sha1sum": "abc"}), "40 hexadecimal"),
    (minimal(actor={"objectType": "Person", "mbox": "mailto:a@example.com"}), "Agent or Group"),
    (minimal(actor={"objectType": "Group"}), "neither an identifier nor members"),
    (minimal(verb={"id": "completed"}), "verb id 'completed' is not an IRI"),
    (minimal(verb={"display": {"en-US": "completed"}}), "verb has no id"),
    (minimal(verb={"id": COMPLETED, "display": "completed"}), "language map"),
    (minimal(verb={"id": COMPLETED, "display": {"English": "completed"}}), "not a language tag"),
    (minimal(object={"id": "safe lifting"}), "object id 'safe lifting' is not an IRI"),
    (minimal(object={"definition": {"name": {"en-US": "x"}}}), "object activity has no id"),
    (minimal(object={"objectType": "Course", "id": COURSE}), "not one of Activity"),
    (minimal(result={"score": {"scaled": 85}}), "between -1 and 1"),
    (minimal(result={"score": {"scaled": "0.85"}}), "scaled must be a number"),
    (minimal(result={"score": {"raw": 12, "min": 0, "max": 10}}), "raw is above max"),
    (minimal(result={"score": {"raw": -1, "min": 0, "max": 10}}), "raw is below min"),
    (minimal(result={"score": {"min": 10, "max": 10}}), "min must be less than max"),
    (minimal(result={"success": "true"}), "success must be true or false"),
    (minimal(result={"duration": "90 minutes"}), "ISO 8601 duration"),
    (minimal(context={"registration": "42"}), "registration must be a UUID"),
    (minimal(context={"contextActivities": {"course": [{"id": COURSE}]}}), "must be parent"),
    (minimal(context={"contextActivities": {"parent": [{"id": "x y"}]}}), "needs an IRI id"),
    (minimal(timestamp="12/02/2027 10:30"), "ISO 8601 date and time"),
    (minimal(timestamp="2027-02-30T10:30:00Z"), "not a valid ISO 8601"),
    (minimal(id="1"), "statement id must be a UUID"),
    (minimal(grade="A"), "unknown property 'grade'"),
    (minimal(result={"completion": None}), "statement.result.completion is null"),
    (minimal(verb={"id": ADL + "voided"}), "needs a StatementRef"),
    ("not a statement", "a statement must be a JSON object"),
])
def test_each_problem_is_named(statement, message):
    assert message in errors_of(statement)


def test_several_problems_are_all_reported():
    check = check_statement({"actor": {}, "verb": {"id": "done"}})
    assert not check.valid
    assert len(check.errors) == 3  # no identifier, verb not an IRI, missing object


@pytest.mark.parametrize("statement, message", [
    (minimal(verb={"id": COMPLETED}), "verb has no display"),
    (minimal(object={"id": COURSE}), "object activity has no name"),
    (minimal(timestamp="2027-02-12T10:30:00"), "no time zone"),
    (minimal(object={"objectType": "SubStatement"}), "not checked in detail"),
])
def test_missing_recommended_parts_are_warnings_not_errors(statement, message):
    check = check_statement(statement)
    assert check.valid
    assert message in " | ".join(check.warnings)


def test_voiding_statement_with_statement_ref_is_valid():
    statement = minimal(verb={"id": ADL + "voided", "display": {"en-US": "voided"}},
                        object={"objectType": "StatementRef",
                                "id": "e05aa883-acaf-40ad-bf54-02c8ce485fb0"})
    assert check_statement(statement).valid


def test_extensions_may_hold_null():
    statement = minimal(result={"completion": True, "extensions": {"https://x.example/y": None}})
    assert check_statement(statement).valid


def test_valid_duration_and_offset_timestamp():
    statement = minimal(result={"duration": "PT1H30M", "score": {"raw": 8, "min": 0, "max": 10}},
                        timestamp="2027-02-12T10:30:00+01:00")
    assert check_statement(statement).valid


def test_build_statement_raises_naming_every_error():
    with pytest.raises(ValueError) as caught:
        build_statement(verb_id="completed", object_id="course one", score_scaled=1.5)
    message = str(caught.value)
    assert message.startswith("invalid xAPI statement:")
    for part in ("actor has no identifier", "verb id 'completed' is not an IRI",
                 "object id 'course one' is not an IRI", "between -1 and 1"):
        assert part in message


def test_compose_adds_mailto_and_keeps_an_existing_one():
    plain = compose(mbox="ana@example.com", verb_id=COMPLETED, object_id=COURSE)
    prefixed = compose(mbox="mailto:ana@example.com", verb_id=COMPLETED, object_id=COURSE)
    assert plain.statement["actor"]["mbox"] == prefixed.statement["actor"]["mbox"] \
        == "mailto:ana@example.com"


def test_unknown_verb_without_display_warns():
    draft = compose(mbox="ana@example.com", verb_id="https://example.com/verbs/coached",
                    object_id=COURSE, object_name="Coaching")
    assert draft.check.valid
    assert "verb has no display" in draft.check.warnings[0]


def test_module_exercise_and_exam_statements_fail_for_the_keyed_reasons():
    # module 7 exercise "xapi-errors": options a, b and c are errors, d and e are not
    exercise = {"actor": {"mbox": "mailto:li.wei@example.com",
                          "account": {"homePage": "https://lms.example.com", "name": "lw77"}},
                "verb": {"id": "completed", "display": {"en-US": "completed"}},
                "object": {"id": "https://courses.example.com/gdpr-basics"},
                "result": {"score": {"scaled": 92}, "success": True}}
    check = check_statement(exercise)
    assert len(check.errors) == 3
    assert "2 identifiers" in check.errors[0] and "not an IRI" in check.errors[1]
    assert "between -1 and 1" in check.errors[2]
    assert check.warnings == ("object activity has no name; a definition name is recommended",)
    # exam m07-q08: only the account actor (option a) is valid
    base = minimal()
    account = {"account": {"homePage": "https://people.example.com", "name": "58113"}}
    assert check_statement({**base, "actor": account}).valid
    for actor in ({"name": "58113"}, {"account": {"name": "58113"}},
                  {"mbox": "58113@people.example.com", **account}):
        assert not check_statement({**base, "actor": actor}).valid
    # exam m07-q09: scaled 78 and success "true" are the two errors; the fix is valid
    wrong = {"score": {"scaled": 78, "raw": 78, "min": 0, "max": 100}, "success": "true"}
    assert len(check_statement({**base, "result": wrong}).errors) == 2
    fixed = {"score": {"scaled": 0.78, "raw": 78, "min": 0, "max": 100}, "success": True}
    assert check_statement({**base, "result": fixed}).valid
