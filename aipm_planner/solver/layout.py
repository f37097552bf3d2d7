"""Lay the solver's allocations out as sessions inside each window (integer minutes).

Inside a window, modules go in the problem's module order (phase order, then
prerequisites), each cut into its number of near-equal sessions, back to back from the
window's start with one break between two sessions. The model's window-capacity rule
guarantees that this fits, and the module order is what makes "a module starts after its
prerequisite ended" hold when both share a window.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from aipm_planner.solver.problem import Problem
from aipm_planner.solver.result import Allocation

__all__ = ["PlacedSession", "layout"]


@dataclass(frozen=True, slots=True)
class PlacedSession:
    """One session on the integer grid."""

    module_id: str
    start: int
    end: int


def split(minutes: int, sessions: int) -> list[int]:
    """Cut ``minutes`` into ``sessions`` near-equal whole-minute parts, longer ones first."""
    base, extra = divmod(minutes, sessions)
    return [base + 1 if i < extra else base for i in range(sessions)]


def layout(problem: Problem, allocations: tuple[Allocation, ...]) -> list[PlacedSession]:
    """Sessions, sorted by start."""
    rank = {m: i for i, m in enumerate(problem.module_order)}
    by_slot: dict[int, list[Allocation]] = defaultdict(list)
    for allocation in allocations:
        by_slot[allocation.slot].append(allocation)
    placed: list[PlacedSession] = []
    for slot_index in sorted(by_slot):
        slot = problem.slots[slot_index]
        cursor = slot.start
        for allocation in sorted(by_slot[slot_index], key=lambda a: rank[a.module_id]):
            for length in split(allocation.minutes, allocation.sessions):
                placed.append(PlacedSession(allocation.module_id, cursor, cursor + length))
                cursor += length + problem.break_minutes
        if cursor - problem.break_minutes > slot.end:
            raise AssertionError(f"window {slot_index} overfilled")  # the model forbids it
    return placed
