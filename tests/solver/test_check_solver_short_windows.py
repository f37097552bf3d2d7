"""The constructive plan when the longest session does not fit the learner's windows.

Sessions of up to 90 minutes, windows of 75: the constructive plan cut 3 h into two
90-minute sessions, found no window for them and gave up, so CP-SAT had no first plan (on
the built-in roadmap with such windows, no plan at all within the default 10 s).
"""

from __future__ import annotations

from aipm_planner.solver.greedy import greedy_plan

from .builders import module, phase, problem_of, profile, roadmap

ROADMAP = roadmap(phase("p", 1, module("a", 1, hours=3)))
PROFILE = profile(
    {day: ["19:00-20:15"] for day in ("mon", "wed", "fri")},
    session={"min_minutes": 45, "max_minutes": 90, "break_minutes": 15},
)


def test_sessions_as_long_as_the_windows_give_a_constructive_plan() -> None:
    problem = problem_of(ROADMAP, PROFILE)
    placed = greedy_plan(problem)
    assert placed is not None
    # 3 h in three 75-minute windows: three sessions of 60 minutes, one in each.
    assert [p.end - p.start for p in placed] == [60, 60, 60]
    assert len({problem.slot_of(p.start) for p in placed}) == 3
