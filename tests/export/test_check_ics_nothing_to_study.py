"""A plan with nothing to study still gives a valid calendar: one all-day note.

When every module was skipped (or credited), the export used to be a VCALENDAR with no
component at all, which RFC 5545 (3.6: ``icalbody = calprops component``) does not allow
and which strict readers refuse.
"""

from __future__ import annotations

import datetime as dt

import icalendar
import recurring_ical_events
import vobject
from ical.calendar_stream import IcsCalendarStream

from aipm_planner import plan
from aipm_planner.export.ics import to_ics
from aipm_planner.model import Schedule

from .schedules import START, build, profile, roadmap

MODULES = ["intro", "sql", "proto"]


def nothing_left() -> Schedule:
    return plan(roadmap(), profile().model_copy(update={"skip": MODULES}), time_limit=2)


def events(data: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    assert isinstance(calendar, icalendar.Calendar)
    return list(calendar.events)


def test_the_calendar_holds_one_all_day_note() -> None:
    schedule = nothing_left()
    assert schedule.sessions == []
    assert schedule.milestones == []
    data = to_ics(schedule)
    (note,) = events(data)
    assert str(note["X-AIPM-KIND"]) == "note"
    assert note.summary == "Nothing to study: Tiny roadmap"
    assert note.start == START
    assert note.end == START + dt.timedelta(days=1)
    assert str(note["TRANSP"]) == "TRANSPARENT"
    assert "your profile lists it under skip" in str(note.description)
    assert to_ics(nothing_left()) == data


def test_strict_readers_accept_it() -> None:
    text = to_ics(nothing_left()).decode("utf-8")
    calendar = vobject.readOne(text, validate=True)
    assert len(calendar.vevent_list) == 1
    assert len(IcsCalendarStream.calendar_from_ics(text).events) == 1
    parsed = icalendar.Calendar.from_ical(text)
    assert len(recurring_ical_events.of(parsed).at(START)) == 1


def test_a_later_plan_with_sessions_cancels_the_note() -> None:
    empty = to_ics(nothing_left())
    (note,) = events(empty)
    later = {str(e["UID"]): e for e in events(to_ics(build(), previous=empty))}
    cancelled = later[str(note["UID"])]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled.sequence == 1


def test_the_note_stays_while_there_is_still_nothing_to_study() -> None:
    empty = to_ics(nothing_left())
    again = to_ics(nothing_left(), previous=empty)
    assert again == empty
