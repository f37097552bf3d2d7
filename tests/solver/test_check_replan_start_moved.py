"""A re-plan whose profile moves the start past study already done plans what is left.

The learner studied on Mon 2027-03-01 and Wed 03-03, then moved the profile's start to
Fri 03-05 (plan week 0 is now 03-05..03-11; the past sessions lie in week -1). Phase
``p1`` began in week -1, so at its minimum of 2 weeks it may end in week 0 and ``p2`` may
begin there: what is left (b: 5 h, then c: 4 h and d: 3 h at 6 h a week) fits by Wednesday
03-17. The solver's earliest weeks and its finish bound counted ``p1`` from week 0, so
``p2`` could not begin before week 1, the bound asked for a finish in week 2 that the
horizon cut from the first plan did not hold, and the re-plan was refused as not fitting.
"""

from __future__ import annotations

import datetime as dt

from aipm_planner.model import LearnerProfile
from aipm_planner.model.progress import Progress
from aipm_planner.planning import plan
from aipm_planner.replan import progress_work, replan
from aipm_planner.verify import verify

from .builders import at, module, phase, roadmap

ROAD = roadmap(
    phase("p1", "2-4", module("a", "1-2", hours=4), module("b", "1-3", hours=5, requires=("a",))),
    phase("p2", "2-4", module("c", "1-3", hours=4), module("d", "1-2", hours=3, requires=("c",))),
)
PROFILE = LearnerProfile.model_validate(
    {
        "timezone": "America/New_York",
        "start": "2027-03-01",
        "availability": {"mon": ["19:00-21:00"], "wed": ["19:00-21:00"], "sat": ["09:00-12:00"]},
        "session": {"min_minutes": 45, "max_minutes": 120, "break_minutes": 15},
        "max_hours_per_week": 6,
    }
)


def test_moving_the_start_past_done_study_still_plans_what_is_left() -> None:
    first = plan(ROAD, PROFILE, time_limit=5)
    progress = Progress(as_of=at("2027-03-04", "12:00", "America/New_York"))
    later = PROFILE.model_copy(update={"start": dt.date(2027, 3, 5)})

    new = replan(first, profile=later, progress=progress, time_limit=5)

    assert verify(new, work=progress_work(new, progress)) == []
    done = [s for s in first.sessions if s.end <= progress.as_of]
    assert [(s.uid, s.start, s.end) for s in done] == [
        (s.uid, s.start, s.end) for s in new.sessions[: len(done)]
    ]
    # c and d may begin in week 0, right after b: the finish is Wed 03-17, 20:00 at latest.
    assert new.finish is not None
    assert new.finish <= at("2027-03-17", "21:00", "America/New_York")
