"""The COM-B barrier sorter (module 5): barrier statements -> COM-B sub-components -> interventions.

COM-B (Michie, van Stralen and West, 2011) says a behavior happens when people have the
Capability, the Opportunity and the Motivation for it, each in two forms. The Behaviour Change
Wheel around it names nine intervention functions; which function can work on which sub-component
follows Table 2 of the same paper (`LINKS`).

Sorting a statement is a first pass, not a verdict: each statement is matched against cue phrases
written for this course (`CUES`), and every match is shown so a manager can see why. A line that
starts with tags, e.g. ``[O-So] My manager never asks about it``, is sorted by the tags instead,
so the manager's own judgement always wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

COMPONENTS = ("physical-capability", "psychological-capability", "physical-opportunity",
              "social-opportunity", "reflective-motivation", "automatic-motivation")
NAMES = {
    "physical-capability": "Physical capability",
    "psychological-capability": "Psychological capability",
    "physical-opportunity": "Physical opportunity",
    "social-opportunity": "Social opportunity",
    "reflective-motivation": "Reflective motivation",
    "automatic-motivation": "Automatic motivation",
}
TAGS = {"C-Ph": "physical-capability", "C-Ps": "psychological-capability",
        "O-Ph": "physical-opportunity", "O-So": "social-opportunity",
        "M-Re": "reflective-motivation", "M-Au": "automatic-motivation"}
COVERS = {
    "physical-capability": "bodily skill, strength, stamina, dexterity",
    "psychological-capability": "knowledge, mental skills, memory, attention, judgement",
    "physical-opportunity": "time, tools, systems, money, place, reminders in the setting",
    "social-opportunity": "what managers, peers and the culture expect, model and allow",
    "reflective-motivation": "conscious beliefs, goals, plans, judgements of worth",
    "automatic-motivation": "habits, emotions, impulses, felt rewards and discomfort",
}

FUNCTIONS = ("education", "persuasion", "incentivisation", "coercion", "training", "restriction",
             "environmental-restructuring", "modelling", "enablement")
FUNCTION_NAMES = {
    "education": "Education", "persuasion": "Persuasion", "incentivisation": "Incentivisation",
    "coercion": "Coercion", "training": "Training", "restriction": "Restriction",
    "environmental-restructuring": "Environmental restructuring", "modelling": "Modelling",
    "enablement": "Enablement",
}
DEFINITIONS = {
    "education": "builds knowledge and understanding",
    "persuasion": "uses messages that stir feelings or prompt action",
    "incentivisation": "sets up an expected reward",
    "coercion": "sets up an expected cost or sanction",
    "training": "builds skill through practice and feedback",
    "restriction": "uses rules to limit the competing behavior",
    "environmental-restructuring": "changes the physical or social setting",
    "modelling": "shows someone worth imitating doing the behavior",
    "enablement": "removes other barriers or adds means beyond teaching and the setting",
}
# Who usually has to lead it: a practical note for L&D managers, not part of the published model.
LEADS = {
    "education": "L&D", "persuasion": "L&D with leaders and communications",
    "incentivisation": "line managers and HR (reward)", "coercion": "line managers, HR, compliance",
    "training": "L&D", "restriction": "policy and process owners",
    "environmental-restructuring": "operations, process and IT owners",
    "modelling": "leaders and respected peers, supported by L&D",
    "enablement": "line managers with L&D and operations",
}
# Michie, van Stralen and West (2011), Table 2: functions that can change each sub-component.
LINKS = {
    "physical-capability": ("training", "enablement"),
    "psychological-capability": ("education", "training", "enablement"),
    "physical-opportunity": ("restriction", "environmental-restructuring", "enablement"),
    "social-opportunity": ("restriction", "environmental-restructuring", "enablement"),
    "reflective-motivation": ("education", "persuasion", "incentivisation", "coercion"),
    "automatic-motivation": ("persuasion", "incentivisation", "coercion",
                             "environmental-restructuring", "modelling", "enablement"),
}
# Cue phrases (regular expressions matched on whole words after contractions are expanded).
CUES = {
    "physical-capability": (
        r"physically", r"strength", r"strong enough", r"stamina", r"dexterity", r"eyesight",
        r"hearing", r"injur\w*", r"lift\w*", r"heavy", r"clumsy", r"fiddly", r"by hand",
        r"motor skills?", r"manual skills?", r"hand-eye", r"my (?:back|hands|eyes)"),
    "psychological-capability": (
        r"(?:do|does|did) not know", r"no idea", r"unaware", r"not aware",
        r"never (?:been )?(?:told|shown|taught|trained)", r"(?:nobody|no one) (?:told|showed)",
        r"(?:do|does|did) not understand", r"confus\w*", r"forg[eo]t\w*", r"remember\w*",
        r"(?:not sure|unsure) (?:how|what|which|when)", r"(?:too )?complicated", r"complex",
        r"lack(?:s|ing)? (?:of )?(?:the )?(?:knowledge|skills?|know-how)",
        r"(?:cannot|could not) work out", r"(?:hard|difficult) to follow", r"lose track",
        r"distract\w*", r"too much to take in"),
    "physical-opportunity": (
        r"no time", r"(?:not|never) enough time", r"lack of time", r"short of time",
        r"time pressure", r"(?:too )?busy", r"workload", r"deadlines?",
        r"(?:no|not enough|lack of) (?:budget|money|funding|resources?|staff|equipment|space|room)",
        r"budget", r"expensive", r"afford\w*", r"systems?", r"software", r"tools?", r"equipment",
        r"access", r"licen[cs]es?", r"log ?in", r"passwords?", r"forms?", r"shifts?", r"rota",
        r"on the road", r"too far", r"noisy", r"noise", r"stock", r"supplies", r"crash\w*",
        r"broken", r"unavailable", r"not available", r"understaffed", r"short-staffed",
        r"no reminders?", r"nothing reminds", r"screens?"),
    "social-opportunity": (
        r"managers?", r"boss(?:es)?", r"supervisors?", r"leaders?", r"colleagues?",
        r"peers?", r"co-?workers?", r"(?:nobody|no one|everyone|everybody) else", r"culture",
        r"norms?", r"the way (?:we do things|things are done)", r"frowned (?:up)?on",
        r"laugh\w* at", r"mock\w*", r"seniors?", r"customers? expect\w*", r"expected to",
        r"peer pressure", r"unwritten rules?", r"looked down on", r"odd one out"),
    "reflective-motivation": (
        r"(?:do|does|did) not see the point", r"no point", r"pointless", r"not worth",
        r"waste of time", r"(?:no|little) (?:benefit|value)", r"makes? no difference",
        r"not my (?:job|role|responsibility|problem)", r"someone else's (?:job|problem)",
        r"(?:do|does) not believe", r"not convinced", r"scepti\w*", r"skepti\w*",
        r"(?:does|do|will) not work", r"why should", r"not (?:a )?priority", r"low priority",
        r"not important", r"not relevant", r"irrelevant", r"not confident", r"doubts?",
        r"no intention", r"not planning to", r"disagree\w*", r"better way"),
    "automatic-motivation": (
        r"habits?", r"habitual\w*", r"used to (?:doing|the old)", r"always done",
        r"(?:the )?old way", r"autopilot", r"automatic\w*", r"without thinking", r"instincts?",
        r"second nature", r"anxious", r"anxiety", r"nervous", r"afraid", r"fear\w*",
        r"scar(?:y|ed)", r"worr(?:y|ied|ies)", r"embarrass\w*", r"awkward", r"uncomfortable",
        r"stress\w*", r"enjoy\w*", r"boring", r"bored", r"tedious", r"hate\w*", r"dislike\w*",
        r"(?:do|does) not like", r"tired of", r"fed up", r"frustrat\w*",
        r"(?:no|never any) (?:reward|recognition|thanks)", r"(?:nobody|no one) (?:notices|thanks)",
        r"feels? (?:wrong|odd|strange|risky)", r"tempt\w*", r"urge"),
}
MAX_BARRIERS = 50
_PATTERNS = {c: [re.compile(rf"\b(?:{cue})\b") for cue in cues] for c, cues in CUES.items()}
_TAG_LINE = re.compile(r"^\s*\[([^\]]*)\]\s*(.*)$")
_CONTRACTIONS = ((r"can't", "cannot"), (r"won't", "will not"), (r"n't", " not"), (r"i'm", "i am"),
                 (r"'re", " are"), (r"'ve", " have"), (r"'ll", " will"))


@dataclass(frozen=True)
class SortedBarrier:
    """One barrier statement with the sub-components it was sorted into and the evidence."""

    text: str
    components: tuple[str, ...]  # in COMPONENTS order; empty when nothing was recognised
    cues: tuple[str, ...]  # the words that matched, or the tags the manager gave
    tagged: bool


@dataclass(frozen=True)
class Suggestion:
    """An intervention function, how many barriers it addresses, and why it is suggested."""

    function: str
    name: str
    barriers: int
    components: tuple[str, ...]
    lead: str
    reason: str


@dataclass(frozen=True)
class Diagnosis:
    """The sorted barriers, a count per sub-component and the ranked intervention functions."""

    barriers: tuple[SortedBarrier, ...]
    counts: dict[str, int]  # component -> number of barriers sorted into it
    suggestions: tuple[Suggestion, ...]
    unsorted: int  # barriers no cue matched; the manager should tag them


def _normalise(text: str) -> str:
    """Lower-case, straighten apostrophes and expand contractions so cues match one spelling."""
    out = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    for short, full in _CONTRACTIONS:
        out = out.replace(short, full)
    return re.sub(r"\s+", " ", out)


def _parse_tags(raw: str, line_no: int) -> tuple[str, ...]:
    """Tags like 'O-So, M-Au' -> component ids; an unknown tag raises ValueError."""
    known = {re.sub(r"[^a-z]", "", tag.lower()): comp for tag, comp in TAGS.items()}
    found = []
    for part in (p.strip() for p in re.split(r"[,;/]+", raw)):
        if not part:
            continue
        comp = known.get(re.sub(r"[^a-z]", "", part.lower()))
        if comp is None:
            raise ValueError(f"line {line_no}: unknown tag [{part}]; use one of "
                             f"{', '.join(TAGS)}")
        found.append(comp)
    if not found:
        raise ValueError(f"line {line_no}: empty tag []; use one of {', '.join(TAGS)}")
    return tuple(c for c in COMPONENTS if c in found)


def classify_barrier(text: str, line_no: int = 1) -> SortedBarrier:
    """Sort one barrier statement into COM-B sub-components by its tags or its cue words."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"line {line_no}: a barrier must be a non-empty sentence")
    tagged = _TAG_LINE.match(text)
    if tagged:
        statement = tagged.group(2).strip()
        if not statement:
            raise ValueError(f"line {line_no}: the tag needs a barrier statement after it")
        comps = _parse_tags(tagged.group(1), line_no)
        return SortedBarrier(statement, comps, tuple(f"[{t}]" for t, c in TAGS.items()
                                                     if c in comps), True)
    plain = _normalise(text)
    comps: list[str] = []
    cues: list[str] = []
    for comp in COMPONENTS:
        hits = [m.group(0) for p in _PATTERNS[comp] if (m := p.search(plain))]
        if hits:
            comps.append(comp)
            cues.extend(f'"{h}"' for h in dict.fromkeys(hits))
    return SortedBarrier(text.strip(), tuple(comps), tuple(cues), False)


def suggest(barriers: Iterable[SortedBarrier]) -> tuple[Suggestion, ...]:
    """Rank intervention functions by how many sorted barriers each can address.

    Ties go to the more specific function (the one linked to fewer sub-components), then to
    the wheel's own order.
    """
    barriers = [b for b in barriers if b.components]
    ranked = []
    for fn in FUNCTIONS:
        comps = tuple(c for c in COMPONENTS
                      if fn in LINKS[c] and any(c in b.components for b in barriers))
        if not comps:
            continue
        n = sum(any(c in b.components for c in comps) for b in barriers)
        what = "; ".join(f"{NAMES[c].lower()} ({sum(c in b.components for b in barriers)})"
                         for c in comps)
        reason = (f"{FUNCTION_NAMES[fn]} {DEFINITIONS[fn]}; it can act on {what}, "
                  f"so it addresses {n} of {len(barriers)} sorted barrier"
                  f"{'s' if len(barriers) != 1 else ''}.")
        ranked.append(Suggestion(fn, FUNCTION_NAMES[fn], n, comps, LEADS[fn], reason))
    ranked.sort(key=lambda s: (-s.barriers, len([c for c in COMPONENTS if s.function in LINKS[c]]),
                               FUNCTIONS.index(s.function)))
    return tuple(ranked)


def sort_barriers(statements: str | Iterable[str]) -> Diagnosis:
    """Barrier statements (one per line, or a list) -> sorted barriers and ranked interventions."""
    if isinstance(statements, str):
        lines = statements.splitlines()
    elif isinstance(statements, Iterable):
        lines = list(statements)
    else:
        raise ValueError("barriers must be text (one per line) or a list of sentences")
    numbered = [(i, line) for i, line in enumerate(lines, start=1)
                if not isinstance(line, str) or line.strip()]
    if not numbered:
        raise ValueError("enter at least one barrier, one per line")
    if len(numbered) > MAX_BARRIERS:
        raise ValueError(f"at most {MAX_BARRIERS} barriers at a time, not {len(numbered)}")
    sorted_ = tuple(classify_barrier(line, i) for i, line in numbered)
    counts = {c: sum(c in b.components for b in sorted_) for c in COMPONENTS}
    return Diagnosis(sorted_, counts, suggest(sorted_),
                     sum(not b.components for b in sorted_))
