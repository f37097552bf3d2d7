"""A busy calendar saved as UTF-16 (Windows tools' "Unicode") is read like its UTF-8 copy.

RFC 5545 asks for UTF-8, but Notepad and PowerShell 5 save text as UTF-16 with a byte
order mark. Such a file used to be refused as "not an iCalendar file", with its bytes
shown as escapes ('\\xff\\xfeB\\x00E\\x00G...') that tell the learner nothing.
"""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest

from aipm_planner.availability import expand_windows
from aipm_planner.model import LearnerProfile

CALENDAR = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hand//made//EN",
        "BEGIN:VEVENT",
        "UID:choir@example.org",
        "DTSTAMP:20240101T000000Z",
        "DTSTART;TZID=Europe/Berlin:20240108T190000",
        "DTEND;TZID=Europe/Berlin:20240108T200000",
        "SUMMARY:Chorprobe mit Jürgen",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"],
)
def test_unicode_encodings_with_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    data = CALENDAR.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # these codecs write no byte order mark
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    path = tmp_path / "busy.ics"
    path.write_bytes(data)
    profile = LearnerProfile.model_validate(
        {
            "timezone": "Europe/Berlin",
            "start": "2024-01-08",
            "availability": {"mon": ["18:00-22:00"]},
            "busy_calendars": [str(path)],
        }
    )
    windows = expand_windows(profile, dt.date(2024, 1, 8), dt.date(2024, 1, 8))
    assert [f"{w.start:%H:%M}-{w.end:%H:%M}" for w in windows] == ["18:00-19:00", "20:00-22:00"]
