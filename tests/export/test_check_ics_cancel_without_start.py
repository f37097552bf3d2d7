"""A vanished event of the previous calendar that has no DTSTART is not cancelled.

Every VEVENT of a calendar without METHOD needs a DTSTART (RFC 5545, 3.6.1). The
cancellation of an event of ours that had none (a hand-edited previous file) used to be
written without one, which made the new calendar invalid; no client can hold such an event,
so there is nothing to cancel.
"""

from __future__ import annotations

import icalendar
import recurring_ical_events

from aipm_planner.export.ics import to_ics

from .schedules import START, tiny

GONE = "0f6b5c1e-0000-5000-8000-000000000000@aipm-planner"
NO_START = (
    "BEGIN:VEVENT\r\n"
    f"UID:{GONE}\r\n"
    "DTSTAMP:20270101T000000Z\r\n"
    "SUMMARY:no start\r\n"
    "X-AIPM-KIND:session\r\n"
    "END:VEVENT\r\n"
)


def previous() -> bytes:
    return (
        to_ics(tiny())
        .decode("utf-8")
        .replace("END:VCALENDAR\r\n", NO_START + "END:VCALENDAR\r\n")
        .encode("utf-8")
    )


def test_every_event_keeps_a_start() -> None:
    calendar = icalendar.Calendar.from_ical(to_ics(tiny(), previous=previous()))
    assert isinstance(calendar, icalendar.Calendar)
    assert all("DTSTART" in event for event in calendar.events)
    assert GONE not in {str(event["UID"]) for event in calendar.events}
    assert recurring_ical_events.of(calendar).at(START)


def test_the_rest_is_as_without_the_broken_event() -> None:
    assert to_ics(tiny(), previous=previous()) == to_ics(tiny(), previous=to_ics(tiny()))
