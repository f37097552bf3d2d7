"""Solve a :class:`Problem` in stages: each objective in turn, then fix its value.

Stage order (lexicographic), each one only when it has something to do:

1. ``stretch`` (only with stretch): exceed the week-range maxima and the deadline as little
   as possible (a week over counts as a week of lateness).
2. ``finish``: end of the last session, as early as possible.
   ``moved`` (re-planning only): as few minutes as possible away from where the previous
   plan had them, so a missed evening changes little.
3. ``peak_week``: the heaviest week as light as possible (a steady routine)...
   ``idle_weeks``: ...and as few weeks without study as possible between the first and
   the last (a week with free windows but no session breaks the routine).
4. ``switches``: as few context switches as possible: summed over days, the modules studied
   on a day beyond the first. (Long runs on one module come from the model itself: minutes
   of a module in a window are cut into the fewest sessions the maximum length allows.)

The arithmetic lower bounds of ``bounds.py`` are the lower ends of ``finish`` and
``peak_week``, so a stage ends as soon as a plan reaches them. When the heaviest week's
minimization stops above its bound, a plan at the bound is asked for outright (see
``_towards_floor``).

Stages 1-4 use every available worker and may return a different one of several optimal
plans on each run. The plan itself is then picked with the proven values fixed and no
objective of its own, by single-worker searches under deterministic budgets taken from the
time limit alone (``pick.py``). Proven values are unique, and a single worker with a fixed
seed is deterministic, so the same inputs give the same plan. When the wall clock stops a
stage (the report then says "feasible"), only the stages proven before it are fixed for the
pick: the value found by the stopped one could differ on another run. Without a proven
finish, or when the pick finds nothing, the result is marked not ``repeatable`` and the
caller answers with the constructive plan instead (``solve.py``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from ortools.sat.python import cp_model

from aipm_planner.errors import SolverError
from aipm_planner.solver.cpsat import (
    complete_hint,
    hint_from,
    raise_if_invalid,
    read_allocations,
    set_parameters,
    soft_excess,
    trace,
)
from aipm_planner.solver.model import PlanModel, build_model, moved_minutes
from aipm_planner.solver.pick import pick
from aipm_planner.solver.problem import Problem
from aipm_planner.solver.result import Allocation, SolveResult
from aipm_planner.solver.routine import counted as count_routine
from aipm_planner.solver.routine import idle_weeks, mixed_days, peak_week

if TYPE_CHECKING:
    from aipm_planner.solver.layout import PlacedSession

__all__ = ["can_pick", "measured", "pick_reserve", "solve_stages", "stretch_penalty"]

STAGE_SHARE = {
    "stretch": 0.3,
    "finish": 0.5,
    "moved": 0.5,
    "peak_week": 0.6,
    "idle_weeks": 0.6,
    "switches": 0.7,
}
"""Wall-time share of what is left for each parallel stage (the last stage run takes all of
it; the final pick has its own deterministic budget, see ``pick.pick_budget``)."""
PICK_RESERVE = 0.15
"""Wall time the ranked stages leave for the final pick, as a share of the time limit (the
pick itself gets at least ``pick.PICK_WALL_LEAST`` of it)."""
WEEK_PENALTY = 7 * 24 * 60
FIRST_TRY = 0.3
"""Share of a stage's wall time for its first minimization when it has an arithmetic floor..."""
AT_FLOOR = 0.7
"""...and share of the rest for the search for a plan at that floor."""
FLOOR_TRIES = 2
"""How many floors are tried, one effort unit apart, before the minimization goes on."""


def pick_reserve(time_limit: float) -> float:
    """Wall time kept free for the final pick."""
    return time_limit * PICK_RESERVE


def solve_stages(
    problem: Problem,
    hint: list[PlacedSession] | None,
    began: float,
    time_limit: float,
    seed: int,
    workers: int,
    only: tuple[str, ...] | None,
    parameters: dict[str, Any],
    total_limit: float,
    earliest: int,
    pick_hint: list[PlacedSession] | None = None,
) -> SolveResult:
    """All objective stages on one model; ``earliest`` is the problem's finish lower bound
    (which does not depend on the horizon). The stages start from ``hint``, the final pick
    from ``pick_hint``, which must be the same on every run (the pick's plan depends on it)."""
    from aipm_planner.solver.bounds import peak_lower_bound
    from aipm_planner.solver.decompose import apply_hint

    stage_began = time.perf_counter()
    plan = build_model(problem)
    if hint:
        # A hint that ends past this horizon is partial; CP-SAT still starts near it.
        apply_hint(plan, hint)
        complete_hint(plan, seed, max(0.1, 0.1 * time_limit))
    model = plan.model
    stages = _stages(plan)
    assert plan.finish is not None
    if not problem.stretch:
        # No plan ends earlier: CP-SAT stops as soon as a plan reaches this bound.
        model.add(plan.finish >= earliest)
    if only is not None:
        stages = [(n, e) for n, e in stages if n in only]
    # The size reported is the model's before any stage adds to it (the same on every run).
    size = (len(model.proto.variables), len(model.proto.constraints))
    objectives: dict[str, float] = {}
    bounds: dict[str, float] = {}
    proven: dict[str, bool] = {}
    allocations: tuple[Allocation, ...] = ()
    stretched: dict[str, int] = {}
    have_solution = False
    repeatable = False
    settled: list[str] = []
    """The stages proven in order so far: their values are the same on every run."""
    unsettled: list[Any] = []
    """Constraints fixing the value of a stage after the first unproven one, and the floors
    put under objectives: a floor may come from the plan in hand, which differs between
    runs, so none of them is left in the model the final pick searches."""
    solver = cp_model.CpSolver()
    last_stage = stages[-1][0] if stages else ""
    for name, expr in stages:
        floor: int | None = None
        if name == "peak_week" and "finish" in objectives:
            # The heaviest week cannot be lighter than arithmetic allows at this finish
            # (never above the plan in hand, so a bound can only help, never forbid it).
            floor = min(peak_lower_bound(problem, int(objectives["finish"])), solver.value(expr))
            unsettled.append(model.add(expr >= floor))
        remaining = time_limit - (time.perf_counter() - stage_began)
        if have_solution:
            remaining -= pick_reserve(total_limit)  # the wall time the final pick needs
            if remaining <= 0.05:
                break
        model.minimize(expr)
        share = 1.0 if name == last_stage else STAGE_SHARE[name]
        seconds = max(0.2, remaining * share)
        if floor is None:
            solver = cp_model.CpSolver()
            set_parameters(solver, seed, workers, seconds, parameters)
            status = solver.solve(model)
            trace(problem, name, solver, status)
            raise_if_invalid(model, status)
        else:
            solver, status = _towards_floor(
                plan, name, expr, floor, seconds, seed, workers, parameters, unsettled
            )
        if status == cp_model.INFEASIBLE:
            if have_solution:  # fixing an earlier objective can never make it infeasible
                raise SolverError(f"internal error: stage {name!r} became infeasible")
            return empty(problem, plan, began, workers, seed, "infeasible")
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if not have_solution:
                return empty(problem, plan, began, workers, seed, "unknown")
            break
        have_solution = True
        value = round(solver.value(expr))
        objectives[name] = value
        proven[name] = status == cp_model.OPTIMAL
        bounds[name] = value if proven[name] else round(solver.best_objective_bound)
        allocations = read_allocations(plan, solver)
        stretched = soft_excess(plan, solver)
        fix = model.add(expr <= value)
        if proven[name] and len(settled) == len(objectives) - 1:
            settled.append(name)
        else:
            unsettled.append(fix)
        hint_from(plan, solver)
    proven_all = all(proven.get(n, False) for n, _ in stages)
    if have_solution and can_pick([n for n, _ in stages], settled):
        # Only proven values are the same on every run: the plan is picked with those
        # fixed and the others free (a stage stopped by the clock found a value that
        # another run may not find).
        for fix in unsettled:
            fix.proto.clear_linear()
        left = time_limit - (time.perf_counter() - stage_began)
        picked = pick(plan, pick_hint, seed, parameters, total_limit, left, workers)
        if picked is not None:
            allocations = read_allocations(plan, picked)
            stretched = soft_excess(plan, picked)
            repeatable = True
            # Only proven values are reported as bounds: CP-SAT's bound of a stage the
            # clock stopped differs between runs (and past the first such stage it holds
            # only given values the picked plan need not have). Every objective is
            # counted from the picked plan, whichever stages the clock let run.
            bounds = {n: b for n, b in bounds.items() if n in settled}
            objectives = {n: objectives.get(n, 0.0) for n, _ in stages}

    return SolveResult(
        status="optimal" if proven_all else "feasible",
        allocations=allocations,
        objectives=measured(problem, allocations, objectives),
        bounds=bounds,
        proven=proven,
        wall_time=time.perf_counter() - began,
        variables=size[0],
        constraints=size[1],
        workers=workers,
        seed=seed,
        stretched=stretched,
        settled=tuple(settled),
        repeatable=repeatable,
    )


def can_pick(stages: list[str], settled: list[str]) -> bool:
    """Whether the plan can be picked with only the ``settled`` stages' values fixed.

    The stretch, the finish and, when re-planning, the minutes moved must be among them:
    without a proven finish the pick would only cost time (the caller falls back on the
    constructive plan), and a pick free to move minutes away from the previous plan would
    move many. The routine objectives after them may be left free.
    """
    needed = [n for n in stages if n in ("stretch", "finish", "moved")]
    return settled[: len(needed)] == needed


def measured(
    problem: Problem, allocations: tuple[Allocation, ...], objectives: dict[str, float]
) -> dict[str, float]:
    """The objectives as the plan itself has them.

    An objective variable that was never minimized (a stage stopped early, or not reached)
    may lie above what the plan really does; the finish, the heaviest week, the idle weeks
    and the extra modules a day, and when re-planning the minutes moved, are counted from
    the allocations instead. The others stay as given.
    """
    if not allocations:
        return objectives
    counted: dict[str, int] = count_routine(problem, allocations)
    if problem.preferred:
        placed = {(a.module_id, a.slot): a.minutes for a in allocations}
        kept = sum(min(m, placed.get(key, 0)) for key, m in problem.preferred.items())
        held = {window for _, window in problem.preferred}
        added = sum(a.minutes for a in allocations if a.slot in held) - kept
        counted["moved"] = sum(problem.preferred.values()) - kept + added
    return {name: float(counted.get(name, value)) for name, value in objectives.items()}


def _towards_floor(
    plan: PlanModel,
    name: str,
    objective: cp_model.IntVar,
    floor: int,
    seconds: float,
    seed: int,
    workers: int,
    parameters: dict[str, Any],
    floors: list[Any],
) -> tuple[cp_model.CpSolver, Any]:
    """Minimize ``objective``, whose arithmetic lower bound is ``floor``, within ``seconds``.

    Improving step by step from the plan in hand can be slow when many weeks are near the
    peak; asking outright for a plan at the floor often is not. So: a short minimization
    first (it often reaches the floor, which proves it); then, if it stopped above the
    floor, a search for any plan at the floor (such a plan is optimal; if none exists the
    floor rises by one unit and a plan at the new floor is asked for, :data:`FLOOR_TRIES`
    floors in all); then the minimization again with the time left. Returns the
    solver whose answer is the stage's, and its status (a plan at the floor reports
    OPTIMAL, since the floor is a proven bound). A risen floor's constraint is added to
    ``floors``.
    """
    model, problem = plan.model, plan.problem
    began = time.perf_counter()
    solver = cp_model.CpSolver()
    set_parameters(solver, seed, workers, max(0.2, seconds * FIRST_TRY), parameters)
    status = solver.solve(model)
    trace(problem, name, solver, status)
    raise_if_invalid(model, status)
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
        return solver, status
    if status == cp_model.FEASIBLE:
        if round(solver.objective_value) <= floor:
            return solver, status
        hint_from(plan, solver)
    # Above the floor, or nothing found yet: ask for a plan at the floor; when there is
    # none, the floor rises by one effort unit (the objective is a whole number of them)
    # and the plan is asked for once more.
    for _ in range(FLOOR_TRIES):
        at_floor = model.clone()
        at_floor.clear_objective()  # type: ignore[no-untyped-call]
        at_floor.clear_hints()  # type: ignore[no-untyped-call]
        at_floor.add(at_floor.get_int_var_from_proto_index(objective.index) <= floor)
        probe = cp_model.CpSolver()
        left = seconds - (time.perf_counter() - began)
        set_parameters(probe, seed, workers, max(0.1, left * AT_FLOOR), parameters)
        found = probe.solve(at_floor)
        trace(problem, f"{name}_at_floor", probe, found)
        raise_if_invalid(at_floor, found)
        if found in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return probe, cp_model.OPTIMAL
        if found != cp_model.INFEASIBLE:
            break
        floor = (floor // problem.unit + 1) * problem.unit
        floors.append(model.add(objective >= floor))
        if status == cp_model.FEASIBLE and round(solver.objective_value) <= floor:
            return solver, cp_model.OPTIMAL  # the plan in hand is at the risen floor
    left = seconds - (time.perf_counter() - began)
    if left <= 0.1:
        return solver, status
    again = cp_model.CpSolver()
    set_parameters(again, seed, workers, left, parameters)
    status_again = again.solve(model)
    trace(problem, name, again, status_again)
    raise_if_invalid(model, status_again)
    if status_again in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return again, status_again
    return solver, status


def _stages(plan: PlanModel) -> list[tuple[str, Any]]:
    """The objective stages in solve order, each only when it has something to do."""
    problem = plan.problem
    stages: list[tuple[str, Any]] = []
    if problem.stretch and plan.stretch_vars:
        stages.append(("stretch", stretch_penalty(plan.stretch_vars)))
    assert plan.finish is not None
    stages.append(("finish", plan.finish))
    moved = moved_minutes(plan)
    if moved is not None:
        stages.append(("moved", moved))
    for name, objective in (
        ("peak_week", peak_week),
        ("idle_weeks", idle_weeks),
        ("switches", mixed_days),
    ):
        expr = objective(plan)
        if expr is not None:
            stages.append((name, expr))
    return stages


def stretch_penalty(excess: Mapping[str, Any]) -> Any:
    """The stretch objective: minutes after the deadline, plus a week's minutes for each
    week a range is exceeded by (``excess``: by how much each soft limit is exceeded, as
    numbers or as the model's variables)."""
    return sum((t if k == "deadline" else WEEK_PENALTY * t) for k, t in excess.items())


def empty(
    problem: Problem,
    plan: PlanModel,
    began: float,
    workers: int,
    seed: int,
    status: Literal["infeasible", "unknown"],
) -> SolveResult:
    return SolveResult(
        status=status,
        allocations=(),
        objectives={},
        bounds={},
        proven={},
        wall_time=time.perf_counter() - began,
        variables=len(plan.model.proto.variables),
        constraints=len(plan.model.proto.constraints),
        workers=workers,
        seed=seed,
    )
