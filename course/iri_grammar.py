"""Build the IRI grammar only when something checks an IRI, not in every process that starts.

jsonschema (through jupyter_server, jupyter_events, nbformat and nbgrader) imports
`rfc3987_syntax` as soon as it is imported itself, and that package compiles about 35 Lark
parsers at import: about 1 CPU second, a third or more of starting a learner's JupyterLab or a
grading worker, spent on a check ("iri" and "iri-reference" formats) that no Jupyter or course
schema uses (python-jsonschema/jsonschema#1428, jupyter-server/jupyter_server#1559).

`defer()` puts a stand-in module in its place whose `is_valid_syntax` imports the real package
the first time an IRI is checked and from then on calls it: the same answers, paid for only when
asked. It is called when the `course` package is imported, so every process the course starts
(build.py, the hub's learner launcher, grading workers) has it before jsonschema loads.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from collections.abc import Callable

NAME = "rfc3987_syntax"


def defer() -> None:
    """Stand in for rfc3987_syntax until an IRI is checked (no-op once it is loaded or absent)."""
    if NAME in sys.modules or importlib.util.find_spec(NAME) is None:
        return
    real: list[Callable[..., bool]] = []

    def is_valid_syntax(*args: object, **kwargs: object) -> bool:
        if not real:
            sys.modules.pop(NAME, None)
            real.append(importlib.import_module(NAME).is_valid_syntax)
        return real[0](*args, **kwargs)

    stand_in = types.ModuleType(NAME, "Stand-in until an IRI is checked: course/iri_grammar.py")
    stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[NAME] = stand_in
