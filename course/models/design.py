"""Instructional design helpers (module 6): an objective checker and a development-hours estimator.

The objective checker reads the first verb of a learning objective and places it on the revised
Bloom taxonomy (Anderson and Krathwohl, 2001). The verb list starts from the 19 cognitive
processes the revision names (and their listed alternative names), plus common workplace verbs
placed where most revised-Bloom lists put them; a verb can serve more than one level, so the level
shown is the usual one and the objective's noun decides in the end. Verbs that name an inner state
("understand", "know", "appreciate", "learn about") are flagged as not measurable, and the checker
looks for hints of a condition and a criterion (Mager, 1997).

The estimator multiplies hours of finished learning by development hours per finished hour. The
ratios are the averages and the low and high figures from one industry survey (Chapman, 2010):
planning anchors with wide spread, not standards.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

LEVELS = ("remember", "understand", "apply", "analyze", "evaluate", "create")
_BY_LEVEL = {
    "remember": "recognize recall identify retrieve list name define state label recite reproduce",
    "understand": "interpret clarify paraphrase represent translate exemplify illustrate "
                  "classify categorize summarize generalize infer conclude extrapolate predict "
                  "compare contrast map match explain describe discuss give-examples-of restate",
    "apply": "apply execute carry-out implement use calculate compute demonstrate perform "
             "operate solve complete conduct administer deliver present facilitate coach negotiate "
             "handle respond-to install configure give-feedback",
    "analyze": "analyze differentiate discriminate distinguish select organize outline "
               "structure integrate attribute deconstruct diagnose break-down",
    "evaluate": "evaluate check detect monitor test critique judge assess appraise justify "
                "recommend defend verify review rate argue prioritize decide",
    "create": "create generate hypothesize plan design produce construct develop devise "
              "formulate compose build draft propose write",
}
VERBS = {verb.replace("-", " "): level for level, words in _BY_LEVEL.items()
         for verb in words.split()}
VAGUE = ("understand", "know", "appreciate", "learn about", "learn", "be aware of",
         "become aware of", "be familiar with", "become familiar with", "familiarize",
         "get to know", "grasp", "comprehend", "realize", "internalize", "believe", "value",
         "gain an understanding of", "develop an understanding of", "have an understanding of",
         "gain an appreciation of", "develop an appreciation of", "gain insight into",
         "gain knowledge of", "be exposed to", "explore", "think about", "see")
_LEAD_IN = re.compile(
    r"^(?:by the end of [^,]*,\s*)?"
    r"(?:(?:the |all |each |every )?(?:learners?|participants?|trainees?|students?|you|managers?|"
    r"staff|employees?|delegates?|attendees?)\s+(?:will|should|can|must)\s+)?"
    r"(?:be able to\s*)?[:\-\u2013]?\s*(?:to\s+)?", re.I)
CONDITION_CUES = (r"given", r"using", r"from (?:a|an|the)", r"when", r"during", r"based on",
                  r"provided with", r"with(?:out)? (?:the |a |an )?(?:aid|help|access|reference|"
                  r"job aid|checklist|template|manual|notes|calculator|spreadsheet|prompts?)",
                  r"in (?:a |an )?(?:role[- ]?play|simulation|scenario|case|live call)",
                  r"on the job", r"under")
CRITERION_CUES = (r"\d+", r"percent", r"within", r"at least", r"no more than", r"at most",
                  r"without (?:any )?errors?", r"error[- ]free", r"every",
                  r"(?:with )?no (?:misses|errors?|omissions|mistakes)", r"accurately",
                  r"correctly", r"to the standard", r"per", r"out of", r"rubric", r"criteria",
                  r"criterion", r"(?:two|three|four|five|six|seven|eight|nine|ten)")
MAX_OBJECTIVES = 30
_CONDITION_FIRST = re.compile(r"^(?:given|using|with|without|when|during|after|based on|"
                              r"provided with|in|on)\b[^,]*,\s*", re.I)
_CONDITION = [re.compile(rf"\b(?:{c})\b", re.I) for c in CONDITION_CUES]
_CRITERION = [re.compile(rf"\b(?:{c})\b", re.I) for c in CRITERION_CUES] + [re.compile("%")]


@dataclass(frozen=True)
class ObjectiveCheck:
    """What the checker found in one objective and what to fix."""

    text: str
    verb: str | None  # the leading verb or phrase found, lower-case
    level: str | None  # its usual revised-Bloom level; None if vague or unknown
    measurable: bool
    vague: bool
    has_condition: bool
    has_criterion: bool
    issues: tuple[str, ...]


def _british(word: str) -> str:
    """Map British spellings (organise, analyse) to the list's spelling."""
    return re.sub(r"ys(e|ed|es|ing)$", r"yz\1", re.sub(r"is(e|ed|es|ing)$", r"iz\1", word))


def _leading(words: list[str], phrases: set[str]) -> str | None:
    """The longest phrase in `phrases` that the word list starts with."""
    for n in (5, 4, 3, 2, 1):
        if len(words) >= n:
            head = " ".join(words[:n])
            if head in phrases or _british(head) in phrases:
                return head if head in phrases else _british(head)
    return None


def check_objective(text: str) -> ObjectiveCheck:
    """Check one learning objective: measurable leading verb, its level, condition, criterion."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("enter an objective to check, e.g. 'Calculate the ROI of a program'")
    body = _LEAD_IN.sub("", text.strip(), count=1)
    # A condition may come first, as in "Given a case, classify ...": the verb follows the comma.
    action = _LEAD_IN.sub("", _CONDITION_FIRST.sub("", body, count=1), count=1)
    words = re.findall(r"[a-z]+(?:-[a-z]+)?", action.lower())
    if not words:
        raise ValueError(f"no words found in the objective {text.strip()!r}")
    issues: list[str] = []
    vague = _leading(words, set(VAGUE))
    verb = None if vague else _leading(words, set(VERBS))
    level = VERBS[verb] if verb else None
    if vague:
        issues.append(f'"{vague}" names an inner state nobody can observe: say what the learner '
                      f"will do to show it (e.g. explain, classify, calculate, decide).")
    elif verb is None:
        issues.append(f'"{words[0]}" is not in the revised-Bloom verb list: start with an '
                      f"observable action verb.")
    rest = words[len((vague or verb or words[0]).split()):]
    pairs = zip(rest, rest[1:], strict=False)
    second = next((w for a, w in pairs if a == "and" and w in VERBS), None)
    if second:
        issues.append(f'Possibly two performances ("... and {second} ..."): split them so each '
                      f"can be taught and assessed.")
    condition = any(p.search(body) for p in _CONDITION)
    criterion = any(p.search(body) for p in _CRITERION)
    if not condition:
        issues.append("No condition found: say in what situation or with what resources "
                      "(e.g. 'given a case', 'using the rate card').")
    if not criterion:
        issues.append("No criterion found: say how well (e.g. 'with no errors', "
                      "'within 10 minutes', 'in 4 of 5 cases').")
    return ObjectiveCheck(text.strip(), vague or verb, level, level is not None, bool(vague),
                          condition, criterion, tuple(issues))


def check_objectives(objectives: str, intended: str = "any") -> tuple[ObjectiveCheck, ...]:
    """Check one objective per line; with an intended level, flag verbs of another level."""
    if not isinstance(objectives, str):
        raise ValueError("objectives must be text, one per line")
    if intended not in ("any", *LEVELS):
        raise ValueError(f"intended level must be 'any' or one of {', '.join(LEVELS)}, "
                         f"not {intended!r}")
    lines = [line for line in objectives.splitlines() if line.strip()]
    if not lines:
        raise ValueError("enter at least one objective, one per line")
    if len(lines) > MAX_OBJECTIVES:
        raise ValueError(f"at most {MAX_OBJECTIVES} objectives at a time, not {len(lines)}")
    checks = []
    for line in lines:
        check = check_objective(line)
        if intended != "any" and check.level and check.level != intended:
            article = "an" if check.level[0] in "aeiou" else "a"
            extra = (f'You intend {intended}, but "{check.verb}" is usually {article} '
                     f"{check.level} verb: pick a verb of the level you mean, or change the level.")
            check = ObjectiveCheck(check.text, check.verb, check.level, check.measurable,
                                   check.vague, check.has_condition, check.has_criterion,
                                   (extra, *check.issues))
        checks.append(check)
    return tuple(checks)


@dataclass(frozen=True)
class Format:
    """A type of learning with its development hours per finished hour (low, average, high)."""

    id: str
    name: str
    low: float
    typical: float
    high: float
    what: str


# Chapman (2010): 249 survey responses; averages with the reported low and high figures.
FORMATS = {
    "ilt": Format("ilt", "Instructor-led training", 22, 43, 82,
                  "classroom or virtual sessions with slides, facilitator and participant guides"),
    "elearning-basic": Format("elearning-basic", "Basic e-learning (level 1)", 49, 79, 125,
                              "text, graphics and simple questions; little interaction"),
    "elearning-interactive": Format("elearning-interactive", "Interactive e-learning (level 2)",
                                    127, 184, 267,
                                    "basic e-learning plus regular interactions and media"),
    "elearning-advanced": Format("elearning-advanced", "Advanced e-learning (level 3)",
                                 217, 490, 716, "simulations, branching scenarios, games"),
}
MAX_FINISHED_HOURS = 200.0


@dataclass(frozen=True)
class DevEstimate:
    """Development hours (and weeks at a given team capacity) for one piece of learning."""

    kind: str
    finished_hours: float
    ratio: float  # the average ratio used for the typical figure
    low_hours: float
    typical_hours: float
    high_hours: float
    team_hours_per_week: float
    low_weeks: float
    typical_weeks: float
    high_weeks: float
    own_ratio: float | None  # the team's own ratio, if given
    own_hours: float | None


def _positive(name: str, value: float, high: float) -> float:
    """Check a positive finite number no larger than `high`; the message names the input."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number, not {value!r}")
    if value <= 0 or value > high:
        raise ValueError(f"{name} must be above 0 and at most {high:g}, not {value:g}")
    return float(value)


def estimate_dev_hours(finished_hours: float, kind: str, team_hours_per_week: float = 30.0,
                       own_ratio: float = 0.0) -> DevEstimate:
    """Finished hours x development ratio for a format -> low, typical and high hours and weeks."""
    hours = _positive("hours of finished learning", finished_hours, MAX_FINISHED_HOURS)
    if kind not in FORMATS:
        raise ValueError(f"unknown kind of learning {kind!r}; use one of {', '.join(FORMATS)}")
    capacity = _positive("team hours per week", team_hours_per_week, 2000)
    own = _positive("your own ratio", own_ratio, 2000) if own_ratio else None
    f = FORMATS[kind]
    low, typical, high = hours * f.low, hours * f.typical, hours * f.high
    return DevEstimate(kind, hours, f.typical, low, typical, high, capacity,
                       low / capacity, typical / capacity, high / capacity,
                       own, hours * own if own else None)
