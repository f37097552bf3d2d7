"""Sessions in a fall-back night's repeated hour: real minutes, written without ambiguity.

Europe/Berlin falls back on Sunday 2027-10-31: 03:00 CEST becomes 02:00 CET, so the wall
times 02:00-03:00 happen twice. One window, 02:00-03:00 wall time, lasts two real hours.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from aipm_planner.export.ics import to_ics
from aipm_planner.model import LearnerProfile, Roadmap
from aipm_planner.planning import plan
from aipm_planner.verify import verify


def one_phase(*modules: dict[str, object]) -> Roadmap:
    """A roadmap of one one-week phase holding ``modules``."""
    return Roadmap.model_validate(
        {
            "id": "r",
            "title": "R",
            "phases": [{"id": "p", "title": "P", "weeks": 1, "modules": list(modules)}],
        }
    )


ROAD = one_phase(
    {"id": "a", "title": "A", "weeks": 1, "hours": 0.5},
    {"id": "b", "title": "B", "weeks": 1, "hours": 1, "requires": ["a"]},
)
PROFILE = LearnerProfile.model_validate(
    {
        "timezone": "Europe/Berlin",
        "start": "2027-10-31",
        "availability": {"sun": ["02:00-03:00"]},
        "session": {"min_minutes": 30, "max_minutes": 60, "break_minutes": 0},
    }
)


def test_a_session_across_the_repeated_hour_is_planned_and_written_in_utc() -> None:
    schedule = plan(ROAD, PROFILE, time_limit=5)
    assert verify(schedule) == []
    # b runs 02:30 CEST - 02:30 CET: an hour of real time, ending at an earlier wall time.
    b = next(s for s in schedule.sessions if s.module_id == "b")
    assert b.minutes == 60
    assert b.end.astimezone(dt.UTC) - b.start.astimezone(dt.UTC) == dt.timedelta(hours=1)
    calendar = Calendar.from_ical(to_ics(schedule))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT") if "X-AIPM-MODULE" in e}
    for session in schedule.sessions:
        event = events[session.uid]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        # Written in UTC, so every reader gets the real instants.
        assert start.utcoffset() == dt.timedelta(0)
        assert "TZID" not in event["DTSTART"].params
        # (As UTC instants: an aware time with fold=1 never equals one of another zone.)
        utc = [t.astimezone(dt.UTC) for t in (start, end, session.start, session.end)]
        assert utc[:2] == utc[2:]


def test_a_session_ending_in_the_second_repeated_hour_is_not_over_in_the_first() -> None:
    # At 02:45 CEST (the first 02:45 of the night), b, which ends at 02:30 CET an hour
    # later in real time, is still to come: re-planning must not count it as done.
    from zoneinfo import ZoneInfo

    from aipm_planner.effort import prepare
    from aipm_planner.model.progress import Progress
    from aipm_planner.remaining import split_sessions

    schedule = plan(ROAD, PROFILE, time_limit=5)
    first_245 = dt.datetime(2027, 10, 31, 2, 45, tzinfo=ZoneInfo("Europe/Berlin"))
    assert first_245.utcoffset() == dt.timedelta(hours=2)
    full = prepare(ROAD, PROFILE)
    done, missed, upcoming, _ = split_sessions(schedule, Progress(as_of=first_245), first_245, full)
    assert [s.module_id for s in done] == ["a"]  # 02:00-02:30 CEST is over
    assert [s.module_id for s in upcoming] == ["b"]
    assert missed == []


def test_events_are_written_in_real_time_order_through_the_repeated_hour() -> None:
    # Four half-hour sessions fill the two real hours: 02:00 and 02:30 CEST, then 02:00
    # and 02:30 CET. By wall time the second 02:00 would come before the first 02:30.
    road = one_phase({"id": "a", "title": "A", "weeks": 1, "hours": 2})
    profile = PROFILE.model_copy(
        update={"session": PROFILE.session.model_copy(update={"max_minutes": 30})}
    )
    schedule = plan(road, profile, time_limit=5)
    assert verify(schedule) == []
    assert len(schedule.sessions) == 4
    calendar = Calendar.from_ical(to_ics(schedule))
    starts = [e.decoded("DTSTART") for e in calendar.walk("VEVENT") if "X-AIPM-MODULE" in e]
    assert starts == sorted(s.start.astimezone(dt.UTC) for s in schedule.sessions)
