"""Solve a :class:`Problem`: the first plan, the horizon search, and large roadmaps.

A fast constructive plan (``greedy.py``; failing that, a phase-by-phase one) is made first:
it is a complete hint and its finish week bounds the horizon. The horizon then grows from
the arithmetic lower bound (``bounds.py``): the first horizon that admits a plan holds every
plan that finishes as early as possible, and its model is far smaller than the full one.
Each model is solved in ranked stages and the plan picked deterministically (``stages.py``,
``pick.py``). When the model would be too large, the constructive plan is the answer, with
its last phase solved again for the earliest finish (``decompose.py``). When the solver's
plan could differ from run to run (no proven finish, or no deterministic pick), the
constructive plan is the answer too, or without one a single-worker search under a
deterministic budget (``steady.py``), so the same inputs give the same plan. With
stretch and no constructive plan (re-planning), or one that exceeds nothing, or one that
exceeds a limit while a constructive plan within every limit exists, a plan within every
limit is searched for first: when there is one it is the stretch optimum, and the strict
model is far smaller.
"""

from __future__ import annotations

import bisect
import dataclasses
import time
from typing import TYPE_CHECKING, Any

from aipm_planner.solver.cpsat import available_workers
from aipm_planner.solver.problem import Problem
from aipm_planner.solver.result import Allocation, SolveResult
from aipm_planner.solver.stages import solve_stages as _solve_stages

if TYPE_CHECKING:
    from aipm_planner.solver.layout import PlacedSession

__all__ = ["Allocation", "SolveResult", "available_workers", "model_size", "solve"]

MAX_PAIRS = 20_000
"""Largest model, in (module, window) pairs, that is built (measured: about 5 variables and
25 KiB per pair; 58 000 pairs took 1.2 GiB and found nothing in 12 s on two cores)."""
TAIL_SHARE = 0.5
"""Share of the time limit for solving the last phase of a too-large roadmap again..."""
STRETCH_LEAST = 0.5
"""Share of the time limit a stretched search gets at least after the search for a plan
within every limit found none (see :func:`solve`)."""
TAIL_MIN_LIMIT = 5.0
"""...which is only tried with at least this time limit (building that model alone takes
a second or two on a large roadmap)."""


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    workers: int | None = None,
    only: tuple[str, ...] | None = None,
    decompose: bool = True,
    first_plan: list[PlacedSession] | None = None,
    strict_may_fit: bool = True,
    **parameters: Any,
) -> SolveResult:
    """Solve every objective stage; extra keyword arguments go to ``solver.parameters``.

    With stretch, a plan within every limit is searched for first when there may be one;
    ``strict_may_fit=False`` says arithmetic has shown there is none.

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
    from aipm_planner.solver.steady import steady_plan

    began = time.perf_counter()
    workers = workers or available_workers()
    valid = first_plan or (greedy_plan(problem) if decompose else None)
    # A plan made without CP-SAT (or given) is the same on every run.
    repeatable_first = valid is not None
    first_strict, strict_plan = (
        _strict_first(problem, valid)
        if problem.stretch and decompose and only is None and strict_may_fit
        else (False, None)
    )
    if first_strict:
        # No constructive plan to start from (re-planning never has one), or one that
        # exceeds nothing, or one that exceeds a limit while a constructive plan within
        # every limit exists: a plan within every limit, when there is one, is the stretch
        # optimum (nothing exceeded), and the strict model, without the soft limits' weeks
        # past them, is far easier. It gets the whole time limit, so that it is the plan a
        # strict call would give; the stretched search then has what is left, and at least
        # STRETCH_LEAST of it.
        strict = _strict(problem, strict_plan, time_limit, seed, workers, parameters)
        if strict is not None:
            return strict
        time_limit = max(time_limit - (time.perf_counter() - began), time_limit * STRETCH_LEAST)
        began = time.perf_counter()
    if valid is None and decompose and not problem.stretch and len(problem.work.phases) > 1:
        valid = sequential_plan(problem, time_limit=time_limit * 0.3, seed=seed, workers=workers)
    hint = valid
    lower = finish_lower_bound(problem)
    upper = problem.horizon_weeks
    if valid and not problem.stretch:
        # A valid plan ends in this week, so no optimal plan ends later: cut the horizon.
        upper = min(upper, max(problem.slots[problem.slot_of(s.start)].week for s in valid) + 1)
    # A stretched plan may need weeks past any first plan's (waiting out a blackout can
    # exceed less), so it is searched over every week; without a first plan (re-planning),
    # that model is too large to find a plan in, and the horizon grows as for a strict one
    # (the plan is then not claimed optimal: see _cut_short).
    cut = not problem.stretch or valid is None
    horizon = min(upper, lower_bound_weeks(problem, lower)) if cut else upper
    # Re-planning: start from where the previous plan had its sessions (only a hint: it
    # may miss minutes, so it never bounds the horizon).
    preferred = _preferred_sessions(problem) if problem.preferred else None
    hint = hint or preferred
    # The final pick's plan depends on its hint, so that hint must be the same on every
    # run: a phase-by-phase plan is made by CP-SAT under the clock, and may not be.
    pick_hint = valid if repeatable_first else preferred
    if (
        valid
        and not problem.stretch
        and model_size(dataclasses.replace(problem, horizon_weeks=upper)) > MAX_PAIRS
    ):
        # Too large a model to build and solve within time and memory: the constructive
        # plan, valid and checked, is the answer, with its gap to the lower bound; its last
        # phase, a small model, is solved again for an earlier finish (often the bound).
        if decompose and time_limit >= TAIL_MIN_LIMIT and max(s.end for s in valid) > lower:
            better = improve_last_phase(
                problem,
                valid,
                lower,
                time_limit=time_limit * TAIL_SHARE,
                seed=seed,
                workers=workers,
            )
            valid = better or valid
        return _from_plan(problem, valid, lower, began, workers, seed)
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
            lower,
            pick_hint,
        )
        if trial.status != "infeasible":
            result = trial
            break
        horizon = min(upper, horizon + step)
        step *= 2
    if result is None or result.status == "unknown":
        horizon = upper
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
            lower,
            pick_hint,
        )
    if problem.stretch and horizon < upper and result.allocations:
        result = _cut_short(result, lower)
    if result.status == "unknown" and valid:
        return _from_plan(problem, valid, lower, began, workers, seed)
    if not result.repeatable and valid and repeatable_first and not problem.preferred:
        # The solver's plan depends on thread timing (a stage stopped by the clock before
        # the finish was proven, or a pick that found nothing): the same inputs must give
        # the same plan, so the answer is the constructive plan, with the bounds proven.
        return _from_plan(problem, valid, lower, began, workers, seed, result)
    if not result.repeatable and result.allocations and not (problem.stretch or only):
        # No constructive plan to fall back on (re-planning never has one): one more
        # search, on one worker under a deterministic budget, gives a plan that is the same
        # on every run, at the proven finish when there is one.
        steady = steady_plan(
            dataclasses.replace(problem, horizon_weeks=horizon),
            lower,
            time_limit,
            seed,
            parameters,
            finish=int(result.bounds["finish"]) if "finish" in result.settled else None,
            hint=pick_hint,
        )
        if steady is not None:
            return _from_plan(problem, steady, lower, began, workers, seed, result)
    return result


def _cut_short(result: SolveResult, lower: int) -> SolveResult:
    """A stretched plan found over fewer weeks than the whole horizon: its values are the
    best within those weeks only, so none is claimed proven, and the only bounds kept are
    the ones that hold for every plan (nothing exceeded, the arithmetic finish bound)."""
    finish = result.objectives.get("finish", float(lower))
    return dataclasses.replace(
        result,
        status="feasible",
        bounds={"stretch": 0.0, "finish": float(min(lower, finish))},
        proven=dict.fromkeys(result.proven, False),
        settled=(),
    )


def _strict_first(
    problem: Problem, valid: list[PlacedSession] | None
) -> tuple[bool, list[PlacedSession] | None]:
    """Whether a stretched ``problem`` whose constructive plan is ``valid`` is searched
    within every limit first (without a constructive plan, when it exceeds nothing, or when
    a constructive plan within every limit exists), and that plan when it was made here."""
    from aipm_planner.solver.greedy import greedy_plan

    if valid is None or not _overruns(problem, valid, max(s.end for s in valid)):
        return True, None
    strict_plan = greedy_plan(dataclasses.replace(problem, stretch=False))
    return strict_plan is not None, strict_plan


def _strict(
    problem: Problem,
    first_plan: list[PlacedSession] | None,
    time_limit: float,
    seed: int,
    workers: int,
    parameters: dict[str, Any],
) -> SolveResult | None:
    """The plan of stretched ``problem`` that exceeds no limit, as a stretch result (nothing
    stretched, proven), or ``None`` when the strict search finds none in ``time_limit``;
    ``first_plan`` is the strict constructive plan when it is already made."""
    strict = solve(
        dataclasses.replace(problem, stretch=False),
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        first_plan=first_plan,
        **parameters,
    )
    if not strict.allocations or not strict.repeatable:
        return None
    return dataclasses.replace(
        strict,
        objectives={"stretch": 0.0, **strict.objectives},
        bounds={"stretch": 0.0, **strict.bounds},
        proven={"stretch": True, **strict.proven},
        settled=("stretch", *strict.settled),
        stretched={},
    )


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
    problem: Problem,
    placed: list[PlacedSession],
    lower: int,
    began: float,
    workers: int,
    seed: int,
    solved: SolveResult | None = None,
) -> SolveResult:
    """A result made of the constructive plan (valid by construction and by its checks);
    ``lower`` is the problem's finish lower bound, ``solved`` the solver's own result when
    it is set aside (its proven finish bounds every plan). Weeks it leaves without study
    are filled first, where single moved sessions can fill them within every rule."""
    from aipm_planner.solver.fill_weeks import fill_idle_weeks
    from aipm_planner.solver.stages import measured, stretch_penalty

    placed = fill_idle_weeks(problem, placed)

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
    stretched = _overruns(problem, placed, finish)
    # Only a proven finish bounds the plan the same way on every run.
    bound = int(solved.bounds["finish"]) if solved and "finish" in solved.settled else lower
    names = dict.fromkeys(("stretch",) if problem.stretch else (), 0.0)
    names |= dict.fromkeys(("finish", "moved") if problem.preferred else ("finish",), 0.0)
    names |= dict.fromkeys(("peak_week", "idle_weeks", "switches"), 0.0)
    objectives = measured(problem, allocations, names)  # the same names on every run
    if problem.stretch:
        objectives["stretch"] = float(stretch_penalty(stretched))
    return SolveResult(
        stretched=stretched,
        status="feasible",
        allocations=allocations,
        objectives=objectives,
        bounds={"finish": min(bound, finish)},
        # A plan that ends at the arithmetic bound is proven to end as early as possible.
        proven={"finish": finish <= bound},
        wall_time=time.perf_counter() - began,
        variables=0,  # no model made this plan (and the one tried may differ per run)
        constraints=0,
        workers=workers,
        seed=seed,
        repeatable=True,
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


def lower_bound_weeks(problem: Problem, lower: int) -> int:
    """Fewest plan weeks any plan needs, given ``lower``, the problem's finish lower bound."""
    weeks = [s.week for s in problem.slots if s.start <= lower]
    return (max(weeks) if weeks else 0) + 1
