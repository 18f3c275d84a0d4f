"""The exercise kit for notebooks: `Module` (practice), `ExamSession` and `grade_item` (exams).

Exports are loaded on first use, so `import widgets.checks` stays free of ipywidgets.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {"Module": "widgets.kit", "ExamSession": "widgets.exam", "grade_item": "widgets.exam"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'widgets' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
