"""The invariants of time: dates, blackouts, windows, breaks, session lengths and caps."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from aipm_planner.model import LearnerProfile
from aipm_planner.verify_common import Findings, TimedSession, fmt, local_text, midnight
from aipm_planner.weeks import week_of, week_start

if TYPE_CHECKING:
    from aipm_planner.availability import Window

__all__ = [
    "check_blackouts",
    "check_caps",
    "check_dates",
    "check_overlaps_and_breaks",
    "check_session_lengths",
    "check_windows",
    "default_windows",
]


def check_dates(
    timed: list[TimedSession],
    profile: LearnerProfile,
    zone: ZoneInfo,
    found: Findings,
    *,
    stretch: bool,
) -> None:
    """Nothing starts before the start date; with a deadline, nothing ends after that day."""
    first = midnight(profile.start, zone)
    for t in timed:
        # Compared by local date, not by the midnight instant, so that zones whose
        # midnight falls into a DST gap are still judged by the learner's calendar.
        if t.day < profile.start:
            found.add(
                "start",
                t.session.uid,
                f"{t.label} starts {fmt((first - t.start).total_seconds() / 60)} min before"
                f" the plan start {profile.start}",
                (first - t.start).total_seconds() / 60,
                when=t.start,
            )
    if profile.deadline is None or stretch:
        return
    after = midnight(profile.deadline + dt.timedelta(days=1), zone)
    for t in timed:
        last_day = (t.end - dt.timedelta(microseconds=1)).astimezone(zone).date()
        if last_day > profile.deadline:
            late = (t.end - after).total_seconds() / 60
            found.add(
                "deadline",
                t.session.uid,
                f"{t.label} ends {fmt(late)} min after the deadline {profile.deadline} is over",
                late,
                when=t.start,
            )


def check_blackouts(timed: list[TimedSession], profile: LearnerProfile, found: Findings) -> None:
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


def default_windows(
    timed: list[TimedSession], profile: LearnerProfile, roadmap_id: str | None = None
) -> list[Window]:
    """The profile's windows over the plan and over every session's day (the sessions of
    roadmap ``roadmap_id`` in the busy calendars are not busy time, as when planning).

    Days before the start or after the deadline are included so that a session there is
    judged once, by the start or deadline rule, and not again as being outside every window.
    """
    from aipm_planner.availability import expand_windows

    zone = profile.zone
    first = min(profile.start, timed[0].day)
    last = max(t.end - dt.timedelta(microseconds=1) for t in timed).astimezone(zone).date()
    last = max(last, profile.deadline or profile.start)
    return expand_windows(profile, first, last, own=roadmap_id)


def check_windows(
    timed: list[TimedSession], windows: Iterable[Window], zone: ZoneInfo, found: Findings
) -> None:
    """Each session lies entirely inside one availability window."""
    spans = sorted((w.start.astimezone(dt.UTC), w.end.astimezone(dt.UTC)) for w in windows)
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
                f" {local_text(best[1], zone)}-{best[2].astimezone(zone):%H:%M}"
                f" by {fmt(outside)} min",
                outside,
                when=t.start,
            )


def check_overlaps_and_breaks(
    timed: list[TimedSession], break_minutes: int, found: Findings
) -> None:
    """Sessions never overlap, and a later one starts at least the break after an earlier one.

    A sweep in start order compares each session with the one that ends last among those
    before it: that one overlaps it or sits closest before it.
    """
    latest: TimedSession | None = None
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
                    f"{t.label} overlaps {latest.label} by {fmt(overlap.total_seconds() / 60)} min",
                    overlap.total_seconds() / 60,
                    when=t.start,
                )
            elif gap < break_minutes:
                found.add(
                    "break",
                    t.session.uid,
                    f"{t.label} starts {fmt(gap)} min after {latest.label} ends;"
                    f" the break is {break_minutes} min, {fmt(break_minutes - gap)} min short",
                    break_minutes - gap,
                    when=t.start,
                )
        if latest is None or t.end > latest.end:
            latest = t


def check_session_lengths(
    timed: list[TimedSession], profile: LearnerProfile, found: Findings
) -> None:
    """Each session's real length is within the session minimum and maximum."""
    low, high = profile.session.min_minutes, profile.session.max_minutes
    for t in timed:
        length = t.minutes
        if length < low:
            found.add(
                "session-length",
                t.session.uid,
                f"{t.label} is {fmt(length)} min, shorter than the {low} min minimum by"
                f" {fmt(low - length)} min",
                low - length,
                when=t.start,
            )
        elif length > high:
            found.add(
                "session-length",
                t.session.uid,
                f"{t.label} is {fmt(length)} min, longer than the {high} min maximum by"
                f" {fmt(length - high)} min",
                length - high,
                when=t.start,
            )


def check_caps(
    timed: list[TimedSession],
    profile: LearnerProfile,
    found: Findings,
    judged: set[dt.date] | None = None,
) -> None:
    """Study per local day and per plan week stays within the caps (only on the ``judged``
    days and their weeks, when given; every session counts towards the totals)."""
    weeks = None if judged is None else {week_of(profile.start, day) for day in judged}
    if profile.max_hours_per_day is not None:
        cap = profile.max_hours_per_day * 60
        per_day: dict[dt.date, float] = defaultdict(float)
        for t in timed:
            per_day[t.day] += max(0.0, t.minutes)
        for day, total in sorted(per_day.items()):
            if total > cap + 1e-9 and (judged is None or day in judged):
                found.add(
                    "daily-cap",
                    day.isoformat(),
                    f"{day} ({day:%a}) has {fmt(total)} min of study, more than the"
                    f" {fmt(cap)} min daily cap by {fmt(total - cap)} min",
                    total - cap,
                )
    if profile.max_hours_per_week is not None:
        cap = profile.max_hours_per_week * 60
        per_week: dict[int, float] = defaultdict(float)
        for t in timed:
            per_week[week_of(profile.start, t.day)] += max(0.0, t.minutes)
        for week, total in sorted(per_week.items()):
            if total > cap + 1e-9 and (weeks is None or week in weeks):
                first = week_start(profile.start, week)
                last = first + dt.timedelta(days=6)
                found.add(
                    "weekly-cap",
                    f"week {week}",
                    f"week {week} ({first}..{last}) has {fmt(total)} min of study, more than"
                    f" the {fmt(cap)} min weekly cap by {fmt(total - cap)} min",
                    total - cap,
                )
