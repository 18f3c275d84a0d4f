"""The learner's journey around the modules: home, schedule, progress, review, journal, CPD log."""
