"""Calling CP-SAT: parameters, hints, reading a solution back, and the trace line."""

from __future__ import annotations

import os
from typing import Any

from ortools.sat.python import cp_model

from aipm_planner.errors import SolverError
from aipm_planner.solver.model import PlanModel
from aipm_planner.solver.problem import Problem
from aipm_planner.solver.result import Allocation

__all__ = [
    "available_workers",
    "complete_hint",
    "hint_from",
    "raise_if_invalid",
    "read_allocations",
    "set_parameters",
    "soft_excess",
    "solve_alone",
    "trace",
]


def available_workers() -> int:
    """CPUs this process may really use (affinity-aware), at least 1, at most 8."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        count = os.cpu_count() or 1
    return max(1, min(8, count))


def set_parameters(
    solver: cp_model.CpSolver,
    seed: int,
    workers: int,
    seconds: float,
    extra: dict[str, Any],
    *,
    wall_limit: float | None = None,
) -> None:
    """Seed, workers, time limits and the measured settings, then the ``extra`` ones.

    ``seconds`` is the wall-time limit, or for one worker the deterministic-time budget
    (with ``wall_limit`` as the wall-time cap).
    """
    params = solver.parameters
    params.random_seed = seed
    params.num_workers = workers
    params.max_time_in_seconds = max(0.05, wall_limit or seconds)
    if workers == 1:
        # Deterministic time makes a single worker's answer independent of machine load.
        params.max_deterministic_time = max(0.05, seconds)
    # Measured: probing and symmetry detection cost more in presolve than they save here.
    params.cp_model_probing_level = 0
    params.symmetry_level = 0
    params.log_search_progress = bool(os.environ.get("AIPM_SOLVER_LOG"))
    for key, value in extra.items():
        setattr(params, key, value)


def hint_from(plan: PlanModel, solver: cp_model.CpSolver) -> None:
    """Give the next stage the whole previous solution as a hint."""
    proto = plan.model.proto
    values = list(solver.response_proto.solution)
    plan.model.clear_hints()  # type: ignore[no-untyped-call]
    proto.solution_hint.vars.extend(range(len(values)))
    proto.solution_hint.values.extend(values)


def complete_hint(plan: PlanModel, seed: int, seconds: float) -> None:
    """Fill in the auxiliary variables of a hint by a solve with the hinted ones fixed.

    CP-SAT's workers start from a complete hint at once; a partial one may be ignored.
    """
    model = plan.model
    assert plan.finish is not None
    model.minimize(plan.finish)
    solver = cp_model.CpSolver()
    set_parameters(solver, seed, 1, seconds, {"fix_variables_to_their_hinted_value": True})
    if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        hint_from(plan, solver)


def read_allocations(plan: PlanModel, solver: cp_model.CpSolver) -> tuple[Allocation, ...]:
    """The solver's plan as minutes and sessions per (module, window), in window order."""
    unit = plan.problem.unit
    result: list[Allocation] = []
    for module_id, mv in plan.modules.items():
        for k, w in enumerate(mv.windows):
            amount = solver.value(mv.units[k]) * unit
            if amount:
                result.append(Allocation(module_id, w, amount, solver.value(mv.sessions[k])))
    result.sort(key=lambda a: (a.slot, a.module_id))
    return tuple(result)


def soft_excess(plan: PlanModel, solver: cp_model.CpSolver) -> dict[str, int]:
    """With stretch: by how much each soft limit is exceeded in the solver's plan."""
    return {k: solver.value(v) for k, v in plan.stretch_vars.items() if solver.value(v)}


def trace(problem: Problem, name: str, solver: cp_model.CpSolver, status: Any) -> None:
    """With ``AIPM_TRACE`` set, one line per solver call (the benchmarks parse it)."""
    if os.environ.get("AIPM_TRACE"):
        print(
            f"horizon {problem.horizon_weeks} {name} {solver.status_name(status)}"
            f" {solver.wall_time:.3f}s det {solver.response_proto.deterministic_time:.3f}"
            f" {solver.objective_value} {solver.best_objective_bound}"
        )


def raise_if_invalid(model: cp_model.CpModel, status: Any) -> None:
    """An invalid model is a bug in this package, never the learner's input."""
    if status == cp_model.MODEL_INVALID:
        raise SolverError(f"internal error: invalid model ({model.validate()})")


def solve_alone(model: cp_model.CpModel, seconds: float) -> tuple[cp_model.CpSolver, Any]:
    """Solve on one worker with seed 0 under ``seconds`` of wall and of deterministic time
    (so the answer does not depend on the machine's load); the solver and its status."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.max_deterministic_time = seconds
    status = solver.solve(model)
    raise_if_invalid(model, status)
    return solver, status
