"""`build.py notify KIND [--send | --dry-run DIR] [--now ISO]`: learners' and instructors' emails.

Without --send or --dry-run the command only lists what is owed. Every message sent or failed is
recorded in the course root's mail log (course.yml `mail.log`), so a second run sends nothing
twice and a failure is tried again. The exit code is 1 when any message failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from course.config import CourseConfig
from course.errors import ConfigError
from course.notify.plan import ENROLMENT, KINDS, nudge_day

HELP = {"enrolment": "each learner's schedule with the course calendar (.ics), once",
        "weekly": "the weekly nudge: due this week, overdue, the review plan before the practicum",
        "cpd": "certified learners' weekly CPD digest: hours against target, renewal date",
        "digest": "the instructors' weekly digest of learners at risk and why"}


def _moment(text: str | None, config: CourseConfig) -> dt.datetime:
    if text is None:
        return dt.datetime.now(dt.timezone.utc)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--now {text!r}: expected an ISO date or date and time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=config.zone)


def run(args: argparse.Namespace, config: CourseConfig, root: Path) -> int:
    from course.notify.gather import plan_messages
    from course.notify.log import MessageLog
    from course.notify.smtp import MailSetupError, owed, send, write_eml

    if config.mail is None:
        raise ConfigError(f"{args.config}: no `mail:` section; notify needs the SMTP settings")
    log = MessageLog(root / config.mail.log)
    now = _moment(args.now, config)
    planned = plan_messages(args.kind, config, root, now)
    if args.kind != ENROLMENT and not args.dry_run:
        week = nudge_day(now.astimezone(config.zone).date(), config.mail.nudge_weekday_index)
        for gone in log.expire(args.kind, week.isoformat()):
            print(f"expired: {gone.kind} {gone.period} to {gone.recipient} ({gone.address}) was "
                  f"never sent: {gone.error}")
    if args.dry_run:
        outcomes = write_eml(planned, config, log, args.dry_run)
    elif args.send:
        try:
            outcomes = send(planned, config, log)
        except MailSetupError as exc:
            raise ConfigError(str(exc)) from None
    else:
        for p in owed(planned, log):
            print(f"owed: {p.kind} {p.period} to {p.recipient} <{', '.join(p.to)}>: {p.subject}")
        print(f"{len(owed(planned, log))} owed of {len(planned)} planned; --send to send them, "
              "--dry-run DIR to write them as .eml files")
        return 0
    for o in outcomes:
        print(f"{o.status}: {o.planned.kind} {o.planned.period} to {o.planned.recipient} "
              f"<{', '.join(o.planned.to)}>: {o.detail}")
    failed = [o for o in outcomes if o.status == "failed"]
    print(f"{len(outcomes) - len(failed)} {'written' if args.dry_run else 'sent'}, "
          f"{len(failed)} failed (tried again next run), "
          f"{len(planned) - len(outcomes)} already sent; log {log.path}")
    return 1 if failed else 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "notify", parents=[common], help="email learners and instructors (SMTP from course.yml)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Plan, write or send one kind of message:\n" + "\n".join(
            f"  {kind:10} {text}" for kind, text in HELP.items()) +
        "\nEach message is sent once per recipient (per week for the weekly kinds); the log in "
        "the course root\nrecords every message sent or failed, and failed ones are tried "
        "again next run.\nThe SMTP password is read from the environment variable course.yml's "
        "mail -> password_env names.")
    p.add_argument("kind", choices=KINDS, help="which message")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--send", action="store_true", help="send the owed messages over SMTP")
    action.add_argument("--dry-run", type=Path, metavar="DIR",
                        help="write the owed messages as .eml files into DIR; nothing is sent")
    p.add_argument("--now", metavar="ISO", default=None,
                   help="plan as of this date or moment (course zone; default: now)")
    p.set_defaults(func=run)
