"""Weeks without study in a constructive plan, filled by moving one session into each.

Used where the constructive plan is the answer (``solve._from_plan``), not where it is
CP-SAT's hint. The constructive plan (``greedy.py``) lets a phase last as long as its range asks by
starting its closing module late, which can leave weeks with free windows but no study
between the first and the last week of study (idle weeks, ``routine.idle_weeks``). Each
such week is filled, when the rules allow, by moving one whole session of some module into
the week's first window that holds it: the module's session nearest the week (say the last
session of a module that ends before it). A move keeps every rule: the module's and its
phase's spans stay within their ranges, whatever depends on the module still starts after it
ends and the module still starts after what it depends on, the week the session leaves still
has study, and the daily and weekly caps and the deadline hold. Modules are tried in roadmap
order, so the plan is the same on every run.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from aipm_planner.effort import ModuleWork
from aipm_planner.solver.layout import PlacedSession
from aipm_planner.solver.problem import Problem
from aipm_planner.solver.routine import idle_week_list

__all__ = ["fill_idle_weeks"]


@dataclass
class _Plan:
    """The sessions by module, and how many fall in each week."""

    problem: Problem
    by_module: dict[str, list[PlacedSession]]
    per_week: Counter[int]

    @classmethod
    def of_sessions(cls, problem: Problem, placed: list[PlacedSession]) -> _Plan:
        by_module: dict[str, list[PlacedSession]] = defaultdict(list)
        for session in sorted(placed, key=lambda p: p.start):
            by_module[session.module_id].append(session)
        plan = cls(problem, by_module, Counter())
        plan.per_week.update(plan.week(s) for s in placed)
        return plan

    def week(self, session: PlacedSession) -> int:
        return self.problem.slots[self.problem.slot_of(session.start)].week

    def of(self, module_ids: set[str]) -> list[PlacedSession]:
        return [s for m in module_ids for s in self.by_module.get(m, ())]

    def move(self, moving: PlacedSession, moved: PlacedSession) -> None:
        own = self.by_module[moving.module_id]
        own.remove(moving)
        own.append(moved)
        own.sort(key=lambda p: p.start)
        self.per_week[self.week(moving)] -= 1
        self.per_week[self.week(moved)] += 1

    def sessions(self) -> list[PlacedSession]:
        return sorted(self.of(set(self.by_module)), key=lambda p: (p.start, p.module_id))


def fill_idle_weeks(problem: Problem, placed: list[PlacedSession]) -> list[PlacedSession]:
    """``placed`` with as many idle weeks filled as single-session moves allow (sorted)."""
    if problem.stretch or problem.history or problem.preferred or not placed:
        return placed
    plan = _Plan.of_sessions(problem, placed)
    modules = {m.module_id: m for m in problem.work.modules}
    order = [modules[m] for m in problem.module_order if m in modules]
    after, before = _neighbours(problem)
    # Each move fills a week and empties none, so there are at most as many moves as weeks.
    for _ in range(len({s.week for s in problem.slots})):
        studied = {w for w, count in plan.per_week.items() if count}
        idle = idle_week_list(problem, min(studied), max(studied), studied)
        if not any(_fill(plan, week, order, after, before) for week in idle):
            break
    return plan.sessions()


def _neighbours(problem: Problem) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Module id -> the modules that must start after it ends, and those it must follow:
    its prerequisites' dependants and the modules of the phases that follow its phase."""
    phases = {p.phase_id: p for p in problem.work.phases}
    before: dict[str, set[str]] = defaultdict(set)
    for module in problem.work.modules:
        before[module.module_id].update(r for r in module.requires)
        for phase_id in phases[module.phase_id].after:
            if phase_id in phases:
                before[module.module_id].update(m.module_id for m in phases[phase_id].modules)
    after: dict[str, set[str]] = defaultdict(set)
    for module_id, followed in before.items():
        for other in followed:
            after[other].add(module_id)
    return after, before


def _fill(
    plan: _Plan,
    week: int,
    order: list[ModuleWork],
    after: dict[str, set[str]],
    before: dict[str, set[str]],
) -> bool:
    """Move one session into idle ``week``; whether a move was found."""
    begins = next(s.start for s in plan.problem.slots if s.week == week)
    for module in order:
        own = plan.by_module.get(module.module_id)
        if not own:
            continue
        # The session nearest the week whose own week keeps study without it.
        candidates = sorted(own, key=lambda s: (abs(plan.week(s) - week), abs(s.start - begins)))
        moving = next(
            (
                s
                for s in candidates
                if plan.per_week[plan.week(s)] > 1 and _spans_allow(plan, module, s, week)
            ),
            None,
        )
        if moving is None:
            continue
        moved = _place(plan, moving, week)
        if moved is None:
            continue
        if moving.start < moved.start:
            ordered = all(s.start >= moved.end for s in plan.of(after[module.module_id]))
        else:
            ordered = all(s.end <= moved.start for s in plan.of(before[module.module_id]))
        if ordered:
            plan.move(moving, moved)
            return True
    return False


def _spans_allow(plan: _Plan, module: ModuleWork, moving: PlacedSession, week: int) -> bool:
    """Whether the module and its phase still span their week ranges with ``moving`` in
    ``week``."""
    phase = next(p for p in plan.problem.work.phases if p.phase_id == module.phase_id)
    for ids, weeks in (
        ({module.module_id}, module.weeks),
        ({m.module_id for m in phase.modules}, phase.weeks),
    ):
        found = [plan.week(s) for s in plan.of(ids) if s is not moving] + [week]
        if not weeks.min <= max(found) - min(found) + 1 <= weeks.max:
            return False
    return True


def _place(plan: _Plan, moving: PlacedSession, week: int) -> PlacedSession | None:
    """``moving`` at the start of the first window of (idle) ``week`` that holds it, within
    the daily and weekly caps and the deadline, or ``None``."""
    problem = plan.problem
    length = moving.end - moving.start
    if problem.weekly_cap is not None and problem.used_by_week.get(week, 0) + length > (
        problem.weekly_cap
    ):
        return None
    for slot in problem.slots:
        if slot.week != week or slot.minutes < length:
            continue
        if problem.deadline is not None and slot.start + length > problem.deadline:
            continue
        if problem.daily_cap is not None and problem.used_by_day.get(slot.day, 0) + length > (
            problem.daily_cap
        ):
            continue
        return PlacedSession(moving.module_id, slot.start, slot.start + length)
    return None
