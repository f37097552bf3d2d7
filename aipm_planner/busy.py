"""Busy time from calendars: the opaque events that are cut out of the learner's windows.

Each ``.ics`` file in ``profile.busy_calendars`` (and each calendar fetched for
``profile.busy_caldav``) is expanded with ``recurring-ical-events`` over the plan's horizon
only, so an endless RRULE is fine. RRULE, RDATE, EXDATE and overridden instances
(RECURRENCE-ID) are honoured; ``X-WR-TIMEZONE`` calendars are first made standard with
``x_wr_timezone``, which reads their floating times in that zone (as Google Calendar does).
All-day events block whole local days and other floating times are read in the learner's
zone; events with a TZID or in UTC keep their own instant. Events marked
``TRANSP:TRANSPARENT``, ``STATUS:CANCELLED`` or ``X-MICROSOFT-CDO-BUSYSTATUS:FREE`` are not
busy. Published free/busy time (``VFREEBUSY``) is busy, except the periods marked
``FBTYPE=FREE``. The recurrence library walks every series from its start on each query,
so queries are as long as the rules' own density allows (``busy_checks.most_a_day``). Reading and
parsing the files is :mod:`aipm_planner.busy_files`' work.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from aipm_planner.busy_checks import (
    most_a_day,
    refuse_runaway_rules,
    refuse_unknown_zones,
    refuse_unreadable_times,
)
from aipm_planner.busy_files import (
    MAX_CALENDAR_BYTES,
    made_standard,
    parse_quietly,
    read_busy_calendar,
    zoned_values,
)
from aipm_planner.busy_nearby import REPEATING
from aipm_planner.errors import InputError, SyncError
from aipm_planner.model.schedule import session_uid
from aipm_planner.wall_time import Interval, first_instant, merge_intervals, wall_span

if TYPE_CHECKING:
    import icalendar

    from aipm_planner.model import LearnerProfile

__all__ = [
    "MAX_CALENDAR_BYTES",
    "MAX_EVENTS_PER_DAY",
    "busy_intervals",
    "check_busy_calendars",
    "is_own_session",
    "most_a_day",
    "parse_quietly",
    "profile_busy_intervals",
    "read_busy_calendar",
]

MAX_EVENTS_PER_DAY = 300
"""Denser busy time is refused (e.g. a FREQ=MINUTELY rule): nobody has that many events."""

_UTC = dt.UTC
_MINUTE = dt.timedelta(minutes=1)
_DAY = dt.timedelta(days=1)
# Occurrences are fetched a day at first, then up to four weeks at a time, so that a
# runaway rule is stopped after little work and a long horizon needs few queries.
_MAX_CHUNK = dt.timedelta(days=28)
_GAP_MOST = dt.timedelta(hours=3)
"""Longer than any clock change: the offset this long before a skipped wall time is the one
before the gap."""
_QUERY_MOST = 20_000
"""Occurrences one query may return at most, by the rules' own density (see
:func:`most_a_day`), when no day can hold more than ``MAX_EVENTS_PER_DAY``."""


def _instant(value: dt.date | dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """An event edge as a UTC instant: dates and floating times are the learner's wall time."""
    if isinstance(value, dt.datetime):
        if value.utcoffset() is not None:
            return value.astimezone(_UTC)
        return first_instant(zone, value)
    return first_instant(zone, dt.datetime.combine(value, dt.time()))


def _wall(value: dt.date | dt.datetime) -> dt.datetime | None:
    """The naive local wall time of a date or floating edge, ``None`` for a real instant."""
    if isinstance(value, dt.datetime):
        return value if value.utcoffset() is None else None
    return dt.datetime.combine(value, dt.time())


def _event_span(event: Any, zone: ZoneInfo) -> list[Interval]:
    """The real instants an occurrence covers (empty for a zero-length event)."""
    start = event["DTSTART"].dt
    if "DTEND" in event:
        end = event["DTEND"].dt
    elif "DURATION" in event:
        end = start + event["DURATION"].dt
    elif isinstance(start, dt.datetime):
        end = start
    else:
        end = start + _DAY
    if not isinstance(start, dt.datetime) and not isinstance(end, dt.datetime) and end <= start:
        # An all-day event that "ends" on its first day (holiday feeds write them so) is
        # shown as that whole day by calendar apps.
        end = start + _DAY
    wall_start, wall_end = _wall(start), _wall(end)
    if wall_start is not None and wall_end is not None:
        # Local wall time on both sides: every real minute whose wall time is inside counts,
        # which keeps all-day events to whole local days across DST changes. An event is one
        # stretch of time, so one that starts or ends in a repeated (fall-back) hour runs from
        # the first pass of its start to the second pass of its end, without a hole.
        pieces = wall_span(zone, wall_start, wall_end)
        return [(pieces[0][0], pieces[-1][1])] if pieces else []
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        start, end = _past_the_gap(start, end)
    first, last = _instant(start, zone), _instant(end, zone)
    return [(first, last)] if first < last else []


def _past_the_gap(start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """An occurrence that starts in the hour a spring-forward night skips in its zone starts
    that much later and keeps its length, as Google Calendar and Exchange show it.

    RFC 5545 reads such a start with the offset before the gap (02:30 becomes 03:30 summer
    time), but the expansion adds the length to it as wall time, so a daily 02:30-03:30
    event would end at the instant it starts and vanish on that night. An edge in a gap is
    read with the offset before it also in a zone defined by the file's own VTIMEZONE,
    which would take the offset after it.
    """
    zone = start.tzinfo
    if zone is not None and end.tzinfo is zone and _skipped(start):
        moved = _before_the_gap(start)
        end = moved + (end.replace(tzinfo=None) - start.replace(tzinfo=None))
        start = moved
    return _before_the_gap(start), _before_the_gap(end)


def _skipped(value: dt.datetime) -> bool:
    """Is the wall time of an aware ``value`` one that its zone skips?"""
    zone = value.tzinfo
    return value.astimezone(_UTC).astimezone(zone).replace(tzinfo=None) != value.replace(
        tzinfo=None
    )


def _before_the_gap(value: dt.datetime) -> dt.datetime:
    """An aware ``value`` whose wall time its zone skips, read with the offset before the
    gap (RFC 5545, 3.3.5); any other ``value`` as it is."""
    if value.tzinfo is None or not _skipped(value):
        return value
    before = (value.astimezone(_UTC) - _GAP_MOST).astimezone(value.tzinfo).utcoffset()
    assert before is not None  # an aware datetime's zone knows its offsets
    return (value.replace(tzinfo=None) - before).replace(tzinfo=_UTC).astimezone(value.tzinfo)


def _free_busy_spans(calendar: icalendar.Calendar, zone: ZoneInfo) -> list[Interval]:
    """The busy periods of published free/busy time (``VFREEBUSY``), as real instants.

    Every ``FREEBUSY`` period counts except ``FBTYPE=FREE`` (the default type is ``BUSY``;
    ``BUSY-TENTATIVE`` and ``BUSY-UNAVAILABLE`` are busy too).
    """
    spans: list[Interval] = []
    for component in calendar.walk("VFREEBUSY"):
        periods = component.get("FREEBUSY", [])
        for period in periods if isinstance(periods, list) else [periods]:
            if str(period.params.get("FBTYPE", "BUSY")).strip().upper() == "FREE":
                continue
            first, last = _instant(period.start, zone), _instant(period.end, zone)
            if first < last:
                spans.append((first, last))
    return spans


def _single_events(calendar: icalendar.Calendar) -> tuple[list[Any], icalendar.Calendar]:
    """The calendar's one-time events, and the calendar without them.

    One-time means none of the ``REPEATING`` properties and a UID no other event has
    (events sharing a UID are versions of one event: the expansion keeps only one).
    """
    import icalendar

    events = list(calendar.walk("VEVENT"))
    uids = Counter(str(event.get("UID")) for event in events)
    single = [
        event
        for event in events
        if "UID" in event
        and "DTSTART" in event
        and uids[str(event["UID"])] == 1
        and not any(name in event for name in REPEATING)
    ]
    if not single:
        return [], calendar
    chosen = {id(event) for event in single}
    rest = icalendar.Calendar()
    for name, value in calendar.property_items(recursive=False):
        if name not in ("BEGIN", "END"):
            rest.add(name, value)
    for component in calendar.subcomponents:
        if id(component) not in chosen:
            rest.add_component(component)
    return single, rest


def _is_busy(event: Any, own: str | None = None) -> bool:
    """Opaque and not cancelled, not shown as free by Outlook or Exchange, and not a study
    session of roadmap ``own``'s plan.

    Outlook keeps its "show as" choice in ``X-MICROSOFT-CDO-BUSYSTATUS`` and reads it before
    ``TRANSP`` when it imports a file, so an event it calls ``FREE`` is free whatever
    ``TRANSP`` says (tentative, out-of-office and working elsewhere stay busy). A plan synced
    or imported into a calendar that is also read as busy time would otherwise keep its own
    sessions out of its next plan.
    """
    transparent = str(event.get("TRANSP", "OPAQUE")).strip().upper() == "TRANSPARENT"
    cancelled = str(event.get("STATUS", "")).strip().upper() == "CANCELLED"
    shown_free = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).strip().upper() == "FREE"
    if transparent or cancelled or shown_free:
        return False
    return own is None or not is_own_session(event, own)


_ORDINAL = re.compile(r"\((\d+)/\d+\)\s*$")
"""The session number at the end of a session event's SUMMARY: ``Title (3/12)``."""


def is_own_session(event: Any, roadmap_id: str) -> bool:
    """Whether ``event`` is a study session this library wrote for roadmap ``roadmap_id``:
    its UID is the one that roadmap's session of its module and number has."""
    if str(event.get("X-AIPM-KIND", "")).strip() != "session":
        return False
    module = str(event.get("X-AIPM-MODULE", "")).strip()
    number = _ORDINAL.search(str(event.get("SUMMARY", "")))
    if not module or number is None:
        return False
    return str(event.get("UID", "")).strip() == session_uid(roadmap_id, module, int(number[1]))


def _float_exceptions(calendar: icalendar.Calendar, zone: ZoneInfo) -> None:
    """EXDATE, RDATE, RECURRENCE-ID and RRULE UNTIL instants of a floating event as the
    learner's wall time, like its DTSTART.

    Given a UTC EXDATE beside a floating DTSTART, the expansion reads every occurrence in
    UTC, hours away from the learner's wall time (and the excluded one stays); a UTC UNTIL
    it compares with the occurrences as if it were a wall time.
    """
    for event in calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        if start is None or not isinstance(start.dt, dt.datetime) or start.dt.tzinfo:
            continue
        for name, _, items in zoned_values(event):
            if name in ("DTSTART", "DTEND"):
                continue
            for item in items:
                if isinstance(item.dt, tuple):  # an RDATE period: (start, end or duration)
                    item.dt = tuple(_wall_time(part, zone) for part in item.dt)
                else:
                    item.dt = _wall_time(item.dt, zone)
        _float_until(event, start.dt, zone)


def _float_until(event: Any, first: dt.datetime, zone: ZoneInfo) -> None:
    """A UTC UNTIL of a floating event's rules as the learner's wall time.

    A rule that then ends before DTSTART goes: DTSTART still counts as the first occurrence
    (RFC 5545, 3.3.10), which the expansion would drop.
    """
    rules: Any = event.get("RRULE", [])
    rules = rules if isinstance(rules, list) else [rules]
    kept: list[Any] = []
    for rule in rules:
        until = rule.get("UNTIL", [None])[0]
        if isinstance(until, dt.datetime) and until.utcoffset() is not None:
            rule["UNTIL"] = [_wall_time(until, zone)]
            if rule["UNTIL"][0] < first:
                continue
        kept.append(rule)
    if not kept and rules:
        del event["RRULE"]
    elif len(kept) < len(rules):
        event["RRULE"] = kept


def _wall_time(value: Any, zone: ZoneInfo) -> Any:
    """An aware datetime as a naive wall time in ``zone``; anything else as it is."""
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        return value.astimezone(zone).replace(tzinfo=None)
    return value


def _round_out(start: dt.datetime, end: dt.datetime) -> Interval:
    """Widen to whole minutes, so that the busy time is fully removed."""
    first = start.replace(second=0, microsecond=0)
    last = end.replace(second=0, microsecond=0)
    if last < end:
        last += _MINUTE
    return first, last


def busy_intervals(
    calendar: icalendar.Calendar,
    start: dt.datetime,
    end: dt.datetime,
    zone: ZoneInfo,
    *,
    own: str | None = None,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Busy time of ``calendar`` inside ``[start, end)``, merged, in ``zone``.

    ``start`` and ``end`` are aware. Opaque, not cancelled events count; edges are rounded
    outward to whole minutes. Raises :class:`InputError` (without a file name; the caller
    adds it) when the calendar's events cannot be expanded or are far too many.
    """
    import recurring_ical_events

    low, high = start.astimezone(_UTC), end.astimezone(_UTC)
    try:
        refuse_unreadable_times(calendar)
        refuse_runaway_rules(calendar)
        refuse_unknown_zones(calendar)
        standard = made_standard(calendar)
        _float_exceptions(standard, zone)
        single, repeating = _single_events(standard)
        # A one-time event is its own only occurrence: its span is read directly, and only
        # the rest is expanded (each query walks every event, a one-time one too).
        spans: list[Interval] = _free_busy_spans(calendar, zone)
        spans.extend(
            span for event in single if _is_busy(event, own) for span in _event_span(event, zone)
        )
        query = recurring_ical_events.of(repeating)
        # The query is widened by a day on each side: floating and all-day events are
        # compared in the query's time by the library; the exact clip happens below. It asks
        # in UTC: a local bound that follows a DST gap at midnight missed events there.
        cursor, chunk = low - _DAY, _DAY
        most = most_a_day(repeating)
        if most <= MAX_EVENTS_PER_DAY:
            # No day can hold too many events: as few queries as the work per query allows
            # (each one walks every series from its start, years back for old series).
            chunk = max(_DAY, min(high - low + 2 * _DAY, _QUERY_MOST // max(1, most) * _DAY))
        while cursor < high + _DAY:
            stop = min(cursor + chunk, high + _DAY)
            events = query.between(cursor, stop)
            if len(events) > MAX_EVENTS_PER_DAY * max(1, (stop - cursor) // _DAY):
                raise InputError(
                    f"busy calendar has more than {MAX_EVENTS_PER_DAY} events a day"
                    f" around {max(cursor, low).astimezone(zone).date()}",
                    hint="check for a rule that repeats every minute or second",
                )
            spans.extend(
                span
                for event in events
                if _is_busy(event, own)
                for span in _event_span(event, zone)
            )
            cursor, chunk = stop, max(chunk, min(2 * chunk, _MAX_CHUNK))
    except InputError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        # Parsing is lazy in icalendar: a malformed DTSTART or RRULE surfaces only here.
        why = f"it has no {exc.args[0]}" if isinstance(exc, KeyError) and exc.args else exc
        raise InputError(
            f"busy calendar has an event that cannot be read: {why}",
            hint="check DTSTART, DTEND, DURATION and RRULE of its events",
        ) from None
    clipped = (_round_out(max(a, low), min(b, high)) for a, b in spans if a < high and b > low)
    return [(a.astimezone(zone), b.astimezone(zone)) for a, b in merge_intervals(clipped)]


def _file_busy_intervals(
    profile: LearnerProfile,
    start: dt.datetime,
    end: dt.datetime,
    *,
    every_event: bool = False,
    own: str | None = None,
) -> list[Interval]:
    """Busy time of the profile's ``.ics`` files; errors name the file and its entry.

    Only the events near ``[start, end)`` are parsed, unless ``every_event``.
    """
    spans: list[Interval] = []
    near = None if every_event else (start.date(), end.date())
    for index, path in enumerate(profile.busy_calendars):
        field = f"busy_calendars.{index}"
        calendar = read_busy_calendar(path, field=field, near=near)
        try:
            spans.extend(busy_intervals(calendar, start, end, profile.zone, own=own))
        except InputError as exc:
            raise InputError(
                exc.reason, path=path, field=field, value=path, hint=exc.hint
            ) from None
    return spans


def check_busy_calendars(profile: LearnerProfile) -> None:
    """Read every event of each busy ``.ics`` file of a profile and expand the plan's first
    weeks.

    Raises the :class:`InputError` a plan would raise for the first file that cannot be
    used, and also for an unreadable event far from the plan, which a plan leaves out
    unread. CalDAV calendars are not contacted.
    """
    start = first_instant(profile.zone, dt.datetime.combine(profile.start, dt.time()))
    _file_busy_intervals(profile, start, start + _MAX_CHUNK, every_event=True)


def profile_busy_intervals(
    profile: LearnerProfile, start: dt.datetime, end: dt.datetime, *, own: str | None = None
) -> list[Interval]:
    """All busy time of a profile (files, then CalDAV) in ``[start, end)``, merged, in UTC;
    the study sessions of roadmap ``own``'s plan found there are not busy time."""
    zone = profile.zone
    spans = _file_busy_intervals(profile, start, end, own=own)
    if profile.busy_caldav:
        # Imported only when a profile names a CalDAV calendar: it needs the network client,
        # and the sync module is the only one that talks to a server.
        from aipm_planner.caldav_sync import fetch_busy_calendars

        try:
            calendars = fetch_busy_calendars(list(profile.busy_caldav), start, end)
        except SyncError as exc:
            # "busy_caldav.N: why": the field of the profile, so the CLI can name its file.
            field, _, reason = str(exc).partition(": ")
            if not field.startswith("busy_caldav"):
                field, reason = "busy_caldav", str(exc)
            raise InputError(reason, field=field) from None
        for calendar in calendars:
            try:
                spans.extend(busy_intervals(calendar, start, end, zone, own=own))
            except InputError as exc:
                raise InputError(exc.reason, field="busy_caldav", hint=exc.hint) from None
    return [(a.astimezone(_UTC), b.astimezone(_UTC)) for a, b in merge_intervals(spans)]
