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


def test_an_event_that_comes_back_after_its_cancellation_gets_a_higher_sequence() -> None:
    # Plan 1 has a's third session; plan 2 (2 h of a studied elsewhere) drops it, so its
    # export cancels it; plan 3 is plan 2 again; plan 4 (shorter sessions) has it again.
    # Clients hold the cancellation: the event must come back with a higher SEQUENCE,
    # which plan 3's export can only know if it still carries the cancellation.
    from zoneinfo import ZoneInfo

    from aipm_planner.model.progress import ModuleProgress, Progress
    from aipm_planner.replan import replan

    road = Roadmap.model_validate(
        {
            "id": "back",
            "title": "Back",
            "phases": [
                {
                    "id": "p",
                    "title": "P",
                    "weeks": "1-6",
                    "modules": [{"id": "a", "title": "A", "weeks": "1-4", "hours": 6}],
                }
            ],
        }
    )
    profile = PROFILE.model_copy(
        update={"session": PROFILE.session.model_copy(update={"min_minutes": 60})}
    )
    as_of = dt.datetime(2027, 1, 5, tzinfo=ZoneInfo("Europe/Berlin"))
    elsewhere = Progress(as_of=as_of, modules={"a": ModuleProgress(hours_done=4)})
    plans = [plan(road, profile, time_limit=5)]
    plans.append(replan(plans[0], progress=elsewhere, time_limit=5))
    plans.append(replan(plans[1], progress=elsewhere, time_limit=5))
    shorter = profile.model_copy(
        update={"session": profile.session.model_copy(update={"max_minutes": 60})}
    )
    plans.append(replan(plans[2], profile=shorter, progress=elsewhere, time_limit=5))
    exports = [to_ics(plans[0])]
    for schedule in plans[1:]:
        exports.append(to_ics(schedule, previous=exports[-1]))
    third = plans[0].sessions_of("a")[2].uid
    assert third not in {s.uid for s in plans[1].sessions}
    assert third in {s.uid for s in plans[3].sessions}

    def event(data: bytes) -> tuple[int, str]:
        found = [
            e for e in icalendar.Calendar.from_ical(data).walk("VEVENT") if str(e["UID"]) == third
        ]
        assert len(found) == 1
        return int(found[0].get("SEQUENCE", 0)), str(found[0].get("STATUS", ""))

    assert event(exports[1]) == (1, "CANCELLED")
    assert event(exports[2]) == (1, "CANCELLED")  # still cancelled, unchanged
    sequence, status = event(exports[3])
    assert sequence > 1
    assert status != "CANCELLED"
