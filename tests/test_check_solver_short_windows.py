"""The constructive plan when the longest session does not fit the learner's windows.

Sessions of up to 90 minutes, windows of 75: the constructive plan cut 3 h into two
90-minute sessions, found no window for them and gave up, so CP-SAT had no first plan (on
the built-in roadmap with such windows, no plan at all within the default 10 s).
"""

from __future__ import annotations

from aipm_planner.effort import prepare
from aipm_planner.model import LearnerProfile, Roadmap
from aipm_planner.planning import build_problem, plan_availability
from aipm_planner.solver.greedy import greedy_plan

ROADMAP = Roadmap.model_validate(
    {
        "id": "t",
        "title": "Tiny",
        "phases": [
            {
                "id": "p",
                "title": "P",
                "weeks": 1,
                "modules": [{"id": "a", "title": "A", "weeks": 1, "hours": 3}],
            }
        ],
    }
)
PROFILE = LearnerProfile.model_validate(
    {
        "timezone": "UTC",
        "start": "2027-01-04",
        "availability": {day: ["19:00-20:15"] for day in ("mon", "wed", "fri")},
        "session": {"min_minutes": 45, "max_minutes": 90, "break_minutes": 15},
    }
)


def test_sessions_as_long_as_the_windows_give_a_constructive_plan() -> None:
    problem = build_problem(prepare(ROADMAP, PROFILE), plan_availability(ROADMAP, PROFILE), PROFILE)
    placed = greedy_plan(problem)
    assert placed is not None
    # 3 h in three 75-minute windows: three sessions of 60 minutes, one in each.
    assert [p.end - p.start for p in placed] == [60, 60, 60]
    assert len({problem.slot_of(p.start) for p in placed}) == 3
