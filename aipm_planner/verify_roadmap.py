"""The invariants of the roadmap: known modules, uids, effort, week ranges and order."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from aipm_planner.effort import Work
from aipm_planner.model import Roadmap, session_uid

if TYPE_CHECKING:
    pass
from aipm_planner.verify_common import (
    Findings,
    TimedSession,
    count_text,
    fmt,
    local_text,
    week_span,
)

__all__ = [
    "check_effort",
    "check_modules",
    "check_order",
    "check_ordinals",
    "check_ranges",
    "check_span",
    "check_uids",
]


def check_modules(timed: list[TimedSession], roadmap: Roadmap, found: Findings) -> None:
    """Every session names a module of the roadmap and that module's phase."""
    phase_of = {module.id: phase.id for phase, module in roadmap.modules()}
    for t in timed:
        s = t.session
        if s.module_id not in phase_of:
            found.add(
                "unknown-module",
                s.uid,
                f"{t.label} is of module '{s.module_id}', which roadmap '{roadmap.id}' does not"
                " have",
                when=t.start,
            )
        elif s.phase_id != phase_of[s.module_id]:
            found.add(
                "unknown-module",
                s.uid,
                f"{t.label} says phase '{s.phase_id}', but module '{s.module_id}' belongs to"
                f" phase '{phase_of[s.module_id]}'",
                when=t.start,
            )


def check_uids(timed: list[TimedSession], roadmap_id: str, found: Findings) -> None:
    """Each uid is the stable one of its roadmap, module and ordinal, and is unique."""
    seen: dict[str, str] = {}
    for t in timed:
        s = t.session
        expected = session_uid(roadmap_id, s.module_id, s.ordinal)
        if s.uid != expected:
            found.add(
                "uid",
                s.uid,
                f"{t.label} has uid {s.uid!r}; its module and ordinal give {expected!r}",
                when=t.start,
            )
        if s.uid in seen:
            found.add("uid", s.uid, f"{t.label} has the same uid as {seen[s.uid]}", when=t.start)
        else:
            seen[s.uid] = t.label


def check_ordinals(timed: list[TimedSession], found: Findings) -> None:
    """A module's sessions are numbered 1..n in time order."""
    position: dict[str, int] = defaultdict(int)
    for t in timed:
        s = t.session
        position[s.module_id] += 1
        if s.ordinal != position[s.module_id]:
            found.add(
                "ordinal",
                s.uid,
                f"{t.label} has ordinal {s.ordinal} but is session {position[s.module_id]}"
                f" of '{s.module_id}' in time order",
                when=t.start,
            )


def check_effort(timed: list[TimedSession], work: Work, found: Findings) -> None:
    """Each module gets exactly its effective effort; skipped modules get nothing."""
    received: dict[str, float] = defaultdict(float)
    sessions: dict[str, int] = defaultdict(int)
    for t in timed:
        received[t.session.module_id] += max(0.0, t.minutes)
        sessions[t.session.module_id] += 1
    for module in work.modules:
        got, want = received.get(module.module_id, 0.0), module.minutes
        if abs(got - want) > 1e-9:
            side = "less" if got < want else "more"
            found.add(
                "effort",
                module.module_id,
                f"module '{module.module_id}' receives {fmt(got)} min in"
                f" {count_text(sessions.get(module.module_id, 0), 'session')},"
                f" {fmt(abs(got - want))} min"
                f" {side} than its effort of {want} min",
                abs(got - want),
            )
    for module_id in work.skipped_modules:
        if sessions.get(module_id):
            found.add(
                "effort",
                module_id,
                f"module '{module_id}' is skipped but receives {fmt(received[module_id])} min"
                f" in {count_text(sessions[module_id], 'session')}",
                received[module_id],
            )


def check_span(
    kind: Literal["module-range", "phase-range"],
    what: str,
    subject: str,
    span: tuple[int, int],
    low: int,
    high: int,
    found: Findings,
    *,
    stretch: bool,
) -> None:
    weeks = span[1] - span[0] + 1
    where = f"weeks {span[0]}..{span[1]}" if span[0] != span[1] else f"week {span[0]}"
    if weeks < low:
        found.add(
            kind,
            subject,
            f"{what} '{subject}' spans {count_text(weeks, 'week')} ({where}),"
            f" {low - weeks} fewer than its minimum of {low}",
        )
    elif weeks > high and not stretch:
        found.add(
            kind,
            subject,
            f"{what} '{subject}' spans {count_text(weeks, 'week')} ({where}),"
            f" {weeks - high} more than its maximum of {high}",
        )


def check_ranges(
    timed: list[TimedSession], work: Work, start: dt.date, found: Findings, *, stretch: bool
) -> None:
    """Each module's and phase's span in plan weeks lies inside its effective week range."""
    days: dict[str, list[dt.date]] = defaultdict(list)
    for t in timed:
        days[t.session.module_id].append(t.day)
    for phase in work.phases:
        for module in phase.modules:
            span = week_span(days[module.module_id], start)
            if span is not None:
                check_span(
                    "module-range", "module", module.module_id, span,
                    module.weeks.min, module.weeks.max, found, stretch=stretch,
                )  # fmt: skip
        phase_days = [day for m in phase.modules for day in days[m.module_id]]
        span = week_span(phase_days, start)
        if span is not None:
            check_span(
                "phase-range", "phase", phase.phase_id, span,
                phase.weeks.min, phase.weeks.max, found, stretch=stretch,
            )  # fmt: skip


def check_order(timed: list[TimedSession], work: Work, zone: ZoneInfo, found: Findings) -> None:
    """A phase (module) starts only once every phase (module) it comes after has ended."""
    first: dict[str, dt.datetime] = {}
    last: dict[str, dt.datetime] = {}
    phase_first: dict[str, dt.datetime] = {}
    phase_last: dict[str, dt.datetime] = {}
    phase_of = {m.module_id: m.phase_id for m in work.modules}
    for t in timed:
        module_id = t.session.module_id
        if module_id not in phase_of:
            continue
        phase_id = phase_of[module_id]
        first[module_id] = min(first.get(module_id, t.start), t.start)
        last[module_id] = max(last.get(module_id, t.end), t.end)
        phase_first[phase_id] = min(phase_first.get(phase_id, t.start), t.start)
        phase_last[phase_id] = max(phase_last.get(phase_id, t.end), t.end)

    def check(
        rule: Literal["phase-order", "prerequisite"],
        what: str,
        subject: str,
        before: Iterable[str],
        starts: dict[str, dt.datetime],
        ends: dict[str, dt.datetime],
    ) -> None:
        if subject not in starts:
            return
        begin = starts[subject]
        for other in before:
            if other in ends and ends[other] > begin:
                early = (ends[other] - begin).total_seconds() / 60
                found.add(
                    rule,
                    subject,
                    f"{what} '{subject}' starts {local_text(begin, zone)}, {fmt(early)} min before"
                    f" {what} '{other}' ends ({local_text(ends[other], zone)})",
                    early,
                    when=begin,
                )

    for phase in work.phases:
        check("phase-order", "phase", phase.phase_id, phase.after, phase_first, phase_last)
    for module in work.modules:
        check("prerequisite", "module", module.module_id, module.requires, first, last)
