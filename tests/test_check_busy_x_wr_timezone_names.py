"""The zone named by a busy calendar's X-WR-TIMEZONE: a Windows name is read like a TZID, an
unknown one is refused with the file, the field and the name.

A Windows name ("Tokyo Standard Time") used to be refused with "busy calendar has an event
that cannot be read: it has no No time zone found with key ...", pointing at the events; a
file holding two calendars, one with an unknown name, crashed with an internal error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aipm_planner.availability import expand_windows
from aipm_planner.errors import InputError
from aipm_planner.model import LearnerProfile


def _calendar(zone: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hand//made//EN",
        f"X-WR-TIMEZONE:{zone}",
        "BEGIN:VEVENT",
        "UID:meeting@example.org",
        "DTSTAMP:20260101T000000Z",
        # Floating: 08:00 in the calendar's zone.
        "DTSTART:20260324T080000",
        "DTEND:20260324T090000",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines)


def _windows(path: Path) -> list[str]:
    profile = LearnerProfile.model_validate(
        {
            "timezone": "Europe/London",
            "start": "2026-03-23",
            "availability": {"mon": ["22:00-24:00"]},
            "busy_calendars": [str(path)],
        }
    )
    windows = expand_windows(profile, dt.date(2026, 3, 23), dt.date(2026, 3, 23))
    return [f"{w.start:%H:%M}-{w.end:%H:%M}" for w in windows]


def test_windows_zone_name_is_read_as_its_iana_zone(tmp_path: Path) -> None:
    # 08:00 in Tokyo on Tuesday is 23:00 on Monday in London.
    path = tmp_path / "busy.ics"
    path.write_text(_calendar("Tokyo Standard Time"), encoding="utf-8")
    assert _windows(path) == ["22:00-23:00"]


@pytest.mark.parametrize("calendars", [1, 2])
def test_unknown_zone_name_is_refused_with_the_file_and_the_name(
    tmp_path: Path, calendars: int
) -> None:
    path = tmp_path / "busy.ics"
    path.write_text(_calendar("Europe/London") * (calendars - 1) + _calendar("Mars/Olympus"))
    with pytest.raises(InputError) as caught:
        _windows(path)
    error = caught.value
    assert (error.path, error.field) == (str(path), "busy_calendars.0")
    assert error.reason == "busy calendar has an unknown time zone in X-WR-TIMEZONE (Mars/Olympus)"
    assert error.hint == (
        "give an IANA zone name such as Europe/Berlin, or remove the X-WR-TIMEZONE line"
    )
