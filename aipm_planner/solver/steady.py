"""A repeatable plan when neither a proven finish nor the constructive plan gives one.

The ranked stages run on every worker, so a stage the clock stops returns whatever plan its
threads had reached, and that differs between runs. ``solve.py`` then answers with the
constructive plan, which is made without CP-SAT; when there is none (the fast construction
failed and the phase-by-phase one is itself solver-made, or a re-plan, which has none),
this module searches once more on one worker with a fixed seed, minimizing the finish (kept
at the proven one, when there is one) and, when re-planning, the minutes moved, under a
deterministic-time budget taken from the time limit alone. That search ends the same way on
every run, whatever the machine's load, so the same inputs give the same plan. Its plan may
finish later, or move more minutes, than the one the parallel search reached; the report
then says how far from the bound it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aipm_planner.solver.cpsat import read_allocations, trace
from aipm_planner.solver.layout import layout
from aipm_planner.solver.model import build_model, moved_minutes
from aipm_planner.solver.pick import SECONDS_PER_UNIT, Search

if TYPE_CHECKING:
    from aipm_planner.solver.layout import PlacedSession
    from aipm_planner.solver.problem import Problem

__all__ = ["steady_budget", "steady_plan"]

STEADY_SHARE = 0.15
"""Deterministic-time budget of the search, as a share of the time limit..."""
STEADY_MOST = 3.0
"""...and at most this much (measured: 2.5-5 s of wall time per unit on two cores)."""


def steady_budget(time_limit: float) -> float:
    """Deterministic time of the search: from the time limit alone, never the clock."""
    return max(0.2, min(STEADY_MOST, time_limit * STEADY_SHARE))


def steady_plan(
    problem: Problem,
    lower: int,
    time_limit: float,
    seed: int,
    parameters: dict[str, Any],
    *,
    finish: int | None = None,
    hint: list[PlacedSession] | None = None,
) -> list[PlacedSession] | None:
    """The plan of a single-worker search for the earliest finish (no lower than ``lower``,
    the problem's finish lower bound) within :func:`steady_budget`.

    With ``finish`` (a proven earliest finish) the plan ends by then. When re-planning, the
    minutes moved away from the previous plan count next: they are minimized at that finish,
    or after the finish without one. ``hint`` (which must be the same on every run, such as
    the previous plan's sessions) is where the search starts. ``None`` when it finds no
    plan, or when the wall clock stopped it before its budget was spent (the search then
    ran far slower than usual, and another run could end elsewhere).
    """
    from aipm_planner.solver.decompose import apply_hint

    plan = build_model(problem)
    assert plan.finish is not None
    plan.model.add(plan.finish >= lower)
    if finish is not None:
        plan.model.add(plan.finish <= finish)
    moved = moved_minutes(plan)
    if moved is None:
        plan.model.minimize(plan.finish)
    elif finish is not None:
        plan.model.minimize(moved)
    else:
        # A minute earlier outweighs every minute moved (at most the previous plan's
        # minutes, and every minute this one places).
        most = sum(problem.preferred.values()) + sum(m.minutes for m in problem.work.modules)
        plan.model.minimize(plan.finish * (most + 1) + moved)
    if hint:
        apply_hint(plan, hint)
    budget = steady_budget(time_limit)
    wall = min(time_limit, SECONDS_PER_UNIT * budget)
    search = Search(plan.model, seed, budget, parameters, wall, local_only=False)
    search.run()
    trace(problem, "steady", search.solver, search.status)
    if not (search.found and search.deterministic):
        return None
    return layout(problem, read_allocations(plan, search.solver))
