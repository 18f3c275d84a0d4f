"""Progress against the schedule: per learner and item, per learner and week, per module.

Status of one learner's item (module or exam), judged at `data.today`:
- "on time": submitted by the due date;       - "late": submitted after it;
- "behind": not submitted, less than GRACE_DAYS past due (still catching up);
- "missing": not submitted, GRACE_DAYS or more past due;  - "open": not due yet.
A week takes the worst status of the items due in it ("on track" when every one is on time,
"upcoming" when none is due yet). A learner is at risk when anything is missing or behind, when
two or more submissions were late, when their knowledge checks average under AT_RISK_SCORE, or
when the practice exam is under its pass mark (the benchmark course.yml sets). A learner who has
passed the final exam is not at risk, whatever happened before it: the course's outcome is in.
"""

from __future__ import annotations

import pandas as pd

from course.analytics.data import CohortData

GRACE_DAYS = 7
AT_RISK_SCORE = 0.5
AT_RISK_LATE = 2
ITEM_STATUSES = ("on time", "late", "behind", "missing", "open")
WEEK_STATUSES = ("on track", "late", "behind", "missing", "upcoming")
_WORST = {"open": 0, "on time": 1, "late": 2, "behind": 3, "missing": 4}
_WEEK_LABEL = {0: "upcoming", 1: "on track", 2: "late", 3: "behind", 4: "missing"}


def item_status(data: CohortData) -> pd.DataFrame:
    """One row per learner and scheduled item: due, submitted_at, status, score, max_score."""
    grid = data.learners[["learner", "name", "group"]].merge(
        data.schedule[["item", "title", "kind", "week", "due"]], how="cross")
    subs = data.submissions.rename(columns={"assignment": "item"})
    grid = grid.merge(subs, on=["learner", "item"], how="left")
    grid["submitted_at"] = pd.to_datetime(grid["submitted_at"], utc=True)  # none yet: object
    submitted = grid["submitted_at"].notna()
    late = submitted & (grid["submitted_at"] > grid["due"])
    overdue = data.today - grid["due"]
    status = pd.Series("open", index=grid.index, dtype=object)
    status[~submitted & (overdue > pd.Timedelta(0))] = "behind"
    status[~submitted & (overdue >= pd.Timedelta(days=GRACE_DAYS))] = "missing"
    status[submitted] = "on time"
    status[late] = "late"
    grid["status"] = status
    grid["seconds_late"] = ((grid["submitted_at"] - grid["due"]).dt.total_seconds()
                            .where(late, 0.0))
    grid["graded"] = grid["graded"].astype("boolean").fillna(False).astype(bool)
    return grid


def week_status(items: pd.DataFrame) -> pd.DataFrame:
    """Learners x weeks: the worst status of the items due that week."""
    if items.empty:
        return pd.DataFrame()
    codes = items.assign(code=items["status"].map(_WORST))
    table = codes.pivot_table(index="learner", columns="week", values="code", aggfunc="max")
    return table.apply(lambda column: column.map(_WEEK_LABEL))


def learner_status(weeks: pd.DataFrame) -> pd.Series:
    """Each learner's overall status: the worst week so far ("on track" before anything is due)."""
    order = {label: code for code, label in _WEEK_LABEL.items()}
    worst = weeks.apply(lambda row: max((order[v] for v in row.dropna()), default=1), axis=1)
    return worst.map(lambda code: _WEEK_LABEL[max(code, 1)])


def module_completion(items: pd.DataFrame) -> pd.DataFrame:
    """Per module: week, due, count of each status, share submitted, mean knowledge-check score."""
    modules = items[items["kind"] == "module"]
    if modules.empty:
        return pd.DataFrame(columns=["module", "title", "week", "due", *ITEM_STATUSES,
                                     "submitted", "kc_mean"])
    counts = pd.crosstab(modules["item"], modules["status"]).reindex(
        columns=list(ITEM_STATUSES), fill_value=0)
    first = modules.drop_duplicates("item").set_index("item")
    table = first[["title", "week", "due"]].join(counts)
    total = counts.sum(axis=1)
    table["submitted"] = (counts["on time"] + counts["late"]) / total
    scored = modules[modules["max_score"] > 0]
    table["kc_mean"] = (scored["score"] / scored["max_score"]).groupby(scored["item"]).mean()
    order = list(dict.fromkeys(modules.sort_values(["due", "item"])["item"]))
    return table.loc[order].rename_axis("module").reset_index()


def kc_scores(items: pd.DataFrame) -> pd.DataFrame:
    """Learners x modules: knowledge-check score as a fraction (graded submissions only)."""
    modules = items[(items["kind"] == "module") & (items["max_score"] > 0)]
    table = (modules.assign(fraction=modules["score"] / modules["max_score"])
             .pivot_table(index="learner", columns="item", values="fraction"))
    order = list(dict.fromkeys(items.loc[items["kind"] == "module", "item"]))
    return table.reindex(columns=[m for m in order if m in table.columns])


def _joined(values: pd.Series) -> str:
    return ", ".join(values)


def at_risk_reasons(items: pd.DataFrame, kc_mean: pd.Series, practice: pd.Series,
                    practice_mark: float, passed: frozenset[str] = frozenset()) -> pd.Series:
    """Per learner, the reasons to reach out (an empty list when none, or when in `passed`)."""
    by = {status: items[items["status"] == status].groupby("learner")["item"].agg(_joined)
          for status in ("missing", "behind")}
    late = (items["status"] == "late").groupby(items["learner"]).sum()
    out = {}
    for learner in items["learner"].unique():
        if learner in passed:
            out[learner] = []
            continue
        found = [f"{s}: {by[s][learner]}" for s in ("missing", "behind") if learner in by[s]]
        if late.get(learner, 0) >= AT_RISK_LATE:
            found.append(f"{int(late[learner])} late submissions")
        mean = kc_mean.get(learner)
        if mean is not None and pd.notna(mean) and mean < AT_RISK_SCORE:
            found.append(f"knowledge checks {mean:.0%} (under {AT_RISK_SCORE:.0%})")
        score = practice.get(learner)
        if score is not None and pd.notna(score) and score < practice_mark:
            found.append(f"practice exam {score:.0%} (benchmark {practice_mark:.0%})")
        out[learner] = found
    return pd.Series(out, dtype=object)
