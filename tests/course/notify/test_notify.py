"""`build.py notify` against a real SMTP server on loopback: once each, escaped, retried."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from course.commands.notify import run
from course.notify.log import MessageLog
from tests.course.notify.conftest import XSS, mail_config, write_root


def notify(config, root: Path, kind: str, now: str, *, send: bool = True,
           dry_run: Path | None = None) -> int:
    args = argparse.Namespace(kind=kind, send=send and dry_run is None, dry_run=dry_run, now=now,
                              config=Path("course.yml"))
    return run(args, config, root)


def parts(message) -> tuple[str, str]:
    """The plain-text and HTML bodies."""
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    return text, page


def assert_escaped(page: str) -> None:
    assert XSS not in page and "<b>Two</b>" not in page


def test_enrolment_weekly_and_digest_arrive_once(config, smtp, tmp_path: Path, capsys) -> None:
    smtp.start()
    cfg = mail_config(config, smtp.port)
    root = write_root(tmp_path / "root", cfg)

    assert notify(cfg, root, "enrolment", "2027-01-11T09:00") == 0
    got = {to[0]: m for to, m in smtp.inbox.take()}
    assert sorted(got) == ["ann@example.org", "cat@example.org", "xss@example.org"]
    for address, message in got.items():
        assert message["To"] == address and message["From"] == "Course <course@example.org>"
        assert message["Subject"] == ("Professional Certificate in Training Management: your "
                                      "schedule (start by 18 January)")
        text, page = parts(message)
        assert "Start by Monday 18 January 2027" in text
        assert "Module 1: The training function and its structure, due Friday 22 January 2027, "\
            "17:00 (Europe/London time)" in text
        assert "Final exam, due Friday 12 March 2027, 17:00" in text
        [ics] = [p for p in message.iter_attachments()]
        assert ics.get_filename() == "course-calendar.ics"
        assert ics.get_content_type() == "text/calendar"
        events = Calendar.from_ical(ics.get_content()).walk("VEVENT")
        assert len(events) == 13
    text, page = parts(got["xss@example.org"])
    assert f"Dear {XSS}," in text  # plain text: shown as typed
    assert "Dear &lt;script&gt;alert(1)&lt;/script&gt;," in page
    assert "You are in &lt;b&gt;Two&lt;/b&gt; &amp; co." in page
    assert_escaped(page)
    assert notify(cfg, root, "enrolment", "2027-01-12T09:00") == 0
    assert smtp.inbox.take() == []  # a second run sends nothing

    assert notify(cfg, root, "weekly", "2027-02-01T09:00") == 0
    got = {to[0]: m for to, m in smtp.inbox.take()}
    assert sorted(got) == ["cat@example.org", "xss@example.org"]  # ann is on track
    text, page = parts(got["xss@example.org"])
    assert got["xss@example.org"]["Subject"].endswith(": 4 overdue, 2 due this week")
    assert "Your week from 01 February 2027." in text
    for module in ("Module 1: The training function", "Module 4: Learning science"):
        assert module in text.split("Due this week:")[0]
    due = text.split("Due this week:")[1]
    assert "Module 5: Behavior change and transfer, due Friday 05 February 2027, 17:00" in due
    assert "Module 6: Instructional design" in due
    assert_escaped(page)
    text, _ = parts(got["cat@example.org"])
    assert "Module 3: Needs analysis" in text and "Module 1:" not in text
    assert notify(cfg, root, "weekly", "2027-02-03T12:00") == 0
    assert smtp.inbox.take() == []  # same week: nothing again

    assert notify(cfg, root, "digest", "2027-02-01T09:00") == 0
    [(to, message)] = smtp.inbox.take()
    assert to == ["tutor@example.org"]
    assert message["Subject"].endswith(": 2 of 3 learners at risk")
    text, page = parts(message)
    assert "Cat Cole (cat, <b>Two</b> & co), behind: behind: m03, m04" in text
    assert "Ann Archer" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (xss)" in page
    assert_escaped(page)
    assert "2 or more late submissions" in text and "under 50%" in text
    assert notify(cfg, root, "digest", "2027-02-02T09:00") == 0
    assert smtp.inbox.take() == []
    assert all(e.status == "sent" for e in MessageLog(root / "mail-log.sqlite").entries())
    assert len(MessageLog(root / "mail-log.sqlite").entries()) == 3 + 2 + 1


def test_a_refused_connection_is_reported_and_retried(config, smtp, tmp_path: Path,
                                                      capsys) -> None:
    cfg = mail_config(config, smtp.port)  # nothing listens on the port yet
    root = write_root(tmp_path / "root", cfg)
    assert notify(cfg, root, "enrolment", "2027-01-11T09:00") == 1
    out = capsys.readouterr().out
    assert out.count("failed: enrolment") == 3 and "cannot connect to 127.0.0.1" in out
    log = MessageLog(root / "mail-log.sqlite")
    assert [e.status for e in log.entries()] == ["failed"] * 3
    smtp.start()
    assert notify(cfg, root, "enrolment", "2027-01-11T10:00") == 0
    assert len(smtp.inbox.take()) == 3
    assert {(e.status, e.attempts) for e in log.entries()} == {("sent", 2)}
    assert notify(cfg, root, "enrolment", "2027-01-11T11:00") == 0
    assert smtp.inbox.take() == []


def test_a_weekly_message_failed_in_an_earlier_week_expires_in_the_log(
        config, smtp, tmp_path: Path, capsys) -> None:
    cfg = mail_config(config, smtp.port)
    root = write_root(tmp_path / "root", cfg)
    assert notify(cfg, root, "weekly", "2027-02-01T09:00") == 1
    smtp.start()
    assert notify(cfg, root, "weekly", "2027-02-08T09:00") == 0
    out = capsys.readouterr().out
    assert out.count("expired: weekly 2027-02-01") == 2
    log = MessageLog(root / "mail-log.sqlite")
    assert sorted((e.period, e.status) for e in log.entries()) == [
        ("2027-02-01", "expired"), ("2027-02-01", "expired"),
        ("2027-02-08", "sent"), ("2027-02-08", "sent"), ("2027-02-08", "sent")]  # ann is late now


def test_dry_run_writes_eml_files_and_sends_nothing(config, smtp, tmp_path: Path) -> None:
    smtp.start()
    cfg = mail_config(config, smtp.port)
    root = write_root(tmp_path / "root", cfg)
    out = tmp_path / "eml"
    assert notify(cfg, root, "enrolment", "2027-01-11T09:00", dry_run=out) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "enrolment-enrolment-ann.eml", "enrolment-enrolment-cat.eml",
        "enrolment-enrolment-xss.eml"]
    assert "course-calendar.ics" in (out / "enrolment-enrolment-ann.eml").read_text()
    assert smtp.inbox.take() == []
    assert MessageLog(root / "mail-log.sqlite").entries() == []


def test_review_plan_in_the_week_before_the_practicum(config, smtp, tmp_path: Path) -> None:
    from widgets.store import AnswerStore

    smtp.start()
    cfg = mail_config(config, smtp.port, on_track=True)
    root = write_root(tmp_path / "root", cfg)
    AnswerStore.open(root / "submitted" / "ann" / "m01", "m01").save("confidence", 5)
    assert notify(cfg, root, "weekly", "2027-02-15T09:00") == 0  # week 5: no review yet
    got = {to[0]: m for to, m in smtp.inbox.take()}
    assert "review first" not in parts(got["ann@example.org"])[0]
    assert notify(cfg, root, "weekly", "2027-02-22T09:00") == 0  # week 6, before the practicum
    got = {to[0]: m for to, m in smtp.inbox.take()}
    text, page = parts(got["ann@example.org"])
    assert "This is the week before the practicum: review first" in text
    review = text.split("review first")[1]
    assert "1. Module 2: Strategic alignment" in review  # m01 rated 5: no longer first
    assert "2. Module 3:" in review and "3. Module 4:" in review
    assert "Module 1:" not in review
    assert "Practice exam, due Friday 26 February 2027, 17:00" in text
    assert "review first" in parts(got["xss@example.org"])[0]
    assert_escaped(parts(got["xss@example.org"])[1])


def _graded_final(root: Path, config, scores: dict[str, float]) -> None:
    """Each learner gets a graded final exam with this fraction correct (roster already in)."""
    from nbgrader.api import Gradebook

    from course.nbgrader_io import ensure_tools_on_path, gradebook_url

    ensure_tools_on_path()
    exam = config.exams.final.id
    with Gradebook(gradebook_url(root)) as gb:
        gb.add_notebook("final", exam)
        gb.add_grade_cell("q1", "final", exam, max_score=10, cell_type="code")
        for learner, fraction in scores.items():
            gb.add_submission(exam, learner, timestamp=dt.datetime(2027, 3, 12, 10))
            grade = gb.find_grade("q1", "final", exam, learner)
            grade.auto_score = 10 * fraction
            gb.db.commit()


def test_cpd_digest_after_certification(config, smtp, tmp_path: Path) -> None:
    from course.credentials.badge import certify
    from course.journey.cpd import CpdLog

    smtp.start()
    cfg = mail_config(config, smtp.port, on_track=True)
    root = write_root(tmp_path / "root", cfg)
    _graded_final(root, cfg, {"ann": 0.9, "xss": 0.8, "cat": 0.4})
    assert sorted(i.learner for i in certify(cfg, root)) == ["ann", "xss"]
    log = CpdLog.open(root / "submitted" / "ann" / "cpd-log")
    log.add(dt.date(2027, 3, 20), "course", 6, "A <i>workshop</i>", dt.date(2027, 4, 5))
    log.add(dt.date(2027, 3, 27), "reading", 1.5, "", dt.date(2027, 4, 5))
    log.add(dt.date(2027, 3, 1), "reading", 9, "before the certificate", dt.date(2027, 4, 5))

    assert notify(cfg, root, "weekly", "2027-03-08T09:00") == 0  # the final exam's week
    assert [to for to, _ in smtp.inbox.take()] == [["cat@example.org"]]  # passers get none

    assert notify(cfg, root, "cpd", "2027-04-05T09:00") == 0
    got = {to[0]: m for to, m in smtp.inbox.take()}
    assert sorted(got) == ["ann@example.org", "xss@example.org"]
    ann = got["ann@example.org"]
    assert ann["Subject"].endswith(": CPD 7.5 of 40 hours, renewal 11 March 2029")
    text, _ = parts(ann)
    assert "cycle 1 (from 12 March 2027)" in text and "7.5 of 40 hours logged, 32.5 to go" in text
    assert "2 activities recorded. Renewal date: 11 March 2029." in text
    assert "0 of 40 hours" in parts(got["xss@example.org"])[0]
    assert_escaped(parts(got["xss@example.org"])[1])
    assert notify(cfg, root, "cpd", "2027-04-07T09:00") == 0
    assert smtp.inbox.take() == []
    assert notify(cfg, root, "cpd", "2027-04-12T09:00") == 0  # a new week: a new digest
    assert len(smtp.inbox.take()) == 2


def test_a_login_needs_the_password_variable(config, monkeypatch) -> None:
    from course.config import Mail
    from course.notify.smtp import MailSetupError, password

    mail = Mail(host="h", sender="a@b.c", username="u", password_env="TMCERT_TEST_PW")
    monkeypatch.delenv("TMCERT_TEST_PW", raising=False)
    with pytest.raises(MailSetupError, match="TMCERT_TEST_PW"):
        password(mail)
    monkeypatch.setenv("TMCERT_TEST_PW", "s3cret")
    assert password(mail) == "s3cret"
    with pytest.raises(ValueError, match="password_env"):
        Mail(host="h", sender="a@b.c", username="u")
