"""Dated availability windows: the learner's weekly pattern made concrete.

A :class:`Window` is one dated occurrence of a weekly slot, after blackout days and busy
events are removed. Windows are aware datetimes in the learner's zone; their length is real
elapsed time, computed on UTC instants.

Local time is read the way a calendar user means it. A window is the set of real instants
whose local wall-clock time lies inside the slot on that day:

- spring forward: the wall times that do not exist are simply not there, so
  ``01:30-03:30`` on a night that jumps from 02:00 to 03:00 is one window of 60 minutes,
  from 01:30 to 03:00 (new offset); no window starts or ends at a wall time that does not
  exist, and a slot entirely inside the gap disappears;
- fall back: every real minute counts once, so ``01:00-03:00`` on a night that repeats
  02:00-03:00 lasts three real hours (01:00 with the summer offset to 03:00 with the winter
  offset, the same as taking the start at ``fold=0`` and the end at ``fold=1``). A slot that
  starts or ends inside the repeated hour keeps only the instants whose wall time is inside
  it, so ``02:15-02:45`` happens twice that night and becomes two windows.

Wall time becomes real instants in ``wall_time.py``. The solver works on integers:
:class:`Grid` turns instants into whole minutes since the plan origin (local 00:00 of the
start date) and back, exactly, and only this module does so.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import rrule

from aipm_planner import weeks
from aipm_planner.errors import InputError
from aipm_planner.model import LearnerProfile, Roadmap
from aipm_planner.wall_time import Interval, first_instant, merge_intervals, wall_span

__all__ = [
    "Availability",
    "Grid",
    "Window",
    "availability_for",
    "expand_windows",
    "first_instant",
    "horizon_end",
    "merge_intervals",
    "wall_span",
]

UTC = dt.UTC
_MINUTE = dt.timedelta(minutes=1)
_DAY = dt.timedelta(days=1)
_MAX_HORIZON_DAYS = 3653  # ten years


@dataclass(frozen=True, slots=True)
class Window:
    """One dated window: aware datetimes in the learner's zone, ``start < end``."""

    start: dt.datetime
    end: dt.datetime

    @property
    def minutes(self) -> int:
        """Real elapsed minutes, computed on UTC instants (not wall-clock difference)."""
        return (self.end.astimezone(UTC) - self.start.astimezone(UTC)) // _MINUTE

    @property
    def day(self) -> dt.date:
        """The local date of the window's start."""
        return self.start.date()


def _subtract(pieces: list[Interval], busy: list[Interval]) -> list[Interval]:
    """Remove merged, sorted ``busy`` intervals from sorted, disjoint ``pieces``."""
    result: list[Interval] = []
    first = 0
    for start, end in pieces:
        while first < len(busy) and busy[first][1] <= start:
            first += 1
        cursor = start
        index = first
        while index < len(busy) and busy[index][0] < end:
            if busy[index][0] > cursor:
                result.append((cursor, busy[index][0]))
            cursor = max(cursor, busy[index][1])
            index += 1
        if cursor < end:
            result.append((cursor, end))
    return result


# --- expansion -----------------------------------------------------------------------------


def _bounds(
    profile: LearnerProfile, start: dt.date | dt.datetime, end: dt.date | dt.datetime
) -> tuple[dt.date, dt.date, dt.datetime, dt.datetime]:
    """First and last local day to expand, and the exact UTC clip ``[low, high)``."""
    zone = profile.zone
    if isinstance(start, dt.datetime):
        if start.utcoffset() is None:
            raise ValueError(f"expand_windows: start {start!r} must be time-zone aware")
        low = start.astimezone(UTC)
        first_day = low.astimezone(zone).date()
    else:
        first_day = start
        low = first_instant(zone, dt.datetime.combine(start, dt.time()))
    if isinstance(end, dt.datetime):
        if end.utcoffset() is None:
            raise ValueError(f"expand_windows: end {end!r} must be time-zone aware")
        high = end.astimezone(UTC)
        last_day = high.astimezone(zone).date()
    else:
        last_day = end
        high = first_instant(zone, dt.datetime.combine(end + _DAY, dt.time()))
    return first_day, last_day, low, high


def _pattern(
    profile: LearnerProfile, first_day: dt.date, last_day: dt.date, *, blackouts: bool
) -> list[Interval]:
    """The weekly pattern as real instants, day by day, optionally without blackout days."""
    zone = profile.zone
    weekdays = [day for day in range(7) if profile.windows_on(day)]
    if not weekdays or last_day < first_day:
        return []
    dates = rrule.rrule(
        rrule.WEEKLY,
        byweekday=weekdays,
        dtstart=dt.datetime.combine(first_day, dt.time()),
        until=dt.datetime.combine(last_day, dt.time()),
    )
    pieces: list[Interval] = []
    for midnight in dates:
        day = midnight.date()
        if blackouts and any(day in blackout for blackout in profile.blackouts):
            continue
        today: list[Interval] = []
        for slot in profile.windows_on(day.weekday()):
            today.extend(
                wall_span(
                    zone,
                    midnight + dt.timedelta(minutes=slot.start_minute),
                    midnight + dt.timedelta(minutes=slot.end_minute),
                )
            )
        # Touching slots on one day form one window; days stay apart (a window has one day).
        pieces.extend(merge_intervals(today))
    return pieces


def _expand(
    profile: LearnerProfile,
    start: dt.date | dt.datetime,
    end: dt.date | dt.datetime,
    *,
    blackouts: bool = True,
    busy: bool = True,
    own: str | None = None,
) -> list[Window]:
    first_day, last_day, low, high = _bounds(profile, start, end)
    # Sorted by instant: a local date is not always monotone in real time (a zone that
    # falls back across midnight replays the end of the previous day).
    pieces = sorted(
        (max(a, low), min(b, high))
        for a, b in _pattern(profile, first_day, last_day, blackouts=blackouts)
        if a < high and b > low
    )
    if busy and pieces and (profile.busy_calendars or profile.busy_caldav):
        from aipm_planner.busy import profile_busy_intervals

        pieces = _subtract(pieces, profile_busy_intervals(profile, low, high, own=own))
    shortest = dt.timedelta(minutes=profile.session.min_minutes)
    zone = profile.zone
    return [Window(a.astimezone(zone), b.astimezone(zone)) for a, b in pieces if b - a >= shortest]


def expand_windows(
    profile: LearnerProfile,
    start: dt.date | dt.datetime,
    end: dt.date | dt.datetime,
    *,
    own: str | None = None,
) -> list[Window]:
    """The learner's dated windows between ``start`` and ``end``, sorted and disjoint.

    A date ``start`` means local 00:00 of that day; a date ``end`` is inclusive (the windows
    stop at local 00:00 of the day after it). Aware datetimes clip the windows exactly.
    Blackout days, opaque events of the busy calendars (files and CalDAV) and pieces shorter
    than ``profile.session.min_minutes`` are removed. Touching slots on one day merge into
    one window. The study sessions of roadmap ``own``'s plan (its id) found in the busy
    calendars are not busy time: a plan synced into a calendar that is read as busy time
    does not avoid itself.

    >>> from aipm_planner.model import LearnerProfile
    >>> profile = LearnerProfile(timezone="Europe/Berlin", start=dt.date(2024, 3, 30),
    ...                          availability={"sun": ["01:30-03:30"]})
    >>> [(w.start.isoformat(), w.minutes) for w in expand_windows(profile,
    ...     dt.date(2024, 3, 30), dt.date(2024, 3, 31))]
    [('2024-03-31T01:30:00+01:00', 60)]
    """
    return _expand(profile, start, end, own=own)


# --- the solver's integer grid -------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """Integer minutes since the plan origin (local 00:00 of profile.start), on UTC instants.

    >>> from zoneinfo import ZoneInfo
    >>> grid = Grid.for_start(dt.date(2024, 10, 27), ZoneInfo("Europe/Berlin"))
    >>> grid.to_datetime(180).isoformat()  # 00:00 +02:00 plus three real hours
    '2024-10-27T02:00:00+01:00'
    """

    origin: dt.datetime
    zone: ZoneInfo
    start_date: dt.date

    @classmethod
    def for_start(cls, start: dt.date, zone: ZoneInfo) -> Grid:
        """The grid whose minute 0 is the first instant of local day ``start``."""
        origin = first_instant(zone, dt.datetime.combine(start, dt.time())).astimezone(zone)
        return cls(origin=origin, zone=zone, start_date=start)

    @classmethod
    def for_profile(cls, profile: LearnerProfile) -> Grid:
        """The grid of a profile's plan."""
        return cls.for_start(profile.start, profile.zone)

    def to_minute(self, instant: dt.datetime) -> int:
        """Minutes from the origin to an aware instant; ValueError unless a whole minute."""
        minutes, rest = divmod(self._elapsed(instant), _MINUTE)
        if rest:
            raise ValueError(f"instant {instant.isoformat()} is not on a whole minute")
        return int(minutes)

    def minute_at_or_after(self, instant: dt.datetime) -> int:
        """The first whole grid minute at or after an aware instant."""
        return int(-(-self._elapsed(instant) // _MINUTE))

    def _elapsed(self, instant: dt.datetime) -> dt.timedelta:
        """Real time from the origin to an aware instant (on UTC: wall times repeat)."""
        if instant.utcoffset() is None:
            raise ValueError(f"instant {instant!r} must be time-zone aware")
        return instant.astimezone(UTC) - self.origin.astimezone(UTC)

    def to_datetime(self, minute: int) -> dt.datetime:
        """The aware instant, in the learner's zone, ``minute`` real minutes after the origin."""
        return (self.origin.astimezone(UTC) + minute * _MINUTE).astimezone(self.zone)

    def day_of(self, minute: int) -> dt.date:
        """Local date of a grid minute."""
        return self.to_datetime(minute).date()

    def day_index(self, minute: int) -> int:
        """Local days since the start date."""
        return (self.day_of(minute) - self.start_date).days

    def week_of(self, minute: int) -> int:
        """Plan week of a grid minute (see :mod:`aipm_planner.weeks`)."""
        return weeks.week_of(self.start_date, self.day_of(minute))


# --- availability for a plan ---------------------------------------------------------------


def _cap_minutes(hours: float | None) -> int | None:
    # A cap must never be exceeded, so round down (the epsilon absorbs float noise: 1.1 h).
    return None if hours is None else math.floor(hours * 60 + 1e-9)


@dataclass(frozen=True)
class Availability:
    """Everything the solver needs to know about the learner's time."""

    grid: Grid
    windows: tuple[Window, ...]
    intervals: tuple[tuple[int, int], ...]
    horizon_end: dt.date
    daily_cap: int | None
    weekly_cap: int | None

    def day_index(self, i: int) -> int:
        """Local day index (days since the start date) of window ``i``."""
        return (self.windows[i].day - self.grid.start_date).days

    def week_index(self, i: int) -> int:
        """Plan week of window ``i``."""
        return weeks.week_of(self.grid.start_date, self.windows[i].day)

    def capacity_by_week(self) -> list[int]:
        """Available minutes per plan week, honouring both caps.

        A day holds ``min(sum of its windows, daily_cap)``; a week holds
        ``min(sum of its days, weekly_cap)``. Weeks run from 0 to the horizon's week.
        """
        by_day: dict[int, int] = {}
        for i, window in enumerate(self.windows):
            by_day[self.day_index(i)] = by_day.get(self.day_index(i), 0) + window.minutes
        result = [0] * (weeks.week_of(self.grid.start_date, self.horizon_end) + 1)
        for day, minutes in by_day.items():
            if self.daily_cap is not None:
                minutes = min(minutes, self.daily_cap)
            result[day // 7] += minutes
        if self.weekly_cap is not None:
            result = [min(minutes, self.weekly_cap) for minutes in result]
        return result


def _nominal_week(profile: LearnerProfile) -> int:
    """Minutes one ordinary week offers (no DST, busy events or blackouts), after caps."""
    daily_cap = _cap_minutes(profile.max_hours_per_day)
    total = 0
    for weekday in range(7):
        day = sum(
            w.minutes
            for w in profile.windows_on(weekday)
            if w.minutes >= profile.session.min_minutes
        )
        total += day if daily_cap is None else min(day, daily_cap)
    weekly_cap = _cap_minutes(profile.max_hours_per_week)
    return total if weekly_cap is None else min(total, weekly_cap)


def _blackout_days(profile: LearnerProfile, limit: dt.date) -> int:
    days: set[dt.date] = set()
    for blackout in profile.blackouts:
        day = max(blackout.start, profile.start)
        while day <= min(blackout.end, limit):
            days.add(day)
            day += _DAY
    return len(days)


def horizon_end(profile: LearnerProfile, roadmap: Roadmap | None = None) -> dt.date:
    """The last local day a plan may use (inclusive).

    With a deadline, the deadline. Otherwise the plan gets ``base + slack + blackouts``
    days from the start, at most ten years:

    - ``base`` is the longer of the roadmap's maximum duration (the sum of every phase's
      maximum weeks; 52 weeks without a roadmap) and the weeks the roadmap's total effort
      needs at the learner's ordinary weekly capacity (windows shorter than a session left
      out, daily and weekly caps applied), so that a thin week gets a longer horizon;
    - ``slack`` is a quarter of ``base``, and at least 8 weeks, for DST nights, busy events
      and breaks between sessions;
    - ``blackouts`` is the number of blacked-out days on or after the start date.
    """
    if profile.deadline is not None:
        return profile.deadline
    limit = profile.start + dt.timedelta(days=_MAX_HORIZON_DAYS - 1)
    base_weeks = 52
    if roadmap is not None:
        base_weeks = sum(phase.weeks.max for phase in roadmap.phases)
        effort = math.ceil(sum(module.hours for _, module in roadmap.modules()) * 60)
        weekly = _nominal_week(profile)
        if weekly <= 0:
            return limit
        base_weeks = max(base_weeks, math.ceil(effort / weekly))
    base = 7 * base_weeks
    days = base + max(math.ceil(base / 4), 56) + _blackout_days(profile, limit)
    return min(profile.start + dt.timedelta(days=days - 1), limit)


def _why_empty(profile: LearnerProfile, end: dt.date) -> InputError:
    span = f"between {profile.start} and {end}"
    if not _expand(profile, profile.start, end, blackouts=False, busy=False):
        return InputError(
            f"no window of at least {profile.session.min_minutes} minutes {span}",
            field="availability",
            hint="add weekly windows, or lower session.min_minutes",
        )
    if not _expand(profile, profile.start, end, busy=False):
        return InputError(
            f"all your windows are blacked out {span}",
            field="blackouts",
            hint="shorten the blackouts or move the start date",
        )
    return InputError(
        f"all your windows are blacked out or busy {span}",
        field="busy_calendars" if profile.busy_calendars else "busy_caldav",
        hint="check the busy calendars, or add windows at other times",
    )


def availability_for(
    profile: LearnerProfile, roadmap: Roadmap | None = None, *, end: dt.date | None = None
) -> Availability:
    """The learner's availability from ``profile.start`` to ``end`` (default: the horizon).

    Raises :class:`InputError` when no window remains, naming what removed them: field
    ``availability`` (no slot as long as a session), ``blackouts``, or ``busy_calendars``
    (``busy_caldav`` when only CalDAV calendars are given).
    """
    last = end if end is not None else horizon_end(profile, roadmap)
    if last < profile.start:
        raise InputError(
            f"the plan would end ({last}) before it starts ({profile.start})",
            field="deadline" if end is None else "end",
            value=str(last),
        )
    windows = expand_windows(
        profile, profile.start, last, own=roadmap.id if roadmap is not None else None
    )
    if not windows:
        raise _why_empty(profile, last)
    grid = Grid.for_profile(profile)
    return Availability(
        grid=grid,
        windows=tuple(windows),
        intervals=tuple((grid.to_minute(w.start), grid.to_minute(w.end)) for w in windows),
        horizon_end=last,
        daily_cap=_cap_minutes(profile.max_hours_per_day),
        weekly_cap=_cap_minutes(profile.max_hours_per_week),
    )
