"""The arithmetic lower bounds: each one on a case worked out by hand, and never above a plan."""

from __future__ import annotations

from dataclasses import replace

import pytest

from aipm_planner.model import Roadmap
from aipm_planner.planning import plan
from aipm_planner.solver.bounds import finish_lower_bound, peak_lower_bound, window_capacity
from aipm_planner.solver.problem import Problem

from .builders import minutes_after_start, module, phase, problem_of, profile, roadmap

MONDAY_AND_SATURDAY = {"mon": ["19:00-21:00"], "sat": ["09:00-12:00"]}


def test_window_capacity_counts_the_breaks_between_sessions() -> None:
    # Sessions of 30-120 minutes with 10-minute breaks.
    problem = problem_of(roadmap(phase("p", 1, module("a"))), profile(MONDAY_AND_SATURDAY))
    assert window_capacity(problem, 120) == 120  # one session
    assert window_capacity(problem, 180) == 170  # 120 + break + 50: two sessions
    assert window_capacity(problem, 250) == 240  # two full sessions and a break
    assert window_capacity(problem, 29) == 0  # shorter than a session
    assert window_capacity(replace(problem, unit=15), 180) == 165  # whole effort units only


def test_the_finish_bound_counts_only_the_windows_a_later_phase_can_use() -> None:
    # Phase p2 cannot start before week 1 (p1 lasts two weeks), so its 2 h need week 1's
    # windows: at best Monday 19:00-21:00. The effort of both phases fits into week 0 and
    # the chain of minimum lengths ends in week 1, so neither of those bounds sees it.
    road = roadmap(
        phase("p1", 2, module("a", 2, 1)),
        phase("p2", 1, module("b", 1, 2)),
    )
    problem = problem_of(road, profile(MONDAY_AND_SATURDAY))
    monday = next(s for s in problem.slots if s.week == 1)
    bound = finish_lower_bound(problem)
    assert bound == monday.start + 120
    schedule = plan(road, profile(MONDAY_AND_SATURDAY), time_limit=10)
    assert schedule.finish is not None
    # a must also study in week 1 before b starts, so the best plan ends on Saturday.
    assert minutes_after_start(schedule.finish) > bound


def test_the_finish_bound_ends_with_a_whole_shortest_session() -> None:
    # 20 minutes of effort fill no window, but the one session lasts at least 30 minutes.
    road = roadmap(phase("p", 1, module("a", 1, 0.5)))
    problem = problem_of(road, profile({"mon": ["19:00-21:00"]}))
    assert finish_lower_bound(problem) == problem.slots[0].start + 30


def test_a_plan_that_reaches_the_bounds_is_optimal() -> None:
    # 3 h over exactly two weeks of one 2-hour Monday window: 90 minutes a week at best.
    road = roadmap(phase("p", 2, module("a", 2, 3)))
    prof = profile({"mon": ["19:00-21:00"]})
    problem = problem_of(road, prof)
    first, second = problem.slots[0], problem.slots[1]
    assert finish_lower_bound(problem) == second.start + 60
    assert peak_lower_bound(problem, second.end) == 90  # 90 + 90 if it could end later
    assert peak_lower_bound(problem, second.start + 60) == 120  # 120 + 60 to end this early
    # With only the first week usable, the 3 h cannot fit: the bound says "all of it".
    assert peak_lower_bound(problem, first.end) >= 180
    schedule = plan(road, prof, time_limit=10)
    report = schedule.report
    assert report.status == "optimal"
    assert report.objectives["peak_week"] == report.bounds["peak_week"] == 120
    assert report.finish_lower_bound == second.start + 60


def test_caps_lower_what_a_window_holds() -> None:
    # At most 1 h a day: Saturday's 3-hour window holds one hour, so 2 h end next Monday.
    road = roadmap(phase("p", "1-2", module("a", "1-2", 2)))
    prof = profile({"mon": ["19:00-21:00"], "sat": ["09:00-12:00"]}, max_hours_per_day=1)
    problem = problem_of(road, prof)
    saturday = problem.slots[1]
    assert finish_lower_bound(problem) == saturday.start + 60


def test_the_peak_bound_counts_sessions_a_span_forces_into_a_week() -> None:
    # a spans weeks 0-2 exactly (its phase must end before b's may start, in week 2), so
    # week 2 holds a shortest session of a besides all of b: at least 30 + 60 minutes.
    road = roadmap(
        phase("p1", 3, module("a", 3, 1.5)),
        phase("p2", 1, module("b", 1, 1)),
    )
    assert_week_two_holds_90_minutes(road)


def assert_week_two_holds_90_minutes(road: Roadmap) -> Problem:
    """The best plan of ``road`` on one Monday window a week ends in week 2 after 30 + 60
    minutes there, and the peak bound at that finish is those 90 minutes, reached."""
    prof = profile({"mon": ["19:00-21:00"]})
    problem = problem_of(road, prof)
    schedule = plan(road, prof, time_limit=10)
    assert schedule.finish is not None
    finish = minutes_after_start(schedule.finish)
    assert finish == problem.slots[2].start + 30 + 10 + 60
    assert peak_lower_bound(problem, finish) == 90
    assert schedule.report.status == "optimal"
    assert schedule.report.objectives["peak_week"] == 90
    return problem


def test_the_peak_bound_counts_a_session_a_phase_span_forces_into_a_week(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # p1 must span weeks 0-2 (three weeks) and end by week 2, where p2's c takes 60
    # minutes. Neither a nor b has to be in week 2, but one of them must: the phase's last
    # week. So week 2 holds at least 30 + 60 minutes, the best plan's heaviest week.
    from aipm_planner.solver import bounds

    road = roadmap(
        phase("p1", 3, module("a", "1-3", 2), module("b", "1-3", 1)),
        phase("p2", 1, module("c", 1, 1)),
    )
    problem = assert_week_two_holds_90_minutes(road)
    # Without the phase's forced week only c is known to be in week 2.
    monkeypatch.setattr(bounds, "_forced_phase_weeks", lambda *args: [])
    assert peak_lower_bound(problem, problem.slots[2].start + 100) < 90


def test_the_peak_bound_gives_up_rather_than_examine_too_many_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aipm_planner.solver import bounds

    road = roadmap(phase("p", 2, module("a", 2, 3)))
    problem = problem_of(road, profile({"mon": ["19:00-21:00"]}))
    finish = problem.slots[1].end
    assert peak_lower_bound(problem, finish) == 90
    monkeypatch.setattr(bounds, "MAX_INTERVALS", 0)
    assert peak_lower_bound(problem, finish) == 0
