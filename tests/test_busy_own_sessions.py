"""A plan does not avoid its own sessions when its calendar is read back as busy time.

The usual set-up: the plan is synced (or imported) into the learner's calendar, and the
profile reads that calendar as busy time (``busy_caldav`` reads every calendar of the
account by default). Every study session then blocked itself: planning again moved the
whole plan away from its own previous sessions (week 1 to week 12 in one check). Sessions
of another roadmap's plan stay busy, as do events that only look like ours.
"""

from __future__ import annotations

from pathlib import Path

from export.schedules import START, roadmap
from schedule_builder import profile

from aipm_planner.busy import is_own_session
from aipm_planner.busy_files import parse_quietly
from aipm_planner.export.ics import to_ics
from aipm_planner.model import Roadmap
from aipm_planner.planning import plan
from aipm_planner.verify import verify


def test_a_plan_read_back_as_busy_time_is_planned_the_same(tmp_path: Path) -> None:
    road = roadmap()
    first = plan(road, profile(START), time_limit=5)
    busy = tmp_path / "synced.ics"
    busy.write_bytes(to_ics(first))
    prof = profile(START, busy_calendars=[str(busy)])

    again = plan(road, prof, time_limit=5)

    assert [(s.uid, s.start, s.end) for s in again.sessions] == [
        (s.uid, s.start, s.end) for s in first.sessions
    ]
    assert verify(again) == []


def test_another_roadmaps_sessions_stay_busy(tmp_path: Path) -> None:
    road = roadmap()
    other = Roadmap.model_validate({**road.model_dump(), "id": "another"})
    first = plan(other, profile(START), time_limit=5)
    busy = tmp_path / "other-plan.ics"
    busy.write_bytes(to_ics(first))

    planned = plan(road, profile(START, busy_calendars=[str(busy)]), time_limit=5)

    taken = [(s.start, s.end) for s in first.sessions]
    for session in planned.sessions:
        assert all(session.end <= a or session.start >= b for a, b in taken)
    assert verify(planned) == []


def test_only_an_event_with_this_roadmaps_uid_for_its_module_and_number_is_ours() -> None:
    road = roadmap()
    schedule = plan(road, profile(START), time_limit=5)
    (calendar,) = parse_quietly(to_ics(schedule))
    sessions = [e for e in calendar.walk("VEVENT") if str(e.get("X-AIPM-KIND")) == "session"]
    assert sessions
    assert all(is_own_session(e, road.id) for e in sessions)
    assert not any(is_own_session(e, "another") for e in sessions)
    forged = sessions[0].copy()
    forged["SUMMARY"] = str(forged["SUMMARY"]).replace("(1/", "(2/")
    assert not is_own_session(forged, road.id)  # number 2's UID is another one
    milestones = [e for e in calendar.walk("VEVENT") if str(e.get("X-AIPM-KIND")) != "session"]
    assert not any(is_own_session(e, road.id) for e in milestones)
