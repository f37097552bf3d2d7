"""A fast complete first plan: solve one phase at a time, in phase order.

Each phase is a small model: its modules, the windows left after the phases it follows
(minus the time and caps they use), the finish objective only. The union of the phase
plans is a valid plan for the whole roadmap, so its finish week bounds the whole model's
horizon (which shrinks the model a lot), and it is given to CP-SAT as a complete hint.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from aipm_planner.effort import PhaseWork, Work
from aipm_planner.solver.layout import PlacedSession, layout
from aipm_planner.solver.model import PlanModel
from aipm_planner.solver.problem import Problem, Slot, module_order, phase_order

__all__ = ["apply_hint", "improve_last_phase", "sequential_plan"]


def _cut(slot: Slot, taken: list[tuple[int, int]], after: int, brk: int) -> list[Slot]:
    pieces: list[Slot] = []
    cursor = max(slot.start, after)
    for a, b in taken:
        a, b = a - brk, b + brk
        if b <= cursor or a >= slot.end:
            continue
        if a > cursor:
            pieces.append(dataclasses.replace(slot, start=cursor, end=a))
        cursor = max(cursor, b)
    if cursor < slot.end:
        pieces.append(dataclasses.replace(slot, start=cursor))
    return pieces


def _phase_problem(
    problem: Problem,
    phase: PhaseWork,
    placed: list[PlacedSession],
    after: int,
    until_week: int | None = None,
) -> Problem | None:
    """One phase alone: the windows after ``after`` (and up to ``until_week``) left free by
    ``placed`` (with a break around each session), the caps less what ``placed`` uses;
    ``None`` without a window."""
    taken = sorted((s.start, s.end) for s in placed)
    slots: list[Slot] = []
    for slot in problem.slots:
        if slot.end <= after:
            continue
        for piece in _cut(slot, taken, after, problem.break_minutes):
            if piece.minutes >= problem.min_session:
                slots.append(piece)
    if not slots:
        return None
    # A phase spans at most its maximum; one week of slack lets it start a week late.
    last_week = slots[0].week + phase.weeks.max
    if until_week is not None:
        last_week = min(last_week, until_week)
    slots = [s for s in slots if s.week <= last_week]
    used_day: dict[int, int] = defaultdict(int, problem.used_by_day)
    used_week: dict[int, int] = defaultdict(int, problem.used_by_week)
    for s in placed:
        index = problem.slot_of(s.start)
        used_day[problem.slots[index].day] += s.end - s.start
        used_week[problem.slots[index].week] += s.end - s.start
    local_modules = {m.module_id for m in phase.modules}
    alone = dataclasses.replace(
        phase,
        after=(),
        modules=tuple(
            dataclasses.replace(m, requires=tuple(r for r in m.requires if r in local_modules))
            for m in phase.modules
        ),
    )
    work = Work(phases=(alone,), skipped_modules=(), skipped_phases=(), explanations=())
    return dataclasses.replace(
        problem,
        work=work,
        slots=tuple(slots),
        horizon_weeks=min(problem.horizon_weeks, last_week + 1),
        module_order=module_order(work),
        used_by_day=dict(used_day),
        used_by_week=dict(used_week),
        preferred={},
    )


def _depends_on(phase: PhaseWork, phase_of: dict[str, str]) -> set[str]:
    """The phases ``phase`` must start after: those it follows and those of what it requires
    (``phase_of``: module id -> phase id)."""
    return set(phase.after) | {
        phase_of[r] for m in phase.modules for r in m.requires if phase_of[r] != phase.phase_id
    }


def sequential_plan(
    problem: Problem, *, time_limit: float, seed: int, workers: int
) -> list[PlacedSession] | None:
    """A complete valid plan built phase by phase, or None when a phase finds nothing."""
    from aipm_planner.solver.solve import solve

    placed: list[PlacedSession] = []
    end_of_phase: dict[str, int] = {}
    phase_of = {m.module_id: m.phase_id for m in problem.work.modules}
    phases = {p.phase_id: p for p in problem.work.phases}
    order = phase_order(problem.work)
    share = time_limit / max(1, len(order))
    for phase_id in order:
        phase = phases[phase_id]
        before = _depends_on(phase, phase_of)
        if not before <= end_of_phase.keys():
            # Phases beside each other that each require a module of the other: neither
            # can be planned whole before the other.
            return None
        after = max((end_of_phase[p] for p in before), default=0)
        sub = _phase_problem(problem, phase, placed, after)
        if sub is None:
            return None
        result = solve(
            sub, time_limit=share, seed=seed, workers=workers, only=("finish",), decompose=False
        )
        if result.status not in ("optimal", "feasible"):
            return None
        mine = layout(sub, result.allocations)
        placed += mine
        end_of_phase[phase_id] = max(s.end for s in mine)
    return sorted(placed, key=lambda s: (s.start, s.module_id))


def improve_last_phase(
    problem: Problem,
    placed: list[PlacedSession],
    floor: int,
    *,
    time_limit: float,
    seed: int,
    workers: int,
) -> list[PlacedSession] | None:
    """The valid plan ``placed`` with its last phase solved again for the earliest finish.

    Only the phase that holds the last session is planned again (a small model, even when
    the whole roadmap is far too large for one), in the windows its other sessions leave
    free, after the phases it depends on have ended; ``floor`` is the whole roadmap's
    finish lower bound. Returns the better plan, or ``None``
    when that phase has a dependant, or the solve is not proven and picked deterministically
    (a plan that could differ from run to run), or it does not finish earlier.
    """
    from aipm_planner.solver.solve import MAX_PAIRS, model_size, solve

    phase_of = {m.module_id: m.phase_id for m in problem.work.modules}
    last = max(placed, key=lambda s: s.end)
    phase = next(p for p in problem.work.phases if p.phase_id == phase_of[last.module_id])
    if any(phase.phase_id in _depends_on(p, phase_of) for p in problem.work.phases):
        return None
    before = _depends_on(phase, phase_of)
    kept = [s for s in placed if phase_of[s.module_id] != phase.phase_id]
    mine = [s for s in placed if phase_of[s.module_id] == phase.phase_id]
    # Not before the phases it depends on have ended, nor before the week it starts in now
    # (which keeps the model small; the constructive plan starts a phase early anyway).
    first_week = problem.slots[problem.slot_of(min(s.start for s in mine))].week
    week_start = next(s.start for s in problem.slots if s.week == first_week)
    after = max([week_start] + [s.end for s in kept if phase_of[s.module_id] in before])
    # Only an earlier finish is of use: no later week than the plan's last one.
    sub = _phase_problem(
        problem, phase, kept, after, problem.slots[problem.slot_of(last.start)].week
    )
    if sub is None or model_size(sub) > MAX_PAIRS:
        return None
    if max((s.end for s in kept), default=0) < floor:
        # The other phases end before the whole roadmap's bound, so this phase cannot.
        sub = dataclasses.replace(sub, finish_floor=floor)
    result = solve(
        sub,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        only=("finish",),
        decompose=False,
        first_plan=mine,
        # Measured on 200 and 500 modules: presolve took most of the time of this small
        # finish-only model whose floor is usually reached at once.
        cp_model_presolve=False,
    )
    if not result.repeatable:
        # A plan that depends on thread timing would make the whole answer unrepeatable.
        return None
    again = layout(sub, result.allocations)
    if max(s.end for s in again) >= last.end:
        return None
    return sorted(kept + again, key=lambda s: (s.start, s.module_id))


def apply_hint(plan: PlanModel, placed: list[PlacedSession]) -> None:
    """Hint every module variable from a complete plan given as sessions."""
    minutes: dict[tuple[str, int], int] = defaultdict(int)
    sessions: dict[tuple[str, int], int] = defaultdict(int)
    for s in placed:
        index = plan.problem.slot_of(s.start)
        minutes[s.module_id, index] += s.end - s.start
        sessions[s.module_id, index] += 1
    # Sessions outside a module's candidate windows (a plan that ends later than the
    # horizon being tried) are dropped: the hint is then partial, which CP-SAT accepts.
    model = plan.model
    model.clear_hints()  # type: ignore[no-untyped-call]
    unit = plan.problem.unit
    for module_id, mv in plan.modules.items():
        used_any = False
        for k, w in enumerate(mv.windows):
            amount = minutes.get((module_id, w), 0)
            model.add_hint(mv.units[k], amount // unit)
            model.add_hint(mv.sessions[k], sessions.get((module_id, w), 0))
            model.add_hint(mv.used[k], amount > 0)
            used_any = used_any or amount > 0
            model.add_hint(mv.started[k], used_any)
        going = False
        for k in reversed(range(len(mv.windows))):
            going = going or minutes.get((module_id, mv.windows[k]), 0) > 0
            model.add_hint(mv.going[k], going)
