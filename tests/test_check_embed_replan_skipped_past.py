"""Past sessions of a module the profile given at a check-in skips are left out, as the
README says: the schedule has no sessions of a skipped module, an explanation counts them,
and the calendar written with the previous one cancels their events. Every other past
session stays as it was."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from aipm_planner import LearnerProfile, Roadmap, plan, replan, to_ics, verify
from aipm_planner.model.progress import Progress
from aipm_planner.replan import progress_work

ROAD = Roadmap.model_validate(
    {
        "id": "r",
        "title": "R",
        "phases": [
            {
                "id": "p",
                "title": "P",
                "weeks": "1-3",
                "modules": [
                    {"id": "a", "title": "A", "weeks": "1-3", "hours": 2},
                    {"id": "b", "title": "B", "weeks": "1-3", "hours": 2},
                ],
            }
        ],
    }
)
PROFILE = LearnerProfile.model_validate(
    {
        "timezone": "Europe/Berlin",
        "start": "2027-01-04",
        "availability": {"mon": ["19:00-20:00"], "wed": ["19:00-20:00"], "fri": ["19:00-20:00"]},
        "session": {"min_minutes": 60, "max_minutes": 60, "break_minutes": 10},
    }
)


def test_past_sessions_of_a_module_skipped_at_the_check_in_are_left_out() -> None:
    first = plan(ROAD, PROFILE, time_limit=5, workers=1)
    # Three evenings have happened, two of one module and one of the other, which is now
    # skipped.
    check_in = dt.datetime(2027, 1, 9, tzinfo=PROFILE.zone)
    past = [s for s in first.sessions if s.end <= check_in]
    assert [s.module_id for s in past] == ["b", "b", "a"]
    skipped = "a"
    progress = Progress(as_of=check_in)
    new = replan(
        first,
        profile=PROFILE.model_copy(update={"skip": [skipped]}),
        progress=progress,
        time_limit=5,
        workers=1,
    )
    assert verify(new, work=progress_work(new, progress)) == []
    assert [s for s in new.sessions if s.module_id == skipped] == []
    kept = [s for s in past if s.module_id != skipped]
    assert [s for s in new.sessions if s.end <= check_in] == kept
    assert "1 past session(s) of modules no longer in the plan are left out." in new.explanations
    calendar = Calendar.from_ical(to_ics(new, previous=to_ics(first)))
    status = {str(e["UID"]): str(e.get("STATUS", "")) for e in calendar.walk("VEVENT")}
    assert status[past[2].uid] == "CANCELLED"
    assert [status[s.uid] for s in kept] == ["", ""]
