"""Generated profiles: windows equal an independent minute-by-minute reading of the profile.

The oracle below never uses the availability module: it walks every UTC minute of a short
horizon, reads the learner's local wall time with ``astimezone`` and asks whether that
minute is in a weekly slot, off every blackout day and free of every busy event; runs of
free minutes on one local day shorter than a session are then dropped.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aipm_planner.availability import Grid, Window, expand_windows
from aipm_planner.model import WEEKDAYS, LearnerProfile

UTC = dt.UTC
MINUTE = dt.timedelta(minutes=1)
DAYS = 14
ZONES = sorted(zoneinfo.available_timezones())
FIXED_ZONES = ["UTC", "Asia/Kolkata", "Asia/Tokyo", "Etc/GMT+5"]


@dataclass(frozen=True)
class Busy:
    """One generated busy event, as the oracle reads it."""

    kind: str  # "utc", "tzid", "floating" or "allday"
    start: dt.datetime | dt.date  # aware for utc/tzid, naive for floating, date for allday
    end: dt.datetime | dt.date
    count: int  # daily repetitions (utc events only)
    transparent: bool
    cancelled: bool

    def ics(self, index: int) -> str:
        lines = ["BEGIN:VEVENT", f"UID:e{index}@properties", "DTSTAMP:20240101T000000Z"]
        for name, value in (("DTSTART", self.start), ("DTEND", self.end)):
            if self.kind == "allday":
                assert isinstance(value, dt.date)
                lines.append(f"{name};VALUE=DATE:{value:%Y%m%d}")
            elif self.kind == "utc":
                assert isinstance(value, dt.datetime)
                lines.append(f"{name}:{value.astimezone(UTC):%Y%m%dT%H%M%S}Z")
            elif self.kind == "tzid":
                assert isinstance(value, dt.datetime)
                lines.append(f"{name};TZID={value.tzinfo}:{value:%Y%m%dT%H%M%S}")
            else:
                assert isinstance(value, dt.datetime)
                lines.append(f"{name}:{value:%Y%m%dT%H%M%S}")
        if self.count > 1:
            lines.append(f"RRULE:FREQ=DAILY;COUNT={self.count}")
        if self.transparent:
            lines.append("TRANSP:TRANSPARENT")
        if self.cancelled:
            lines.append("STATUS:CANCELLED")
        return "\r\n".join([*lines, "END:VEVENT"])

    def blocks(self, minute: dt.datetime, local: dt.datetime) -> bool:
        """Does this event overlap the UTC minute ``[minute, minute + 1)``?"""
        if self.transparent or self.cancelled:
            return False
        if self.kind == "allday":
            assert not isinstance(self.start, dt.datetime)
            assert not isinstance(self.end, dt.datetime)
            return self.start <= local.date() < self.end
        if self.kind == "floating":
            assert isinstance(self.start, dt.datetime)
            assert isinstance(self.end, dt.datetime)
            assert isinstance(local.tzinfo, ZoneInfo)
            hull = _floating_hull(self.start, self.end, local.tzinfo)
            return hull is not None and hull[0] <= minute <= hull[1]
        assert isinstance(self.start, dt.datetime)
        assert isinstance(self.end, dt.datetime)
        for k in range(self.count):
            start = self.start.astimezone(UTC) + dt.timedelta(days=k)
            end = self.end.astimezone(UTC) + dt.timedelta(days=k)
            if minute < end and start < minute + MINUTE:
                return True
        return False


@functools.cache
def _floating_hull(
    start: dt.datetime, end: dt.datetime, zone: ZoneInfo
) -> tuple[dt.datetime, dt.datetime] | None:
    """The first and last UTC minute whose wall time overlaps ``[start, end)``.

    An event is one stretch of time: on a fall-back night it runs from the first pass of its
    start to the second pass of its end, so every minute between the two is blocked too.
    """
    minute = start.replace(tzinfo=UTC, second=0) - dt.timedelta(hours=15)
    stop = end.replace(tzinfo=UTC) + dt.timedelta(hours=15)
    found: list[dt.datetime] = []
    while minute < stop:
        wall = minute.astimezone(zone).replace(tzinfo=None)
        if wall < end and start < wall + MINUTE:
            found.append(minute)
        minute += MINUTE
    return (found[0], found[-1]) if found else None


def _transitions(zone: ZoneInfo, year: int) -> list[dt.datetime]:
    """UTC instants in ``year`` at which the zone's offset changes (to the minute)."""
    result = []
    day = dt.datetime(year, 1, 1, tzinfo=UTC)
    for _ in range(366):
        low, high = day, day + dt.timedelta(days=1)
        if low.astimezone(zone).utcoffset() != high.astimezone(zone).utcoffset():
            while high - low > MINUTE:
                middle = low + (high - low) // 2 // MINUTE * MINUTE
                same = middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset()
                low, high = (middle, high) if same else (low, middle)
            result.append(high)
        day += dt.timedelta(days=1)
    return result


@st.composite
def _slots(draw: st.DrawFn) -> list[str]:
    """Up to 5 windows of one weekday, on a 15-minute raster so DST edges get hit."""
    points = sorted(draw(st.sets(st.integers(0, 96), max_size=6)))
    if draw(st.booleans()):
        pairs = list(zip(points[::2], points[1::2], strict=False))
    else:  # touching windows, which form one window
        pairs = list(itertools.pairwise(points))
    return [f"{a // 4:02d}:{a % 4 * 15:02d}-{b // 4:02d}:{b % 4 * 15:02d}" for a, b in pairs]


@st.composite
def _busy(draw: st.DrawFn, zone: ZoneInfo, first: dt.date) -> Busy:
    kind = draw(st.sampled_from(["utc", "tzid", "floating", "allday"]))
    flags = {"transparent": draw(st.booleans()), "cancelled": draw(st.booleans())}
    if not draw(st.booleans()):
        flags = {"transparent": False, "cancelled": False}
    if kind == "allday":
        start_day = first + dt.timedelta(days=draw(st.integers(-1, DAYS)))
        end_day = start_day + dt.timedelta(days=draw(st.integers(1, 2)))
        return Busy(kind, start_day, end_day, 1, **flags)
    offset = dt.timedelta(seconds=draw(st.integers(-3600, DAYS * 86400)))
    length = dt.timedelta(seconds=draw(st.integers(60, 6 * 3600)))
    wall = dt.datetime.combine(first, dt.time()) + offset
    if kind == "floating":
        return Busy(kind, wall, wall + length, 1, **flags)
    event_zone = zone if kind == "utc" else ZoneInfo(draw(st.sampled_from(FIXED_ZONES)))
    start = wall.replace(tzinfo=zone) if kind == "utc" else wall.replace(tzinfo=event_zone)
    if kind == "utc":
        start = start.astimezone(UTC)
    count = draw(st.integers(1, 3)) if kind == "utc" else 1
    return Busy(kind, start, start + length, count, **flags)


@dataclass(frozen=True)
class Case:
    profile: LearnerProfile
    busy: list[Busy]


@st.composite
def _cases(draw: st.DrawFn) -> Case:
    name = draw(st.sampled_from(ZONES))
    zone = ZoneInfo(name)
    year = draw(st.integers(1995, 2037))
    changes = _transitions(zone, year)
    availability = {day: draw(_slots()) for day in WEEKDAYS}
    near_a_change: bool = draw(st.booleans())
    if changes and near_a_change:
        # Most of the interest is around DST changes: start a few days before one, and give
        # its day a slot whose edges lie around the change, in the gap or in the repeat.
        change = draw(st.sampled_from(changes))
        local = change.astimezone(zone)
        first = local.date() - dt.timedelta(days=draw(st.integers(0, 10)))
        before = (change - MINUTE).astimezone(zone) + MINUTE
        walls = [(t.hour * 60 + t.minute) // 15 for t in (local, before)]
        edges = st.integers(max(0, min(walls) - 4), min(96, max(walls) + 4))
        a, b = sorted(draw(st.sets(edges, min_size=2, max_size=2)))
        text = f"{a // 4:02d}:{a % 4 * 15:02d}-{b // 4:02d}:{b % 4 * 15:02d}"
        availability[WEEKDAYS[local.weekday()]] = [text]
    else:
        first = dt.date(year, 1, 1) + dt.timedelta(days=draw(st.integers(0, 364)))
    if not any(availability.values()):
        availability["mon"] = ["00:00-24:00"]
    blackouts = []
    for _ in range(draw(st.integers(0, 2))):
        begin = first + dt.timedelta(days=draw(st.integers(-2, DAYS)))
        blackouts.append(f"{begin}..{begin + dt.timedelta(days=draw(st.integers(0, 3)))}")
    min_minutes = draw(st.sampled_from([5, 15, 30, 45, 60]))
    busy = draw(st.lists(_busy(zone, first), max_size=4))
    profile = LearnerProfile.model_validate(
        {
            "timezone": name,
            "start": first,
            "availability": availability,
            "blackouts": blackouts,
            "session": {"min_minutes": min_minutes, "max_minutes": 120},
        }
    )
    return Case(profile, busy)


def _with_calendar(case: Case, folder: Path) -> LearnerProfile:
    path = folder / "busy.ics"
    events = [event.ics(i) for i, event in enumerate(case.busy)]
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//aipm_planner properties//EN"]
    path.write_bytes("\r\n".join([*head, *events, "END:VCALENDAR", ""]).encode())
    return case.profile.model_copy(update={"busy_calendars": [str(path)]})


def _oracle(case: Case, first: dt.date, last: dt.date) -> list[list[dt.datetime]]:
    """Runs of free UTC minutes, one local day each, at least a session long."""
    profile = case.profile
    zone = profile.zone
    slots = {
        weekday: [(w.start_minute, w.end_minute) for w in profile.windows_on(weekday)]
        for weekday in range(7)
    }
    minute = dt.datetime.combine(first - dt.timedelta(days=2), dt.time(), tzinfo=UTC)
    stop = dt.datetime.combine(last + dt.timedelta(days=3), dt.time(), tzinfo=UTC)
    runs: list[list[dt.datetime]] = []
    previous_day: dt.date | None = None
    while minute < stop:
        local = minute.astimezone(zone)
        day = local.date()
        wall = local.hour * 60 + local.minute
        free = (
            first <= day <= last
            and not any(day in blackout for blackout in profile.blackouts)
            and any(a <= wall < b for a, b in slots[day.weekday()])
            and not any(event.blocks(minute, local) for event in case.busy)
        )
        if free:
            if runs and previous_day == day and runs[-1][-1] + MINUTE == minute:
                runs[-1].append(minute)
            else:
                runs.append([minute])
            previous_day = day
        minute += MINUTE
    return [run for run in runs if len(run) >= profile.session.min_minutes]


def _minutes(windows: list[Window]) -> list[dt.datetime]:
    result = []
    for window in windows:
        minute = window.start.astimezone(UTC)
        while minute < window.end.astimezone(UTC):
            result.append(minute)
            minute += MINUTE
    return result


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=_cases())
# Found by a random run: Jerusalem's clocks jumped at midnight on 1995-03-31, and a busy
# minute right after the jump was missed when the calendar was queried in local time.
@example(
    case=Case(
        profile=LearnerProfile.model_validate(
            {
                "timezone": "Asia/Jerusalem",
                "start": "1995-03-31",
                "availability": {"fri": ["00:00-01:15"]},
                "session": {"min_minutes": 5, "max_minutes": 120, "break_minutes": 10},
            }
        ),
        busy=[
            Busy(
                kind="utc",
                start=dt.datetime(1995, 3, 30, 22, 0, tzinfo=UTC),
                end=dt.datetime(1995, 3, 30, 22, 1, tzinfo=UTC),
                count=1,
                transparent=False,
                cancelled=False,
            )
        ],
    )
)
def test_windows_equal_a_minute_by_minute_count(case: Case, tmp_path: Path) -> None:
    profile = _with_calendar(case, tmp_path)
    first, last = profile.start, profile.start + dt.timedelta(days=DAYS - 1)
    windows = expand_windows(profile, first, last)
    zone = profile.zone
    for window in windows:
        assert window.start.tzinfo == zone
        assert window.end.tzinfo == zone
        assert window.minutes >= profile.session.min_minutes
        assert first <= window.day <= last
        # Window edges are whole minutes and real wall times of the learner.
        for edge in (window.start, window.end):
            assert edge.second == 0
            assert edge.microsecond == 0
            assert edge.astimezone(UTC).astimezone(zone).replace(fold=0) == edge.replace(fold=0)
    for earlier, later in itertools.pairwise(windows):
        assert earlier.end.astimezone(UTC) <= later.start.astimezone(UTC)
    expected = _oracle(case, first, last)
    assert _minutes(windows) == [minute for run in expected for minute in run]
    assert sum(w.minutes for w in windows) == sum(len(run) for run in expected)
    # Every window is one run of the oracle: same local day, nothing merged across days.
    assert [(w.start.astimezone(UTC), w.minutes) for w in windows] == [
        (run[0], len(run)) for run in expected
    ]


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(ZONES),
    start=st.dates(dt.date(1995, 1, 1), dt.date(2037, 12, 31)),
    minutes=st.lists(st.integers(-10 * 1440, 400 * 1440), max_size=20),
)
def test_grid_round_trips_and_reads_local_days(
    name: str, start: dt.date, minutes: list[int]
) -> None:
    zone = ZoneInfo(name)
    grid = Grid.for_start(start, zone)
    assert grid.origin.astimezone(zone).date() == start
    # The origin is the first instant of the start day: one minute earlier is the day before.
    assert (grid.origin.astimezone(UTC) - MINUTE).astimezone(zone).date() < start
    for minute in minutes:
        instant = grid.to_datetime(minute)
        assert instant.tzinfo == zone
        assert grid.to_minute(instant) == minute
        assert (instant.astimezone(UTC) - grid.origin.astimezone(UTC)) == minute * MINUTE
        assert grid.day_of(minute) == instant.astimezone(zone).date()
        assert grid.week_of(minute) == (grid.day_of(minute) - start).days // 7
