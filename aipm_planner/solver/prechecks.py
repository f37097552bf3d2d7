"""Arithmetic reasons why a plan cannot fit, found without the solver.

Each check compares what a rule needs with a generous bound on what the learner's windows
offer (caps applied, but breaks, session lengths and the sharing of windows between
phases ignored), so every conflict found here is a proof that no plan exists. When the raw
minutes are enough, the same checks run again on what whole sessions with breaks between
them can use of each window, and say so in their message. They are cheap,
which makes them the first step of a diagnosis and a fast filter before each re-solve
while searching for fixes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from aipm_planner.effort import ModuleWork, PhaseWork, Work, hours
from aipm_planner.model import Conflict, LearnerProfile, Roadmap, WeekRange
from aipm_planner.solver.bounds import held_minutes
from aipm_planner.weeks import week_of

__all__ = [
    "Capacity",
    "best_run",
    "capacity_of",
    "hours",
    "phase_chain_weeks",
    "phase_label",
    "precheck",
    "range_text",
    "short_windows",
    "weeks_text",
]


@dataclass(frozen=True)
class Capacity:
    """What the learner's windows offer per plan week, from the start to the horizon."""

    minutes: tuple[int, ...]
    """Available minutes per plan week (daily and weekly caps applied)."""
    sessions: tuple[int, ...]
    """Most sessions that fit per plan week (breaks, minimum length and caps applied)."""
    usable: tuple[int, ...] | None = None
    """Most study minutes per plan week once whole sessions and the breaks between them
    are counted (caps applied); ``None``: the same as ``minutes``."""


def capacity_of(
    intervals: Sequence[tuple[int, int]],
    days: Sequence[int],
    by_week: Sequence[int],
    profile: LearnerProfile,
) -> Capacity:
    """Weekly minutes (as given) and weekly session counts of dated windows.

    ``intervals`` are the windows on the minute grid and ``days`` their local day indices;
    ``by_week`` is :meth:`Availability.capacity_by_week`.
    """
    rules = profile.session
    per_day: dict[int, int] = {}
    held: dict[int, int] = {}
    for (start, end), day in zip(intervals, days, strict=True):
        fit = (end - start + rules.break_minutes) // (rules.min_minutes + rules.break_minutes)
        per_day[day] = per_day.get(day, 0) + max(0, fit)
        held[day] = held.get(day, 0) + held_minutes(
            end - start, rules.min_minutes, rules.max_minutes, rules.break_minutes
        )
    daily, weekly = _cap(profile.max_hours_per_day), _cap(profile.max_hours_per_week)
    weeks = len(by_week)
    sessions = _weekly(
        per_day,
        weeks,
        None if daily is None else daily // rules.min_minutes,
        None if weekly is None else weekly // rules.min_minutes,
    )
    # A cap below the shortest session leaves no room for one: a day (or week) then holds
    # nothing, whatever its windows.
    daily_held = None if daily is None else daily if daily >= rules.min_minutes else 0
    weekly_held = None if weekly is None else weekly if weekly >= rules.min_minutes else 0
    usable = [
        min(u, m)
        for u, m in zip(_weekly(held, weeks, daily_held, weekly_held), by_week, strict=True)
    ]
    return Capacity(minutes=tuple(by_week), sessions=tuple(sessions), usable=tuple(usable))


def _cap(hours: float | None) -> int | None:
    """A cap in hours as whole minutes (``None``: no cap)."""
    return None if hours is None else math.floor(hours * 60 + 1e-9)


def _weekly(
    per_day: dict[int, int], weeks: int, daily: int | None, weekly: int | None
) -> list[int]:
    """Per-day amounts, each at most ``daily``, summed per plan week, each at most
    ``weekly``."""
    totals = [0] * weeks
    for day, amount in per_day.items():
        if day // 7 < weeks:
            totals[day // 7] += amount if daily is None else min(amount, daily)
    return totals if weekly is None else [min(total, weekly) for total in totals]


def best_run(values: Sequence[int], length: int) -> int:
    """Largest sum of ``length`` consecutive values (all of them when there are fewer)."""
    if length >= len(values):
        return sum(values)
    total = best = sum(values[:length])
    for i in range(length, len(values)):
        total += values[i] - values[i - length]
        best = max(best, total)
    return best


def weeks_text(count: int) -> str:
    """``1 week`` / ``5 weeks``."""
    return f"{count} week" if count == 1 else f"{count} weeks"


def _any(count: int) -> str:
    return "in any week" if count == 1 else f"in any {count} weeks"


def range_text(weeks: WeekRange) -> str:
    """``4 weeks`` or ``12-16 weeks``."""
    return weeks_text(weeks.max) if weeks.min == weeks.max else f"{weeks.min}-{weeks.max} weeks"


def phase_chain_weeks(work: Work) -> int:
    """Fewest plan weeks the phases need in order, each at its minimum length.

    A phase may begin in the week its predecessor ends, so consecutive phases share a week.
    """
    chain: dict[str, int] = {}
    pending = list(work.phases)
    while pending:  # the roadmap model rejects cycles, so this terminates
        for phase in list(pending):
            if all(q in chain for q in phase.after):
                chain[phase.phase_id] = phase.weeks.min + max(
                    (chain[q] - 1 for q in phase.after), default=0
                )
                pending.remove(phase)
    return max(chain.values(), default=0)


def _module_chain(phase: PhaseWork) -> tuple[int, list[ModuleWork]]:
    """The phase's longest run of modules that must follow one another (each requires the
    one before), with the fewest weeks it spans at the modules' minimum lengths.

    A module may start in the week its prerequisite ends, so consecutive modules share a week.
    """
    by_id = {m.module_id: m for m in phase.modules}
    chain: dict[str, tuple[int, list[ModuleWork]]] = {}
    pending = list(phase.modules)
    while pending:  # the roadmap model rejects cycles, so this terminates
        for module in list(pending):
            before = [r for r in module.requires if r in by_id]
            if all(r in chain for r in before):
                weeks, run = max((chain[r] for r in before), key=lambda c: c[0], default=(1, []))
                chain[module.module_id] = (module.weeks.min + weeks - 1, [*run, module])
                pending.remove(module)
    return max(chain.values(), key=lambda c: c[0], default=(0, []))


def phase_label(roadmap: Roadmap, phase_id: str) -> str:
    """``Phase 2 'Technical Understanding'``, numbered as in the roadmap.

    When the roadmap's titles carry their own numbers (``Phase 1: ...``) a second numbering
    would contradict them, so the title alone is used: ``Phase 'Foundation Course'``.
    """
    numbered = any(p.title.lower().startswith("phase") for p in roadmap.phases)
    for number, phase in enumerate(roadmap.phases, start=1):
        if phase.id != phase_id:
            continue
        if not numbered:
            return f"Phase {number} '{phase.title}'"
        return (
            f"'{phase.title}'"
            if phase.title.lower().startswith("phase")
            else f"Phase '{phase.title}'"
        )
    raise KeyError(phase_id)


def precheck(
    roadmap: Roadmap,
    profile: LearnerProfile,
    work: Work,
    capacity: Capacity,
) -> list[Conflict]:
    """Every rule that the learner's windows cannot satisfy, by arithmetic alone.

    ``capacity`` covers the weeks a plan may use (up to the deadline when there is one).
    """
    conflicts = _caps_below_a_session(profile) + _checks(roadmap, profile, work, capacity)
    if not conflicts and capacity.usable is not None and capacity.usable != capacity.minutes:
        # The windows' raw minutes are enough; whole sessions with breaks between them may
        # not be (a 180-minute window holds 165 minutes of 2-hour sessions and a break).
        counted = replace(capacity, minutes=capacity.usable, usable=None)
        conflicts = [
            c.model_copy(update={"message": c.message + SESSIONS_COUNTED})
            for c in _checks(roadmap, profile, work, counted)
        ]
    return conflicts


SESSIONS_COUNTED = " (counting whole sessions and the breaks between them)"


def _caps_below_a_session(profile: LearnerProfile) -> list[Conflict]:
    """A daily or weekly cap shorter than the minimum session: no session fits under it."""
    shortest = profile.session.min_minutes
    conflicts: list[Conflict] = []
    for which, given in (("day", profile.max_hours_per_day), ("week", profile.max_hours_per_week)):
        cap = _cap(given)
        if cap is not None and cap < shortest:
            conflicts.append(
                Conflict(
                    rule="daily-cap" if which == "day" else "weekly-cap",
                    message=f"max_hours_per_{which} allows {cap} minutes of study a {which},"
                    f" less than the {shortest}-minute minimum session: no session fits",
                    keys=["daily-cap" if which == "day" else "weekly-cap"],
                )
            )
    return conflicts


def _checks(
    roadmap: Roadmap,
    profile: LearnerProfile,
    work: Work,
    capacity: Capacity,
) -> list[Conflict]:
    conflicts: list[Conflict] = []
    deadline = profile.deadline
    if deadline is not None:
        conflicts += _deadline_checks(profile, work, capacity, deadline)
    # A range as long as the whole time left, for all of the effort, repeats the total's conflict.
    short = any(c.rule == "capacity" for c in conflicts)
    horizon = len(capacity.minutes)

    def repeats(weeks: WeekRange, minutes: int) -> bool:
        return short and weeks.max >= horizon and minutes == work.minutes

    crowded: set[str] = set()
    for phase in work.phases:
        chained = _chain_check(roadmap, phase)
        if chained is not None:
            conflicts.append(chained)
        conflict = _phase_check(roadmap, phase, capacity)
        if conflict is not None:
            crowded.add(phase.phase_id)
            if not repeats(phase.weeks, phase.minutes):
                conflicts.append(conflict)
    for module in work.modules:
        if module.phase_id in crowded or repeats(module.weeks, module.minutes):
            continue  # the phase's own conflict, or the total's, already says it
        conflict = _module_check(roadmap, module, capacity) or _session_check(
            module, profile, capacity
        )
        if conflict is not None:
            conflicts.append(conflict)
    return conflicts


def _deadline_checks(
    profile: LearnerProfile, work: Work, capacity: Capacity, deadline: dt.date
) -> list[Conflict]:
    conflicts: list[Conflict] = []
    available = sum(capacity.minutes)
    if available < work.minutes:
        conflicts.append(
            Conflict(
                rule="capacity",
                message=f"The roadmap needs {hours(work.minutes)}, but your windows give only"
                f" {hours(available)} before the deadline {deadline}",
                keys=["deadline"],
            )
        )
    weeks = week_of(profile.start, deadline) + 1
    needed = phase_chain_weeks(work)
    if needed > weeks:
        conflicts.append(
            Conflict(
                rule="deadline",
                message=f"The deadline {deadline} leaves {weeks_text(weeks)};"
                f" the roadmap needs at least {needed}",
                keys=["deadline"] + [f"phase-range:{p.phase_id}" for p in work.phases],
            )
        )
    return conflicts


def _chain_check(roadmap: Roadmap, phase: PhaseWork) -> Conflict | None:
    """A phase shorter than the modules in it that must follow one another: no time,
    deadline or longer module range helps, only a longer phase."""
    weeks, run = _module_chain(phase)
    if weeks <= phase.weeks.max:
        return None
    names = ", then ".join(f"'{m.title}'" for m in run)
    return Conflict(
        rule="phase-range",
        subject=phase.phase_id,
        message=f"{phase_label(roadmap, phase.phase_id)} may take at most"
        f" {weeks_text(phase.weeks.max)}, but its modules {names} need at least"
        f" {weeks_text(weeks)} one after another",
        keys=[f"phase-range:{phase.phase_id}"],
    )


def _phase_check(roadmap: Roadmap, phase: PhaseWork, capacity: Capacity) -> Conflict | None:
    label = phase_label(roadmap, phase.phase_id)
    written = next(p.weeks for p in roadmap.phases if p.id == phase.phase_id)
    return _range_check(
        "phase-range", phase.phase_id, label, phase.minutes, (phase.weeks, written), capacity
    )


def _module_check(roadmap: Roadmap, module: ModuleWork, capacity: Capacity) -> Conflict | None:
    label = f"Module '{module.title}'"
    written = roadmap.module(module.module_id).weeks
    return _range_check(
        "module-range", module.module_id, label, module.minutes, (module.weeks, written), capacity
    )


def _range_check(
    rule: Literal["phase-range", "module-range"],
    subject: str,
    label: str,
    minutes: int,
    ranges: tuple[WeekRange, WeekRange],
    capacity: Capacity,
) -> Conflict | None:
    """The effort of a phase or module against the most its windows give in its longest
    allowed run of weeks (``ranges``: the range after prior-skill credit and skips, and the
    one the roadmap gives, which the message names when it was longer)."""
    weeks, written = ranges
    most = best_run(capacity.minutes, weeks.max)
    if most >= minutes:
        return None
    within = range_text(weeks)
    if weeks.max < written.max:  # prior-skill credit and skips shrink ranges
        within += f" (shortened from {range_text(written)} for what you skip or already know)"
    return Conflict(
        rule=rule,
        subject=subject,
        message=f"{label} needs {hours(minutes)} within {within}, but your windows"
        f" give at most {hours(most)} {_any(weeks.max)}",
        keys=[f"{rule}:{subject}"],
    )


def _session_check(
    module: ModuleWork, profile: LearnerProfile, capacity: Capacity
) -> Conflict | None:
    needed = math.ceil(module.minutes / profile.session.max_minutes)
    most = best_run(capacity.sessions, module.weeks.max)
    if most >= needed:
        return None
    return Conflict(
        rule="session-length",
        subject=module.module_id,
        message=f"Module '{module.title}' needs at least {needed} sessions of at most"
        f" {profile.session.max_minutes} minutes within {range_text(module.weeks)}, but at most"
        f" {most} fit {_any(module.weeks.max)} of your windows",
        keys=[f"module-range:{module.module_id}"],
    )


def short_windows(profile: LearnerProfile) -> Conflict | None:
    """A conflict when every weekly window is shorter than the minimum session."""
    shortest = profile.session.min_minutes
    longest = max((w.minutes for ws in profile.availability.values() for w in ws), default=0)
    if longest >= shortest:
        return None
    return Conflict(
        rule="session-length",
        message=f"Every one of your windows is shorter than the {shortest}-minute minimum"
        f" session (the longest is {longest} minutes)",
    )
