"""Solve a :class:`Problem` in stages: each objective in turn, then fix its value.

Stage order (lexicographic), each one only when it has something to do:

1. ``stretch`` (only with stretch): exceed the week-range maxima and the deadline as little
   as possible (a week over counts as a week of lateness).
2. ``finish``: end of the last session, as early as possible.
   ``moved`` (re-planning only): as few minutes as possible away from where the previous
   plan had them, so a missed evening changes little.
3. ``peak_week``: the heaviest week as light as possible (a steady routine).
4. ``switches``: as few context switches as possible: summed over days, the modules studied
   on a day beyond the first. (Long runs on one module come from the model itself: minutes
   of a module in a window are cut into the fewest sessions the maximum length allows.)

The arithmetic lower bounds of ``bounds.py`` are the lower ends of ``finish`` and
``peak_week``, so a stage ends as soon as a plan reaches them.

Stages 1-4 use every available worker and may return a different one of several optimal
plans on each run. The plan itself is then picked by one worker, with every objective above
fixed at its value and no objective of its own: the first plan it finds, searching from the
constructive plan (deterministic, see ``greedy.py``) under a deterministic budget taken from
the time limit alone (small models are then polished towards the canonical order, also on
one worker under a deterministic budget). Once the stages have proven their optima those
values are unique, and a single worker with a fixed seed is deterministic, so the same
inputs give the same plan. A stage stopped by the wall clock (the report then says
"feasible"), or a pick that finds nothing within its budget (the parallel plan is kept),
can still make two runs differ.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ortools.sat.python import cp_model

from aipm_planner.errors import SolverError
from aipm_planner.solver.model import PlanModel, build_model, moved_minutes
from aipm_planner.solver.problem import Problem

if TYPE_CHECKING:
    from aipm_planner.solver.layout import PlacedSession

__all__ = ["Allocation", "SolveResult", "available_workers", "solve"]

STAGE_SHARE = {
    "stretch": 0.3,
    "finish": 0.5,
    "moved": 0.5,
    "peak_week": 0.7,
    "switches": 0.7,
}
"""Wall-time share of what is left for each parallel stage (the final pick has its own
deterministic budget, see :func:`pick_budget`)."""
MAX_PAIRS = 20_000
"""Largest model, in (module, window) pairs, that is built (measured: about 5 variables and
25 KiB per pair; 58 000 pairs took 1.2 GiB and found nothing in 12 s on two cores)."""
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
PICK_RESERVE = 0.15
"""Wall time the ranked stages leave for the final pick, as a share of the time limit..."""
PICK_WALL_LEAST = 0.3
"""...and the least wall time the pick gets, even when the stages used more (measured: it
finds its plan after 0.1-0.4 units of deterministic time, about 0.5-1.5 s on a busy
two-core machine, on the built-in roadmap). The pick only runs when every ranked stage is
proven, which usually leaves time over; a stage stopped by the clock gets the reserve."""
TAIL_SHARE = 0.5
"""Share of the time limit for solving the last phase of a too-large roadmap again..."""
TAIL_MIN_LIMIT = 5.0
"""...which is only tried with at least this time limit (building that model alone takes
a second or two on a large roadmap)."""
WEEK_PENALTY = 7 * 24 * 60


@dataclass(frozen=True, slots=True)
class Allocation:
    """Minutes of one module in one window, cut into ``sessions`` sessions."""

    module_id: str
    slot: int
    minutes: int
    sessions: int


@dataclass(frozen=True)
class SolveResult:
    """The solver's answer on the integer grid."""

    status: Literal["optimal", "feasible", "infeasible", "unknown"]
    allocations: tuple[Allocation, ...]
    objectives: dict[str, float]
    bounds: dict[str, float]
    proven: dict[str, bool]
    wall_time: float
    variables: int
    constraints: int
    workers: int
    seed: int
    stretched: dict[str, int] = field(default_factory=dict)


def available_workers() -> int:
    """CPUs this process may really use (affinity-aware), at least 1, at most 8."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        count = os.cpu_count() or 1
    return max(1, min(8, count))


def _parameters(
    solver: cp_model.CpSolver,
    seed: int,
    workers: int,
    seconds: float,
    extra: dict[str, Any],
    *,
    wall_limit: float | None = None,
) -> None:
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


def _hint_from(plan: PlanModel, solver: cp_model.CpSolver) -> None:
    """Give the next stage the whole previous solution as a hint."""
    proto = plan.model.proto
    values = list(solver.response_proto.solution)
    plan.model.clear_hints()  # type: ignore[no-untyped-call]
    proto.solution_hint.vars.extend(range(len(values)))
    proto.solution_hint.values.extend(values)


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    workers: int | None = None,
    only: tuple[str, ...] | None = None,
    decompose: bool = True,
    first_plan: list[PlacedSession] | None = None,
    **parameters: Any,
) -> SolveResult:
    """Solve every objective stage; extra keyword arguments go to ``solver.parameters``.

    ``only`` restricts the stages (by name). With ``decompose``, a fast constructive plan
    (or, failing that, a phase-by-phase one) is made first: it is a complete hint and its
    finish week bounds the horizon. Then the horizon grows from the analytic lower bound:
    the first horizon that admits a plan holds every plan that finishes as early as
    possible, and its model is far smaller than the full one. ``first_plan``, a plan known
    to satisfy every rule, takes the constructive plan's place.
    """
    from aipm_planner.solver.bounds import finish_lower_bound
    from aipm_planner.solver.decompose import improve_last_phase, sequential_plan
    from aipm_planner.solver.greedy import greedy_plan

    began = time.perf_counter()
    workers = workers or available_workers()
    valid = first_plan or (greedy_plan(problem) if decompose else None)
    if valid is None and decompose and not problem.stretch and len(problem.work.phases) > 1:
        valid = sequential_plan(problem, time_limit=time_limit * 0.3, seed=seed, workers=workers)
    hint = valid
    upper = problem.horizon_weeks
    if valid and not problem.stretch:
        # A valid plan ends in this week, so no optimal plan ends later: cut the horizon.
        upper = min(upper, max(problem.slots[problem.slot_of(s.start)].week for s in valid) + 1)
    horizon = min(upper, lower_bound_weeks(problem)) if not problem.stretch else upper
    if hint is None and problem.preferred:
        # Re-planning: start from where the previous plan had its sessions (only a hint:
        # it may miss minutes, so it never bounds the horizon).
        hint = _preferred_sessions(problem)
    if (
        valid
        and not problem.stretch
        and model_size(dataclasses.replace(problem, horizon_weeks=upper)) > MAX_PAIRS
    ):
        # Too large a model to build and solve within time and memory: the constructive
        # plan, valid and checked, is the answer, with its gap to the lower bound; its last
        # phase, a small model, is solved again for an earlier finish (often the bound).
        if (
            decompose
            and time_limit >= TAIL_MIN_LIMIT
            and max(s.end for s in valid) > finish_lower_bound(problem)
        ):
            better = improve_last_phase(
                problem, valid, time_limit=time_limit * TAIL_SHARE, seed=seed, workers=workers
            )
            valid = better or valid
        return _from_plan(problem, valid, began, workers, seed)
    result: SolveResult | None = None
    step = 1
    while horizon < upper:
        remaining = time_limit - (time.perf_counter() - began)
        trial = _solve_stages(
            dataclasses.replace(problem, horizon_weeks=horizon),
            hint,
            began,
            remaining,
            seed,
            workers,
            only,
            parameters,
            time_limit,
        )
        if trial.status != "infeasible":
            result = trial
            break
        horizon = min(upper, horizon + step)
        step *= 2
    if result is None or result.status == "unknown":
        result = _solve_stages(
            dataclasses.replace(problem, horizon_weeks=upper),
            hint,
            began,
            time_limit - (time.perf_counter() - began),
            seed,
            workers,
            only,
            parameters,
            time_limit,
        )
    if result.status == "unknown" and valid:
        return _from_plan(problem, valid, began, workers, seed)
    return result


def model_size(problem: Problem) -> int:
    """How many (module, window) pairs the model would have: its size, before building it."""
    from aipm_planner.solver.problem import earliest_latest_weeks

    weeks = [s.week for s in problem.slots]
    size = 0
    for first, last in earliest_latest_weeks(problem).values():
        size += bisect.bisect_right(weeks, last) - bisect.bisect_left(weeks, first)
    return size


def _overruns(problem: Problem, placed: list[PlacedSession], finish: int) -> dict[str, int]:
    """With stretch: by how much each range maximum and the deadline are exceeded."""
    if not problem.stretch:
        return {}
    weeks: dict[str, list[int]] = {}
    phase_of = {m.module_id: m.phase_id for m in problem.work.modules}
    for s in placed:
        week = problem.slots[problem.slot_of(s.start)].week
        for key in (s.module_id, phase_of[s.module_id]):
            span = weeks.setdefault(key, [week, week])
            span[0], span[1] = min(span[0], week), max(span[1], week)
    limits = {
        f"module-range:{m.module_id}": (m.module_id, m.weeks.max) for m in problem.work.modules
    }
    limits |= {f"phase-range:{p.phase_id}": (p.phase_id, p.weeks.max) for p in problem.work.phases}
    over = {
        key: weeks[subject][1] - weeks[subject][0] + 1 - most
        for key, (subject, most) in limits.items()
        if subject in weeks and weeks[subject][1] - weeks[subject][0] + 1 > most
    }
    if problem.deadline is not None and finish > problem.deadline:
        over["deadline"] = finish - problem.deadline
    return over


def _from_plan(
    problem: Problem, placed: list[PlacedSession], began: float, workers: int, seed: int
) -> SolveResult:
    """A result made of the constructive plan (valid by construction and by its checks)."""
    from aipm_planner.solver.bounds import finish_lower_bound

    totals: dict[tuple[str, int], list[int]] = {}
    for s in placed:
        entry = totals.setdefault((s.module_id, problem.slot_of(s.start)), [0, 0])
        entry[0] += s.end - s.start
        entry[1] += 1
    allocations = tuple(
        sorted(
            (Allocation(m, slot, minutes, count) for (m, slot), (minutes, count) in totals.items()),
            key=lambda a: (a.slot, a.module_id),
        )
    )
    finish = max(s.end for s in placed)
    lower = finish_lower_bound(problem)
    return SolveResult(
        stretched=_overruns(problem, placed, finish),
        status="feasible",
        allocations=allocations,
        objectives={"finish": finish},
        bounds={"finish": min(lower, finish)},
        # A plan that ends at the arithmetic bound is proven to end as early as possible.
        proven={"finish": finish <= lower},
        wall_time=time.perf_counter() - began,
        variables=0,
        constraints=0,
        workers=workers,
        seed=seed,
    )


def _preferred_sessions(problem: Problem) -> list[PlacedSession]:
    from aipm_planner.solver.layout import PlacedSession, split

    sessions: list[PlacedSession] = []
    for (module_id, slot), amount in sorted(problem.preferred.items()):
        start = problem.slots[slot].start
        count = max(1, -(-amount // problem.max_session))
        for length in split(amount, count):
            sessions.append(PlacedSession(module_id, start, start + length))
            start += length + problem.break_minutes
    return sessions


def pick_budget(time_limit: float) -> float:
    """Deterministic time of the final pick: from the time limit alone, never the clock."""
    return max(0.3, min(DETERMINISTIC_MOST, time_limit * DETERMINISTIC_SHARE))


def polish_budget(time_limit: float) -> float:
    """Deterministic time of the polish after the pick (small plans are proven at once)."""
    return max(0.05, min(POLISH_MOST, time_limit * POLISH_SHARE))


def pick_reserve(time_limit: float) -> float:
    """Wall time kept free for the final pick."""
    return time_limit * PICK_RESERVE


def lower_bound_weeks(problem: Problem) -> int:
    """Fewest plan weeks any plan needs (chain of minimum phase lengths, total capacity)."""
    from aipm_planner.solver.bounds import finish_lower_bound

    lower = finish_lower_bound(problem)
    weeks = [s.week for s in problem.slots if s.start <= lower]
    return (max(weeks) if weeks else 0) + 1


def _solve_stages(
    problem: Problem,
    hint: list[PlacedSession] | None,
    began: float,
    time_limit: float,
    seed: int,
    workers: int,
    only: tuple[str, ...] | None,
    parameters: dict[str, Any],
    total_limit: float,
) -> SolveResult:
    """All objective stages on one model."""
    from aipm_planner.solver.bounds import finish_lower_bound, peak_lower_bound
    from aipm_planner.solver.decompose import apply_hint

    stage_began = time.perf_counter()
    plan = build_model(problem)
    if hint:
        # A hint that ends past this horizon is partial; CP-SAT still starts near it.
        apply_hint(plan, hint)
        _complete_hint(plan, seed, max(0.1, 0.1 * time_limit))
    model = plan.model
    stages = _stages(plan)
    assert plan.finish is not None
    earliest = finish_lower_bound(problem)
    if not problem.stretch:
        # No plan ends earlier: CP-SAT stops as soon as a plan reaches this bound.
        model.add(plan.finish >= earliest)
    if only is not None:
        stages = [(n, e) for n, e in stages if n in only]
    objectives: dict[str, float] = {}
    bounds: dict[str, float] = {}
    proven: dict[str, bool] = {}
    allocations: tuple[Allocation, ...] = ()
    stretched: dict[str, int] = {}
    have_solution = False
    solver = cp_model.CpSolver()
    last_stage = stages[-1][0] if stages else ""
    for name, expr in stages:
        if name == "peak_week" and "finish" in objectives:
            # The heaviest week cannot be lighter than arithmetic allows at this finish
            # (never above the plan in hand, so a bound can only help, never forbid it).
            lightest = peak_lower_bound(problem, int(objectives["finish"]))
            model.add(expr >= min(lightest, solver.value(expr)))
        remaining = time_limit - (time.perf_counter() - stage_began)
        if have_solution:
            remaining -= pick_reserve(total_limit)  # the wall time the final pick needs
            if remaining <= 0.05:
                break
        model.minimize(expr)
        solver = cp_model.CpSolver()
        share = 1.0 if name == last_stage else STAGE_SHARE[name]
        _parameters(solver, seed, workers, max(0.2, remaining * share), parameters)
        status = solver.solve(model)
        _trace(problem, name, solver, status)
        if status == cp_model.MODEL_INVALID:
            raise SolverError(f"internal error: invalid model ({model.validate()})")
        if status == cp_model.INFEASIBLE:
            if have_solution:  # fixing an earlier objective can never make it infeasible
                raise SolverError(f"internal error: stage {name!r} became infeasible")
            return _empty(problem, plan, began, workers, seed, "infeasible")
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if not have_solution:
                return _empty(problem, plan, began, workers, seed, "unknown")
            break
        have_solution = True
        value = round(solver.objective_value)
        objectives[name] = value
        bounds[name] = round(solver.best_objective_bound)
        proven[name] = status == cp_model.OPTIMAL
        allocations = _read(plan, solver)
        stretched = _stretched(plan, solver)
        model.add(expr <= value)
        _hint_from(plan, solver)
    if have_solution and all(proven.get(n, False) for n, _ in stages):
        # Only proven values are the same on every run; with a stage stopped by the clock
        # the plan cannot be made repeatable, and the pick would only cost time.
        left = time_limit - (time.perf_counter() - stage_began)
        picked = _pick(plan, hint, seed, parameters, total_limit, left)
        if picked is not None:
            allocations = _read(plan, picked)
            stretched = _stretched(plan, picked)

    return SolveResult(
        status="optimal" if all(proven.get(n, False) for n, _ in stages) else "feasible",
        allocations=allocations,
        objectives=objectives,
        bounds=bounds,
        proven=proven,
        wall_time=time.perf_counter() - began,
        variables=len(model.proto.variables),
        constraints=len(model.proto.constraints),
        workers=workers,
        seed=seed,
        stretched=stretched,
    )


def _mixed_days(plan: PlanModel) -> Any:
    """Extra modules studied on the same day, summed over days (0 when every day has one)."""
    model, slots = plan.model, plan.problem.slots
    by_day: dict[int, dict[str, list[Any]]] = {}
    for module_id, mv in plan.modules.items():
        for k, w in enumerate(mv.windows):
            by_day.setdefault(slots[w].day, {}).setdefault(module_id, []).append(mv.used[k])
    extras = []
    for day, modules in sorted(by_day.items()):
        if len(modules) < 2:
            continue
        active = []
        for module_id, used in modules.items():
            if len(used) == 1:
                active.append(used[0])
                continue
            on = model.new_bool_var(f"active[{module_id},{day}]")
            model.add_max_equality(on, used)
            active.append(on)
        extra = model.new_int_var(0, len(active) - 1, f"extra_modules[{day}]")
        model.add(extra >= sum(active) - 1)
        extras.append(extra)
    return sum(extras) if extras else None


def _stages(plan: PlanModel) -> list[tuple[str, Any]]:
    """The objective stages in solve order, each only when it has something to do."""
    problem, model = plan.problem, plan.model
    stages: list[tuple[str, Any]] = []
    if problem.stretch and plan.stretch_vars:
        penalty = sum(
            (t if k == "deadline" else WEEK_PENALTY * t) for k, t in plan.stretch_vars.items()
        )
        stages.append(("stretch", penalty))
    assert plan.finish is not None
    stages.append(("finish", plan.finish))
    moved = moved_minutes(plan)
    if moved is not None:
        stages.append(("moved", moved))
    if plan.week_load:
        peak = model.new_int_var(0, max(s.minutes for s in problem.slots) * 7 * 24, "peak_week")
        for load in plan.week_load.values():
            model.add(peak >= load)
        stages.append(("peak_week", peak))
    switches = _mixed_days(plan)
    if switches is not None:
        stages.append(("switches", switches))
    return stages


def _pick(
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
    _parameters(first, seed, 1, pick_budget(total_limit), extra, wall_limit=wall)
    status = first.solve(model)
    _trace(plan.problem, "pick", first, status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    if len(model.proto.variables) > POLISH_VARIABLES:
        return first
    _hint_from(plan, first)
    model.minimize(_canonical(plan))
    polish = cp_model.CpSolver()
    wall -= time.perf_counter() - began
    _parameters(polish, seed, 1, polish_budget(total_limit), parameters, wall_limit=wall)
    status = polish.solve(model)
    _trace(plan.problem, "polish", polish, status)
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


def _stretched(plan: PlanModel, solver: cp_model.CpSolver) -> dict[str, int]:
    """With stretch: by how much each soft limit is exceeded in the solver's plan."""
    return {k: solver.value(v) for k, v in plan.stretch_vars.items() if solver.value(v)}


def _trace(problem: Problem, name: str, solver: cp_model.CpSolver, status: Any) -> None:
    """With ``AIPM_TRACE`` set, one line per solver call (the benchmarks parse it)."""
    if os.environ.get("AIPM_TRACE"):
        print(
            f"horizon {problem.horizon_weeks} {name} {solver.status_name(status)}"
            f" {solver.wall_time:.3f}s det {solver.response_proto.deterministic_time:.3f}"
            f" {solver.objective_value} {solver.best_objective_bound}"
        )


def _complete_hint(plan: PlanModel, seed: int, seconds: float) -> None:
    """Fill in the auxiliary variables of a hint by a solve with the hinted ones fixed.

    CP-SAT's workers start from a complete hint at once; a partial one may be ignored.
    """
    model = plan.model
    assert plan.finish is not None
    model.minimize(plan.finish)
    solver = cp_model.CpSolver()
    _parameters(solver, seed, 1, seconds, {"fix_variables_to_their_hinted_value": True})
    if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        _hint_from(plan, solver)


def _read(plan: PlanModel, solver: cp_model.CpSolver) -> tuple[Allocation, ...]:
    unit = plan.problem.unit
    result: list[Allocation] = []
    for module_id, mv in plan.modules.items():
        for k, w in enumerate(mv.windows):
            amount = solver.value(mv.units[k]) * unit
            if amount:
                result.append(Allocation(module_id, w, amount, solver.value(mv.sessions[k])))
    result.sort(key=lambda a: (a.slot, a.module_id))
    return tuple(result)


def _empty(
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
