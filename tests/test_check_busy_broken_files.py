"""Busy calendars broken in ways the parser trips over are refused as bad input, naming the
file and the field, not reported as an internal error.

An event with two DTSTART lines, a VTIMEZONE whose rule has no FREQ and a VTIMEZONE with two
TZID lines used to end in an AttributeError or a TypeError from deep in the parser (exit 1,
"internal error").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aipm_planner.availability import expand_windows
from aipm_planner.errors import InputError
from aipm_planner.model import LearnerProfile

EVENT = [
    "BEGIN:VEVENT",
    "UID:choir@example.org",
    "DTSTAMP:20260101T000000Z",
    "DTSTART;TZID=Europe/Berlin:20260323T190000",
    "DTEND;TZID=Europe/Berlin:20260323T200000",
    "RRULE:FREQ=WEEKLY",
    "END:VEVENT",
]


def _zone(*lines: str) -> list[str]:
    return [
        "BEGIN:VTIMEZONE",
        *lines,
        "BEGIN:STANDARD",
        "DTSTART:16011028T030000",
        "RRULE:BYDAY=-1SU;BYMONTH=10",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


BROKEN = {
    "two DTSTART lines": [*EVENT[:4], "DTSTART;TZID=Europe/Berlin:20260324T190000", *EVENT[4:]],
    "zone rule without FREQ": [*_zone("TZID:Office"), *EVENT],
    "zone with two TZID lines": [*_zone("TZID:Office", "TZID:Home"), *EVENT],
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_calendar_is_bad_input(tmp_path: Path, name: str) -> None:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hand//made//EN", *BROKEN[name]]
    path = tmp_path / "busy.ics"
    path.write_text("\r\n".join([*lines, "END:VCALENDAR", ""]), encoding="utf-8")
    profile = LearnerProfile.model_validate(
        {
            "timezone": "Europe/Berlin",
            "start": "2026-03-23",
            "availability": {"mon": ["18:00-22:00"]},
            "busy_calendars": [str(path)],
        }
    )
    with pytest.raises(InputError) as caught:
        expand_windows(profile, dt.date(2026, 3, 23), dt.date(2026, 3, 29))
    assert (caught.value.path, caught.value.field) == (str(path), "busy_calendars.0")
    if name == "two DTSTART lines":
        assert caught.value.reason == (
            "busy calendar has an event with 2 DTSTART lines (event choir@example.org)"
        )
