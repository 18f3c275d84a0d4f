"""xAPI statements: build one from plain fields, and check one against the data model's rules.

A statement says who (actor) did what (verb, an IRI with a display) to what (object, usually an
activity with an IRI id), optionally with a result (score, success, completion), a context and a
timestamp (ADL, 2016: xAPI 1.0.3). `check_statement` names every problem it finds: errors break a
MUST of the specification (an LRS would reject the statement); warnings miss a SHOULD or a
recommended property.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

ADL = "http://adlnet.gov/expapi/verbs/"
W3ID_ADL = "https://w3id.org/xapi/adl/verbs/"

# Widely used verb IRIs and the English word each displays; the first nine are cmi5's verbs.
VERBS: dict[str, str] = {
    ADL + "launched": "launched",
    ADL + "initialized": "initialized",
    ADL + "completed": "completed",
    ADL + "passed": "passed",
    ADL + "failed": "failed",
    W3ID_ADL + "abandoned": "abandoned",
    W3ID_ADL + "waived": "waived",
    ADL + "terminated": "terminated",
    W3ID_ADL + "satisfied": "satisfied",
    ADL + "attempted": "attempted",
    ADL + "experienced": "experienced",
    ADL + "answered": "answered",
    ADL + "progressed": "progressed",
}
VOIDED = ADL + "voided"

STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored",
                  "authority", "version", "attachments"}
IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
CONTEXT_TYPES = {"parent", "grouping", "category", "other"}

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
_IRL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s/]+[^\s]*$")
_MBOX = re.compile(r"^mailto:[^@\s]+@[^@\s]+\.[^@\s]+$")
_SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?"
                       r"(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")


@dataclass(frozen=True)
class Check:
    """The outcome of checking a statement: errors (MUST) and warnings (SHOULD)."""

    errors: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def valid(self) -> bool:
        """True when nothing breaks a MUST of the specification."""
        return not self.errors


@dataclass(frozen=True)
class Draft:
    """A composed statement and what the checker says about it."""

    statement: dict[str, Any]
    check: Check


def compose(
    *,
    actor_name: str = "",
    mbox: str = "",
    account_home_page: str = "",
    account_name: str = "",
    verb_id: str,
    verb_display: str = "",
    object_id: str,
    object_name: str = "",
    score_scaled: float | None = None,
    success: bool | None = None,
    completion: bool | None = None,
    registration: str = "",
    timestamp: str = "",
    language: str = "en-US",
) -> Draft:
    """Assemble a statement from form fields (blank means "not given") and check it."""
    actor: dict[str, Any] = {"objectType": "Agent"}
    if actor_name.strip():
        actor["name"] = actor_name.strip()
    if mbox.strip():
        address = mbox.strip()
        actor["mbox"] = address if address.startswith("mailto:") else f"mailto:{address}"
    if account_home_page.strip() or account_name.strip():
        actor["account"] = {"homePage": account_home_page.strip(), "name": account_name.strip()}
    verb: dict[str, Any] = {"id": verb_id.strip()}
    display = verb_display.strip() or VERBS.get(verb_id.strip(), "")
    if display:
        verb["display"] = {language: display}
    activity: dict[str, Any] = {"objectType": "Activity", "id": object_id.strip()}
    if object_name.strip():
        activity["definition"] = {"name": {language: object_name.strip()}}
    statement: dict[str, Any] = {"actor": actor, "verb": verb, "object": activity}
    result: dict[str, Any] = {}
    if score_scaled is not None:
        result["score"] = {"scaled": score_scaled}
    if success is not None:
        result["success"] = success
    if completion is not None:
        result["completion"] = completion
    if result:
        statement["result"] = result
    if registration.strip():
        statement["context"] = {"registration": registration.strip()}
    if timestamp.strip():
        statement["timestamp"] = timestamp.strip()
    return Draft(statement, check_statement(statement))


def build_statement(**fields: Any) -> dict[str, Any]:
    """Compose a statement and return it; raise ValueError naming every error if it is invalid."""
    draft = compose(**fields)
    if draft.check.errors:
        raise ValueError("invalid xAPI statement: " + "; ".join(draft.check.errors))
    return draft.statement


def check_statement(statement: Any) -> Check:
    """Check a statement (a parsed JSON object) and name every problem found."""
    errors: list[str] = []
    warnings: list[str] = []
    if not isinstance(statement, Mapping):
        return Check(("a statement must be a JSON object",), ())
    for key in sorted(set(statement) - STATEMENT_KEYS):
        errors.append(f"unknown property {key!r} (an LRS rejects properties the spec does "
                      f"not define)")
    for path in _null_paths(statement, "statement"):
        errors.append(f"{path} is null (an LRS rejects null values outside extensions)")
    for key in ("actor", "verb", "object"):
        if key not in statement:
            errors.append(f"missing {key} (every statement needs actor, verb and object)")
    if "id" in statement and not _is_uuid(statement["id"]):
        errors.append("statement id must be a UUID such as 12345678-1234-5678-1234-567812345678")
    if "actor" in statement:
        _check_agent(statement["actor"], "actor", errors)
    verb_id = _check_verb(statement.get("verb"), errors, warnings) if "verb" in statement else None
    if "object" in statement:
        _check_object(statement["object"], verb_id, errors, warnings)
    if "result" in statement:
        _check_result(statement["result"], errors)
    if "context" in statement:
        _check_context(statement["context"], errors)
    if "timestamp" in statement:
        _check_timestamp(statement["timestamp"], errors, warnings)
    return Check(tuple(errors), tuple(warnings))


def _check_agent(agent: Any, where: str, errors: list[str]) -> None:
    if not isinstance(agent, Mapping):
        errors.append(f"{where} must be an object with an identifier, such as an mbox")
        return
    kind = agent.get("objectType", "Agent")
    if kind not in ("Agent", "Group"):
        errors.append(f"{where} objectType must be Agent or Group, not {kind!r}")
        return
    ifis = [k for k in IFI_KEYS if k in agent]
    if kind == "Group" and not ifis:
        if not isinstance(agent.get("member"), list) or not agent["member"]:
            errors.append(f"{where} is a group with neither an identifier nor members")
        return
    if not ifis:
        errors.append(f"{where} has no identifier: give exactly one of mbox, mbox_sha1sum, "
                      f"openid or account")
    elif len(ifis) > 1:
        errors.append(f"{where} has {len(ifis)} identifiers ({', '.join(ifis)}); "
                      f"it must have exactly one")
    if "name" in agent and not isinstance(agent["name"], str):
        errors.append(f"{where} name must be text")
    if "mbox" in agent and not (isinstance(agent["mbox"], str) and _MBOX.match(agent["mbox"])):
        errors.append(f"{where} mbox must look like mailto:name@example.com")
    if "mbox_sha1sum" in agent and not (isinstance(agent["mbox_sha1sum"], str)
                                        and _SHA1.match(agent["mbox_sha1sum"])):
        errors.append(f"{where} mbox_sha1sum must be 40 hexadecimal characters")
    if "openid" in agent and not _is_iri(agent["openid"]):
        errors.append(f"{where} openid must be a URI")
    if "account" in agent:
        account = agent["account"]
        if not isinstance(account, Mapping):
            errors.append(f"{where} account must be an object with homePage and name")
            return
        if not (isinstance(account.get("homePage"), str) and _IRL.match(account["homePage"])):
            errors.append(f"{where} account homePage must be a web address such as "
                          f"https://lms.example.com")
        if not (isinstance(account.get("name"), str) and account["name"]):
            errors.append(f"{where} account needs a name (the login or id on that system)")


def _check_verb(verb: Any, errors: list[str], warnings: list[str]) -> str | None:
    if not isinstance(verb, Mapping):
        errors.append("verb must be an object with an id and a display")
        return None
    verb_id = verb.get("id")
    if verb_id is None:
        errors.append("verb has no id (an IRI such as http://adlnet.gov/expapi/verbs/completed)")
    elif not _is_iri(verb_id):
        errors.append(f"verb id {verb_id!r} is not an IRI: it needs a scheme, as in "
                      f"http://adlnet.gov/expapi/verbs/completed")
    if "display" not in verb:
        warnings.append("verb has no display; a display such as {\"en-US\": \"completed\"} "
                        "is recommended")
    else:
        _check_language_map(verb["display"], "verb display", errors)
    return verb_id if isinstance(verb_id, str) else None


def _check_object(obj: Any, verb_id: str | None, errors: list[str], warnings: list[str]) -> None:
    if not isinstance(obj, Mapping):
        errors.append("object must be an object, usually an activity with an id")
        return
    kind = obj.get("objectType", "Activity")
    if verb_id == VOIDED and kind != "StatementRef":
        errors.append("the voided verb needs a StatementRef object naming the statement voided")
    if kind == "Activity":
        if "id" not in obj:
            errors.append("object activity has no id (an IRI that names the activity)")
        elif not _is_iri(obj["id"]):
            errors.append(f"object id {obj['id']!r} is not an IRI: it needs a scheme, as in "
                          f"https://learning.example.com/courses/safety")
        definition = obj.get("definition", {})
        if not isinstance(definition, Mapping):
            errors.append("object definition must be an object")
        elif "name" not in definition:
            warnings.append("object activity has no name; a definition name is recommended")
        else:
            _check_language_map(definition["name"], "object name", errors)
    elif kind in ("Agent", "Group"):
        _check_agent(obj, "object", errors)
    elif kind == "StatementRef":
        if not _is_uuid(obj.get("id")):
            errors.append("a StatementRef object needs the UUID of the statement it refers to")
    elif kind == "SubStatement":
        warnings.append("sub-statements are not checked in detail here")
    else:
        errors.append(f"object objectType {kind!r} is not one of Activity, Agent, Group, "
                      f"StatementRef, SubStatement")


def _check_result(result: Any, errors: list[str]) -> None:
    if not isinstance(result, Mapping):
        errors.append("result must be an object")
        return
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            errors.append(f"result {key} must be true or false, not {result[key]!r}")
    if "response" in result and not isinstance(result["response"], str):
        errors.append("result response must be text")
    if "duration" in result and not (isinstance(result["duration"], str)
                                     and _DURATION.match(result["duration"])):
        errors.append("result duration must be an ISO 8601 duration such as PT1H30M")
    if "score" not in result:
        return
    score = result["score"]
    if not isinstance(score, Mapping):
        errors.append("result score must be an object (scaled, raw, min, max)")
        return
    for key in ("scaled", "raw", "min", "max"):
        if key in score and not _is_number(score[key]):
            errors.append(f"score {key} must be a number, not {score[key]!r}")
    numbers = {k: score[k] for k in ("scaled", "raw", "min", "max")
               if k in score and _is_number(score[k])}
    if "scaled" in numbers and not -1 <= numbers["scaled"] <= 1:
        errors.append(f"score scaled must be between -1 and 1, got {numbers['scaled']:g} "
                      f"(use 0.85 for 85 %)")
    if "min" in numbers and "max" in numbers and not numbers["min"] < numbers["max"]:
        errors.append("score min must be less than max")
    if "raw" in numbers:
        if "min" in numbers and numbers["raw"] < numbers["min"]:
            errors.append("score raw is below min")
        if "max" in numbers and numbers["raw"] > numbers["max"]:
            errors.append("score raw is above max")


def _check_context(context: Any, errors: list[str]) -> None:
    if not isinstance(context, Mapping):
        errors.append("context must be an object")
        return
    if "registration" in context and not _is_uuid(context["registration"]):
        errors.append("context registration must be a UUID")
    activities = context.get("contextActivities", {})
    if not isinstance(activities, Mapping):
        errors.append("contextActivities must be an object")
        return
    for key, value in activities.items():
        if key not in CONTEXT_TYPES:
            errors.append(f"contextActivities key {key!r} must be parent, grouping, category "
                          f"or other")
            continue
        for activity in value if isinstance(value, list) else [value]:
            if not (isinstance(activity, Mapping) and _is_iri(activity.get("id"))):
                errors.append(f"every {key} context activity needs an IRI id")


def _check_timestamp(value: Any, errors: list[str], warnings: list[str]) -> None:
    if not isinstance(value, str) or "T" not in value:
        errors.append("timestamp must be an ISO 8601 date and time such as 2027-02-12T10:30:00Z")
        return
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        errors.append(f"timestamp {value!r} is not a valid ISO 8601 date and time")
        return
    if moment.tzinfo is None:
        warnings.append("timestamp has no time zone; add Z (UTC) or an offset such as +01:00")


def _check_language_map(value: Any, where: str, errors: list[str]) -> None:
    if not isinstance(value, Mapping) or not value:
        errors.append(f"{where} must be a language map such as {{\"en-US\": \"...\"}}")
        return
    for tag, text in value.items():
        if not (isinstance(tag, str) and _LANG.match(tag)):
            errors.append(f"{where} key {tag!r} is not a language tag such as en-US")
        if not isinstance(text, str):
            errors.append(f"{where} value for {tag!r} must be text")


def _null_paths(value: Any, path: str) -> list[str]:
    """Where a value is null, skipping extensions (the only place null is allowed)."""
    if value is None:
        return [path]
    if isinstance(value, Mapping):
        return [p for key, item in value.items() if key != "extensions"
                for p in _null_paths(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _null_paths(item, f"{path}[{i}]")]
    return []


def _is_iri(value: Any) -> bool:
    return isinstance(value, str) and bool(_IRI.match(value))


def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
