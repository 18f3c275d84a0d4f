"""What the save-state line and the exam's progress panel say: pure functions, no ipywidgets.

Every exercise view and exam item shows one line in one of three states, found by browser tests
and screen readers as `.tmkit-saved` (role="status") with `data-state`:
- "unsaved": "Not saved yet" (with a hint such as "press Check to save" once something is entered);
- "saved": "Saved · 14:02, 4 Dec", the last save in the kernel's local time, read from the
  answers file's `saved_at`, so a reopened notebook shows when the answer was last saved;
- "failed": "Not saved: <reason>", styled as an error.
An exam's progress panel is `.tmkit-progress` with `data-answered` and `data-total`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import Any

from widgets.store import Saved

# Text a learner types and then saves with a button is sent to the kernel once, when the field
# loses the focus (which pressing or tabbing to the button does first), not keystroke by
# keystroke: ipywidgets holds keystrokes back while an earlier one is unanswered but sends a
# button's click at once, so a click could reach the kernel before the last words and save an
# older text.
TYPED = {"continuous_update": False}

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Text colours on white, each at least 4.5:1 (WCAG AA): 7.46, 5.43 and 6.54 to 1.
COLOURS = {"unsaved": "#555555", "saved": "#1b7a2e", "failed": "#b3261e"}
DONE, OPEN = "#1b7a2e", "#555555"  # progress panel borders (the text stays black)


@dataclass(frozen=True)
class SaveLine:
    """One state of the save-state line: unsaved, saved or failed, and what it says."""

    state: str
    text: str


def saved_time(saved_at: str, now: datetime | None = None, tz: tzinfo | None = None) -> str | None:
    """'14:02, 4 Dec' (plus the year when not this year) in tz, default the kernel's local time.

    None when saved_at is not an ISO time (a hand-edited file); a time without a zone is UTC,
    as the answers file writes it.
    """
    try:
        when = datetime.fromisoformat(saved_at)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    local = when.astimezone(tz)
    this_year = (now or datetime.now(timezone.utc)).astimezone(tz).year
    year = "" if local.year == this_year else f" {local.year}"
    return f"{local:%H:%M}, {local.day} {MONTHS[local.month - 1]}{year}"


def unsaved(hint: str = "") -> SaveLine:
    """Nothing saved for what is on screen (yet); the hint says how to save."""
    return SaveLine("unsaved", f"Not saved yet: {hint}" if hint else "Not saved yet")


def saved(record: Saved, now: datetime | None = None, tz: tzinfo | None = None) -> SaveLine:
    """Saved, with the time of the last save when the record has a readable one."""
    when = saved_time(record.saved_at, now, tz)
    return SaveLine("saved", f"Saved \u00b7 {when}" if when else "Saved")


def failed(error: OSError) -> SaveLine:
    """The last save failed, with the system's reason."""
    return SaveLine("failed", f"Not saved: {error.strerror or error}")


def describe(record: Saved | None, current: Any, hint: str = "") -> SaveLine:
    """Saved when the answer on screen is the saved one; otherwise not saved yet.

    The hint shows once the learner has entered something (current is not None or empty text).
    """
    if record is not None and current == record.value:
        return saved(record)
    return unsaved(hint if current is not None and current != "" else "")


def line_html(line: SaveLine) -> str:
    """The line as HTML: role="status", class tmkit-saved, data-state; text escaped."""
    failure = line.state == "failed"
    error = "font-weight:600;border-left:4px solid;padding-left:6px;" if failure else ""
    return (f'<div class="tmkit-saved" role="status" data-state="{line.state}" '
            f'style="color:{COLOURS[line.state]};font-size:0.9em;margin:4px 0;{error}">'
            f"{html.escape(line.text)}</div>")


def runs(numbers: Iterable[int]) -> str:
    """Numbers sorted, with runs of three or more compressed: 3, 7, 8, 10–12."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    start = 0
    for end in range(len(ordered)):
        if end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            continue
        run = ordered[start:end + 1]
        parts += ([f"{run[0]}\u2013{run[-1]}"] if len(run) >= 3 else [str(n) for n in run])
        start = end + 1
    return ", ".join(parts)


@dataclass(frozen=True)
class Progress:
    """How many of an exam's questions are answered, and the numbers of those that are not."""

    answered: int
    total: int
    missing: tuple[int, ...]

    @property
    def head(self) -> str:
        """The count: 'N of M questions answered.' or 'All M questions answered.'"""
        noun = "question" if self.total == 1 else "questions"
        if self.total == 0:
            return "No questions yet."
        if not self.missing:
            return f"All {self.total} {noun} answered."
        return f"{self.answered} of {self.total} {noun} answered."

    @property
    def detail(self) -> str:
        """Which questions are not answered yet, or that answers can still change."""
        if self.total == 0:
            return ""
        if not self.missing:
            return "You can still change answers until you submit."
        noun = "Question" if len(self.missing) == 1 else "Questions"
        return f"Not answered yet: {noun} {runs(self.missing)}."


def progress(answered: Sequence[bool]) -> Progress:
    """Progress from one flag per question, in question order (question 1 first)."""
    missing = tuple(n for n, done in enumerate(answered, start=1) if not done)
    return Progress(len(answered) - len(missing), len(answered), missing)


def progress_html(state: Progress) -> str:
    """The progress panel as HTML: class tmkit-progress, data-answered and data-total."""
    border = DONE if state.total and not state.missing else OPEN
    detail = f" {html.escape(state.detail)}" if state.detail else ""
    return (f'<div class="tmkit-progress" data-answered="{state.answered}" '
            f'data-total="{state.total}" style="border:2px solid {border};padding:6px 10px;'
            f'margin:8px 0"><strong>{html.escape(state.head)}</strong>{detail}</div>')
