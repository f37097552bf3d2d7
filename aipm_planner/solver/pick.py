"""The deterministic pick among the plans that are equal on every ranked objective.

The ranked stages run on every worker and may each return a different one of several
optimal plans. The plan itself is then picked by one worker with a fixed seed, with every
objective fixed at its proven value and no objective of its own: the first plan it finds,
searching from the constructive plan (deterministic, see ``greedy.py``), under a budget of
deterministic time taken from the time limit alone. Small models are then polished towards
the canonical order (earlier modules in earlier windows), also on one worker under a
deterministic budget. Proven values are unique and a single worker with a fixed seed is
deterministic, so the same inputs give the same plan.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

from aipm_planner.solver.cpsat import hint_from, set_parameters, trace
from aipm_planner.solver.model import PlanModel

if TYPE_CHECKING:
    from aipm_planner.solver.layout import PlacedSession

__all__ = ["pick", "pick_budget", "polish_budget"]

DETERMINISTIC_SHARE = 0.3
"""Deterministic-time budget of the final pick, as a share of the time limit..."""
DETERMINISTIC_MOST = 4.0
"""...and at most this much (it stops at its first plan, usually well within the budget)."""
POLISH_SHARE = 0.03
"""Deterministic-time budget of the polish towards the canonical order, as a share of the
time limit..."""
POLISH_MOST = 0.5
"""...and at most this much."""
POLISH_VARIABLES = 3_000
"""Largest model (in CP-SAT variables) that is polished: on larger ones the polish costs
seconds and changes little that a learner would notice."""
PICK_WALL_LEAST = 0.3
"""Least wall time the pick gets, as a share of the time limit, even when the ranked stages
used more than they leave for it (``stages.PICK_RESERVE``). Measured: it finds its plan
after 0.1-0.4 units of deterministic time, about 0.5-1.5 s on a busy two-core machine, on
the built-in roadmap. It only runs when every ranked stage is proven, which usually leaves
time over."""


def pick_budget(time_limit: float) -> float:
    """Deterministic time of the final pick: from the time limit alone, never the clock."""
    return max(0.3, min(DETERMINISTIC_MOST, time_limit * DETERMINISTIC_SHARE))


def polish_budget(time_limit: float) -> float:
    """Deterministic time of the polish after the pick (small plans are proven at once)."""
    return max(0.05, min(POLISH_MOST, time_limit * POLISH_SHARE))


def pick(
    plan: PlanModel,
    hint: list[PlacedSession] | None,
    seed: int,
    parameters: dict[str, Any],
    total_limit: float,
    left: float,
) -> cp_model.CpSolver | None:
    """The final, deterministic pick among the plans equal on every objective (now fixed).

    One worker with a fixed seed, in two steps: the first plan it finds from the
    constructive plan (or from nothing), with no objective; then, on small models, from that
    plan, a polish towards the canonical order (earlier modules in earlier windows). Both
    budgets are deterministic time taken from the time limit alone; the wall time is what is
    ``left`` of the limit (at least :data:`PICK_WALL_LEAST` of it). ``None`` when the first
    step finds nothing in time (the caller keeps the parallel stages' plan).
    """
    from aipm_planner.solver.decompose import apply_hint

    began = time.perf_counter()
    model = plan.model
    model.clear_objective()  # type: ignore[no-untyped-call]
    model.clear_hints()  # type: ignore[no-untyped-call]
    if hint:
        apply_hint(plan, hint)
    wall = max(total_limit * PICK_WALL_LEAST, left)
    first = cp_model.CpSolver()
    extra = parameters | {"stop_after_first_solution": True}
    set_parameters(first, seed, 1, pick_budget(total_limit), extra, wall_limit=wall)
    status = first.solve(model)
    trace(plan.problem, "pick", first, status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    if len(model.proto.variables) > POLISH_VARIABLES:
        return first
    hint_from(plan, first)
    model.minimize(_canonical(plan))
    polish = cp_model.CpSolver()
    wall -= time.perf_counter() - began
    set_parameters(polish, seed, 1, polish_budget(total_limit), parameters, wall_limit=wall)
    status = polish.solve(model)
    trace(plan.problem, "polish", polish, status)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return polish
    return first


def _canonical(plan: PlanModel) -> Any:
    """Earlier modules in earlier windows: window rank times module rank, per unit.

    The weights are a product, not a sum: with a sum, moving equal minutes of two modules
    between two windows would tie.
    """
    rank = {m: i + 1 for i, m in enumerate(plan.problem.module_order)}
    return sum(
        (w + 1) * rank[m] * mv.units[w - mv.lo]
        for m, mv in plan.modules.items()
        for w in mv.windows
    )
