"""A rule's UNTIL written as a local time, under a DTSTART with a time zone, is that zone's
wall time, as sabre/vobject (Nextcloud) reads it.

RFC 5545 wants a UTC UNTIL there, but some exporters write the local time of the last
occurrence. It used to be read as UTC: in Santiago (UTC-3) ``UNTIL=20260922T200000`` became
17:00 local, before the last occurrence at 20:00, which was then left out of the busy time
and could get a study session.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from aipm_planner.availability import expand_windows
from aipm_planner.model import LearnerProfile

CALENDAR = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hand//made//EN",
        "BEGIN:VEVENT",
        "UID:call@example.org",
        "DTSTAMP:20260101T000000Z",
        "DTSTART;TZID=America/Santiago:20260921T200000",
        "DTEND;TZID=America/Santiago:20260921T203000",
        "RRULE:FREQ=DAILY;UNTIL=20260922T200000",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def test_local_until_keeps_the_last_occurrence(tmp_path: Path) -> None:
    path = tmp_path / "busy.ics"
    path.write_text(CALENDAR, encoding="utf-8")
    profile = LearnerProfile.model_validate(
        {
            "timezone": "America/Santiago",
            "start": "2026-09-21",
            "availability": {day: ["19:00-21:00"] for day in ("mon", "tue", "wed")},
            "busy_calendars": [str(path)],
        }
    )
    windows = expand_windows(profile, dt.date(2026, 9, 21), dt.date(2026, 9, 23))
    assert [f"{w.start:%d %H:%M}-{w.end:%H:%M}" for w in windows] == [
        "21 19:00-20:00",
        "21 20:30-21:00",
        "22 19:00-20:00",
        "22 20:30-21:00",
        "23 19:00-21:00",
    ]
