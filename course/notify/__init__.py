"""Learner and instructor communications: calendar, message plans, templates, SMTP and its log."""
