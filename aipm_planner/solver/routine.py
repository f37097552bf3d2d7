"""The routine objectives on a built model: the heaviest week, idle weeks, mixed days.

Each function adds what its objective needs to the model and returns the expression to
minimize, or ``None`` when there is nothing to minimize (``stages.py`` then skips it).
:func:`counted` measures the same values on a plan's allocations, so a plan made without
the model reports them the same way (:func:`idle_between` also serves the benchmarks).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

from aipm_planner.solver.model import BoolLike, Chains, PlanModel

if TYPE_CHECKING:
    from aipm_planner.solver.problem import Problem
    from aipm_planner.solver.result import Allocation

__all__ = ["counted", "idle_between", "idle_week_list", "idle_weeks", "mixed_days", "peak_week"]


def peak_week(plan: PlanModel) -> Any:
    """Study minutes of the heaviest plan week."""
    if not plan.week_load:
        return None
    problem, model = plan.problem, plan.model
    peak = model.new_int_var(0, max(s.minutes for s in problem.slots) * 7 * 24, "peak_week")
    for load in plan.week_load.values():
        model.add(peak >= load)
    return peak


def idle_weeks(plan: PlanModel) -> Any:
    """Weeks without study between the first and the last week with study.

    Only weeks that have free windows count: a week your calendar fills (a holiday, a
    trip) is not idle, it is unavailable. A week counts as idle when some phase has a
    session before it, some phase has one after it, and it has none of its own (nor,
    when re-planning, a kept one).
    """
    problem, model, slots = plan.problem, plan.model, plan.problem.slots
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for w, slot in enumerate(slots):
        first.setdefault(slot.week, w)
        last[slot.week] = w
    used: dict[int, list[BoolLike]] = {}
    for mv in plan.modules.values():
        for k, w in enumerate(mv.windows):
            used.setdefault(slots[w].week, []).append(mv.used[k])
    phases: list[Chains] = list(plan.phases.values())
    idle: list[BoolLike] = []
    for week in sorted(first)[1:-1]:
        if problem.used_by_week.get(week, 0) > 0:
            continue
        before = _any(plan, (c.started_at(first[week] - 1) for c in phases), f"before[{week}]")
        after = _any(plan, (c.going_at(last[week] + 1) for c in phases), f"after[{week}]")
        if (isinstance(before, int) and before == 0) or (isinstance(after, int) and after == 0):
            continue
        studied = _any(plan, used.get(week, []), f"studied[{week}]")
        if isinstance(studied, int) and studied == 1:
            continue
        flag = model.new_bool_var(f"idle[{week}]")
        model.add(flag >= before + after - studied - 1)
        idle.append(flag)
    return sum(idle) if idle else None


def mixed_days(plan: PlanModel) -> Any:
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
        active = [
            _any(plan, used, f"active[{module_id},{day}]") for module_id, used in modules.items()
        ]
        extra = model.new_int_var(0, len(active) - 1, f"extra_modules[{day}]")
        model.add(extra >= sum(active) - 1)
        extras.append(extra)
    return sum(extras) if extras else None


def counted(problem: Problem, allocations: Iterable[Allocation]) -> dict[str, int]:
    """Finish, heaviest week, idle weeks and extra modules a day of ``allocations``."""
    slots, brk = problem.slots, problem.break_minutes
    ends: list[int] = []
    by_window: dict[int, list[Allocation]] = {}
    for a in allocations:
        by_window.setdefault(a.slot, []).append(a)
    week_load: dict[int, int] = {}
    day_modules: dict[int, set[str]] = {}
    for slot_index, parts in by_window.items():
        slot = slots[slot_index]
        minutes = sum(a.minutes for a in parts)
        sessions = sum(a.sessions for a in parts)
        ends.append(slot.start + minutes + brk * (sessions - 1))
        week_load[slot.week] = week_load.get(slot.week, 0) + minutes
        day_modules.setdefault(slot.day, set()).update(a.module_id for a in parts)
    if not week_load:
        return {"finish": 0, "peak_week": 0, "idle_weeks": 0, "switches": 0}
    kept = {w for w, m in problem.used_by_week.items() if m > 0}
    return {
        "finish": max(ends),
        "peak_week": max(week_load.values()),
        "idle_weeks": idle_between(problem, min(week_load), max(week_load), {*week_load, *kept}),
        "switches": sum(len(modules) - 1 for modules in day_modules.values()),
    }


def idle_between(problem: Problem, first: int, last: int, studied: Collection[int]) -> int:
    """How many weeks after ``first`` and before ``last`` have free windows but are not
    among the ``studied`` weeks."""
    return len(idle_week_list(problem, first, last, studied))


def idle_week_list(problem: Problem, first: int, last: int, studied: Collection[int]) -> list[int]:
    """The weeks :func:`idle_between` counts, in order."""
    return sorted({s.week for s in problem.slots if first < s.week < last}.difference(studied))


def _any(plan: PlanModel, parts: Iterable[BoolLike], name: str) -> BoolLike:
    """A literal that is 1 when any of ``parts`` is (constants folded)."""
    parts = list(parts)
    if any(isinstance(p, int) and p == 1 for p in parts):
        return 1
    free = [p for p in parts if not isinstance(p, int)]
    if not free:
        return 0
    if len(free) == 1:
        return free[0]
    var = plan.model.new_bool_var(name)
    plan.model.add_max_equality(var, free)
    return var
