"""An all-day busy event whose DTEND is its DTSTART blocks that day.

RFC 5545 wants DTEND after DTSTART, but holiday feeds such as calendarlabs.com write a
one-day event as ``DTSTART;VALUE=DATE:20260324`` with the same DTEND, and Apple Calendar
shows it as that whole day. It used to block nothing, so sessions were planned on it.
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
        "UID:holiday@example.org",
        "DTSTAMP:20260101T000000Z",
        "DTSTART;VALUE=DATE:20260324",
        "DTEND;VALUE=DATE:20260324",
        "SUMMARY:Holiday",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:weekly@example.org",
        "DTSTAMP:20260101T000000Z",
        "DTSTART;VALUE=DATE:20260326",
        "DTEND;VALUE=DATE:20260326",
        "RRULE:FREQ=WEEKLY;COUNT=2",
        "SUMMARY:Team day",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def test_all_day_event_ending_on_its_first_day_blocks_that_day(tmp_path: Path) -> None:
    path = tmp_path / "holidays.ics"
    path.write_text(CALENDAR, encoding="utf-8")
    profile = LearnerProfile.model_validate(
        {
            "timezone": "America/New_York",
            "start": "2026-03-23",
            "availability": {day: ["19:00-21:00"] for day in ("mon", "tue", "wed", "thu")},
            "busy_calendars": [str(path)],
        }
    )
    windows = expand_windows(profile, dt.date(2026, 3, 23), dt.date(2026, 4, 2))
    assert [w.day.day for w in windows] == [23, 25, 30, 31, 1]
