"""Two search steps inside the stages: asking outright for a plan at an objective's
arithmetic floor, and the deterministic pick of the final plan.

The roadmap is the one of ``test_bounds``: p1 spans exactly weeks 0-2 of one 2-hour Monday
window and p2's one hour follows it in week 2, so the earliest finish is Monday Jan 18,
20:40 and the lightest heaviest week is 90 minutes (30 of p1 and 60 of p2 in week 2).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from ortools.sat.python import cp_model

from aipm_planner.solver import pick as pick_module
from aipm_planner.solver.cpsat import hint_from
from aipm_planner.solver.model import PlanModel, build_model
from aipm_planner.solver.problem import Problem
from aipm_planner.solver.stages import _stages, _towards_floor

from .builders import module, phase, problem_of, profile, roadmap

ROAD = roadmap(
    phase("p1", 3, module("a", "1-3", 2), module("b", "1-3", 1)),
    phase("p2", 1, module("c", 1, 1)),
)
PROFILE = profile({"mon": ["19:00-21:00"]})
FLOOR = 90


def three_weeks() -> Problem:
    problem = problem_of(ROAD, PROFILE)
    return replace(problem, horizon_weeks=3)


def with_earliest_finish(problem: Problem) -> tuple[PlanModel, Any]:
    """The model with its finish fixed at the earliest, and its heaviest-week objective."""
    plan = build_model(problem)
    peak = dict(_stages(plan))["peak_week"]
    assert plan.finish is not None
    plan.model.add(plan.finish <= problem.slots[2].start + 100)
    plan.model.minimize(peak)
    return plan, peak


def hint_a_heavy_week(plan: PlanModel, peak: Any) -> None:
    """Hint a plan with all of a (two hours) in week 0: a heaviest week of 120 minutes."""
    heavy = plan.model.clone()
    heavy.add(heavy.get_int_var_from_proto_index(peak.index) >= 120)
    solver = cp_model.CpSolver()
    assert solver.solve(heavy) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    hint_from(plan, solver)


def above_the_floor(monkeypatch: pytest.MonkeyPatch) -> tuple[Problem, PlanModel, Any]:
    """The earliest-finish model hinted with a heavy week, its heaviest-week objective, and
    the solver's trace on (a minimization stopped at its first plan stays above the floor)."""
    monkeypatch.setenv("AIPM_TRACE", "1")
    problem = three_weeks()
    plan, peak = with_earliest_finish(problem)
    hint_a_heavy_week(plan, peak)
    return problem, plan, peak


FIRST_PLAN_ONLY = {"stop_after_first_solution": True, "cp_model_presolve": False}
"""One worker stopping at its first plan, the hinted one (presolve could solve it outright)."""


def traced(capsys: pytest.CaptureFixture[str]) -> list[list[str]]:
    return [line.split() for line in capsys.readouterr().out.splitlines()]


def test_a_stage_that_stops_above_its_floor_asks_for_a_plan_at_the_floor(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, plan, peak = above_the_floor(monkeypatch)
    # The minimization stops at the hinted plan, above the floor...
    solver, status = _towards_floor(plan, "peak_week", peak, FLOOR, 10.0, 0, 1, FIRST_PLAN_ONLY, [])
    lines = traced(capsys)
    assert lines[0][2:4] == ["peak_week", "FEASIBLE"], lines
    assert float(lines[0][7]) == 120
    # ...so a plan at the floor is asked for, found, and is optimal (the floor is a bound).
    assert lines[1][2:4] == ["peak_week_at_floor", "OPTIMAL"]
    assert status == cp_model.OPTIMAL
    assert solver.value(peak) == FLOOR


def test_a_floor_no_plan_reaches_rises_by_one_unit_and_the_search_goes_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    problem, plan, peak = above_the_floor(monkeypatch)
    # 0 is a floor too (a weak one): no plan has an empty heaviest week.
    floors: list[object] = []
    solver, status = _towards_floor(plan, "peak_week", peak, 0, 10.0, 0, 1, FIRST_PLAN_ONLY, floors)
    lines = traced(capsys)
    assert [line[2:4] for line in lines] == [
        ["peak_week", "FEASIBLE"],
        ["peak_week_at_floor", "INFEASIBLE"],
        ["peak_week_at_floor", "INFEASIBLE"],  # one unit up: no plan either
        ["peak_week", "FEASIBLE"],
    ]
    assert status == cp_model.FEASIBLE
    assert solver.value(peak) >= FLOOR
    # The model now knows that the heaviest week holds at least one effort unit...
    plan.model.add(peak <= problem.unit - 1)
    check = cp_model.CpSolver()
    assert check.solve(plan.model) == cp_model.INFEASIBLE
    # ...by the risen floors' constraints, handed back so that the final pick can clear them.
    lower_ends = [floor.proto.linear.domain[0] for floor in floors]  # type: ignore[attr-defined]
    assert lower_ends == [problem.unit, 2 * problem.unit]


def test_a_floor_one_unit_below_the_optimum_is_raised_and_reached(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    problem, plan, peak = above_the_floor(monkeypatch)
    floor = FLOOR - problem.unit
    solver, status = _towards_floor(plan, "peak_week", peak, floor, 10.0, 0, 1, FIRST_PLAN_ONLY, [])
    assert [line[2:4] for line in traced(capsys)] == [
        ["peak_week", "FEASIBLE"],
        ["peak_week_at_floor", "INFEASIBLE"],
        ["peak_week_at_floor", "OPTIMAL"],  # the risen floor: a plan there is optimal
    ]
    assert status == cp_model.OPTIMAL
    assert solver.value(peak) == FLOOR


@pytest.mark.parametrize("workers", [1, 2])
def test_the_pick_is_the_same_plan_on_one_or_two_workers(
    workers: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AIPM_TRACE", "1")
    problem = three_weeks()
    chosen = []
    for _ in range(2):
        plan, peak = with_earliest_finish(problem)
        plan.model.add(peak <= FLOOR)
        picked = pick_module.pick(plan, None, 0, {}, 10.0, 10.0, workers)
        assert picked is not None
        chosen.append([picked.value(v) for mv in plan.modules.values() for v in mv.units])
    assert chosen[0] == chosen[1]
    # Local search finds a plan here, so it is the one kept, on either path.
    stages = [line[2:4] for line in traced(capsys)]
    assert ["pick_local", "OPTIMAL"] in stages
    assert ["pick", "OPTIMAL"] not in stages


def test_the_pick_falls_back_to_the_full_search(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AIPM_TRACE", "1")
    # A local search that finds nothing (here: one given a model without any plan).
    real = pick_module.Search.run

    def no_local(self: pick_module.Search) -> None:
        if self.solver.parameters.use_ls_only:
            self.model = cp_model.CpModel()
            self.model.add_bool_or([])
        real(self)

    monkeypatch.setattr(pick_module.Search, "run", no_local)
    problem = three_weeks()
    for workers in (1, 2):
        plan, peak = with_earliest_finish(problem)
        plan.model.add(peak <= FLOOR)
        picked = pick_module.pick(plan, None, 0, {}, 10.0, 10.0, workers)
        assert picked is not None
        assert picked.value(peak) <= FLOOR
    stages = [line[2:4] for line in traced(capsys)]
    assert stages.count(["pick_local", "INFEASIBLE"]) == 2
    assert stages.count(["pick", "OPTIMAL"]) == 2


def test_objectives_are_counted_from_the_plan_itself() -> None:
    # An objective variable a stopped stage never minimized may lie far above the plan: the
    # finish, the heaviest week and the extra modules a day are counted from the plan.
    from aipm_planner.solver.result import Allocation
    from aipm_planner.solver.stages import measured

    problem = three_weeks()
    mondays = problem.slots  # one 2-hour window a week, Mondays 19:00
    plan = (
        Allocation("a", 0, 120, 1),
        Allocation("b", 1, 30, 1),
        Allocation("b", 2, 30, 1),
        Allocation("c", 2, 60, 1),
    )
    inflated = {"finish": 10.0**9, "peak_week": 10410.0, "switches": 99.0, "moved": 7.0}
    assert measured(problem, plan, inflated) == {
        "finish": mondays[2].start + 30 + 10 + 60,  # two sessions and a break in week 2
        "peak_week": 120.0,
        "switches": 1.0,  # b and c share Monday of week 2
        "moved": 7.0,  # not counted here: kept as the solver gave it
    }


def test_minutes_moved_are_counted_from_the_plan_when_re_planning() -> None:
    from aipm_planner.solver.result import Allocation
    from aipm_planner.solver.stages import measured

    problem = replace(three_weeks(), preferred={("a", 0): 120, ("b", 1): 60})
    plan = (Allocation("a", 0, 120, 1), Allocation("b", 1, 30, 1), Allocation("b", 2, 30, 1))
    # All of a is kept in window 0; of b's 60 minutes in window 1 only 30 are.
    assert measured(problem, plan, {"moved": 99.0}) == {"moved": 30.0}


def test_minutes_added_beside_previous_sessions_count_as_moved() -> None:
    from aipm_planner.solver.result import Allocation
    from aipm_planner.solver.stages import measured

    problem = replace(three_weeks(), preferred={("a", 0): 60, ("b", 1): 60})
    # a's session in window 0 grows by 30 minutes (its end moves), and b gets 30 minutes
    # in window 2, which held no previous session: only the first changes the calendar.
    plan = (Allocation("a", 0, 90, 1), Allocation("b", 1, 60, 1), Allocation("b", 2, 30, 1))
    assert measured(problem, plan, {"moved": 0.0}) == {"moved": 30.0}
    # A module put beside another's previous session changes that session's window too.
    beside = (Allocation("a", 0, 60, 1), Allocation("b", 0, 30, 1), Allocation("b", 1, 60, 1))
    assert measured(problem, beside, {"moved": 0.0}) == {"moved": 30.0}


def test_a_stage_stopped_by_the_clock_is_left_free_for_the_pick(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The heaviest-week stage reports a value it has not proven (as when the wall clock
    # stops it): another run could find another value, so the pick fixes only the proven
    # finish, and the plan is the same on every run.
    from aipm_planner.solver import stages as stages_module
    from aipm_planner.solver.solve import solve

    monkeypatch.setenv("AIPM_TRACE", "1")
    real = stages_module._towards_floor

    def unproven(*args: Any, **kwargs: Any) -> tuple[cp_model.CpSolver, Any]:
        solver, _status = real(*args, **kwargs)
        return solver, cp_model.FEASIBLE

    monkeypatch.setattr(stages_module, "_towards_floor", unproven)
    problem = problem_of(ROAD, PROFILE)
    results = [solve(problem, time_limit=10) for _ in range(2)]
    assert results[0].allocations == results[1].allocations
    result = results[0]
    assert result.repeatable
    assert result.status == "feasible"
    assert result.proven == {
        "finish": True,
        "peak_week": False,
        "idle_weeks": True,
        "switches": True,
    }
    assert result.objectives["finish"] == problem.slots[2].start + 100
    # Only proven values are bounds: the same on every run.
    assert result.bounds == {"finish": result.objectives["finish"]}
    assert [line[2] for line in traced(capsys)].count("peak_week") == 2  # one per run


def test_the_pick_needs_the_finish_and_the_minutes_moved_proven() -> None:
    from aipm_planner.solver.stages import can_pick

    plan = ["finish", "peak_week", "switches"]
    assert can_pick(plan, plan)
    assert can_pick(plan, ["finish"])  # the routine objectives may be left free
    assert not can_pick(plan, [])
    replan = ["finish", "moved", "peak_week", "switches"]
    assert can_pick(replan, ["finish", "moved"])
    assert not can_pick(replan, ["finish"])  # free to move: it would move many minutes
    stretch = ["stretch", "finish", "peak_week"]
    assert can_pick(stretch, ["stretch", "finish"])
    assert not can_pick(stretch, ["stretch"])


def test_only_a_search_that_ends_on_its_own_counts_as_repeatable() -> None:
    # Proven: the same answer on every run.
    plan, _ = with_earliest_finish(three_weeks())
    proven = pick_module.Search(plan.model, 0, 1000.0, {}, 30.0, False)
    proven.run()
    assert proven.status == cp_model.OPTIMAL
    assert proven.deterministic
    # Stopped by the wall clock long before its deterministic budget: not repeatable.
    import datetime as dt

    from aipm_planner.loading import default_profile
    from aipm_planner.roadmaps import builtin_roadmap

    road = builtin_roadmap("ai-product-manager")
    prof = default_profile(today=dt.date(2027, 1, 1), timezone="Europe/Berlin")
    big = build_model(problem_of(road, prof))
    assert big.finish is not None
    big.model.minimize(big.finish)
    stopped = pick_module.Search(big.model, 0, 1000.0, {}, 0.05, False)
    stopped.run()
    assert stopped.status != cp_model.OPTIMAL
    assert not stopped.deterministic


def test_the_pick_searches_a_model_without_the_floors_the_stages_added(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A floor under the heaviest week may come from the plan in hand (which differs between
    # runs), so the model the pick searches holds the proven values and nothing else.
    from aipm_planner.solver import stages as stages_module

    seen: list[list[tuple[int, ...]]] = []
    real = pick_module.pick

    def recording(plan: PlanModel, *args: Any, **kwargs: Any) -> Any:
        peak = next(i for i, v in enumerate(plan.model.proto.variables) if v.name == "peak_week")
        seen.append(
            [
                tuple(c.linear.domain)
                for c in plan.model.proto.constraints
                # (has_linear first: reading .linear of another constraint would make it one)
                if c.has_linear() and list(c.linear.vars) == [peak] and not c.enforcement_literal
            ]
        )
        return real(plan, *args, **kwargs)

    monkeypatch.setattr(stages_module, "pick", recording)
    problem = three_weeks()
    result = stages_module.solve_stages(problem, None, 0.0, 10.0, 0, 1, None, {}, 10.0, 0, None)
    assert result.repeatable
    assert result.settled[:2] == ("finish", "peak_week")
    # Only the proven value's own constraint bounds it: peak_week <= 90, no 90 <= peak_week.
    (domains,) = seen
    assert [d for d in domains if d and d[0] > 0] == []
    assert any(d and d[-1] == FLOOR for d in domains)
