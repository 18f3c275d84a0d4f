"""Errors a user can act on, and the helpers that word them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml


class ConfigError(Exception):
    """A course file is missing or invalid; the message names the file, entry and field."""


def load_yaml(path: Path) -> Any:
    """Read a YAML file, turning a missing file or a syntax error into a ConfigError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", exc)
        raise ConfigError(f"{path}{where}: not valid YAML: {problem}") from None


def _entry_name(data: Any, loc: tuple) -> str:
    """Describe a location like ('modules', 3, 'folder') as 'modules[3] (id m04) -> folder'."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and key < len(node) and isinstance(node[key], dict):
                ident = node[key].get("id")
                if ident is not None:
                    label += f" (id {ident})"
            parts.append(label)
            node = node[key] if isinstance(node, list) and key < len(node) else None
        else:
            parts.append(f".{key}" if parts else str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts) or "(top level)"


def validation_message(path: Path, exc: Exception, data: Any, tags: Iterable[str] = ()) -> str:
    """Turn a pydantic ValidationError into one readable message naming file, entry and field.

    `tags` are discriminator values pydantic adds to locations of tagged unions; they are dropped.
    """
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return f"{path}: {exc}"
    lines = []
    for err in errors():
        loc = tuple(k for k in err["loc"] if not (isinstance(k, str) and k.startswith("function-")))
        loc = tuple(k for k in loc if k not in tags)
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{path}: {_entry_name(data, loc)}: {msg}")
    return "\n".join(lines)

