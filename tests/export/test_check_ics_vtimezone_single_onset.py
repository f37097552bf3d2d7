"""An observance with a single onset lists it as an RDATE too, so the ``ical`` package reads it.

Within one year most zones change their clocks once each way, so each observance has one
onset. Those were written as ``DTSTART`` alone, and the ``ical`` package counts no onset
from a ``DTSTART`` alone: a reader that follows the calendar's definition (a TZID it does
not know itself) took every time before the first change as UTC, and a one-year plan in
Berlin started an hour late. Every onset is now an RDATE as well, as with several onsets.
"""

from __future__ import annotations

import datetime as dt

import pytest
from ical.calendar_stream import IcsCalendarStream

from aipm_planner.export.ics import to_ics

from .schedules import SessionSpec, build, profile, utc

# Sessions of one year: before, across and after each change of the northern and the
# southern hemisphere (and none in Kathmandu, a 45-minute offset without changes).
SPECS: tuple[SessionSpec, ...] = (
    ("intro", utc(2027, 2, 1, 12), 60),
    ("intro", utc(2027, 3, 28, 0, 30), 90),
    ("sql", utc(2027, 4, 3, 15), 120),
    ("proto", utc(2027, 7, 1, 12), 60),
    ("proto", utc(2027, 10, 2, 15), 120),
    ("proto", utc(2027, 12, 1, 12), 60),
)
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Adelaide", "Asia/Kathmandu"]


@pytest.mark.parametrize("zone", ZONES)
def test_a_reader_of_the_definition_gets_every_session_right(zone: str) -> None:
    schedule = build(prof=profile(zone, start=dt.date(2027, 2, 1)), specs=SPECS)
    text = to_ics(schedule).decode("utf-8").replace("\r\n ", "")
    # A name the reader does not know, so it has to follow the VTIMEZONE.
    unknown = f"Study-{zone.replace('/', '-')}"
    calendar = IcsCalendarStream.calendar_from_ics(text.replace(zone, unknown))
    read: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    zones: set[str] = set()
    for event in calendar.events:
        start, end = event.start, event.end
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
            read[event.uid] = (start.astimezone(dt.UTC), end.astimezone(dt.UTC))
            zones.add(str(start.tzinfo))
    assert zones <= {unknown, "UTC"}
    sessions = schedule.sessions
    assert read == {s.uid: (s.start.astimezone(dt.UTC), s.end.astimezone(dt.UTC)) for s in sessions}
