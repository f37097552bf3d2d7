"""Local wall-clock time to real instants, across DST changes.

A span of wall time is the set of real instants whose local wall-clock time lies inside
it: wall times in a spring-forward gap do not exist, and a repeated (fall-back) hour counts
twice. Offsets are found with ``zoneinfo`` alone; a change is located by bisection.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from zoneinfo import ZoneInfo

__all__ = ["Interval", "first_instant", "merge_intervals", "wall_span"]

UTC = dt.UTC
_SECOND = dt.timedelta(seconds=1)
_HOUR = dt.timedelta(hours=1)

Interval = tuple[dt.datetime, dt.datetime]
"""A half-open span ``[start, end)`` of aware instants."""


def _offset(zone: ZoneInfo, instant: dt.datetime) -> dt.timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None  # a ZoneInfo always knows its offset
    return offset


def _wall_offset(zone: ZoneInfo, wall: dt.datetime, fold: int) -> dt.timedelta:
    offset = wall.replace(tzinfo=zone, fold=fold).utcoffset()
    assert offset is not None
    return offset


def _transition(zone: ZoneInfo, before: dt.datetime, after: dt.datetime) -> dt.datetime:
    """First instant in ``(before, after]`` whose offset differs from ``before``'s (to 1 s)."""
    old = _offset(zone, before)
    while after - before > _SECOND:
        middle = before + ((after - before) // 2 // _SECOND) * _SECOND
        if _offset(zone, middle) == old:
            before = middle
        else:
            after = middle
    return after


def _segments(
    zone: ZoneInfo, low: dt.datetime, high: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime, dt.timedelta]]:
    """Split ``[low, high)`` into spans of constant UTC offset.

    Offsets are sampled hourly and each change is located by bisection; no zone changes
    its offset twice within an hour.
    """
    points = [low]
    while points[-1] + _HOUR < high:
        points.append(points[-1] + _HOUR)
    points.append(high)
    result: list[tuple[dt.datetime, dt.datetime, dt.timedelta]] = []
    start = low
    offset = _offset(zone, low)
    for left, right in itertools.pairwise(points):
        if _offset(zone, right) != offset:
            change = _transition(zone, left, right)
            result.append((start, change, offset))
            start, offset = change, _offset(zone, change)
    result.append((start, high, offset))
    return result


def wall_span(zone: ZoneInfo, wall_start: dt.datetime, wall_end: dt.datetime) -> list[Interval]:
    """Real instants (UTC) whose local wall time lies in ``[wall_start, wall_end)``.

    ``wall_start`` and ``wall_end`` are naive local datetimes. The result is sorted and
    merged: usually one interval, empty when the span lies inside a spring-forward gap, two
    when it starts or ends inside a repeated (fall-back) hour.

    >>> from zoneinfo import ZoneInfo
    >>> [(a.isoformat(), b.isoformat()) for a, b in wall_span(ZoneInfo("Europe/Berlin"),
    ...     dt.datetime(2024, 3, 31, 1, 30), dt.datetime(2024, 3, 31, 3, 30))]
    [('2024-03-31T00:30:00+00:00', '2024-03-31T01:30:00+00:00')]
    """
    offsets = {_wall_offset(zone, w, fold) for w in (wall_start, wall_end) for fold in (0, 1)}
    if len(offsets) == 1:
        (offset,) = offsets
        start = (wall_start - offset).replace(tzinfo=UTC)
        end = (wall_end - offset).replace(tzinfo=UTC)
        return [(start, end)] if start < end else []
    low = (wall_start - max(offsets)).replace(tzinfo=UTC)
    high = (wall_end - min(offsets)).replace(tzinfo=UTC)
    pieces: list[Interval] = []
    for seg_start, seg_end, offset in _segments(zone, low, high):
        start = max(seg_start, (wall_start - offset).replace(tzinfo=UTC))
        end = min(seg_end, (wall_end - offset).replace(tzinfo=UTC))
        if start < end:
            pieces.append((start, end))
    return merge_intervals(pieces)


def first_instant(zone: ZoneInfo, wall: dt.datetime) -> dt.datetime:
    """The first real instant (UTC) whose local wall time is ``wall`` or later.

    For a wall time that is repeated this is its first occurrence (``fold=0``); for one in a
    spring-forward gap it is the moment of the jump.
    """
    early = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if early.astimezone(zone).replace(tzinfo=None) == wall:
        return early
    # In a gap fold=1 reads the wall time with the later offset and lands before the jump.
    late = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    return _transition(zone, min(early, late), max(early, late))


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort intervals and merge the ones that overlap or touch; the result is in UTC.

    They are compared in UTC: aware datetimes that share a ``ZoneInfo`` compare by wall
    time, which would mix up the two passes of a repeated (fall-back) hour.
    """
    merged: list[Interval] = []
    for start, end in sorted((a.astimezone(UTC), b.astimezone(UTC)) for a, b in intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
