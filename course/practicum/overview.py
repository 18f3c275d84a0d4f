"""The instructors' overview: every group's progress, activity and contributors (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from course.practicum import render
from course.practicum.case import Case
from course.practicum.plan import Part, deliverable
from course.practicum.store import WorkspaceStore


@dataclass(frozen=True)
class GroupProgress:
    """One group's progress and activity."""

    group_id: str
    name: str
    percent: float
    parts: tuple[Part, ...]
    changes: int
    last_change: str
    contributors: tuple[str, ...]


def progress(store: WorkspaceStore, case: Case) -> list[GroupProgress]:
    """Every group's progress, in group order."""
    out = []
    for group_id, name in store.groups().items():
        d = deliverable(case, store.snapshot(group_id).values)
        changes = store.history(group_id, limit=100_000)
        out.append(GroupProgress(group_id, name, d.percent, d.parts, len(changes),
                                 changes[0].at if changes else "",
                                 tuple(sorted({c.who for c in changes}, key=str.casefold))))
    return out


def overview_html(rows: list[GroupProgress]) -> str:
    """A table of all groups: overall and per-part progress, edits, last edit, contributors."""
    if not rows:
        return "<p>No group workspaces yet.</p>"
    names = [p.name for p in rows[0].parts]
    body = []
    for r in rows:
        cells = "".join(f"<td class=ws-num title=\"{escape(p.note)}\">{p.done}/{p.total}</td>"
                        for p in r.parts)
        body.append(f"<tr><td>{escape(r.group_id)}</td><td>{escape(r.name)}</td>"
                    f"<td class=ws-num><b>{r.percent:.0f} %</b></td>{cells}"
                    f"<td class=ws-num>{r.changes}</td>"
                    f"<td>{escape(r.last_change[:19].replace('T', ' '))}</td>"
                    f"<td>{escape(', '.join(r.contributors))}</td></tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h in ["group", "name", "done", *names, "edits",
                                                    "last edit (UTC)", "contributors"])
    return (f"<style>{render.CSS}</style><table class=\"ws-table\"><thead><tr>{head}</tr>"
            f"</thead><tbody>{''.join(body)}</tbody></table>")
