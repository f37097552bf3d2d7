"""Property: the exported calendar, parsed back, gives exactly the schedule's sessions."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from aipm_planner.export.ics import to_ics
from aipm_planner.model import Schedule

from .schedules import SessionSpec, build, profile, roadmap

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "UTC",
    "Asia/Kolkata",
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "America/St_Johns",
)
MODULES = ("intro", "sql", "proto")
BASE = dt.datetime(2027, 1, 4, tzinfo=dt.UTC)

# Anything printable, and the characters iCalendar must escape or fold around.
ODD = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")),
        st.sampled_from([",", ";", "\n", "\\", ":", '"', "é", "日", "😀", "\u2028"]),
    ),
    min_size=1,
    max_size=40,
).filter(lambda text: bool(text.strip()))

SPEC = st.tuples(
    st.sampled_from(MODULES),
    st.integers(min_value=0, max_value=400 * 24 * 60),  # minutes after BASE: DST both ways
    st.integers(min_value=5, max_value=600),
)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    titles = draw(st.lists(ODD, min_size=4, max_size=4))
    road = roadmap(title=titles[0], intro=titles[1], sql=titles[2], proto=titles[3])
    raw = draw(st.lists(SPEC, min_size=1, max_size=15))
    specs: list[SessionSpec] = [(m, BASE + dt.timedelta(minutes=o), n) for m, o, n in raw]
    zone = draw(st.sampled_from(ZONES))
    return build(road, profile(zone, dt.date(2027, 1, 4)), specs)


def utc_of(value: dt.date) -> dt.datetime:
    assert isinstance(value, dt.datetime)
    return value.astimezone(dt.UTC)


def session_rows(calendar: Calendar) -> set[tuple[str, dt.datetime, dt.datetime, str]]:
    return {
        (
            str(event["UID"]),
            utc_of(event.start),
            utc_of(event.end),
            str(event["X-AIPM-MODULE"]),
        )
        for event in calendar.events
        if str(event["X-AIPM-KIND"]) == "session"
    }


@settings(max_examples=30, deadline=None)
@given(schedules())
def test_parsed_calendar_gives_back_exactly_the_sessions(schedule: Schedule) -> None:
    data = to_ics(schedule)
    calendar = Calendar.from_ical(data)
    expected = {
        (s.uid, s.start.astimezone(dt.UTC), s.end.astimezone(dt.UTC), s.module_id)
        for s in schedule.sessions
    }
    assert session_rows(calendar) == expected
    assert len(calendar.events) == len(schedule.sessions) + len(schedule.milestones)
    assert calendar.get_missing_tzids() == set()
    zone = schedule.profile.timezone
    counts = {m: schedule.session_count(m) for m in MODULES}
    events = {str(e["UID"]): e for e in calendar.events}
    for session in schedule.sessions:
        event = events[session.uid]
        assert str(event["SUMMARY"]) == (
            f"{session.title} ({session.ordinal}/{counts[session.module_id]})"
        )
        assert str(event["DESCRIPTION"]).startswith(f"{session.title}: session ")
        if zone == "UTC":
            assert "TZID" not in event["DTSTART"].params
        else:
            assert event["DTSTART"].params["TZID"] == zone
    # A calendar name is one line: line breaks in the title become spaces.
    title = " ".join(schedule.roadmap.title.splitlines())
    # icalendar reads the name as it stands; the strict ical package reads it as TEXT.
    assert IcsCalendarStream.calendar_from_ics(data.decode()).name == [f"{title} study plan"]
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


@settings(max_examples=20, deadline=None)
@given(schedules(), st.data())
def test_replan_cancels_exactly_the_vanished_sessions(
    schedule: Schedule, data: st.DataObject
) -> None:
    old = to_ics(schedule)
    assert to_ics(schedule, previous=old) == old
    keep = data.draw(st.lists(st.booleans(), min_size=len(schedule.sessions)))
    specs: list[SessionSpec] = [
        (s.module_id, s.start.astimezone(dt.UTC), s.minutes)
        for s, kept in zip(schedule.sessions, keep, strict=False)
        if kept
    ]
    smaller = build(schedule.roadmap, schedule.profile, specs)
    calendar = Calendar.from_ical(to_ics(smaller, previous=old))
    cancelled = {
        str(e["UID"])
        for e in calendar.events
        if str(e.get("STATUS", "")) == "CANCELLED" and str(e["X-AIPM-KIND"]) == "session"
    }
    assert cancelled == {s.uid for s in schedule.sessions} - {s.uid for s in smaller.sessions}
    assert session_rows(calendar) >= {
        (s.uid, s.start.astimezone(dt.UTC), s.end.astimezone(dt.UTC), s.module_id)
        for s in smaller.sessions
    }
    uids = [str(e["UID"]) for e in calendar.events]
    assert len(uids) == len(set(uids))
