"""The invariants of a schedule, checked from its sessions alone, without the solver.

:func:`verify` is the executable statement of the rules in the design: every check
recomputes its quantity from the sessions' aware datetimes, the profile and the
roadmap (through :func:`aipm_planner.effort.prepare`, the one definition of effective
effort and week ranges) and reports what does not hold, by how much.

Decisions the rules leave open, stated here once:

* Lengths are real elapsed time, computed on UTC instants, so a session from 01:00 to
  03:30 on a spring-forward night lasts 90 minutes, not 150.
* Local dates and plan weeks are those of a session's start in the learner's zone
  (sessions never cross local midnight, because windows do not).
* Breaks: any two sessions that do not overlap, where the later one starts less than
  ``session.break_minutes`` after the earlier one ends, violate the break rule, also
  across local midnight (a learner needs the pause just as much at 00:00).
* With ``stretch=True`` (a plan made with soft week ranges and deadline) the range
  maxima and the deadline are not checked; range minima still are.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args
from zoneinfo import ZoneInfo

from pydantic import Field

from aipm_planner.effort import Work, prepare
from aipm_planner.model import LearnerProfile, Roadmap, Schedule, Session, session_uid
from aipm_planner.model.base import StrictModel
from aipm_planner.weeks import week_of, week_start

if TYPE_CHECKING:
    from aipm_planner.availability import Window

__all__ = ["RULES", "Rule", "Violation", "verify"]

Rule = Literal[
    "timezone",
    "unknown-module",
    "uid",
    "ordinal",
    "start",
    "deadline",
    "blackout",
    "window",
    "overlap",
    "break",
    "session-length",
    "daily-cap",
    "weekly-cap",
    "effort",
    "module-range",
    "phase-range",
    "phase-order",
    "prerequisite",
]

RULES: tuple[Rule, ...] = get_args(Rule)
"""Every rule code, in the order violations are reported."""

_UTC = dt.UTC


class Violation(StrictModel):
    """One broken rule: which rule, what it concerns, and by how much."""

    rule: Rule = Field(description="Short code of the rule that does not hold.")
    subject: str = Field(
        description="What breaks it: a session uid, a module or phase id, a local date"
        " ('2027-01-05') or a plan week ('week 3')."
    )
    message: str = Field(description="Plain sentence: the rule, the subject and the amount.")
    amount_minutes: int | None = Field(
        default=None, description="By how many minutes the rule is missed (None: not minutes)."
    )

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass(frozen=True)
class _Timed:
    """A session whose start and end are aware, with its UTC instants and local view."""

    session: Session
    start: dt.datetime  # UTC
    end: dt.datetime  # UTC
    label: str
    day: dt.date  # local date of the start

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


@dataclass
class _Found:
    """Violations collected so far, each with a sort key that keeps the output stable."""

    items: list[tuple[tuple[int, float, str, str], Violation]]

    def add(
        self,
        rule: Rule,
        subject: str,
        message: str,
        amount: float | None = None,
        when: dt.datetime | None = None,
    ) -> None:
        minutes = None if amount is None else math.ceil(amount - 1e-9)
        key = (RULES.index(rule), when.timestamp() if when else math.inf, subject, message)
        self.items.append(
            (key, Violation(rule=rule, subject=subject, message=message, amount_minutes=minutes))
        )

    def sorted(self) -> list[Violation]:
        return [v for _, v in sorted(self.items, key=lambda item: item[0])]


def verify(
    schedule: Schedule,
    roadmap: Roadmap | None = None,
    profile: LearnerProfile | None = None,
    *,
    windows: Sequence[Window] | None = None,
    stretch: bool = False,
    work: Work | None = None,
) -> list[Violation]:
    """Check every invariant of ``schedule``; return the violations (``[]``: all hold).

    ``roadmap`` and ``profile`` default to the ones embedded in the schedule. ``windows``
    are the learner's dated availability windows; by default they are expanded from the
    profile (blackouts and busy calendars removed) from the start to the deadline, widened
    to every session's day; pass them to avoid reading busy calendars again. With
    ``stretch=True`` week-range maxima and the deadline are treated as soft and not checked.
    ``work`` is the effort, ranges and order to check against (default: the roadmap after
    prior-skill credit); a re-planned schedule passes
    ``aipm_planner.replan.progress_work(schedule, progress)``.

    Violations are sorted by rule (in :data:`RULES` order), then by time, subject and
    message, so the same schedule always gives the same list. A typical one reads
    ``break: session 2/3 of 'sql' (2027-01-04 20:05-21:00) starts 5 min after session 1/3
    of 'sql' (2027-01-04 19:00-20:00) ends; the break is 10 min, 5 min short``.
    """
    roadmap = roadmap if roadmap is not None else schedule.roadmap
    profile = profile if profile is not None else schedule.profile
    zone = profile.zone
    work = work if work is not None else prepare(roadmap, profile)
    found = _Found([])
    timed = _timed_sessions(schedule.sessions, zone, found)

    _check_modules(timed, roadmap, found)
    _check_uids(timed, roadmap.id, found)
    _check_ordinals(timed, found)
    _check_dates(timed, profile, zone, found, stretch=stretch)
    _check_blackouts(timed, profile, found)
    if timed:
        if windows is None:
            windows = _default_windows(timed, profile)
        _check_windows(timed, windows, zone, found)
    _check_overlaps_and_breaks(timed, profile.session.break_minutes, found)
    _check_session_lengths(timed, profile, found)
    _check_caps(timed, profile, found)
    _check_effort(timed, work, found)
    _check_ranges(timed, work, profile.start, found, stretch=stretch)
    _check_order(timed, work, zone, found)
    return found.sorted()


# --- sessions as instants -------------------------------------------------------------


def _is_aware(value: dt.datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


def _local(instant: dt.datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _label(session: Session, count: int, zone: ZoneInfo) -> str:
    start = session.start.astimezone(zone)
    end = session.end.astimezone(zone)
    if end.date() == start.date():
        until = f"{end:%H:%M}"
    elif end.date() == start.date() + dt.timedelta(days=1) and end.time() == dt.time(0):
        until = "24:00"
    else:
        until = f"{end:%Y-%m-%d %H:%M}"
    return (
        f"session {session.ordinal}/{count} of '{session.module_id}'"
        f" ({start:%Y-%m-%d %H:%M}-{until})"
    )


def _timed_sessions(sessions: Sequence[Session], zone: ZoneInfo, found: _Found) -> list[_Timed]:
    """The aware sessions in time order; naive ones are reported and left out of the rest."""
    counts: dict[str, int] = defaultdict(int)
    for session in sessions:
        counts[session.module_id] += 1
    timed: list[_Timed] = []
    for session in sessions:
        naive = [name for name in ("start", "end") if not _is_aware(getattr(session, name))]
        if naive:
            found.add(
                "timezone",
                session.uid,
                f"session {session.ordinal} of '{session.module_id}' has a {' and '.join(naive)}"
                " without a time zone",
            )
            continue
        timed.append(
            _Timed(
                session=session,
                start=session.start.astimezone(_UTC),
                end=session.end.astimezone(_UTC),
                label=_label(session, counts[session.module_id], zone),
                day=session.start.astimezone(zone).date(),
            )
        )
    timed.sort(key=lambda t: (t.start, t.end, t.session.uid))
    return timed


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _fmt(minutes: float) -> str:
    return str(round(minutes)) if abs(minutes - round(minutes)) < 1e-9 else f"{minutes:.1f}"


# --- identity: modules, uids, ordinals ------------------------------------------------


def _check_modules(timed: list[_Timed], roadmap: Roadmap, found: _Found) -> None:
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


def _check_uids(timed: list[_Timed], roadmap_id: str, found: _Found) -> None:
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


def _check_ordinals(timed: list[_Timed], found: _Found) -> None:
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


# --- time: dates, blackouts, windows, overlaps, breaks ---------------------------------


def _midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The first instant of a local date, in UTC."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone).astimezone(_UTC)


def _check_dates(
    timed: list[_Timed], profile: LearnerProfile, zone: ZoneInfo, found: _Found, *, stretch: bool
) -> None:
    """Nothing starts before the start date; with a deadline, nothing ends after that day."""
    first = _midnight(profile.start, zone)
    for t in timed:
        # Compared by local date, not by the midnight instant, so that zones whose
        # midnight falls into a DST gap are still judged by the learner's calendar.
        if t.day < profile.start:
            found.add(
                "start",
                t.session.uid,
                f"{t.label} starts {_fmt((first - t.start).total_seconds() / 60)} min before"
                f" the plan start {profile.start}",
                (first - t.start).total_seconds() / 60,
                when=t.start,
            )
    if profile.deadline is None or stretch:
        return
    after = _midnight(profile.deadline + dt.timedelta(days=1), zone)
    for t in timed:
        last_day = (t.end - dt.timedelta(microseconds=1)).astimezone(zone).date()
        if last_day > profile.deadline:
            late = (t.end - after).total_seconds() / 60
            found.add(
                "deadline",
                t.session.uid,
                f"{t.label} ends {_fmt(late)} min after the deadline {profile.deadline} is over",
                late,
                when=t.start,
            )


def _check_blackouts(timed: list[_Timed], profile: LearnerProfile, found: _Found) -> None:
    """No session touches a blacked-out local day."""
    zone = profile.zone
    for t in timed:
        last_day = max(t.day, (t.end - dt.timedelta(microseconds=1)).astimezone(zone).date())
        for blackout in profile.blackouts:
            if blackout.start <= last_day and t.day <= blackout.end:
                span = (
                    str(blackout.start)
                    if blackout.start == blackout.end
                    else f"{blackout.start}..{blackout.end}"
                )
                found.add(
                    "blackout",
                    t.session.uid,
                    f"{t.label} falls on the blackout {span}",
                    max(0.0, t.minutes),
                    when=t.start,
                )
                break


def _default_windows(timed: list[_Timed], profile: LearnerProfile) -> list[Window]:
    """The profile's windows over the plan and over every session's day.

    Days before the start or after the deadline are included so that a session there is
    judged once, by the start or deadline rule, and not again as being outside every window.
    """
    from aipm_planner.availability import expand_windows

    zone = profile.zone
    first = min(profile.start, timed[0].day)
    last = max(t.end - dt.timedelta(microseconds=1) for t in timed).astimezone(zone).date()
    last = max(last, profile.deadline or profile.start)
    return expand_windows(profile, first, last)


def _check_windows(
    timed: list[_Timed], windows: Iterable[Window], zone: ZoneInfo, found: _Found
) -> None:
    """Each session lies entirely inside one availability window."""
    spans = sorted((w.start.astimezone(_UTC), w.end.astimezone(_UTC)) for w in windows)
    starts = [start for start, _ in spans]
    # reach[i]: the latest end among windows 0..i; a session starting at or after window
    # i's start (and before window i+1's) fits in one window exactly when it ends by then.
    reach = list(itertools.accumulate((end for _, end in spans), max))
    for t in timed:
        index = bisect.bisect_right(starts, t.start) - 1
        if index >= 0 and t.end <= reach[index]:
            continue
        best: tuple[float, dt.datetime, dt.datetime] | None = None
        for start, end in spans:
            shared = (min(end, t.end) - max(start, t.start)).total_seconds() / 60
            if shared > 0 and (best is None or shared > best[0]):
                best = (shared, start, end)
        length = max(0.0, t.minutes)
        if best is None:
            found.add(
                "window",
                t.session.uid,
                f"{t.label} is outside every availability window",
                length,
                when=t.start,
            )
        else:
            outside = length - best[0]
            found.add(
                "window",
                t.session.uid,
                f"{t.label} sticks out of the availability window"
                f" {_local(best[1], zone)}-{best[2].astimezone(zone):%H:%M}"
                f" by {_fmt(outside)} min",
                outside,
                when=t.start,
            )


def _check_overlaps_and_breaks(timed: list[_Timed], break_minutes: int, found: _Found) -> None:
    """Sessions never overlap, and a later one starts at least the break after an earlier one.

    A sweep in start order compares each session with the one that ends last among those
    before it: that one overlaps it or sits closest before it.
    """
    latest: _Timed | None = None
    for t in timed:
        if t.end <= t.start:
            continue  # reported as a session length; it occupies no time
        if latest is not None:
            gap = (t.start - latest.end).total_seconds() / 60
            if gap < 0:
                overlap = min(latest.end, t.end) - t.start
                found.add(
                    "overlap",
                    t.session.uid,
                    f"{t.label} overlaps {latest.label} by"
                    f" {_fmt(overlap.total_seconds() / 60)} min",
                    overlap.total_seconds() / 60,
                    when=t.start,
                )
            elif gap < break_minutes:
                found.add(
                    "break",
                    t.session.uid,
                    f"{t.label} starts {_fmt(gap)} min after {latest.label} ends;"
                    f" the break is {break_minutes} min, {_fmt(break_minutes - gap)} min short",
                    break_minutes - gap,
                    when=t.start,
                )
        if latest is None or t.end > latest.end:
            latest = t


def _check_session_lengths(timed: list[_Timed], profile: LearnerProfile, found: _Found) -> None:
    """Each session's real length is within the session minimum and maximum."""
    low, high = profile.session.min_minutes, profile.session.max_minutes
    for t in timed:
        length = t.minutes
        if length < low:
            found.add(
                "session-length",
                t.session.uid,
                f"{t.label} is {_fmt(length)} min, shorter than the {low} min minimum by"
                f" {_fmt(low - length)} min",
                low - length,
                when=t.start,
            )
        elif length > high:
            found.add(
                "session-length",
                t.session.uid,
                f"{t.label} is {_fmt(length)} min, longer than the {high} min maximum by"
                f" {_fmt(length - high)} min",
                length - high,
                when=t.start,
            )


def _check_caps(timed: list[_Timed], profile: LearnerProfile, found: _Found) -> None:
    """Study per local day and per plan week stays within the caps."""
    if profile.max_hours_per_day is not None:
        cap = profile.max_hours_per_day * 60
        per_day: dict[dt.date, float] = defaultdict(float)
        for t in timed:
            per_day[t.day] += max(0.0, t.minutes)
        for day, total in sorted(per_day.items()):
            if total > cap + 1e-9:
                found.add(
                    "daily-cap",
                    day.isoformat(),
                    f"{day} ({day:%a}) has {_fmt(total)} min of study, more than the"
                    f" {_fmt(cap)} min daily cap by {_fmt(total - cap)} min",
                    total - cap,
                )
    if profile.max_hours_per_week is not None:
        cap = profile.max_hours_per_week * 60
        per_week: dict[int, float] = defaultdict(float)
        for t in timed:
            per_week[week_of(profile.start, t.day)] += max(0.0, t.minutes)
        for week, total in sorted(per_week.items()):
            if total > cap + 1e-9:
                first = week_start(profile.start, week)
                last = first + dt.timedelta(days=6)
                found.add(
                    "weekly-cap",
                    f"week {week}",
                    f"week {week} ({first}..{last}) has {_fmt(total)} min of study, more than"
                    f" the {_fmt(cap)} min weekly cap by {_fmt(total - cap)} min",
                    total - cap,
                )


# --- the roadmap: effort, spans, order -------------------------------------------------


def _check_effort(timed: list[_Timed], work: Work, found: _Found) -> None:
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
                f"module '{module.module_id}' receives {_fmt(got)} min in"
                f" {_count(sessions.get(module.module_id, 0), 'session')},"
                f" {_fmt(abs(got - want))} min"
                f" {side} than its effort of {want} min",
                abs(got - want),
            )
    for module_id in work.skipped_modules:
        if sessions.get(module_id):
            found.add(
                "effort",
                module_id,
                f"module '{module_id}' is skipped but receives {_fmt(received[module_id])} min"
                f" in {_count(sessions[module_id], 'session')}",
                received[module_id],
            )


def _week_span(days: Iterable[dt.date], start: dt.date) -> tuple[int, int] | None:
    weeks = [week_of(start, day) for day in days]
    return (min(weeks), max(weeks)) if weeks else None


def _check_span(
    kind: Literal["module-range", "phase-range"],
    what: str,
    subject: str,
    span: tuple[int, int],
    low: int,
    high: int,
    found: _Found,
    *,
    stretch: bool,
) -> None:
    weeks = span[1] - span[0] + 1
    where = f"weeks {span[0]}..{span[1]}" if span[0] != span[1] else f"week {span[0]}"
    if weeks < low:
        found.add(
            kind,
            subject,
            f"{what} '{subject}' spans {_count(weeks, 'week')} ({where}),"
            f" {low - weeks} fewer than its minimum of {low}",
        )
    elif weeks > high and not stretch:
        found.add(
            kind,
            subject,
            f"{what} '{subject}' spans {_count(weeks, 'week')} ({where}),"
            f" {weeks - high} more than its maximum of {high}",
        )


def _check_ranges(
    timed: list[_Timed], work: Work, start: dt.date, found: _Found, *, stretch: bool
) -> None:
    """Each module's and phase's span in plan weeks lies inside its effective week range."""
    days: dict[str, list[dt.date]] = defaultdict(list)
    for t in timed:
        days[t.session.module_id].append(t.day)
    for phase in work.phases:
        for module in phase.modules:
            span = _week_span(days[module.module_id], start)
            if span is not None:
                _check_span(
                    "module-range", "module", module.module_id, span,
                    module.weeks.min, module.weeks.max, found, stretch=stretch,
                )  # fmt: skip
        phase_days = [day for m in phase.modules for day in days[m.module_id]]
        span = _week_span(phase_days, start)
        if span is not None:
            _check_span(
                "phase-range", "phase", phase.phase_id, span,
                phase.weeks.min, phase.weeks.max, found, stretch=stretch,
            )  # fmt: skip


def _check_order(timed: list[_Timed], work: Work, zone: ZoneInfo, found: _Found) -> None:
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
                    f"{what} '{subject}' starts {_local(begin, zone)}, {_fmt(early)} min before"
                    f" {what} '{other}' ends ({_local(ends[other], zone)})",
                    early,
                    when=begin,
                )

    for phase in work.phases:
        check("phase-order", "phase", phase.phase_id, phase.after, phase_first, phase_last)
    for module in work.modules:
        check("prerequisite", "module", module.module_id, module.requires, first, last)
