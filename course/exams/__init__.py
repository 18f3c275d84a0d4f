"""The exams: item bank, blueprints, exam notebooks, diagnostics and the exam report."""

from course.exams.bank import Bank, balance_report, load_bank
from course.exams.blueprint import Paper, build_papers
from course.exams.notebook import exam_sources

__all__ = ["Bank", "Paper", "balance_report", "build_papers", "exam_sources", "load_bank"]
