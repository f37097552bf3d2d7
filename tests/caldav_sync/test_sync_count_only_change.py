"""A session whose only change is its count is rewritten on the server, SEQUENCE unchanged."""

from __future__ import annotations

import datetime as dt

from aipm_planner.caldav_sync import sync_caldav
from aipm_planner.model import session_uid

from . import dav, plans
from .server import Radicale

FIRST: tuple[plans.SessionSpec, ...] = (
    ("intro", dt.date(2027, 3, 1), "19:00", 60),
    ("intro", dt.date(2027, 3, 3), "19:00", 60),
    ("sql", dt.date(2027, 3, 10), "19:00", 90),
)
# A third 'intro' session; the first two stay where they were.
SECOND = (*FIRST[:2], ("intro", dt.date(2027, 3, 4), "19:00", 60), FIRST[2])


def test_a_count_only_change_is_written_and_keeps_its_sequence(
    radicale: Radicale, user: str
) -> None:
    sync_caldav(plans.schedule(FIRST), radicale.url, username=user, password="any")
    report = sync_caldav(plans.schedule(SECOND), radicale.url, username=user, password="any")

    first, second = session_uid("tiny", "intro", 1), session_uid("tiny", "intro", 2)
    assert report.created == [session_uid("tiny", "intro", 3)]
    assert sorted(report.updated) == sorted([first, second])
    cal = dav.calendar(radicale.url, user, "Study plan")
    stored = dav.event_of(cal, second, user)
    assert (stored.summary, stored.sequence) == ("Intro to AI (2/3)", 0)
    # Nothing left to write the next time.
    again = sync_caldav(plans.schedule(SECOND), radicale.url, username=user, password="any")
    assert again.writes == 0
