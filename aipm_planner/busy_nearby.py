"""Leave out, before parsing, the busy events of an ``.ics`` file that lie far from the plan.

A calendar exported from Google or Outlook holds every event of many years, and
``icalendar`` parses about a thousand events a second: a 30 000-event file took half a
minute, nearly all of it for events years before the plan. This module reads only the raw
text, upper-cased so that property names in any case are seen. A one-time event (no RRULE,
RDATE, EXRULE or RECURRENCE-ID) whose DTSTART and DTEND (or DURATION) days both lie more
than :data:`MARGIN_DAYS` before the first day or after the last day asked for is left out:
none of its time can be busy time of the plan (the margin covers every UTC offset and
all-day events). Every other event, every event whose UID another event shares (versions
of one event, of which the parser keeps one), anything not understood, and every other
component is kept byte for byte, so what is left gives the same busy time on those days.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

__all__ = ["MARGIN_DAYS", "REPEATING", "events_near"]

MARGIN_DAYS = 2
"""Events are kept when they reach within this many days of the days asked for."""

REPEATING = ("RRULE", "RDATE", "EXRULE", "RECURRENCE-ID")
"""An event with any of these properties is one of several occurrences (or changes one)."""

_BEGIN, _END = b"BEGIN:VEVENT", b"END:VEVENT"
_REPEATING_LINES = tuple(b"\n" + name.encode() for name in REPEATING)
_DURATION = re.compile(
    rb"\nDURATION(?:;[^:\r\n]*)?:\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?\r?\n"
)


def events_near(data: bytes, first: dt.date, last: dt.date) -> bytes:
    """``data`` without the one-time events that end before ``first`` or start after ``last``
    (both by more than :data:`MARGIN_DAYS`); ``data`` itself when none is dropped."""
    # Days are compared as their YYYYMMDD text, which sorts as the days do.
    low = _text(first - dt.timedelta(days=MARGIN_DAYS))
    high = _text(last + dt.timedelta(days=MARGIN_DAYS))
    upper = data.upper()
    blocks: list[tuple[int, int, tuple[bytes, bytes] | None, bytes | None]] = []
    search = 0
    while (begin := _line_start(upper, _BEGIN, search)) >= 0:
        end = _line_start(upper, _END, begin)
        if end < 0:
            break
        after = upper.find(b"\n", end)
        search = len(upper) if after < 0 else after + 1
        event = upper[begin:search]
        blocks.append((begin, search, _span(event), _value(event, b"\nUID")))
    # Two events with one UID are versions of one event: the parser keeps the later one, so
    # neither is left out.
    uids = Counter(uid for *_, uid in blocks)
    kept: list[bytes] = []
    position = 0
    for begin, stop, span, uid in blocks:
        if span is not None and (span[1] < low or span[0] > high) and uids[uid] == 1:
            kept.append(data[position:begin])
            position = stop
    if not kept:
        return data
    kept.append(data[position:])
    return b"".join(kept)


def _text(day: dt.date) -> bytes:
    return b"%04d%02d%02d" % (day.year, day.month, day.day)


def _line_start(text: bytes, word: bytes, start: int) -> int:
    """Where the next line that starts with ``word`` begins, or -1."""
    while (found := text.find(word, start)) >= 0:
        if found == 0 or text[found - 1] == 10:  # b"\n"
            return found
        start = found + 1
    return -1


def _span(event: bytes) -> tuple[bytes, bytes] | None:
    """The first and last day (as YYYYMMDD) of a one-time event, from its upper-cased text;
    ``None`` when it repeats or its dates cannot be read here (it is then kept)."""
    if any(line in event for line in _REPEATING_LINES) or event.find(_BEGIN, 1) >= 0:
        return None  # (two BEGIN lines in one block: an END line this reader missed)
    start = _day(event, b"\nDTSTART")
    if start is None:
        return None
    if b"\nDTEND" in event:
        end = _day(event, b"\nDTEND")
        return None if end is None else (start, max(start, end))
    if b"\nDURATION" not in event:
        return start, start  # no DTEND or DURATION: the event lasts at most its start day
    duration = _DURATION.search(event)
    if duration is None:
        return None
    weeks, days, hours, minutes, seconds = (int(part or 0) for part in duration.groups())
    length = dt.timedelta(weeks=weeks, days=days + 1, hours=hours, minutes=minutes, seconds=seconds)
    try:
        first = dt.date(int(start[:4]), int(start[4:6]), int(start[6:]))
        return start, _text(first + length)
    except (ValueError, OverflowError):
        return None


def _value(event: bytes, name: bytes) -> bytes | None:
    """The value (after the last colon) of the property line ``name`` (with its newline), or
    ``None`` when the event has no such line or two of them. A folded line's value is read
    from its first part only, which then does not start with a whole day."""
    lines = [i for i in _finds(event, name) if event[i + len(name) : i + len(name) + 1] in b";:"]
    if len(lines) != 1:
        return None
    found = lines[0]
    line_end = event.find(b"\n", found + 1)
    line = event[found + 1 : line_end if line_end >= 0 else len(event)]
    return line.rpartition(b":")[2].rstrip(b"\r")


def _finds(text: bytes, word: bytes) -> list[int]:
    found, places = text.find(word), []
    while found >= 0:
        places.append(found)
        found = text.find(word, found + 1)
    return places


def _day(event: bytes, name: bytes) -> bytes | None:
    """The YYYYMMDD that starts the value of the property line ``name``, or ``None``."""
    value = _value(event, name)
    return value[:8] if value is not None and value[:8].isdigit() and len(value) >= 8 else None
