"""Lower bounds by arithmetic: no plan can finish earlier or have a lighter heaviest week.

They serve three ends: the horizon search starts at the finish bound; the bounds become the
lower ends of the objective variables, so CP-SAT stops as soon as a plan reaches them; and a
plan that reaches a bound is proven optimal on that objective without any search (this is
how the constructive plan of a large roadmap can be proven).

Every bound relaxes the model in the same way: a window holds at most
:func:`window_capacity` minutes (sessions of at most the maximum length with a break between
two of them), a day and a week at most their caps, and a module only uses the weeks
:func:`~aipm_planner.solver.problem.earliest_latest_weeks` leaves it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace

from aipm_planner.solver.problem import Problem, Slot, began, earliest_latest_weeks

__all__ = [
    "finish_lower_bound",
    "held_minutes",
    "peak_lower_bound",
    "week_capacities",
    "window_capacity",
]

MAX_INTERVALS = 10_000
"""Most runs of weeks the peak bound examines; with more (very many distinct earliest and
latest weeks) it gives no bound, 0, rather than take seconds."""


def held_minutes(length: int, low: int, high: int, brk: int) -> int:
    """Most study minutes one window of ``length`` minutes holds: sessions of ``low`` to
    ``high`` minutes with a break of ``brk`` minutes between two of them."""
    best = 0
    count = 1
    while count * low + (count - 1) * brk <= length:
        best = max(best, min(count * high, length - (count - 1) * brk))
        count += 1
    return best


def window_capacity(problem: Problem, length: int) -> int:
    """Most study minutes one window of ``length`` minutes holds under the session rules,
    in whole effort units."""
    best = held_minutes(length, problem.min_session, problem.max_session, problem.break_minutes)
    return best - best % problem.unit


def _fill(problem: Problem, slots: Sequence[Slot]) -> Iterator[tuple[Slot, int, int]]:
    """Fill ``slots`` in time order as full as windows and caps allow.

    Yields each slot with the minutes placed before it and the minutes it takes. Windows,
    days and weeks nest, so this greedy fill holds the most minutes any plan can hold in
    every prefix of ``slots``.
    """
    day_used: dict[int, int] = defaultdict(int, problem.used_by_day)
    week_used: dict[int, int] = defaultdict(int, problem.used_by_week)
    daily, weekly = problem.daily_cap, problem.weekly_cap
    total = 0
    for slot in slots:
        take = window_capacity(problem, slot.minutes)
        if daily is not None:
            take = min(take, max(0, daily - day_used[slot.day]))
        if weekly is not None:
            take = min(take, max(0, weekly - week_used[slot.week]))
        take -= take % problem.unit
        yield slot, total, take
        total += take
        day_used[slot.day] += take
        week_used[slot.week] += take


def week_capacities(problem: Problem, slots: Sequence[Slot] | None = None) -> dict[int, int]:
    """Most study minutes each plan week's windows hold (sessions, breaks and caps counted)."""
    capacity: dict[int, int] = defaultdict(int)
    for slot, _, take in _fill(problem, problem.slots if slots is None else slots):
        capacity[slot.week] += take
    return capacity


def _earliest_end(problem: Problem, first_week: int, need: int) -> int | None:
    """Earliest end of the last session when ``need`` minutes must go into the windows of
    weeks ``first_week`` on (``None`` when they cannot hold them)."""
    if need <= 0:
        return 0
    tail = [s for s in problem.slots if s.week >= first_week]
    for slot, before, take in _fill(problem, tail):
        if before + take >= need:
            return slot.start + max(problem.min_session, need - before)
    return None


def finish_lower_bound(problem: Problem) -> int:
    """A finish no plan can beat, by arithmetic alone (minutes after the plan origin).

    The largest of: the first window in the last week of the longest chain of phases at
    their minimum lengths (consecutive phases may share a week; a phase that already began
    counts from its first kept week), plus one shortest session;
    and, for every week in which some module can start at the earliest, the moment by which
    the windows from that week on, filled as full as possible, hold the effort of every
    module that cannot start before it (with every module, this is the whole effort); and
    the problem's ``finish_floor``.
    """
    work = problem.work
    chain: dict[str, int] = {}
    for phase in work.phases:
        first = max([chain[q] - 1 for q in phase.after if q in chain], default=0)
        chain[phase.phase_id] = phase.weeks.min + began(problem, phase.phase_id, first)
    last_week = max(chain.values(), default=1) - 1
    best = next((s.start + problem.min_session for s in problem.slots if s.week >= last_week), 0)
    best = max(best, problem.finish_floor)
    if not work.modules:
        return 0
    earliest = {m: first for m, (first, _) in earliest_latest_weeks(problem).items()}
    minutes = {m.module_id: m.minutes for m in work.modules}
    for week in sorted(set(earliest.values())):
        need = sum(minutes[m] for m, first in earliest.items() if first >= week)
        end = _earliest_end(problem, week, need)
        if end is None:  # more effort than windows: no plan at all; any bound holds
            return max(best, max((s.end for s in problem.slots), default=0))
        best = max(best, end)
    return best


def peak_lower_bound(problem: Problem, finish: int) -> int:
    """The heaviest week of any plan that ends by ``finish`` is at least this many minutes.

    For every run of weeks, the modules that must lie wholly inside it need their minutes
    there, and a module or a phase whose first or last week can only be one week inside the
    run needs at least a shortest session there; with each week holding at most the peak
    (and at most what its windows, caps and ``finish`` allow), the peak must be large
    enough for every such run.
    """
    usable = [
        replace(s, end=min(s.end, finish))
        for s in problem.slots
        if s.start + problem.min_session <= finish
    ]
    if not usable or not problem.work.modules:
        return 0
    last_week = max(s.week for s in usable)
    bounded = replace(problem, slots=tuple(usable), horizon_weeks=last_week + 1)
    weeks = earliest_latest_weeks(bounded)
    capacity = week_capacities(bounded, usable)
    minutes = {m.module_id: m.minutes for m in problem.work.modules}
    forced = _forced_weeks(problem, weeks)
    phase_forced = _forced_phase_weeks(problem, weeks)
    firsts = sorted({first for first, _ in weeks.values()})
    lasts = sorted({last for _, last in weeks.values()})
    if len(firsts) * len(lasts) > MAX_INTERVALS:
        return 0
    best = 0
    for first in firsts:
        for last in lasts:
            if last < first:
                continue
            counted: dict[str, int] = {}
            for m, (a, b) in weeks.items():
                if a >= first and b <= last:
                    counted[m] = minutes[m]
                else:  # outside the run, but some of its sessions must fall inside
                    inside = sum(1 for w in forced[m] if first <= w <= last)
                    counted[m] = min(minutes[m], inside * problem.min_session)
            need = sum(counted.values())
            for week, candidates in phase_forced:
                # A phase's forced week holds a session of one of these modules: it adds
                # to the need only when none of them is counted in this run already.
                if first <= week <= last and not any(counted[m] for m in candidates):
                    need += min(problem.min_session, sum(minutes[m] for m in candidates))
            if need <= 0:
                continue
            caps = [capacity.get(w, 0) for w in range(first, last + 1)]
            best = max(best, _smallest_peak(caps, need))
    return -(-best // problem.unit) * problem.unit  # a week's load is a multiple of the unit


def _forced_weeks(problem: Problem, weeks: dict[str, tuple[int, int]]) -> dict[str, set[int]]:
    """Per module, the weeks that must hold one of its sessions: its first week when only
    one week leaves room for its minimum span, and likewise its last week."""
    forced: dict[str, set[int]] = {}
    for module in problem.work.modules:
        first, last = weeks[module.module_id]
        span = module.weeks.min
        found: set[int] = set()
        if module.module_id not in problem.history and last - first + 1 >= span:
            if first == last - span + 1:
                found.add(first)
            if first + span - 1 == last:
                found.add(last)
        forced[module.module_id] = found
    return forced


def _forced_phase_weeks(
    problem: Problem, weeks: dict[str, tuple[int, int]]
) -> list[tuple[int, tuple[str, ...]]]:
    """The weeks that must hold a session of a phase, as for a module (its first week when
    only one week leaves room for its minimum span, likewise its last), each with the
    phase's modules that could have that session."""
    found: list[tuple[int, tuple[str, ...]]] = []
    for phase in problem.work.phases:
        ids = [m.module_id for m in phase.modules]
        if not ids or phase.phase_id in problem.history or any(m in problem.history for m in ids):
            continue
        first = min(weeks[m][0] for m in ids)
        last = max(weeks[m][1] for m in ids)
        span = phase.weeks.min
        if last - first + 1 < span:
            continue
        at = {first} if first == last - span + 1 else set()
        at |= {last} if first + span - 1 == last else set()
        for week in sorted(at):
            found.append((week, tuple(m for m in ids if weeks[m][0] <= week <= weeks[m][1])))
    return found


def _smallest_peak(caps: list[int], need: int) -> int:
    """Smallest ``p`` with ``sum(min(p, c) for c in caps) >= need`` (the largest cap, or
    more, when even that is not enough)."""
    low, high = 0, max(max(caps, default=0), need)
    if sum(caps) < need:
        return high
    while low < high:
        middle = (low + high) // 2
        if sum(min(middle, c) for c in caps) >= need:
            high = middle
        else:
            low = middle + 1
    return low
