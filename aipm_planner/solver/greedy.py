"""A fast constructive plan in plain Python: the solver's first hint and horizon bound.

Phases go in order; each starts after what it follows has ended. Inside a phase, modules go
in prerequisite order; each starts in the first window after its prerequisites and spreads
its effort evenly over its target number of weeks (its minimum, or more when the phase must
last longer), one session at a time in the earliest window of the planned week that has
room, honouring breaks and the daily and weekly caps. The result is checked against every
rule; when a rule does not hold the function returns ``None`` and CP-SAT starts without it.
Sessions are as long as the rules allow; when that leaves no plan (a 90-minute session does
not fit a 75-minute window, nor two of them a 3-hour one), sessions as long as the windows
that are too short for them are tried too.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass, field

from aipm_planner.effort import ModuleWork
from aipm_planner.solver.bounds import week_capacities
from aipm_planner.solver.layout import PlacedSession, layout
from aipm_planner.solver.problem import Problem, phase_order
from aipm_planner.solver.result import Allocation

__all__ = ["greedy_plan"]


@dataclass
class _State:
    problem: Problem
    cursor: list[int]
    longest: int
    day_used: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    week_used: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    placed: list[tuple[int, PlacedSession]] = field(default_factory=list)
    last_slot: dict[str, int] = field(default_factory=dict)
    first_week: dict[str, int] = field(default_factory=dict)
    last_week: dict[str, int] = field(default_factory=dict)
    _typical: int | None = None

    @property
    def typical_week(self) -> int:
        """Minutes of study a typical plan week holds (median over weeks, caps applied).

        Counted in sessions of ``longest`` minutes with the break between them: a 3-hour
        window holds one 2-hour session, not 3 hours of study.
        """
        if self._typical is None:
            problem = self.problem
            by_day: dict[int, int] = defaultdict(int)
            week_of_day: dict[int, int] = {}
            for slot in problem.slots:
                by_day[slot.day] += _holds(slot.minutes, self.longest, problem)
                week_of_day[slot.day] = slot.week
            totals: dict[int, int] = defaultdict(int)
            for day, minutes in by_day.items():
                if problem.daily_cap is not None:
                    minutes = min(minutes, problem.daily_cap)
                totals[week_of_day[day]] += minutes
            weeks = sorted(totals.values())
            typical = weeks[len(weeks) // 2] if weeks else 0
            if self.problem.weekly_cap is not None:
                typical = min(typical, self.problem.weekly_cap)
            self._typical = typical
        return self._typical

    def copy(self) -> _State:
        """An independent copy (what a trial may change; the problem is shared)."""
        return _State(
            problem=self.problem,
            cursor=list(self.cursor),
            longest=self.longest,
            day_used=defaultdict(int, self.day_used),
            week_used=defaultdict(int, self.week_used),
            placed=list(self.placed),
            last_slot=dict(self.last_slot),
            first_week=dict(self.first_week),
            last_week=dict(self.last_week),
            _typical=self._typical,
        )

    def fits(self, index: int, length: int) -> bool:
        slot = self.problem.slots[index]
        if self.cursor[index] + length > slot.end:
            return False
        daily, weekly = self.problem.daily_cap, self.problem.weekly_cap
        if (
            daily is not None
            and self.day_used[slot.day] + length + self.problem.used_by_day.get(slot.day, 0) > daily
        ):
            return False
        return not (
            weekly is not None
            and self.week_used[slot.week] + length + self.problem.used_by_week.get(slot.week, 0)
            > weekly
        )

    def put(self, module_id: str, index: int, length: int) -> None:
        slot = self.problem.slots[index]
        start = self.cursor[index]
        self.placed.append((index, PlacedSession(module_id, start, start + length)))
        self.cursor[index] = start + length + self.problem.break_minutes
        self.day_used[slot.day] += length
        self.week_used[slot.week] += length
        self.last_slot[module_id] = max(self.last_slot.get(module_id, -1), index)
        self.first_week.setdefault(module_id, slot.week)
        self.last_week[module_id] = max(self.last_week.get(module_id, slot.week), slot.week)


def _holds(minutes: int, longest: int, problem: Problem) -> int:
    """Study minutes a window of ``minutes`` holds in sessions of ``longest`` minutes (a
    module's sessions are all about as long); a shorter window holds one shorter session."""
    whole = (minutes + problem.break_minutes) // (longest + problem.break_minutes)
    if whole == 0:
        return minutes if minutes >= problem.min_session else 0
    return whole * longest


def _lengths(module: ModuleWork, problem: Problem, weeks: int, longest: int) -> list[int]:
    """Session lengths, at most ``longest``: at least one per target week when the effort allows."""
    unit = problem.unit
    effort = module.minutes
    fewest = math.ceil(effort / longest)
    most = effort // problem.min_session
    count = max(fewest, min(weeks, most))
    # Whole effort units per session, as the model counts them.
    base, extra = divmod(effort // unit, count)
    lengths = [(base + 1 if i < extra else base) * unit for i in range(count)]
    if any(not problem.min_session <= x <= problem.max_session for x in lengths):
        return []
    return lengths


def _place(
    state: _State,
    module: ModuleWork,
    earliest: int,
    weeks: int,
    week_starts: list[int],
    limit_week: int,
    soft: int,
) -> bool:
    """Spread the module over ``weeks`` weeks from the week of slot ``earliest``."""
    problem = state.problem
    slots = problem.slots
    start_week = slots[earliest].week
    lengths = _lengths(module, problem, weeks, state.longest)
    if not lengths:
        return False
    count = len(lengths)
    latest_week = min(limit_week, start_week + module.weeks.max + soft - 1)
    index = earliest
    for j, length in enumerate(lengths):
        # Weeks count from where the first session really went (it may have slid later).
        target = start_week + (round(j * (weeks - 1) / (count - 1)) if count > 1 else 0)
        first_in_week = bisect.bisect_left(week_starts, target)
        index = max(index, first_in_week)
        while index < len(slots) and slots[index].week <= latest_week:
            if state.fits(index, length):
                break
            index += 1
        else:
            return False
        if index >= len(slots):
            return False
        state.put(module.module_id, index, length)
        if j == 0:
            start_week = slots[index].week
            latest_week = min(limit_week, start_week + module.weeks.max + soft - 1)
    return True


def _place_phase(
    state: _State,
    modules: list[ModuleWork],
    begin: int,
    end_week: int,
    week_starts: list[int],
    low: int,
    high: int,
    closing: str,
    soft: int,
) -> bool:
    """Place a phase's modules to end by ``end_week``, spanning ``low..high`` weeks."""
    slots = state.problem.slots
    for module in modules:
        if any(r not in state.last_slot for r in module.requires):
            # Required from a phase beside this one that is not placed yet (phases that
            # each require a module of the other): no plan phase by phase.
            return False
        earliest = max([begin] + [state.last_slot[r] for r in module.requires])
        weeks = module.weeks.min
        if len(modules) == 1:
            # The phase's only module makes its whole span: at least the phase's minimum.
            weeks = max(weeks, min(module.weeks.max, low))
        if module.module_id == closing:
            # The last module without a dependant in the phase starts late enough to end
            # in the phase's last week, so the phase lasts as long as it must.
            # It needs its minimum weeks, or more when a week cannot hold its effort.
            needed = max(weeks, math.ceil(module.minutes / max(1, state.typical_week)))
            late = end_week - needed + 1
            earliest = max(earliest, bisect.bisect_left(week_starts, late))
        if earliest >= len(slots):
            return False
        if not _place(state, module, earliest, weeks, week_starts, end_week, soft):
            return False
    first = min(state.first_week[m.module_id] for m in modules)
    last = max(state.last_week[m.module_id] for m in modules)
    return low <= last - first + 1 <= high


def greedy_plan(problem: Problem) -> list[PlacedSession] | None:
    """A complete plan satisfying every rule, or ``None``."""
    if not problem.slots or problem.history or not problem.work.modules:
        return None  # nothing to place (plan() answers an empty roadmap without a solver)
    lengths = {slot.minutes for slot in problem.slots}
    shorter = sorted(
        (n for n in lengths if problem.min_session <= n < problem.max_session), reverse=True
    )
    for longest in [problem.max_session, *shorter[:_SHORTER_TRIALS]]:
        placed = _greedy_plan(problem, longest)
        if placed is not None:
            return _fewest_sessions(problem, placed)
    return None


def _fewest_sessions(problem: Problem, placed: list[PlacedSession]) -> list[PlacedSession]:
    """The same minutes of each module in each window, cut into the fewest sessions the
    maximum length allows and laid out as the solver's plans are.

    A session aimed at a week with no room slides into a later week's window, which may
    already hold one of the module's sessions; every plan keeps one session where one is
    enough. Fewer sessions need fewer breaks, so every window still holds its minutes.
    """
    minutes: dict[tuple[str, int], int] = defaultdict(int)
    for session in placed:
        minutes[session.module_id, problem.slot_of(session.start)] += session.end - session.start
    allocations = tuple(
        Allocation(module_id, slot, total, -(-total // problem.max_session))
        for (module_id, slot), total in sorted(minutes.items(), key=lambda item: item[0][::-1])
    )
    return layout(problem, allocations)


_SHORTER_TRIALS = 3
"""Window lengths below the maximum session tried as the longest session (each a few ms)."""


def _greedy_plan(problem: Problem, longest: int) -> list[PlacedSession] | None:
    """A complete plan with sessions of at most ``longest`` minutes, or ``None``."""
    slots = problem.slots
    # With stretch, range maxima and the deadline are soft: the plan may exceed them.
    soft = problem.horizon_weeks if problem.stretch else 0
    week_starts = [s.week for s in slots]
    state = _State(problem, [s.start for s in slots], longest)
    phases = {p.phase_id: p for p in problem.work.phases}
    rank = {m: i for i, m in enumerate(problem.module_order)}
    phase_end: dict[str, int] = {}
    # room[w]: the most minutes the windows of weeks 0..w can hold (all of them after the
    # last week with a window).
    room: dict[int, int] = {}
    total = 0
    capacities = week_capacities(problem)
    last_week = max(capacities, default=0)
    for week in range(last_week + 1):
        total += capacities.get(week, 0)
        room[week] = total
    for phase_id in phase_order(problem.work):
        phase = phases[phase_id]
        begin = max((phase_end[p] for p in phase.after), default=0)
        if begin >= len(slots):
            return None
        modules = sorted(phase.modules, key=lambda m: rank[m.module_id])
        inside = {m.module_id for m in modules}
        has_dependant = {r for m in modules for r in m.requires if r in inside}
        closers = [m.module_id for m in reversed(modules) if m.module_id not in has_dependant]
        # Try to end the phase as early as its range allows, then a week later, and so on;
        # each module without a dependant in the phase may be the one that closes it. Weeks
        # whose windows cannot hold the phase's effort by then are skipped without a trial.
        # When the week its predecessors end in has no room left for it, the phase starts
        # the week after.
        need = sum(m.minutes for m in modules)
        next_week = bisect.bisect_left(week_starts, slots[begin].week + 1)
        starts = [begin] + ([next_week] if next_week < len(slots) else [])
        attempts = (
            (start, end_week, closing)
            for start in starts
            for first_week in [slots[start].week]
            for end_week in range(
                first_week + phase.weeks.min - 1, first_week + phase.weeks.max + soft
            )
            if room[min(end_week, last_week)] - room.get(first_week - 1, 0) >= need
            for closing in closers
        )
        for begin, end_week, closing in attempts:
            trial = state.copy()
            if _place_phase(
                trial,
                modules,
                begin,
                end_week,
                week_starts,
                phase.weeks.min,
                phase.weeks.max + soft,
                closing,
                soft,
            ):
                state = trial
                break
        else:
            return None
        phase_end[phase_id] = max(state.last_slot[m.module_id] for m in modules)
    for module in problem.work.modules:
        span = state.last_week[module.module_id] - state.first_week[module.module_id] + 1
        if not module.weeks.min <= span <= module.weeks.max + soft:
            return None
    end = max(p.end for _, p in state.placed)
    if problem.deadline is not None and not soft and end > problem.deadline:
        return None
    return sorted((p for _, p in state.placed), key=lambda p: (p.start, p.module_id))
