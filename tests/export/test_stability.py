"""Re-planning with one more free evening a week keeps the UIDs of surviving sessions."""

from __future__ import annotations

import datetime as dt

import icalendar

from aipm_planner.export.ics import to_ics
from aipm_planner.model import LearnerProfile, Roadmap
from aipm_planner.planning import plan

ROADMAP = Roadmap.model_validate(
    {
        "id": "stable",
        "title": "Stable",
        "phases": [
            {
                "id": "p1",
                "title": "Basics",
                "weeks": "2-4",
                "modules": [
                    {"id": "a", "title": "A", "weeks": "2-3", "hours": 6},
                    {"id": "b", "title": "B", "weeks": "1-3", "hours": 3, "requires": ["a"]},
                ],
            },
            {
                "id": "p2",
                "title": "Project",
                "weeks": "1-3",
                "modules": [{"id": "c", "title": "C", "weeks": "1-3", "hours": 4}],
            },
        ],
    }
)
PROFILE = LearnerProfile.model_validate(
    {
        "timezone": "Europe/Berlin",
        "start": dt.date(2027, 1, 4),
        "availability": {"mon": ["19:00-21:00"], "wed": ["19:00-21:00"], "sat": ["10:00-12:00"]},
    }
)


def _uids(data: bytes) -> dict[str, str]:
    calendar = icalendar.Calendar.from_ical(data)
    return {
        str(event["UID"]): str(event["SUMMARY"])
        for event in calendar.walk("VEVENT")
        if str(event.get("X-AIPM-KIND")) == "session"
    }


def test_one_more_free_evening_keeps_the_uids_of_surviving_sessions() -> None:
    before = plan(ROADMAP, PROFILE, time_limit=10)
    more = PROFILE.model_copy(
        update={"availability": {**PROFILE.availability, "thu": PROFILE.availability["mon"]}}
    )
    after = plan(ROADMAP, more, time_limit=10)
    old = {(s.module_id, s.ordinal): s.uid for s in before.sessions}
    new = {(s.module_id, s.ordinal): s.uid for s in after.sessions}
    surviving = old.keys() & new.keys()
    # A session's UID depends on its module and its number in the module, never its time:
    # the first min(before, after) sessions of every module survive, with their UIDs.
    counts = {m: min(before.session_count(m), after.session_count(m)) for m in ("a", "b", "c")}
    assert surviving == {(m, k) for m, n in counts.items() for k in range(1, n + 1)}
    assert all(counts.values())
    assert all(old[key] == new[key] for key in surviving)
    # In the calendar files the surviving events carry the same UIDs, so a client that
    # imports the new file updates them instead of adding copies.
    old_ics = _uids(to_ics(before))
    new_ics = _uids(to_ics(after, previous=to_ics(before)))
    assert {old[key] for key in surviving} <= old_ics.keys() & new_ics.keys()
