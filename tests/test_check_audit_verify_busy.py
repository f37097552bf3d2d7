"""verify() reports a session over a busy event of the learner's busy calendar.

Invariant 1 says a session never lies over a busy event. The verifier tests broke every
other rule on purpose, but none put a session over a busy event, so nothing showed that
the verifier reads the profile's busy calendars at all.
"""

from __future__ import annotations

from pathlib import Path

from test_verify import A1, A2, B1, C1, VALID, profile, s, schedule

from aipm_planner.availability import expand_windows
from aipm_planner.model import LearnerProfile
from aipm_planner.verify import verify

# Monday 2027-01-04 19:30-20:00 in Berlin: inside session a 1/2 (19:00-21:00).
BUSY = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//test//busy//EN\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:dentist@test\r\n"
    "DTSTAMP:20261201T000000Z\r\n"
    "DTSTART;TZID=Europe/Berlin:20270104T193000\r\n"
    "DTEND;TZID=Europe/Berlin:20270104T200000\r\n"
    "SUMMARY:Dentist\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def busy_profile(tmp_path: Path, text: str = BUSY) -> LearnerProfile:
    path = tmp_path / "busy.ics"
    path.write_text(text, newline="")
    return profile(busy_calendars=[str(path)])


def test_a_session_over_a_busy_event_breaks_the_window_rule(tmp_path: Path) -> None:
    found = verify(schedule(VALID, busy_profile(tmp_path)))
    assert [(v.rule, v.subject) for v in found] == [("window", A1.uid)]
    assert found[0].amount_minutes == 60  # of 120 min, only 20:00-21:00 is free
    assert "sticks out of the availability window 2027-01-04 20:00-21:00" in found[0].message


def test_sessions_around_the_busy_event_are_fine(tmp_path: Path) -> None:
    # The same minutes of a, after the dentist and on Wednesday.
    around = [
        s("a", 1, "2027-01-04", "20:00-21:00"),
        s("a", 2, "2027-01-06", "19:00-21:00"),
    ]
    assert verify(schedule([*around, B1, C1], busy_profile(tmp_path))) == []


def test_a_transparent_event_is_not_busy(tmp_path: Path) -> None:
    free = BUSY.replace("SUMMARY:Dentist\r\n", "SUMMARY:Dentist\r\nTRANSP:TRANSPARENT\r\n")
    assert verify(schedule([A1, A2, B1, C1], busy_profile(tmp_path, free))) == []


def test_given_windows_replace_the_busy_calendar(tmp_path: Path) -> None:
    # Windows passed in are used as they are: the caller already removed busy time.
    plain = profile()
    windows = expand_windows(plain, plain.start, plain.deadline or plain.start)
    assert verify(schedule(VALID, busy_profile(tmp_path)), windows=windows) == []
