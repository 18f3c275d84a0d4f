"""The course calendar (.ics): every due date at 17:00 London time, the practicum, stable UIDs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar

from course.notify.calendar import calendar_ics
from course.schedule import build_schedule

LONDON = ZoneInfo("Europe/London")


def _ics(config, stamp: dt.datetime) -> Calendar:
    data = calendar_ics(build_schedule(config), config.id, config.title,
                        [m.id for m in config.modules], config.practicum.days, stamp)
    return Calendar.from_ical(data)


def test_every_due_date_is_an_event_at_1700_london(config) -> None:
    cal = _ics(config, dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc))
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    due = [d for d in build_schedule(config) if d.kind != "practicum"]
    assert len(due) == 12 and len(events) == 13
    for deadline in due:
        event = events[f"{deadline.item}@{config.id}.tmcert.invalid"]
        start = event.decoded("dtstart")
        assert start == deadline.due
        assert (start.hour, start.minute) == (17, 0)
        assert event["dtstart"].params["TZID"] == "Europe/London"
        assert start.astimezone(LONDON).hour == 17
    m01 = events[f"m01@{config.id}.tmcert.invalid"]
    assert str(m01["summary"]) == "Due: Module 1: The training function and its structure"
    assert m01.decoded("dtstart") == dt.datetime(2027, 1, 22, 17, 0, tzinfo=LONDON)
    final = events[f"final-exam@{config.id}.tmcert.invalid"].decoded("dtstart")
    assert final == dt.datetime(2027, 3, 12, 17, 0, tzinfo=LONDON)
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/London"
    assert cal["version"] == "2.0" and "PRODID" in cal


def test_the_practicum_is_an_all_day_event_over_its_days(config) -> None:
    cal = _ics(config, dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc))
    [event] = [e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("practicum@")]
    assert event.decoded("dtstart") == dt.date(2027, 3, 1)
    assert event.decoded("dtend") == dt.date(2027, 3, 6)  # exclusive: Monday to Friday
    assert str(event["summary"]) == "Practicum week"


def test_uids_are_stable_between_builds(config) -> None:
    first = _ics(config, dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc))
    later = _ics(config, dt.datetime(2027, 2, 1, tzinfo=dt.timezone.utc))
    assert [str(e["uid"]) for e in first.walk("VEVENT")] == \
        [str(e["uid"]) for e in later.walk("VEVENT")]
    assert [e.decoded("dtstamp") for e in first.walk("VEVENT")] != \
        [e.decoded("dtstamp") for e in later.walk("VEVENT")]
