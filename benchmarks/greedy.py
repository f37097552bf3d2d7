"""The baseline: the simple greedy planner most study planners use, and plan metrics.

:func:`greedy_sessions` takes the modules one after another in roadmap order (phase order,
then prerequisites) and pours each into the earliest free time, session after session,
ignoring week ranges: no module is spread over its weeks and no phase waits for its
minimum length. It honours everything else the solver honours (windows, breaks, session
lengths, daily and weekly caps), on the same :class:`~aipm_planner.solver.problem.Problem`,
so the two plans are compared on equal terms.

:func:`metrics` measures any list of placed sessions the same way for both planners.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from dataclasses import dataclass

from aipm_planner.solver.layout import PlacedSession
from aipm_planner.solver.problem import Problem
from aipm_planner.solver.routine import idle_between

__all__ = ["PlanMetrics", "greedy_sessions", "metrics"]


def _length(remaining: int, room: int, problem: Problem) -> int:
    """The longest session that fits ``room`` and leaves a remainder that can still be cut.

    0 when no session fits. Lengths are whole effort units, as the solver's are.
    """
    unit = problem.unit
    length = min(remaining, problem.max_session, room)
    length -= length % unit
    rest = remaining - length
    if 0 < rest < problem.min_session:
        # Leave one minimum session for later rather than a remainder too short to study.
        length = remaining - problem.min_session
        length -= length % unit
    return length if length >= problem.min_session else 0


def greedy_sessions(problem: Problem) -> list[PlacedSession]:
    """Fill the earliest windows module after module; raises ``ValueError`` if time runs out."""
    slots = problem.slots
    cursor = [s.start for s in slots]
    day_used: dict[int, int] = defaultdict(int)
    week_used: dict[int, int] = defaultdict(int)
    minutes = {m.module_id: m.minutes for m in problem.work.modules}
    placed: list[PlacedSession] = []
    index = 0
    for module_id in problem.module_order:
        remaining = minutes[module_id]
        while remaining > 0:
            if index >= len(slots):
                raise ValueError(f"the greedy plan runs out of windows at module {module_id!r}")
            slot = slots[index]
            room = slot.end - cursor[index]
            if problem.daily_cap is not None:
                room = min(room, problem.daily_cap - day_used[slot.day])
            if problem.weekly_cap is not None:
                room = min(room, problem.weekly_cap - week_used[slot.week])
            length = _length(remaining, room, problem)
            if length == 0:
                index += 1
                continue
            start = cursor[index]
            placed.append(PlacedSession(module_id, start, start + length))
            cursor[index] = start + length + problem.break_minutes
            day_used[slot.day] += length
            week_used[slot.week] += length
            remaining -= length
    return placed


@dataclass(frozen=True)
class PlanMetrics:
    """How early and how even a plan is (minutes on the solver's grid)."""

    finish: int
    """End of the last session, minutes after the plan origin."""
    finish_week: int
    """Plan week of the last session."""
    peak_week: int
    """Study minutes of the heaviest plan week."""
    blocks: int
    """Module-window pairs: a module's sessions inside one window count once."""
    variation: float
    """Mean absolute change of study minutes from one week to the next, first to last week."""
    idle_weeks: int
    """Weeks with free windows but no study, between the first and the last week of study."""
    sessions: int


def metrics(problem: Problem, placed: list[PlacedSession]) -> PlanMetrics:
    """Measure ``placed`` (sessions of one plan on ``problem``'s grid)."""
    if not placed:
        return PlanMetrics(0, 0, 0, 0, 0.0, 0, 0)
    starts = [s.start for s in problem.slots]
    by_week: dict[int, int] = defaultdict(int)
    blocks: set[tuple[str, int]] = set()
    for session in placed:
        slot = _slot_of(starts, session.start)
        by_week[problem.slots[slot].week] += session.end - session.start
        blocks.add((session.module_id, slot))
    first, last = min(by_week), max(by_week)
    loads = [by_week.get(w, 0) for w in range(first, last + 1)]
    changes = [abs(b - a) for a, b in itertools.pairwise(loads)]
    return PlanMetrics(
        finish=max(s.end for s in placed),
        finish_week=last,
        peak_week=max(loads),
        blocks=len(blocks),
        variation=sum(changes) / len(changes) if changes else 0.0,
        idle_weeks=idle_between(problem, first, last, by_week),
        sessions=len(placed),
    )


def _slot_of(starts: list[int], minute: int) -> int:
    return bisect.bisect_right(starts, minute) - 1
