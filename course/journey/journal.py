"""The learning journal: every module's reflection collected into one document the learner keeps.

Exports are a Markdown file and a standalone HTML file. Learner text is escaped in both: in
HTML every character that could open markup is escaped; in Markdown `&`, `<` and `>` are
escaped too (renderers show them as typed, and no raw HTML gets through) and each line is
quoted so that the learner's own line starts cannot turn into headings or lists.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

from course.journey.progress import ModuleProgress
from widgets.checks import CONFIDENCE_LABELS
from widgets.store import atomic_write

MARKDOWN_FILE = "journal.md"
HTML_FILE = "journal.html"


@dataclass(frozen=True)
class JournalEntry:
    """One module's reflection."""

    number: int
    module_title: str
    prompt: str
    text: str
    saved_at: str
    confidence: int | None


def collect_journal(progress: list[ModuleProgress]) -> list[JournalEntry]:
    """The reflections written so far, in course order."""
    return [JournalEntry(p.module.number, p.module.title, p.module.content.reflection.prompt,
                         p.reflection, p.reflection_saved_at, p.confidence)
            for p in progress if p.reflection is not None]


def _saved(entry: JournalEntry) -> str:
    return entry.saved_at[:10] if entry.saved_at else "date unknown"


def _rating(entry: JournalEntry) -> str:
    return CONFIDENCE_LABELS[entry.confidence] if entry.confidence else "not rated"


def _md_text(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return "\n".join(f"> {line}" if line.strip() else ">" for line in escaped.splitlines())


def journal_markdown(title: str, entries: list[JournalEntry], exported: dt.date) -> str:
    """The journal as a Markdown document."""
    parts = [f"# Learning journal: {title}\n", f"Exported on {exported:%d %B %Y}. "
             f"{len(entries)} reflection{'s' * (len(entries) != 1)}.\n"]
    for e in entries:
        parts.append(f"## Module {e.number}: {e.module_title}\n\n*Prompt:* {e.prompt}\n\n"
                     f"{_md_text(e.text)}\n\n*Saved {_saved(e)}; confidence: {_rating(e)}.*\n")
    if not entries:
        parts.append("No reflections yet: write one at the end of each module.\n")
    return "\n".join(parts)


def journal_html(title: str, entries: list[JournalEntry], exported: dt.date) -> str:
    """The journal as a standalone HTML page; every text is escaped."""
    e = html.escape
    sections = "".join(
        f'<section><h2>Module {x.number}: {e(x.module_title)}</h2>'
        f'<p class="prompt"><em>Prompt:</em> {e(x.prompt)}</p>'
        f'<blockquote>{"<br>".join(e(line) for line in x.text.splitlines())}</blockquote>'
        f'<p class="meta">Saved {e(_saved(x))}; confidence: {e(_rating(x))}.</p></section>'
        for x in entries) or "<p>No reflections yet: write one at the end of each module.</p>"
    count = f"{len(entries)} reflection{'s' * (len(entries) != 1)}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Learning journal: {e(title)}</title>
<style>
 body {{ font-family: Georgia, serif; max-width: 46em; margin: 2em auto; padding: 0 1em; }}
 blockquote {{ border-left: 4px solid #356; margin: 0.5em 0; padding: 0.2em 1em; }}
 .prompt, .meta {{ color: #333; }} section {{ margin-bottom: 2em; }}
</style></head><body>
<h1>Learning journal: {e(title)}</h1>
<p>Exported on {exported:%d %B %Y}. {count}.</p>
{sections}
</body></html>
"""


def export_journal(folder: Path, title: str, entries: list[JournalEntry],
                   exported: dt.date) -> tuple[Path, Path]:
    """Write journal.md and journal.html into a folder (atomically); return their paths."""
    folder = Path(folder)
    md, page = folder / MARKDOWN_FILE, folder / HTML_FILE
    atomic_write(md, journal_markdown(title, entries, exported))
    atomic_write(page, journal_html(title, entries, exported))
    return md, page
