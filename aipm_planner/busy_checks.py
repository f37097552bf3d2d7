"""What a busy calendar must not hold before it is expanded, and how dense its rules are.

Each check refuses, with the event named, what would make the expansion in
:mod:`aipm_planner.busy` wrong or endless: time properties the parser could not read or
that an event has twice, rules that repeat every second or never advance, and times in a
time zone nobody defines. :func:`most_a_day` bounds the occurrences on any one day, which
sets how long each recurrence query may be.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from aipm_planner.busy_files import zoned_values
from aipm_planner.errors import InputError

if TYPE_CHECKING:
    import icalendar

__all__ = ["most_a_day", "refuse_runaway_rules", "refuse_unknown_zones", "refuse_unreadable_times"]


_ONCE = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")
"""Time properties an event has at most once."""
_TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")


def refuse_unreadable_times(calendar: icalendar.Calendar) -> None:
    """An event whose time properties the parser kept as unreadable text, named with its value.

    Other properties (a broken DTSTAMP or description, say) do not matter for busy time.
    """
    for event in calendar.walk("VEVENT"):
        for name, why in getattr(event, "errors", []):
            if str(name).upper() in _TIME_PROPERTIES:
                raise InputError(
                    f"busy calendar has an event whose {name} cannot be read: {why}"
                    f" (event {event.get('UID', '?')})",
                    hint="fix or remove that event, or export the calendar again",
                )
        for name in _ONCE:
            values = event.get(name)
            if isinstance(values, list):
                raise InputError(
                    f"busy calendar has an event with {len(values)} {name} lines"
                    f" (event {event.get('UID', '?')})",
                    hint="fix or remove that event, or export the calendar again",
                )


def refuse_runaway_rules(calendar: icalendar.Calendar) -> None:
    """Rules that would keep the expansion busy for minutes, or for ever, before a refusal.

    A rule repeating every second takes minutes to expand; an ``INTERVAL`` below 1 (which
    RFC 5545 forbids) never advances and would hang the expansion.
    """
    for event in calendar.walk("VEVENT"):
        rules = event.get("RRULE", [])
        for rule in rules if isinstance(rules, list) else [rules]:
            uid = event.get("UID", "?")
            if "SECONDLY" in [str(freq).upper() for freq in rule.get("FREQ", [])]:
                raise InputError(
                    f"busy calendar has an event repeating every second ({uid})",
                    hint="remove that event or its RRULE",
                )
            for interval in rule.get("INTERVAL", []):
                if not isinstance(interval, int) or interval < 1:
                    raise InputError(
                        f"busy calendar has an event whose RRULE has INTERVAL={interval} ({uid})",
                        hint="an RRULE INTERVAL is a whole number of at least 1",
                    )


def most_a_day(calendar: icalendar.Calendar) -> int:
    """An upper bound of the occurrences that start on any one day in ``calendar``.

    A rule repeating every day or less often has at most one occurrence a day for each
    combination of its BYHOUR, BYMINUTE and BYSECOND values; an hourly or minutely one has
    as many as its interval allows in a day, times those of the finer parts. Each RDATE
    value counts as one more a day, and an event without a rule as one.
    """
    total = 0
    for event in calendar.walk("VEVENT"):
        rules = event.get("RRULE", [])
        rules = rules if isinstance(rules, list) else [rules]
        total += sum(_rule_a_day(rule) for rule in rules) or 1
        dates = event.get("RDATE", [])
        for item in dates if isinstance(dates, list) else [dates]:
            total += len(getattr(item, "dts", [])) or 1
    return total


def _rule_a_day(rule: Any) -> int:
    def count(part: str) -> int:
        return max(1, len(rule.get(part, [])))

    frequency = str((rule.get("FREQ") or [""])[0]).upper()
    interval = max([1, *(int(i) for i in rule.get("INTERVAL", []))])
    seconds = count("BYSECOND")
    if frequency == "MINUTELY":
        return -(-1440 // interval) * seconds
    if frequency == "HOURLY":
        return -(-24 // interval) * count("BYMINUTE") * seconds
    return count("BYHOUR") * count("BYMINUTE") * seconds


def refuse_unknown_zones(calendar: icalendar.Calendar) -> None:
    """A TZID that is neither an IANA or Windows name nor defined by a VTIMEZONE of the file.

    The parser would read such a time as floating, that is as the learner's wall time, which
    can put the event hours away from where it is.
    """
    for event in calendar.walk("VEVENT"):
        for name, value, items in zoned_values(event):
            tzid = value.params.get("TZID")
            if tzid and any(
                isinstance(item.dt, dt.datetime) and item.dt.tzinfo is None for item in items
            ):
                raise InputError(
                    f"busy calendar has an event whose {name} is in an unknown time zone"
                    f" (TZID={tzid}, event {event.get('UID', '?')})",
                    hint="give an IANA zone name such as Europe/Berlin, or export the"
                    " calendar again with its VTIMEZONE definitions",
                )
