"""Floating busy events on the first and last day of the plan, read from a CalDAV server.

A floating time is the learner's wall time, but a server's time-range search compares it
in its own zone (Radicale: UTC). Asked for exactly the plan's span, it used to leave out a
floating event on the last day of a learner far east of UTC (Tokyo, 19:00 is 10:00 UTC)
and one early on the first day of a learner west of it (Los Angeles, 06:00 is 14:00 UTC),
so a session could be planned over them.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from aipm_planner.availability import availability_for
from aipm_planner.model import LearnerProfile

from . import dav
from .server import Radicale


def _windows(zone: str, url: str, user: str, availability: dict[str, list[str]]) -> list[str]:
    profile = LearnerProfile.model_validate(
        {
            "timezone": zone,
            "start": "2027-03-01",
            "deadline": "2027-03-14",
            "availability": availability,
            "busy_caldav": [
                {"url": url, "calendar": "Busy", "username": user, "password_env": "BUSY_PW"}
            ],
        }
    )
    tz = ZoneInfo(zone)
    return [
        f"{w.start.astimezone(tz):%d %H:%M}-{w.end.astimezone(tz):%H:%M}"
        for w in availability_for(profile).windows
    ]


def test_floating_events_at_both_ends_of_the_plan_are_busy(
    radicale: Radicale, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    busy = dav.calendar(radicale.url, user, "Busy")
    # Sunday 14 March (the deadline) 19:00-20:00 and Monday 1 March (the start) 06:00-07:00.
    dav.put(busy, "last.ics", dav.ics("last@x.org", "L", "20270314T190000", "20270314T200000"))
    dav.put(busy, "first.ics", dav.ics("first@x.org", "F", "20270301T060000", "20270301T070000"))
    monkeypatch.setenv("BUSY_PW", "any")

    assert _windows("Asia/Tokyo", radicale.url, user, {"sun": ["18:00-22:00"]}) == [
        "07 18:00-22:00",
        "14 18:00-19:00",
        "14 20:00-22:00",
    ]
    assert _windows("America/Los_Angeles", radicale.url, user, {"mon": ["05:00-09:00"]}) == [
        "01 05:00-06:00",
        "01 07:00-09:00",
        "08 05:00-09:00",
    ]
