"""Reading busy calendar files: size and encoding, parsing, and the parser's quirks.

:func:`read_busy_calendar` reads one ``.ics`` file (UTF-8, or UTF-16/32 with a byte order
mark) into one calendar, with an :class:`InputError` naming the file when it cannot be
used; :func:`parse_quietly` parses data from a file or a CalDAV server, reading UTC
under its other names, and RRULE ``UNTIL`` values as their writers meant them;
:func:`made_standard` reads the floating times of an ``X-WR-TIMEZONE`` calendar in that
zone. What the events mean as busy time is :mod:`aipm_planner.busy`'s work.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from aipm_planner.busy_nearby import events_near
from aipm_planner.errors import InputError

if TYPE_CHECKING:
    import icalendar

__all__ = [
    "MAX_CALENDAR_BYTES",
    "made_standard",
    "parse_quietly",
    "read_busy_calendar",
    "zoned_values",
]

_UTC = dt.UTC

MAX_CALENDAR_BYTES = 10 * 1024 * 1024
"""Larger busy calendar files are refused (a personal calendar is far smaller)."""


def parse_quietly(data: bytes | str) -> list[icalendar.Calendar]:
    """Every VCALENDAR in ``data``, each custom zone read from this data's own VTIMEZONE.

    The parser remembers a VTIMEZONE it does not know by its TZID for the whole process, and
    the first definition wins; Exchange calls every zone it has no name for "Customized Time
    Zone", so a second calendar's custom zone would be read with the first one's offsets. The
    remembered zones are therefore forgotten before each parse (times already read keep
    theirs). Evolution and older libical name zones
    ``/freeassociation.sourceforge.net/Tzfile/<IANA>``; the parser reads the IANA name at
    the end, as meant, but warns about it on stderr: that warning is left out.

    Raises ``ValueError`` for data that cannot be parsed, also where the parser itself trips
    (a VTIMEZONE whose rule has no FREQ, or with two TZID lines).
    """
    import icalendar
    from icalendar.error import GloballyUniqueTZIDGuessed
    from icalendar.timezone import tzp

    tzp.use_zoneinfo()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GloballyUniqueTZIDGuessed)
            calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (TypeError, KeyError, AttributeError, IndexError, OverflowError) as exc:
        raise ValueError(f"it cannot be parsed ({type(exc).__name__}: {exc})") from exc
    for calendar in calendars:
        _read_utc_names(calendar)
        _normalize_rules(calendar)
    return calendars


_UTC_NAMES = frozenset({"tzone://microsoft/utc", "(utc) coordinated universal time", "z"})
"""Names of UTC that Exchange and Outlook write as a TZID without a VTIMEZONE."""
_ZONED_PROPERTIES = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE")


def zoned_values(event: Any) -> Iterator[tuple[str, Any, list[Any]]]:
    """Each readable time property of ``event`` that may carry a TZID: its name, the property
    (with its parameters) and its time values (several for EXDATE and RDATE)."""
    broken = {str(name).upper() for name, _ in getattr(event, "errors", [])}
    for name in _ZONED_PROPERTIES:
        values: Any = event.get(name, []) if name not in broken else []
        for value in values if isinstance(values, list) else [values]:
            yield name, value, list(value.dts) if hasattr(value, "dts") else [value]


def _read_utc_names(calendar: icalendar.Calendar) -> None:
    """Times whose TZID is one of Microsoft's names of UTC are read in UTC, not as floating."""
    for event in calendar.walk("VEVENT"):
        for _, value, items in zoned_values(event):
            if str(value.params.get("TZID", "")).strip().lower() not in _UTC_NAMES:
                continue
            for item in items:
                if isinstance(item.dt, dt.datetime) and item.dt.tzinfo is None:
                    item.dt = item.dt.replace(tzinfo=_UTC)


def _normalize_rules(calendar: icalendar.Calendar) -> None:
    """Read three kinds of RRULE as calendar apps do, where the expansion would differ.

    - A date UNTIL on a rule whose DTSTART has a time means "through that day": RFC 5545
      wants a date-time there, but some exporters write a date, and read literally it would
      end the rule at midnight before that day's occurrence.
    - A local-time UNTIL (no ``Z``) on a rule whose DTSTART has a time zone is a wall time of
      that zone, as sabre/vobject (Nextcloud) reads it: RFC 5545 wants UTC there, and read
      as UTC it would drop the last occurrence west of UTC, or add one east of it.
    - A rule whose UNTIL is before DTSTART adds nothing, but DTSTART still counts as the
      first occurrence (RFC 5545, 3.3.10); the expansion would drop it, so the rule goes.
    """
    for event in calendar.walk("VEVENT"):
        if any(str(name).upper() in ("DTSTART", "RRULE") for name, _ in event.errors):
            continue  # reported, with the value, when the events are read
        start = event.get("DTSTART")
        if start is None or isinstance(start, list) or "RRULE" not in event:
            continue  # (two DTSTART lines are refused when the events are read)
        first = start.dt
        rules: Any = event["RRULE"]
        kept: list[Any] = []
        for rule in rules if isinstance(rules, list) else [rules]:
            until = rule.get("UNTIL", [None])[0]
            if isinstance(first, dt.datetime) and type(until) is dt.date:
                until = dt.datetime.combine(until, dt.time(23, 59, 59))
                if first.tzinfo is not None:
                    until = until.replace(tzinfo=first.tzinfo).astimezone(_UTC)
                rule["UNTIL"] = [until]
            elif _local(until) and isinstance(first, dt.datetime) and first.tzinfo is not None:
                until = until.replace(tzinfo=first.tzinfo).astimezone(_UTC)
                rule["UNTIL"] = [until]
            if not _before(until, first):
                kept.append(rule)
        if not kept:
            del event["RRULE"]
        elif len(kept) < (len(rules) if isinstance(rules, list) else 1):
            event["RRULE"] = kept


def _local(until: object) -> bool:
    """Is ``until`` a date-time without a time zone (written without ``Z``)?"""
    return isinstance(until, dt.datetime) and until.utcoffset() is None


def _before(until: object, first: dt.date | dt.datetime) -> bool:
    """Is ``until`` earlier than ``first``? ``False`` when they cannot be compared."""
    if isinstance(until, dt.datetime) and isinstance(first, dt.datetime):
        if (until.utcoffset() is None) == (first.utcoffset() is None):
            return until < first
        return False
    if type(until) is dt.date and type(first) is dt.date:
        return until < first
    return False


def read_busy_calendar(
    path: str, *, field: str | None = None, near: tuple[dt.date, dt.date] | None = None
) -> icalendar.Calendar:
    """Read one ``.ics`` file; :class:`InputError` naming the file if it cannot be used.

    With ``near`` (the first and last day of the plan), one-time events far outside those
    days are left out before parsing (``busy_nearby.py``): they cannot be busy time of the
    plan, and a calendar of many years parses many times faster without them.
    """

    def fail(reason: str, hint: str | None = None) -> InputError:
        return InputError(reason, path=path, field=field, value=path, hint=hint)

    try:
        size = os.path.getsize(path)
        if size > MAX_CALENDAR_BYTES:
            raise fail(
                f"busy calendar is too large ({size} bytes; at most {MAX_CALENDAR_BYTES})",
                "export only the months you need, or use a CalDAV calendar",
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise fail("busy calendar file not found", "check the path in busy_calendars") from None
    except IsADirectoryError:
        raise fail("busy calendar is a directory, not an .ics file") from None
    except OSError as exc:
        raise fail(f"cannot read busy calendar: {exc.strerror or exc}") from None
    data = _as_utf8(data)
    if not data.strip():
        raise fail("busy calendar file is empty", "export the calendar again as .ics")
    try:
        calendars = parse_quietly(data if near is None else events_near(data, *near))
    except ValueError as exc:
        raise fail(
            f"not an iCalendar file: {exc}", "export the calendar as .ics (iCalendar)"
        ) from None
    if not calendars and data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"BEGIN:VCALENDAR"):
        raise fail(
            "busy calendar is cut short: a BEGIN line has no matching END line",
            "export the calendar again as .ics",
        )
    if not calendars or any(calendar.name != "VCALENDAR" for calendar in calendars):
        raise fail(
            "not an iCalendar file: it does not start with BEGIN:VCALENDAR",
            "export the calendar as .ics (iCalendar)",
        )
    try:
        return calendars[0] if len(calendars) == 1 else _joined(calendars)
    except InputError as exc:
        raise fail(exc.reason, exc.hint) from None


_UNICODE_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose mark begins the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _as_utf8(data: bytes) -> bytes:
    """A file saved as UTF-16 or UTF-32 with a byte order mark (Notepad's and PowerShell's
    "Unicode"), re-encoded as the UTF-8 that RFC 5545 asks for; other data as it is."""
    for mark, encoding in _UNICODE_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding).encode("utf-8")
            except UnicodeDecodeError:
                return data  # not that encoding after all: refused as not iCalendar
    return data


def _joined(calendars: list[icalendar.Calendar]) -> icalendar.Calendar:
    """Several VCALENDARs of one file (calendars exported one after another) as one.

    Each is made standard first, since ``X-WR-TIMEZONE`` belongs to its own VCALENDAR.
    """
    import icalendar

    joined = icalendar.Calendar()
    for calendar in calendars:
        for component in made_standard(calendar).subcomponents:
            joined.add_component(component)
    return joined


def made_standard(calendar: icalendar.Calendar) -> icalendar.Calendar:
    """``calendar`` with the floating times of an ``X-WR-TIMEZONE`` read in that zone.

    The zone may be an IANA or a Windows name, as a TZID may; :class:`InputError` (without
    a file name; the caller adds it) for any other.
    """
    import x_wr_timezone
    from icalendar.timezone import tzp

    name = calendar.get("X-WR-TIMEZONE")
    if name is not None:
        zone = tzp.timezone(str(name).strip())
        if zone is None:
            raise InputError(
                f"busy calendar has an unknown time zone in X-WR-TIMEZONE ({name})",
                hint="give an IANA zone name such as Europe/Berlin, or remove the"
                " X-WR-TIMEZONE line",
            )
        calendar["X-WR-TIMEZONE"] = str(getattr(zone, "key", name))
    standard: icalendar.Calendar = x_wr_timezone.to_standard(calendar)
    return standard
