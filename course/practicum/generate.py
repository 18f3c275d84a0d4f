"""The seeded generator that wrote the practicum case shipped in course/practicum/data/.

The organization, its goals, offerings, stakeholders and brief are fictional and written for this
course. Titles, audiences and links to goals are set by hand so the case teaches something (some
offerings are plainly worth keeping, some plainly not, a few are traps); the numbers are drawn
from a seeded generator, so `python -m course.practicum.generate` rewrites the same files byte
for byte. Change the seed or the specification, regenerate, and commit the data with the code.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from pathlib import Path

import yaml

SEED = 2027
DATA = Path(__file__).with_name("data")

# id, title, audience, modality, goals, proprietary, mandatory, source, demand
# demand: high / medium / low enrolments; "weak" offerings also get poorer satisfaction.
OFFERINGS = [
    ("O01", "Allergen control on the production line", "production operators", "blended",
     "G1", True, True, "make", "high"),
    ("O02", "Hazard analysis team refresher", "quality and technical", "instructor-led",
     "G1", False, True, "make", "medium"),
    ("O03", "Line changeover standard work", "production operators", "on-the-job",
     "G1", True, False, "make", "high"),
    ("O04", "Root-cause problem solving for quality incidents", "shift supervisors", "blended",
     "G1", False, False, "make", "medium"),
    ("O05", "Food hygiene for new starters", "new hires", "self-paced e-learning",
     "G1", False, True, "buy", "high"),
    ("O06", "Foreign-body checks and metal detection", "production operators", "on-the-job",
     "G1", True, False, "make", "high"),
    ("O07", "Shift lead foundations", "shift supervisors", "blended",
     "G2", True, False, "make", "medium"),
    ("O08", "Coaching conversations", "shift supervisors", "virtual classroom",
     "G2", False, False, "make", "medium"),
    ("O09", "Buddy scheme for new supervisors", "shift supervisors", "on-the-job",
     "G2", True, False, "make", "medium"),
    ("O10", "Rostering and absence records in the HR system", "shift supervisors",
     "self-paced e-learning", "G2", True, False, "make", "medium"),
    ("O11", "Employment law essentials", "managers", "virtual classroom",
     "", False, False, "buy", "low"),
    ("O12", "Ordering platform for customer service", "customer service", "virtual classroom",
     "G3", True, False, "make", "medium"),
    ("O13", "Warehouse scanning and stock moves", "warehouse and drivers", "on-the-job",
     "G3", True, False, "make", "high"),
    ("O14", "Spreadsheets: intermediate", "office staff", "instructor-led",
     "", False, False, "make", "medium"),
    ("O15", "Spreadsheets: advanced", "office staff", "instructor-led",
     "", False, False, "make", "weak"),
    ("O16", "Presenting with confidence", "all employees", "instructor-led",
     "", False, False, "buy", "weak"),
    ("O17", "Key-account planning", "field sales", "blended",
     "G4", True, False, "make", "medium"),
    ("O18", "Negotiating with buyers", "field sales", "instructor-led",
     "G4", False, False, "buy", "medium"),
    ("O19", "Product knowledge: this season's ranges", "field sales", "self-paced e-learning",
     "G4", True, False, "make", "medium"),
    ("O20", "Handling customer complaints", "customer service", "virtual classroom",
     "G1 G4", False, False, "make", "medium"),
    ("O21", "Safe and economical driving", "warehouse and drivers", "blended",
     "", False, True, "buy", "medium"),
    ("O22", "Forklift operator licence", "warehouse and drivers", "instructor-led",
     "", False, True, "buy", "low"),
    ("O23", "Manual handling", "all employees", "self-paced e-learning",
     "", False, True, "buy", "high"),
    ("O24", "Fire warden duties", "all employees", "instructor-led",
     "", False, True, "buy", "few"),
    ("O25", "Information security basics", "all employees", "self-paced e-learning",
     "G3", False, True, "buy", "high"),
    ("O26", "Lean workplace organization", "production operators", "instructor-led",
     "G1", False, False, "make", "medium"),
    ("O27", "Managing your time", "office staff", "virtual classroom",
     "", False, False, "make", "weak"),
    ("O28", "Lunchtime wellbeing talks", "all employees", "virtual classroom",
     "", False, False, "make", "weak"),
    ("O29", "Leading people through change", "managers", "blended",
     "G3", False, False, "buy", "low"),
    ("O30", "Our story: company history film", "new hires", "self-paced e-learning",
     "", True, False, "make", "weak"),
    ("O31", "Welcome day", "new hires", "instructor-led",
     "G2", True, False, "make", "high"),
    ("O32", "Writing clear emails", "office staff", "self-paced e-learning",
     "", False, False, "buy", "weak"),
    ("O33", "Saving energy on site", "production operators", "self-paced e-learning",
     "", True, False, "make", "low"),
    ("O34", "Recipe development workshop", "quality and technical", "instructor-led",
     "G4", True, False, "make", "low"),
    ("O35", "Leadership development centre", "managers", "blended",
     "G2", False, False, "buy", "low"),
    ("O36", "Project management fundamentals", "office staff", "virtual classroom",
     "G3", False, False, "make", "medium"),
    ("O37", "Customer site etiquette for drivers", "warehouse and drivers",
     "self-paced e-learning", "G4", True, False, "make", "medium"),
    ("O38", "Legacy ordering system refresher", "customer service", "instructor-led",
     "", True, False, "make", "weak"),
    ("O39", "Skills for on-the-job instructors", "shift supervisors", "instructor-led",
     "G1 G2", False, False, "make", "low"),
    ("O40", "Reading the new sales dashboards", "managers", "virtual classroom",
     "G3 G4", False, False, "make", "low"),
]

HOURS = {  # learning hours per learner, by modality
    "instructor-led": (4, 14), "virtual classroom": (1.5, 6), "self-paced e-learning": (0.5, 3),
    "blended": (8, 24), "on-the-job": (6, 30),
}
FIXED = {  # yearly design, maintenance or licence cost, by modality
    "instructor-led": (5000, 12000), "virtual classroom": (3000, 8000),
    "self-paced e-learning": (2500, 9000), "blended": (11000, 24000), "on-the-job": (4000, 10000),
}
PER_LEARNER_HOUR = {  # delivery cost per learner hour, by modality
    "instructor-led": (30, 48), "virtual classroom": (18, 30), "self-paced e-learning": (3, 8),
    "blended": (24, 38), "on-the-job": (12, 20),
}
AUDIENCE_SIZE = {
    "production operators": 1100, "shift supervisors": 140, "quality and technical": 60,
    "new hires": 520, "managers": 110, "customer service": 90, "warehouse and drivers": 380,
    "office staff": 260, "field sales": 70, "all employees": 2350,
}
DEMAND = {"high": (0.55, 0.95), "medium": (0.25, 0.6), "low": (0.06, 0.2), "few": (0.015, 0.03),
          "weak": (0.02, 0.08)}

GOALS = [
    {"id": "G1", "title": "Fewer quality incidents",
     "measure": "quality holds, customer complaints and product withdrawals per year",
     "baseline": 212, "target": 150},
    {"id": "G2", "title": "Keep new shift supervisors",
     "measure": "share of supervisors appointed in the year who leave within 12 months (%)",
     "baseline": 34, "target": 20},
    {"id": "G3", "title": "Customers order online",
     "measure": "share of customer orders placed on the new ordering platform (%)",
     "baseline": 12, "target": 70},
    {"id": "G4", "title": "Grow key accounts",
     "measure": "revenue from the 40 largest customers, change on last year (%)",
     "baseline": 1, "target": 8},
]

STAKEHOLDERS = [
    ("S01", "Dana Okafor", "Chief Operating Officer",
     "Runs the four plants and distribution. Counts every hour operators spend away from the "
     "line and wants quality incidents down before the next customer audit."),
    ("S02", "Martin Greave", "Finance Director",
     "Set this year's L&D budget cut. Wants to see cost per learner fall and doubts benefit "
     "estimates that are not tied to a number finance already tracks."),
    ("S03", "Priya Lindqvist", "HR Director",
     "Sponsors L&D and reports supervisor turnover to the board each quarter. Worried that cuts "
     "will land on the supervisor programmes."),
    ("S04", "Ruth Abiodun", "Head of Quality and Technical",
     "Owns food safety and the customer audits. Will resist any change to allergen or hygiene "
     "training and wants records that stand up to an auditor."),
    ("S05", "Tomasz Wren", "Digital Programme Director",
     "Leads the ordering platform rollout, due live in the third quarter. Needs trained customer "
     "service and warehouse staff on the go-live date and has a budget of his own."),
    ("S06", "Callum Reyes", "Sales Director",
     "Manages the key accounts. Sees courses as days lost with customers, but asked for help "
     "with account planning after two large customers moved to a competitor."),
    ("S07", "Site managers", "Four plant managers",
     "Release people for training and host the on-the-job instructors. Support varies by site; "
     "two of the four rarely release staff in the busy season."),
    ("S08", "Shift supervisors", "About 140 first-line leaders",
     "The people most of the supervisor offerings are for. Say they want practical help with "
     "rosters and difficult conversations, not more classroom days."),
    ("S09", "Employee forum", "Elected staff representatives",
     "Watch for fair access to training across sites and shifts and must be consulted on "
     "changes to mandatory training."),
    ("S10", "Current training suppliers", "Six outside providers",
     "Hold contracts that renew during the year. Keen to keep or grow their share of the work."),
    ("S11", "Internal trainers", "Five trainers and about 30 on-the-job instructors",
     "Deliver most of the in-house catalog. Fear that outsourcing will remove their roles."),
]

BRIEF = """\
# {name}: the training portfolio under pressure

*A fictional organization, written for this course. Names, people and figures are invented.*

{name} makes chilled and ambient foods in four plants and delivers them from two distribution
centres to supermarkets, wholesalers and food-service customers. It employs about {employees:,}
people: most work on the production lines and in the warehouses, about 140 lead shifts, and a
small field sales team looks after the largest customers.

## What has changed

The board has set four goals for {year}:

{goal_lines}

At the same time, profits fell for the second year running. The finance director has cut the
learning and development (L&D) budget from {currency} {previous:,} (last year's spend) to
{currency} {budget:,}, a cut of {cut:.0f} %. The budget must also pay for training on the new
ordering platform ({currency} {commitment:,}, agreed with the digital programme), and the
learning platform licence ({currency} {fixed:,}) cannot be cancelled this year.

## The catalog

L&D runs {count} offerings. Nobody has reviewed the catalog as a whole for years: offerings
were added when a manager asked, and few were ever stopped. The catalog file gives, for each
offering, its audience, modality, learning hours per learner, enrolments last year, the fully
loaded yearly cost charged to L&D, how it is sourced today (made in-house or bought), an
estimate of what the other source would cost where there is one, the average satisfaction
rating (1 to 5), learning and behavior results where they were measured, the goals it serves,
whether its content is the company's own (proprietary) and whether law or a customer contract
requires it.

## Your task this week

The head of L&D has asked your group to prepare a plan to present to the leadership team on
Friday:

1. Rationalize the portfolio: score every offering on strategic value and distinctiveness and
   decide to sustain, revise, outsource or retire it, with a reason for each decision.
2. Map the stakeholders by power and interest and decide how to engage each one.
3. Plan the budget and sourcing: make or buy for every offering you keep, staying within the
   new budget, with the cost per learner and per learning hour of the plan.
4. Plan the evaluation of one priority program, with a projected ROI and benefit-cost ratio
   that adjusts the benefit estimate for isolation and confidence.

The numbers are incomplete, as real numbers are. Say what you assumed and why.
"""


def _draw(rng: random.Random, low: float, high: float) -> float:
    return rng.uniform(low, high)


def offering_rows(rng: random.Random) -> list[dict[str, str]]:
    """Draw the numbers of every offering, in catalog order."""
    rows = []
    for (oid, title, audience, modality, goals, proprietary, mandatory, source,
         demand) in OFFERINGS:
        lo, hi = HOURS[modality]
        hours = round(_draw(rng, lo, hi) * 2) / 2
        reach = _draw(rng, *DEMAND[demand])
        enrolments = max(6, round(AUDIENCE_SIZE[audience] * reach))
        fixed = _draw(rng, *FIXED[modality])
        rate = _draw(rng, *PER_LEARNER_HOUR[modality])
        cost = round((fixed + enrolments * hours * rate) / 100) * 100
        if source == "make":
            alt = "" if proprietary else str(round(cost * _draw(rng, 0.5, 0.95) / 100) * 100)
        else:
            alt = str(round(cost * _draw(rng, 1.1, 1.7) / 100) * 100)
        weak = demand == "weak"
        satisfaction = round(_draw(rng, 2.7, 3.5) if weak else _draw(rng, 3.5, 4.6), 1)
        known_learning = rng.random() < (0.3 if weak else 0.65)
        learning = str(round(_draw(rng, 55, 80) if weak else _draw(rng, 68, 94)))
        known_behavior = bool(goals) and rng.random() < 0.45
        behavior = str(round(_draw(rng, 25, 75)))
        rows.append({
            "id": oid, "title": title, "audience": audience, "modality": modality,
            "hours": f"{hours:g}", "enrolments": str(enrolments), "source": source,
            "cost": str(cost), "alt_cost": alt, "satisfaction": f"{satisfaction:.1f}",
            "learning": learning if known_learning else "",
            "behavior": behavior if known_behavior else "",
            "goals": goals, "proprietary": "yes" if proprietary else "no",
            "mandatory": "yes" if mandatory else "no",
        })
    return rows


def obvious_savings(rows: list[dict[str, str]]) -> float:
    """Savings from retiring unlinked optional offerings and buying linked ones where cheaper."""
    saved = 0.0
    for r in rows:
        cost = float(r["cost"])
        if not r["goals"] and r["mandatory"] == "no":
            saved += cost
        elif r["source"] == "make" and r["alt_cost"] and float(r["alt_cost"]) < cost:
            saved += cost - float(r["alt_cost"])
    return saved


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def case_files(seed: int = SEED) -> dict[str, str]:
    """The text of every case file, by file name, drawn from `seed`."""
    rng = random.Random(seed)
    offerings = offering_rows(rng)
    fixed = round(_draw(rng, 55000, 70000) / 1000) * 1000
    commitment = round(_draw(rng, 70000, 90000) / 1000) * 1000
    previous = sum(int(r["cost"]) for r in offerings) + fixed
    # A careful plan fits: the new budget leaves room for the commitment once 80 % of the
    # plain savings (retire what serves no goal and no rule, buy what is cheaper to buy) are made.
    budget = round((previous - 0.8 * obvious_savings(offerings) + commitment) / 1000) * 1000
    organization = {
        "name": "Merrowvale Foods", "sector": "food manufacturing and distribution",
        "employees": 2350, "currency": "GBP", "year": "FY2027",
        "goals": GOALS,
        "budget": {
            "previous_spend": previous, "available": budget,
            "fixed_costs": [{"id": "platform", "amount": fixed,
                             "label": "Learning platform licence and support"}],
            "commitments": [{"id": "ordering-rollout", "amount": commitment, "goal": "G3",
                             "label": "Training for the ordering platform rollout (new)"}],
        },
    }
    stakeholders = [{"id": s, "name": n, "role": r, "concern": c} for s, n, r, c in STAKEHOLDERS]
    goal_lines = "\n".join(f"- **{g['id']} {g['title']}**: {g['measure']}, from {g['baseline']} "
                           f"to {g['target']}." for g in GOALS)
    brief = BRIEF.format(name=organization["name"], employees=organization["employees"],
                         year=organization["year"], goal_lines=goal_lines, currency="GBP",
                         previous=previous, budget=budget, cut=(1 - budget / previous) * 100,
                         commitment=commitment, fixed=fixed, count=len(offerings))
    return {
        "organization.yml": yaml.safe_dump(organization, sort_keys=False, allow_unicode=True,
                                           width=100),
        "offerings.csv": _csv(offerings),
        "stakeholders.csv": _csv(stakeholders),
        "brief.md": brief,
    }


def write_case(folder: Path = DATA, seed: int = SEED) -> list[Path]:
    """Write the case files into `folder` and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in case_files(seed).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    """Command line: regenerate the shipped case data."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for path in write_case(args.out, args.seed):
        print(path)


if __name__ == "__main__":
    main()
