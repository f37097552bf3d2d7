"""The constructive first plan: valid on its own, and the answer when CP-SAT cannot be used."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from aipm_planner.loading import default_profile
from aipm_planner.model import Schedule
from aipm_planner.planning import plan
from aipm_planner.roadmaps import builtin_roadmap
from aipm_planner.solver import solve as solve_module
from aipm_planner.solver.solve import SolveResult
from aipm_planner.verify import verify

from .builders import module, phase, problem_of, profile, roadmap

PROFILE = default_profile(today=dt.date(2027, 1, 1), timezone="Europe/Berlin")


def test_a_model_too_large_to_build_gives_the_constructive_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(solve_module, "MAX_PAIRS", 0)
    schedule = plan(builtin_roadmap("ai-product-manager"), PROFILE, time_limit=5)
    assert verify(schedule) == []
    assert schedule.report.status == "feasible"
    assert schedule.report.variables == 0  # no CP-SAT model was built
    # The constructive plan ends within a week of the proven optimum (plan week 43).
    assert schedule.finish is not None
    assert (schedule.finish.date() - PROFILE.start).days // 7 <= 44
    assert 0 < schedule.report.gap < 0.05


def test_when_cp_sat_finds_nothing_the_constructive_plan_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def nothing(problem: object, *args: object, **kwargs: object) -> SolveResult:
        return SolveResult(
            status="unknown",
            allocations=(),
            objectives={},
            bounds={},
            proven={},
            wall_time=0.0,
            variables=1,
            constraints=1,
            workers=1,
            seed=0,
        )

    monkeypatch.setattr(solve_module, "_solve_stages", nothing)
    schedule = plan(builtin_roadmap("ai-product-manager"), PROFILE, time_limit=5)
    assert verify(schedule) == []
    assert schedule.report.status == "feasible"


def constructive_and_phase_by_phase(
    monkeypatch: pytest.MonkeyPatch, time_limit: float
) -> tuple[Schedule, Schedule]:
    """The built-in roadmap planned by the constructive plan alone (no model at all), then
    as a roadmap too large as a whole but small enough phase by phase, with ``time_limit``."""
    road = builtin_roadmap("ai-product-manager")
    monkeypatch.setattr(solve_module, "MAX_PAIRS", 0)
    constructive = plan(road, PROFILE, time_limit=5)
    monkeypatch.setattr(solve_module, "MAX_PAIRS", 600)
    return constructive, plan(road, PROFILE, time_limit=time_limit)


def test_the_last_phase_of_a_too_large_roadmap_is_solved_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Too large as a whole, small enough phase by phase: the constructive plan's last phase
    # is planned again by CP-SAT, in the windows the other phases leave free.
    constructive, improved = constructive_and_phase_by_phase(monkeypatch, time_limit=10)
    assert verify(improved) == []
    assert improved.report.variables == 0  # the whole roadmap was never one model
    assert improved.finish is not None
    assert constructive.finish is not None
    assert improved.finish < constructive.finish
    # Only the last phase moved.
    last = improved.roadmap.phases[-1].id
    assert [s for s in improved.sessions if s.phase_id != last] == [
        s for s in constructive.sessions if s.phase_id != last
    ]
    assert improved.report.gap < constructive.report.gap


def test_a_proven_plan_is_picked_repeatably_and_a_failed_pick_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aipm_planner.solver import stages as stages_module
    from aipm_planner.solver.solve import solve

    problem = problem_of(builtin_roadmap("ai-product-manager"), PROFILE)
    result = solve(problem, time_limit=30)
    assert result.status == "optimal"
    assert result.repeatable
    monkeypatch.setattr(stages_module, "pick", lambda *args, **kwargs: None)
    again = solve(problem, time_limit=30)
    # The parallel stages' plan could differ on another run: the answer is the
    # constructive plan, the same on every run, with the finish the stages proved as its
    # bound.
    assert again.repeatable
    assert again.status == "feasible"
    assert again.allocations == solve(problem, time_limit=30).allocations
    assert again.bounds["finish"] == result.objectives["finish"]
    assert again.objectives["finish"] > result.objectives["finish"]
    assert set(again.objectives) == set(result.objectives)  # each counted from the plan
    assert not again.proven["finish"]


def test_the_last_phase_is_only_solved_again_with_time_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Below the least time limit for it, a too-large roadmap gets the constructive plan as is.
    hurried_limit = solve_module.TAIL_MIN_LIMIT - 1
    constructive, hurried = constructive_and_phase_by_phase(monkeypatch, hurried_limit)
    assert verify(hurried) == []
    assert hurried.sessions == constructive.sessions


def test_the_constructive_plan_skips_phase_ends_its_windows_cannot_reach(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 100 h in one 2-hour window a week needs 50 weeks: no trial is made for an earlier end.
    from aipm_planner.solver import greedy

    road = roadmap(phase("p", "1-100", module("a", "1-100", 100)))
    problem = problem_of(road, profile({"mon": ["19:00-21:00"]}))
    trials: list[int] = []
    real = greedy._place_phase

    def counted(state: Any, modules: Any, begin: int, end_week: int, *args: Any) -> bool:
        trials.append(end_week)
        return real(state, modules, begin, end_week, *args)

    monkeypatch.setattr(greedy, "_place_phase", counted)
    placed = greedy.greedy_plan(problem)
    assert placed is not None
    assert trials == [49]  # the first week by which the windows hold 100 h
    assert sum(s.end - s.start for s in placed) == 100 * 60
