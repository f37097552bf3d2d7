"""The solver's input: plain integers only (minutes since the plan origin), no datetimes.

``planning.py`` builds a :class:`Problem` from the learner's availability and the work left,
and turns the solver's integer answer back into dated sessions. Nothing here imports ortools.
"""

from __future__ import annotations

import bisect
import functools
import math
from dataclasses import dataclass, field

from aipm_planner.effort import Work
from aipm_planner.errors import InputError

__all__ = [
    "Problem",
    "Slot",
    "began",
    "earliest_latest_weeks",
    "module_order",
    "phase_order",
]


@dataclass(frozen=True, slots=True)
class Slot:
    """One usable window on the integer grid: ``[start, end)`` minutes, its local day and week.

    ``start`` may be later than the availability window's start when the previous window on
    the same day ended less than one break earlier: the solver then keeps that break free.
    """

    start: int
    end: int
    day: int
    week: int

    @property
    def minutes(self) -> int:
        """Length in minutes."""
        return self.end - self.start


@dataclass(frozen=True)
class Problem:
    """Everything CP-SAT needs, as integers."""

    work: Work
    slots: tuple[Slot, ...]
    min_session: int
    max_session: int
    break_minutes: int
    daily_cap: int | None
    weekly_cap: int | None
    deadline: int | None
    """Last minute (exclusive end) a session may end at; ``None`` without a deadline."""
    horizon_weeks: int
    unit: int = 5
    """Allocations are multiples of this many minutes (5, or 1 if an effort is not)."""
    stretch: bool = False
    module_order: tuple[str, ...] = field(default=())
    """Topological order of module ids: phase order first, then prerequisites."""
    history: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Re-planning: module or phase id -> (first, last) plan week of sessions already kept."""
    used_by_day: dict[int, int] = field(default_factory=dict)
    """Re-planning: minutes already taken by kept sessions, per local day index."""
    used_by_week: dict[int, int] = field(default_factory=dict)
    """Re-planning: minutes already taken by kept sessions, per plan week."""
    preferred: dict[tuple[str, int], int] = field(default_factory=dict)
    """Re-planning: (module id, slot index) -> minutes the previous plan had there."""
    finish_floor: int = 0
    """A finish no plan can beat, known from outside (planning a large roadmap's last phase
    again: the whole roadmap's lower bound)."""

    def total_minutes(self) -> int:
        """Total effort to place."""
        return self.work.minutes

    @functools.cached_property
    def slot_starts(self) -> list[int]:
        """Start minute of every slot, in order (for bisection)."""
        return [s.start for s in self.slots]

    def slot_of(self, minute: int) -> int:
        """Index of the slot a session starting at ``minute`` lies in."""
        return bisect.bisect_right(self.slot_starts, minute) - 1


def earliest_latest_weeks(problem: Problem) -> dict[str, tuple[int, int]]:
    """For each module, the first and last plan week its sessions could possibly use.

    A phase cannot start before the week in which all the phases it follows can have ended
    at their minimum lengths (a phase may begin in the week its predecessor ends), and must
    leave room for the minimum lengths of the phases after it before the horizon. The same
    reasoning is applied to module prerequisites. With ``stretch`` only the lower bounds are
    used, since maxima are soft then. When re-planning, a phase or module that already began
    counts from its first kept week, which can lie before its earliest week by that
    reasoning (or before week 0, when the start moved past study already done).
    """
    work = problem.work
    last_week = problem.horizon_weeks - 1
    phase_min = {p.phase_id: p.weeks.min for p in work.phases}
    phases = {p.phase_id: p for p in work.phases}
    ordered = [phases[p] for p in phase_order(work)]
    phase_es: dict[str, int] = {}
    for phase in ordered:
        ends = [
            began(problem, q, phase_es[q]) + phase_min[q] - 1 for q in phase.after if q in phase_es
        ]
        phase_es[phase.phase_id] = max([*ends, 0])
    successors: dict[str, list[str]] = {p.phase_id: [] for p in work.phases}
    for phase in work.phases:
        for q in phase.after:
            successors[q].append(phase.phase_id)
    phase_le: dict[str, int] = {}
    for phase in reversed(ordered):
        phase_le[phase.phase_id] = min(
            [phase_le[s] - phase_min[s] + 1 for s in successors[phase.phase_id]],
            default=last_week,
        )
    result: dict[str, tuple[int, int]] = {}
    modules = {m.module_id: m for m in work.modules}
    module_es: dict[str, int] = {}
    for module_id in problem.module_order:
        module = modules[module_id]
        es = max(
            [phase_es[module.phase_id]]
            + [
                began(problem, r, module_es[r]) + modules[r].weeks.min - 1
                for r in module.requires
                if r in module_es
            ]
        )
        module_es[module_id] = es
    dependants: dict[str, list[str]] = {m: [] for m in modules}
    for module in work.modules:
        for r in module.requires:
            dependants[r].append(module.module_id)
    module_le: dict[str, int] = {}
    for module_id in reversed(problem.module_order):
        module = modules[module_id]
        le = min(
            [phase_le[module.phase_id]]
            + [module_le[d] - modules[d].weeks.min + 1 for d in dependants[module_id]]
        )
        module_le[module_id] = le
    for module_id in modules:
        result[module_id] = (module_es[module_id], module_le[module_id])
    return result


def began(problem: Problem, key: str, earliest: int) -> int:
    """The first week of a phase or module: its first kept week when re-planning (it began
    then, whatever came before it), else ``earliest``, whichever is sooner."""
    kept = problem.history.get(key)
    return earliest if kept is None else min(earliest, kept[0])


def _topological(items: list[str], deps: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Stable topological order: the first item whose dependencies are placed goes next."""
    placed: list[str] = []
    done: set[str] = set()
    pending = list(items)
    while pending:
        for index, item in enumerate(pending):
            if all(d in done or d not in deps for d in deps[item]):
                placed.append(item)
                done.add(item)
                del pending[index]
                break
        else:
            # The roadmap model rejects plain cycles; this one runs through phase order,
            # e.g. a module that requires a module of a phase that comes after its own.
            raise InputError(
                "the phases' order and the modules' prerequisites contradict each other"
                f" (among {', '.join(pending)})",
                field="requires",
                value=pending,
                hint="a module cannot require a module of a later phase",
            )
    return tuple(placed)


def phase_order(work: Work) -> tuple[str, ...]:
    """Phase ids in an order that respects every phase's ``after``.

    A module may require one of a phase that runs beside its own and is listed later, so a
    phase also comes after the phases of what its modules require, where that is possible:
    two phases beside each other may each require a module of the other, and then only
    ``after`` orders them.
    """
    ids = [p.phase_id for p in work.phases]
    after = {p.phase_id: p.after for p in work.phases}
    phase_of = {m.module_id: m.phase_id for m in work.modules}
    required = {
        p.phase_id: tuple(
            dict.fromkeys(
                phase_of[r]
                for m in p.modules
                for r in m.requires
                if r in phase_of and phase_of[r] != p.phase_id
            )
        )
        for p in work.phases
    }
    both = {pid: tuple(dict.fromkeys(after[pid] + required[pid])) for pid in ids}
    try:
        return _topological(ids, both)
    except InputError:
        return _topological(ids, after)


def module_order(work: Work) -> tuple[str, ...]:
    """Module ids in an order that respects phase order and prerequisites.

    Sessions that share one window are laid out in this order, which is what lets a module
    start in the same window in which its prerequisite (or previous phase) ends.
    """
    rank = {p: i for i, p in enumerate(phase_order(work))}
    modules = sorted(work.modules, key=lambda m: rank[m.phase_id])
    deps: dict[str, tuple[str, ...]] = {}
    by_phase: dict[str, list[str]] = {}
    for m in modules:
        by_phase.setdefault(m.phase_id, []).append(m.module_id)
    phase_after = {p.phase_id: p.after for p in work.phases}
    for m in modules:
        before_phases = tuple(x for q in phase_after[m.phase_id] for x in by_phase.get(q, []))
        deps[m.module_id] = tuple(m.requires) + before_phases
    return _topological([m.module_id for m in modules], deps)


def effort_unit(work: Work) -> int:
    """5 when every effort is a multiple of 5 minutes (the usual case), else the gcd."""
    return math.gcd(5, *(m.minutes for m in work.modules)) if work.modules else 5
