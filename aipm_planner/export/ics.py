"""The study calendar as iCalendar (RFC 5545): one VEVENT per session, all-day phase milestones.

Every event carries a stable ``UID`` (from the schedule: roadmap, module and ordinal, never
the time), a ``DTSTAMP`` taken from the schedule (so equal schedules give equal bytes), times
with the learner's ``TZID`` and a matching ``VTIMEZONE`` (UTC profiles get ``Z`` times), the
phase, topics, outcomes and resource links written out in ``DESCRIPTION`` (Google Calendar
and Outlook ignore ``URL``), and machine-readable ``X-AIPM-KIND`` (``session``,
``milestone``, or ``note`` for the one event of a plan with nothing to study),
``X-AIPM-PHASE`` and, for sessions, ``X-AIPM-MODULE``.

Re-planning (``revise.py``): given the previous export, an event whose time or text changed
gets a ``SEQUENCE`` one higher than before and an unchanged one, or one whose only change is
its session count ``(3/12)``, keeps its number, so calendar
clients update events in place; events of the previous export that no longer exist are
emitted once more with ``STATUS:CANCELLED`` so that importing clients remove them, and stay
in later exports as cancelled, so that an event that comes back gets a ``SEQUENCE`` above
its cancellation's (clients ignore an update with a lower one).

>>> from aipm_planner.export.ics import to_ics
>>> data = to_ics(schedule)  # doctest: +SKIP
>>> data.startswith(b"BEGIN:VCALENDAR\\r\\n")  # doctest: +SKIP
True
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from aipm_planner import __version__
from aipm_planner.errors import InputError
from aipm_planner.export import write_atomic
from aipm_planner.export.ics_note import NOTE, nothing_to_study
from aipm_planner.export.revise import KIND, MODULE, PHASE, UTC_ZONES, read_events, revise
from aipm_planner.export.uri import as_uri
from aipm_planner.model import UID_NAMESPACE, Milestone, Module, Schedule, Session
from aipm_planner.model.base import SCHEDULE_HINT, expect, is_whole
from aipm_planner.model.profile import is_zone_name

if TYPE_CHECKING:
    from typing import TypeAlias

    from icalendar import Calendar, Event, Timezone

    # An earlier export: parsed, its bytes or text, or its file's path (a ``pathlib.Path``).
    Previous: TypeAlias = Calendar | bytes | str | os.PathLike[str]

__all__ = [
    "KIND",
    "MODULE",
    "PHASE",
    "PRODID",
    "build_calendar",
    "calendar_name",
    "calendar_of",
    "check_previous",
    "event_components",
    "read_previous",
    "to_ics",
    "write_ics",
]

PRODID = f"-//aipm-planner//aipm-planner {__version__}//EN"

_REASON_MOST = 120
"""Longest parser message quoted in an error about the previous calendar."""

ALARM_MOST = 40_320
"""Latest reminder, in minutes before a session (four weeks)."""


def calendar_name(schedule: Schedule) -> str:
    """The default calendar name: the roadmap title + ``" study plan"``."""
    return f"{schedule.roadmap.title} study plan"


def build_calendar(
    schedule: Schedule,
    *,
    previous: Previous | None = None,
    alarm_minutes: int | None = 10,
    name: str | None = None,
) -> Calendar:
    """The whole study calendar of ``schedule`` as an ``icalendar.Calendar``.

    Args:
        schedule: the plan to export.
        previous: an earlier export of the same roadmap (parsed, its bytes or text, or the
            path of its file as a ``pathlib.Path``); see the module docstring for how it
            changes ``SEQUENCE`` and adds cancellations.
        alarm_minutes: a display reminder this many minutes before each session;
            ``None`` adds no reminder.
        name: calendar name (``X-WR-CALNAME``); default :func:`calendar_name`.
    """
    expect(schedule, Schedule, "schedule", SCHEDULE_HINT)
    events = event_components(schedule, previous=previous, alarm_minutes=alarm_minutes)
    return calendar_of(
        events,
        name=calendar_name(schedule) if name is None else name,
        uid=_calendar_uid(schedule),
    )


def _calendar_uid(schedule: Schedule) -> str:
    return str(uuid.uuid5(UID_NAMESPACE, f"{schedule.roadmap.id}/calendar"))


def to_ics(
    schedule: Schedule,
    *,
    previous: Previous | None = None,
    alarm_minutes: int | None = 10,
    name: str | None = None,
) -> bytes:
    """The study calendar as ``.ics`` bytes (UTF-8, CRLF, folded); see :func:`build_calendar`."""
    calendar = build_calendar(schedule, previous=previous, alarm_minutes=alarm_minutes, name=name)
    data: bytes = calendar.to_ical()
    return data


def write_ics(
    schedule: Schedule,
    path: str | os.PathLike[str],
    *,
    previous: Previous | None = None,
    alarm_minutes: int | None = 10,
    name: str | None = None,
) -> None:
    """Write the study calendar to ``path`` atomically (``"-"``: standard output).

    The whole calendar is built first; an existing file is replaced only once the new
    bytes are completely on disk, so ``previous`` may have been read from ``path`` itself.
    """
    data = to_ics(schedule, previous=previous, alarm_minutes=alarm_minutes, name=name)
    write_atomic(path, data)


def read_previous(path: str | os.PathLike[str]) -> Calendar:
    """Read an earlier export for re-planning; a bad file raises :class:`InputError`."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read the previous calendar: {exc.strerror or exc}", path=os.fspath(path)
        ) from exc
    return _parse_previous(data, os.fspath(path))


def event_components(
    schedule: Schedule,
    *,
    previous: Previous | None = None,
    alarm_minutes: int | None = 10,
) -> list[Event]:
    """Every VEVENT of the calendar, in a stable order, without the VCALENDAR around them.

    Sessions (by start), then milestones (by date), then the cancellations of events of
    ``previous`` that no longer exist. A plan with no session and no milestone has one
    all-day note instead (see :mod:`aipm_planner.export.ics_note`). Each event has a unique
    ``UID``; a CalDAV client can store each one as its own resource with :func:`calendar_of`
    ``([event])``.
    """
    if alarm_minutes is not None and not (
        is_whole(alarm_minutes) and 0 <= alarm_minutes <= ALARM_MOST
    ):
        raise InputError(
            f"the reminder must be a whole number, 0 to {ALARM_MOST} minutes (four weeks),"
            f" before a session (got {alarm_minutes!r})",
            field="alarm_minutes",
            value=alarm_minutes,
        )
    stamp = schedule.created.astimezone(dt.UTC)
    zone = _zone_for(schedule)
    modules = {module.id: module for _, module in schedule.roadmap.modules()}
    phases = {phase.id: phase.title for phase in schedule.roadmap.phases}
    counts = Counter(session.module_id for session in schedule.sessions)
    events = [
        _session_event(
            session,
            modules.get(session.module_id),
            phases.get(session.phase_id, session.phase_id),
            counts[session.module_id],
            schedule.roadmap.title,
            zone,
            stamp,
            alarm_minutes,
        )
        for session in sorted(schedule.sessions, key=lambda s: (s.start.astimezone(dt.UTC), s.uid))
    ]
    events += [
        _milestone_event(milestone, schedule, phases.get(milestone.phase_id, ""), stamp)
        for milestone in sorted(schedule.milestones, key=lambda m: (m.date, m.kind, m.uid))
    ]
    if not events:
        # A calendar needs a component (RFC 5545, 3.6): a plan with nothing to study says so.
        note = nothing_to_study(schedule, stamp)
        note.add(KIND, NOTE)
        events.append(note)
    if previous is not None:
        if isinstance(previous, os.PathLike):
            earlier, source = read_previous(previous), os.fspath(previous)
        elif isinstance(previous, bytes | str):
            earlier, source = _parse_previous(previous), None
        elif _is_calendar(previous):
            earlier, source = previous, None
        else:
            raise InputError(
                "must be the previous calendar, its bytes or its path"
                f" (got {previous!r:.40}, of type {type(previous).__name__})",
                field="previous",
                value=previous,
                hint="e.g. previous=Path('study-plan.ics')",
            )
        check_previous(earlier, schedule, source)
        events += revise(events, earlier, stamp)
    return events


def _is_calendar(value: object) -> bool:
    from icalendar import Calendar

    return isinstance(value, Calendar)


def calendar_of(
    events: Iterable[Event], *, name: str | None = None, uid: str | None = None
) -> Calendar:
    """Wrap events in a VCALENDAR with PRODID, VERSION and the VTIMEZONEs their times use.

    ``name`` becomes ``NAME`` and ``X-WR-CALNAME``; ``uid`` the calendar's own ``UID``.
    Raises :class:`InputError` if a time zone has no definition (none may be missing).
    """
    from icalendar import Calendar, vText

    items = list(events)
    if name is not None:
        # A calendar name is one line in every client; a title's line breaks become spaces.
        name = " ".join(name.splitlines())
    calendar = Calendar.new(prodid=PRODID, name=name, uid=uid or "x", subcomponents=items)
    if name is not None:
        # Both are TEXT (RFC 7986, 5.1), so commas, semicolons and backslashes are escaped;
        # icalendar writes the name as it is, which strict readers take apart.
        calendar["NAME"] = calendar["X-WR-CALNAME"] = vText(name)
    if uid is None:
        # Calendar.new always sets a UID (a random one by default): drop it, the caller
        # asked for none and the bytes must not depend on chance.
        del calendar["UID"]
    days = sorted(_days_of(items))
    if days:
        first, last = dt.date(days[0].year, 1, 1), dt.date(days[-1].year + 1, 1, 1)
        calendar.subcomponents[:0] = [
            _vtimezone(tzid, first, last)
            for tzid in sorted(calendar.get_missing_tzids())
            if is_zone_name(tzid)
        ]
        calendar.add_missing_timezones(first_date=first, last_date=last)
    missing = calendar.get_missing_tzids()
    if missing:
        raise InputError(
            f"no time zone definition available for {', '.join(sorted(missing))}",
            field="timezone",
            value=sorted(missing),
            hint="use an IANA time zone name such as 'Europe/Berlin'",
        )
    return calendar


def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> Timezone:
    """The VTIMEZONE of the IANA zone ``tzid`` from ``first`` to ``last``: every offset change.

    Each observance writes its onsets as RFC 5545 (3.6.5) says, in the local time before the
    change (a spring-forward at 02:00 is 02:00), and as every reader takes them: ``DTSTART``
    and then every onset again (even a single one), one ``RDATE`` each, since ical.js
    (Thunderbird, Nextcloud, web calendars) reads only the RDATEs of an observance that has
    any, and only the first value of each, and the ``ical`` package reads no onset from a
    ``DTSTART`` alone. icalendar's ``add_missing_timezones`` is not used for an IANA zone: it
    writes a spring-forward in the new offset, lists ``DTSTART`` once, and searches in steps
    of 64 days, so it misses a shorter period such as Morocco's Ramadan hour.
    """
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = ZoneInfo(tzid)
    start = dt.datetime.combine(first, dt.time(), zone)
    onsets: dict[tuple[dt.timedelta, dt.timedelta, str, bool], list[dt.datetime]] = {
        (_offset(start), _offset(start), _name(start), not start.dst()): [
            start.replace(tzinfo=None)
        ]
    }
    for instant in _changes(tzid, first, last):
        before, after = (instant - _SECOND).astimezone(zone), instant.astimezone(zone)
        key = (_offset(before), _offset(after), _name(after), not after.dst())
        onsets.setdefault(key, []).append((instant + _offset(before)).replace(tzinfo=None))
    timezone = Timezone()
    timezone.add("TZID", tzid)
    timezone.add("COMMENT", f"This timezone only works from {first} to {last}.")
    for (before_offset, after_offset, name, standard), moments in onsets.items():
        observance = TimezoneStandard() if standard else TimezoneDaylight()
        observance.add("DTSTART", moments[0])
        for moment in moments:
            # Also the only onset: the ``ical`` package counts no onset from DTSTART alone.
            observance.add("RDATE", moment)
        observance.add("TZNAME", name)
        observance.add("TZOFFSETFROM", before_offset)
        observance.add("TZOFFSETTO", after_offset)
        timezone.add_component(observance)
    return timezone


_SECOND = dt.timedelta(seconds=1)
_HOUR = dt.timedelta(hours=1)


@functools.cache
def _changes(tzid: str, first: dt.date, last: dt.date) -> tuple[dt.datetime, ...]:
    """Every UTC instant, from local midnight of ``first`` to that of ``last``, where the offset
    of ``tzid`` changes.

    Hour by hour (no zone keeps an offset for less than an hour), then to the second (every
    change is at a whole second). Cached: a CalDAV sync asks once per event.
    """
    zone = ZoneInfo(tzid)
    moment = dt.datetime.combine(first, dt.time(), zone).astimezone(dt.UTC)
    end = dt.datetime.combine(last, dt.time(), zone).astimezone(dt.UTC)
    found: list[dt.datetime] = []
    offset = _offset(moment.astimezone(zone))
    while moment < end:
        later = moment + _HOUR
        if _offset(later.astimezone(zone)) != offset:
            low, high = moment, later
            while high - low > _SECOND:
                middle = low + dt.timedelta(seconds=(high - low) // _SECOND // 2)
                if _offset(middle.astimezone(zone)) == offset:
                    low = middle
                else:
                    high = middle
            found.append(high)
            offset = _offset(later.astimezone(zone))
        moment = later
    return tuple(found)


def _offset(moment: dt.datetime) -> dt.timedelta:
    offset = moment.utcoffset()
    assert offset is not None, "an aware time"
    return offset


def _name(moment: dt.datetime) -> str:
    return moment.tzname() or str(_offset(moment))


def _zone_for(schedule: Schedule) -> dt.tzinfo:
    """The learner's zone, or plain UTC (written as ``Z`` times without a VTIMEZONE)."""
    zone = schedule.profile.zone
    return dt.UTC if zone.key in UTC_ZONES else zone


def _session_event(
    session: Session,
    module: Module | None,
    phase_title: str,
    count: int,
    roadmap_title: str,
    zone: dt.tzinfo,
    stamp: dt.datetime,
    alarm_minutes: int | None,
) -> Event:
    from icalendar import Alarm, Event

    summary = f"{session.title} ({session.ordinal}/{count})"
    resources = module.resources if module else []
    start, end = session.start.astimezone(zone), session.end.astimezone(zone)
    if _ambiguous(start) or _ambiguous(end):
        # A wall time of a fall-back night's repeated hour names two instants, and readers
        # take the first (RFC 5545, 3.3.5): such a session is written in UTC instead.
        start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    event = Event.new(
        uid=session.uid,
        stamp=stamp,
        start=start,
        end=end,
        summary=summary,
        description=_session_text(session, module, phase_title, count, roadmap_title),
        url=as_uri(resources[0].url) if resources else None,
        categories=[phase_title],
        sequence=0,
    )
    event.add(KIND, "session")
    event.add(MODULE, session.module_id)
    event.add(PHASE, session.phase_id)
    if alarm_minutes is not None:
        alarm = Alarm.new(description=summary)
        alarm.add("ACTION", "DISPLAY")
        alarm.add("TRIGGER", -dt.timedelta(minutes=alarm_minutes))
        event.add_component(alarm)
    return event


def _ambiguous(moment: dt.datetime) -> bool:
    """The local wall time of ``moment`` happens twice (a fall-back night's repeated hour)."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def _session_text(
    session: Session, module: Module | None, phase_title: str, count: int, roadmap_title: str
) -> str:
    lines = [
        f"{session.title}: session {session.ordinal} of {count}",
        f"Phase: {phase_title}",
        f"Roadmap: {roadmap_title}",
    ]
    if module is not None:
        if module.description:
            lines += ["", module.description]
        lines += _section("Topics", module.topics)
        lines += _section("Outcomes", module.outcomes)
        lines += _section("Resources", [f"{r.title}: {r.url}" for r in module.resources])
    return "\n".join(lines)


def _section(heading: str, items: Sequence[str]) -> list[str]:
    return ["", f"{heading}:", *(f"- {item}" for item in items)] if items else []


def _milestone_event(
    milestone: Milestone, schedule: Schedule, phase_title: str, stamp: dt.datetime
) -> Event:
    from icalendar import Event
    from icalendar.enums import TRANSP

    verb = "starts" if milestone.kind == "phase-start" else "ends"
    lines = [f"Phase {verb}: {phase_title}", f"Roadmap: {schedule.roadmap.title}"]
    titles = [
        m.title
        for m in schedule.modules
        if m.phase_id == milestone.phase_id and m.status == "scheduled"
    ]
    lines += _section("Modules", titles)
    event = Event.new(
        uid=milestone.uid,
        stamp=stamp,
        start=milestone.date,
        end=milestone.date + dt.timedelta(days=1),
        summary=milestone.title,
        description="\n".join(lines),
        categories=[phase_title] if phase_title else [],
        transparency=TRANSP.TRANSPARENT,
        sequence=0,
    )
    event.add(KIND, "milestone")
    event.add(PHASE, milestone.phase_id)
    return event


def _parse_previous(data: bytes | str, source: str | None = None) -> Calendar:
    from icalendar import Calendar

    if isinstance(data, bytes) and b"\x00" in data:
        raise InputError(
            "the previous calendar is a binary file (it contains NUL bytes), not iCalendar",
            path=source,
            hint="give the .ics file an earlier 'aipm-planner plan' wrote",
        )
    try:
        calendar = Calendar.from_ical(data)
        if isinstance(calendar, Calendar):
            read_events(calendar)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        # The parser trips over some malformed files (a VTIMEZONE with two TZID lines, a
        # rule without FREQ) with errors other than ValueError: they are bad input too.
        # icalendar quotes the whole bad line, which may be a whole file (JSON, binary).
        reason = " ".join(str(exc).split())
        if not isinstance(exc, ValueError):
            reason = f"it cannot be parsed ({type(exc).__name__}: {reason})"
        if len(reason) > _REASON_MOST:
            reason = reason[: _REASON_MOST - 1].rstrip() + "…"
        raise InputError(
            f"the previous calendar is not valid iCalendar: {reason}",
            path=source,
            hint="give the .ics file an earlier 'aipm-planner plan' wrote",
        ) from exc
    if not isinstance(calendar, Calendar):
        raise InputError(
            "the previous calendar holds no VCALENDAR",
            path=source,
            hint="give the .ics file an earlier 'aipm-planner plan' wrote",
        )
    return calendar


def check_previous(previous: Calendar, schedule: Schedule, source: str | None = None) -> None:
    """Refuse an earlier export of another roadmap's plan (read from ``source``): none of
    its events is in this plan, so every one of them would be cancelled."""
    written_here = str(previous.get("PRODID", "")).startswith(PRODID.split(" ", 1)[0])
    uid = str(previous.get("UID", ""))
    if written_here and uid and uid != _calendar_uid(schedule):
        raise InputError(
            "the previous calendar is the plan of another roadmap, not of"
            f" '{schedule.roadmap.id}': every one of its events would be cancelled",
            path=source,
            hint="give the calendar written for this roadmap's plan, or leave it out",
        )


def _days_of(events: Iterable[Event]) -> Iterable[dt.date]:
    """Local dates of every start and end, to bound the VTIMEZONE definitions."""
    for event in events:
        for name in ("DTSTART", "DTEND"):
            value = getattr(event.get(name), "dt", None)
            if isinstance(value, dt.datetime):
                yield value.date()
            elif isinstance(value, dt.date):
                yield value
