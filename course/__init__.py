"""The course: build, grading, analytics, hub and the rest (see DESIGN.md)."""

from course import iri_grammar

iri_grammar.defer()
