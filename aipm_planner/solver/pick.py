"""The deterministic pick among the plans that are equal on every ranked objective.

The ranked stages run on every worker and may each return a different one of several
optimal plans. The plan itself is then picked with every objective fixed at its proven
value and no objective of its own: the first plan found by one of two single-worker
searches with a fixed seed, each under a budget of deterministic time taken from the time
limit alone. Local search alone (feasibility jump, no hint) is preferred when it finds a
plan within its small budget; otherwise the full search from the constructive plan
(deterministic, see ``greedy.py``) gives the plan. The two run side by side on two cores.
Small models are then polished towards the canonical order (earlier modules in earlier
windows), also on one worker under a deterministic budget. Proven values are unique, a
single worker with a fixed seed is deterministic, and which search is kept depends only
on the preferred one's deterministic outcome, so the same inputs give the same plan.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

from aipm_planner.solver.cpsat import hint_from, set_parameters, trace
from aipm_planner.solver.model import PlanModel

if TYPE_CHECKING:
    from aipm_planner.solver.layout import PlacedSession

__all__ = ["Search", "local_budget", "pick", "pick_budget", "polish_budget"]

DETERMINISTIC_SHARE = 0.3
"""Deterministic-time budget of the final pick, as a share of the time limit..."""
DETERMINISTIC_MOST = 4.0
"""...and at most this much (it stops at its first plan, usually well within the budget)."""
LOCAL_SHARE = 0.08
"""Deterministic-time budget of the local search (feasibility jump alone) that is tried
beside the full search for the pick's first plan, as a share of the time limit..."""
LOCAL_MOST = 1.0
"""...and at most this much (measured: when it finds a plan, it does so within 0.4 units
on the benchmark roadmaps; when it does not, the full search is still running beside it)."""
POLISH_SHARE = 0.03
"""Deterministic-time budget of the polish towards the canonical order, as a share of the
time limit..."""
POLISH_MOST = 0.5
"""...and at most this much."""
POLISH_VARIABLES = 3_000
"""Largest model (in CP-SAT variables) that is polished: on larger ones the polish costs
seconds and changes little that a learner would notice."""
SECONDS_PER_UNIT = 6.0
"""Wall time a search may take per unit of its deterministic budget, however little of the
time limit is left (measured: 2.5-5 s per unit for one worker on a two-core machine). A
search stopped by the wall clock rather than by its budget could end differently on another
run, so the wall clock only stops it when it runs far slower than usual, and never after
the whole time limit again."""
PICK_WALL_LEAST = 0.3
"""Least wall time the pick gets, as a share of the time limit, even when the ranked stages
used more than they leave for it (``stages.PICK_RESERVE``). Measured: it finds its plan
after 0.1-0.4 units of deterministic time, about 0.5-1.5 s on a busy two-core machine, on
the built-in roadmap. It only runs when every ranked stage is proven, which usually leaves
time over."""


def pick_budget(time_limit: float) -> float:
    """Deterministic time of the final pick: from the time limit alone, never the clock."""
    return max(0.3, min(DETERMINISTIC_MOST, time_limit * DETERMINISTIC_SHARE))


def local_budget(time_limit: float) -> float:
    """Deterministic time of the local search for the pick's first plan."""
    return max(0.1, min(LOCAL_MOST, time_limit * LOCAL_SHARE))


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
    workers: int = 1,
) -> cp_model.CpSolver | None:
    """The final, deterministic pick among the plans equal on every objective (now fixed).

    The first plan found, with no objective, by one of two single-worker searches with a
    fixed seed: local search alone (no hint), which is preferred when it finds a plan within
    its small budget, and the full search from the constructive plan (or from nothing).
    With two or more ``workers`` both run at once on their own threads; with one, the local
    search comes first. Either way the answer depends only on the inputs: each search is
    deterministic under its deterministic-time budget, and which one is kept depends only
    on whether the preferred one found a plan. On small models the plan is then polished
    towards the canonical order (earlier modules in earlier windows). The budgets come from
    the time limit alone; the wall time is what is ``left`` of it (at least
    :data:`PICK_WALL_LEAST` of it), or :data:`SECONDS_PER_UNIT` per unit of a search's
    budget when that is more (never more than the time limit), so that the clock rarely
    decides the outcome. ``None`` when neither search finds a plan (the caller then answers
    with the constructive plan).
    """
    from aipm_planner.solver.decompose import apply_hint

    began = time.perf_counter()
    model = plan.model
    model.clear_objective()  # type: ignore[no-untyped-call]
    model.clear_hints()  # type: ignore[no-untyped-call]
    local_model = model.clone()
    if hint:
        apply_hint(plan, hint)
    wall = max(total_limit * PICK_WALL_LEAST, left)
    stop = {"stop_after_first_solution": True}

    def wall_for(budget: float) -> float:
        return max(wall, min(total_limit, SECONDS_PER_UNIT * budget))

    budgets = local_budget(total_limit), pick_budget(total_limit)
    local = Search(local_model, seed, budgets[0], parameters | stop, wall_for(budgets[0]), True)
    full = Search(model, seed, budgets[1], parameters | stop, wall_for(budgets[1]), False)
    if workers >= 2:
        full.start()
        local.run()
        if local.found:
            full.solver.stop_search()
        full.join()
    else:
        local.run()
        if not local.found:
            full.run()
    trace(plan.problem, "pick_local", local.solver, local.status)
    if not local.found:
        trace(plan.problem, "pick", full.solver, full.status)
    if not local.found and not local.deterministic:
        return None  # the clock stopped the preferred search: another run may differ
    first = local.solver if local.found else full.solver if full.found else None
    if first is None:
        return None
    if len(model.proto.variables) > POLISH_VARIABLES:
        return first
    hint_from(plan, first)
    model.minimize(_canonical(plan))
    wall -= time.perf_counter() - began
    budget = polish_budget(total_limit)
    polish = Search(model, seed, budget, parameters, wall_for(budget), False)
    polish.run()
    trace(plan.problem, "polish", polish.solver, polish.status)
    # Only a polish that ended on its own (proven, or its budget spent) is the same on
    # every run; one the clock stopped is dropped for the first plan.
    if polish.found and polish.deterministic:
        return polish.solver
    return first


class Search:
    """One deterministic single-worker search for a first plan, run here or on a thread."""

    def __init__(
        self,
        model: cp_model.CpModel,
        seed: int,
        budget: float,
        parameters: dict[str, Any],
        wall: float,
        local_only: bool,
    ) -> None:
        self.model = model
        self.solver = cp_model.CpSolver()
        self.budget = budget
        self.first_only = bool(parameters.get("stop_after_first_solution"))
        extra = parameters | {"use_ls_only": True} if local_only else parameters
        set_parameters(self.solver, seed, 1, budget, extra, wall_limit=wall)
        self.status: Any = cp_model.UNKNOWN
        self._thread: threading.Thread | None = None

    @property
    def found(self) -> bool:
        return self.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    @property
    def deterministic(self) -> bool:
        """The search ended on its own terms (an answer, or its deterministic budget spent),
        not stopped by the wall clock: its outcome is the same on every run."""
        if self.status in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
            return True
        if self.first_only and self.status == cp_model.FEASIBLE:
            return True
        return self.solver.response_proto.deterministic_time >= 0.99 * self.budget

    def run(self) -> None:
        self.status = self.solver.solve(self.model)

    def start(self) -> None:
        """Run on a thread (CP-SAT releases the interpreter lock while it searches)."""
        self._thread = threading.Thread(target=self.run, name="aipm-pick", daemon=True)
        self._thread.start()

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()


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
