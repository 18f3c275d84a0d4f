"""Classify an evaluation metric by Kirkpatrick level, Phillips level and LTEM tier.

Kirkpatrick (1959): 1 reaction, 2 learning, 3 behavior, 4 results. Phillips (1997/2003) keeps
those four (reaction with planned action; application for behavior; business impact for results)
and adds 5, return on investment. Thalheimer's LTEM (2018) has eight tiers, from attendance to the
effects of transfer, and splits learning evidence by what is measured and when. Counts of
attendance or activity sit outside the Kirkpatrick and Phillips levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KIRKPATRICK_LEVELS = {1: "Reaction", 2: "Learning", 3: "Behavior", 4: "Results"}
PHILLIPS_LEVELS = {1: "Reaction and planned action", 2: "Learning",
                   3: "Application and implementation", 4: "Business impact",
                   5: "Return on investment"}
LTEM_TIERS = {"1": "Attendance", "2": "Activity", "3": "Learner perceptions",
              "3A": "Learner perceptions of learning effectiveness",
              "3B": "Learner perceptions of other things (e.g. enjoyment, the instructor)",
              "4": "Knowledge", "4A": "Knowledge recitation", "4B": "Knowledge retention",
              "5": "Decision-making competence", "5A": "Decision-making competence, right after",
              "5B": "Decision-making competence, retained days later",
              "6": "Task competence", "6A": "Task competence, right after",
              "6B": "Task competence, retained days later",
              "7": "Transfer", "7A": "Assisted transfer (prompted or supported)",
              "7B": "Full transfer (unprompted, on the job)", "8": "Effects of transfer"}
OUTSIDE = "outside the levels (an input or activity count)"


@dataclass(frozen=True)
class Classification:
    """Where one metric sits in the three frameworks, and why."""

    metric: str
    kirkpatrick: int | None
    phillips: int | None
    ltem_tier: str
    reason: str

    @property
    def kirkpatrick_label(self) -> str:
        """Level name, or a note that the metric sits outside the four levels."""
        if self.kirkpatrick is None:
            return "beyond level 4 (costs weighed against results)" if self.phillips == 5 \
                else OUTSIDE
        return f"Level {self.kirkpatrick}: {KIRKPATRICK_LEVELS[self.kirkpatrick]}"

    @property
    def phillips_label(self) -> str:
        """Level name, or a note that the metric sits outside the five levels."""
        if self.phillips is None:
            return OUTSIDE
        return f"Level {self.phillips}: {PHILLIPS_LEVELS[self.phillips]}"

    @property
    def ltem_label(self) -> str:
        """Tier number and name."""
        return f"Tier {self.ltem_tier}: {LTEM_TIERS[self.ltem_tier]}"


# (id, label, kirkpatrick, phillips, ltem, reason): metrics a training manager meets every week.
_PRESETS = (
    ("enrolments", "Number of enrolments and completions", None, None, "1",
     "It counts who signed up, started or finished. It shows reach, not that anyone learned."),
    ("participation", "Posts, clicks and time spent in the course", 1, None, "2",
     "Activity inside the course. The later Kirkpatrick additions treat engagement as part of "
     "level 1; Phillips has no level for it; LTEM calls it activity."),
    ("satisfaction", "End-of-course satisfaction rating", 1, 1, "3B",
     "Learners' opinion of the experience. Liking a course says little about what they can do."),
    ("relevance", "Learners rate how useful the content will be in their job", 1, 1, "3A",
     "A perception of learning effectiveness: better than enjoyment, still an opinion."),
    ("intent", "Action plans and stated intent to apply", 2, 1, "3A",
     "Commitment sits at level 2 in the later Kirkpatrick additions; Phillips counts planned "
     "action at level 1; it is still the learner's own perception."),
    ("quiz-end", "Multiple-choice quiz score at the end of the course", 2, 2, "4A",
     "Recall of facts measured right away: knowledge recitation, weak evidence of job "
     "performance."),
    ("quiz-delayed", "The same quiz repeated four weeks later", 2, 2, "4B",
     "Knowledge measured after a delay shows what was retained, still recall, not doing."),
    ("scenario-test", "Scenario questions asking what to do in a realistic case", 2, 2, "5A",
     "Realistic decisions right after learning: decision-making competence."),
    ("simulation", "Observed role-play or simulation scored against a checklist", 2, 2, "6A",
     "Performing the task in practice conditions, in or right after the course."),
    ("simulation-delayed", "The skill demonstration repeated a month later", 2, 2, "6B",
     "Task competence that survived a delay: the strongest evidence short of the job itself."),
    ("job-aid-use", "Use of the new procedure when a coach or job aid prompts it", 3, 3, "7A",
     "Applied on the job, but with support: assisted transfer."),
    ("observed-behavior", "Supervisor observation of the new practice in daily work", 3, 3, "7B",
     "Unprompted use on the job: behavior, application, full transfer."),
    ("business-kpi", "Change in error rate, sales, turnover or safety incidents", 4, 4, "8",
     "A business outcome the program set out to move; credible only once the program's share "
     "is isolated from other causes."),
    ("roi", "ROI % or benefit-cost ratio of the program", None, 5, "8",
     "Monetised results compared with fully loaded costs: Phillips' fifth level. LTEM has no "
     "cost tier; the money is an effect of transfer on the organization."),
)
PRESETS: dict[str, tuple[str, Classification]] = {
    pid: (label, Classification(label, k, p, t, why)) for pid, label, k, p, t, why in _PRESETS
}

# Free-text rules, checked from the top: the highest level a description reaches wins.
_DELAY = r"(later|delayed|weeks? after|months? after|follow[- ]?up|retention test|retained)"
_RULES = (
    (r"\b(roi|bcr)\b|return on investment|benefit[- ]cost|cost[- ]benefit|payback", None, 5, "8",
     "It weighs monetised benefits against costs: Phillips level 5."),
    (r"revenue|sales|profit|turnover|attrition|staff retention|employee retention|error rate|"
     r"defect|incident|accident|injur|complaint|customer satisfaction|productivity|"
     r"cost saving|cycle time|scrap|rework|absentee|grievance|market share|quality score", 4, 4,
     "8", "It names a business outcome (results; business impact; effects of transfer)."),
    (r"simulat|role[- ]?play|skill demonstration|demonstrates? the (skill|task)|hands[- ]on|"
     r"practical (test|assessment)", 2, 2, "6",
     "It asks the learner to perform the task in practice conditions: task competence."),
    (r"on the job|in their work|back at work|observ|supervisor|manager report|behaviou?r|"
     r"\bapplies\b|\bapplied\b|application|adopt|\b360\b|uses? the|in practice at work", 3, 3, "7",
     "It looks at what people do at work (behavior; application). LTEM splits transfer into "
     "7A, assisted by prompts or coaching, and 7B, full and unprompted."),
    (r"scenario|case[- ]based|decision|judge?ment|what (would|should) you do", 2, 2, "5",
     "It asks for realistic decisions: decision-making competence."),
    (r"quiz|test|exam|recall|knowledge|multiple[- ]choice|assessment score", 2, 2, "4",
     "It checks knowledge: learning, but recall rather than performance."),
    (r"confiden|commit|intend|intention|action plan|plan to", 2, 1, "3A",
     "It asks learners what they feel ready or intend to do: commitment and confidence are "
     "level 2 in the later Kirkpatrick additions, planned action is Phillips level 1, and LTEM "
     "treats both as learner perceptions."),
    (r"useful|relevan|worthwhile|valuable|effective", 1, 1, "3A",
     "Learners judge the learning's usefulness: a perception of effectiveness."),
    (r"satisf|smile[- ]?sheet|enjoy|liked|rating|net promoter|\bnps\b|reaction|feedback|instructor",
     1, 1, "3B", "It records learners' opinions of the experience (reaction)."),
    (r"engage|participat|click|time spent|posts?\b|views|logins?|activity", 1, None, "2",
     "It counts activity during learning; the later Kirkpatrick additions treat engagement as "
     "level 1."),
    (r"attend|enrol|enroll|complet|registr|headcount|seats|sign[- ]?up|hours of training|"
     r"number of (learners|participants)", None, None, "1",
     "It counts attendance or completion: reach, not learning."),
)


def classify_metric(metric_id: str) -> Classification:
    """Classification of one of the preset metrics (see PRESETS)."""
    try:
        return PRESETS[metric_id][1]
    except KeyError:
        raise ValueError(f"unknown metric {metric_id!r}; choose one of: "
                         f"{', '.join(PRESETS)}") from None


def classify_description(text: str) -> Classification:
    """Classify a free-text metric description by the highest level its words reach."""
    description = " ".join(str(text).split())
    if not description:
        raise ValueError("describe the metric in a few words")
    lowered = description.lower()
    for pattern, kirk, phil, tier, why in _RULES:
        if re.search(pattern, lowered):
            tier, note = _subtier(tier, lowered)
            return Classification(description, kirk, phil, tier, why + note)
    raise ValueError("no level recognised: say what is counted or observed, e.g. "
                     "'completion rate', 'quiz score', 'observed use on the job', "
                     "'change in error rate'")


def _subtier(tier: str, lowered: str) -> tuple[str, str]:
    """Refine LTEM tiers 4-6: B when the description mentions a delay, else A; say why."""
    if tier not in {"4", "5", "6"}:
        return tier, ""
    if re.search(_DELAY, lowered):
        return tier + "B", f" A delay is mentioned, so tier {tier}B (retained)."
    return tier + "A", (f" No delay is mentioned, so tier {tier}A; the same measure days later "
                        f"would be {tier}B.")


def classify(metric: str = "", description: str = "") -> Classification:
    """Classify a free-text description when given, otherwise the chosen preset metric."""
    if str(description).strip():
        return classify_description(description)
    if not metric:
        raise ValueError("choose a metric or describe one")
    return classify_metric(metric)
