"""Re-planning a calendar: SEQUENCE from the previous export, cancellations of what vanished.

An event whose time or text changed gets a ``SEQUENCE`` one higher than in the previous
export; an unchanged one, or one whose only change is its session count, keeps its number
(RFC 5545, 3.8.7.4: a revision that matters to the learner is a new sequence). Events of
the previous export that no longer exist are written once more with ``STATUS:CANCELLED``
and stay in later exports as cancelled.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from icalendar import Calendar, Event

__all__ = [
    "KIND",
    "MODULE",
    "PHASE",
    "UTC_ZONES",
    "cancellation",
    "instant",
    "read_events",
    "revise",
    "same_content",
    "sequence_of",
]

KIND = "X-AIPM-KIND"
"""``session`` or ``milestone``: marks an event as made by aipm_planner."""
MODULE = "X-AIPM-MODULE"
"""The module id of a session event."""
PHASE = "X-AIPM-PHASE"
"""The phase id of a session or milestone event."""
UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"})
"""Zone names written as UTC (``Z`` times, no VTIMEZONE)."""

# Text properties whose change is a change of the event (SEQUENCE rises).
_TEXT = ("SUMMARY", "DESCRIPTION", "LOCATION", "URL", "STATUS", "TRANSP")
_COUNT = re.compile(r"^(.* \(\d+)/\d+\)$", re.DOTALL)
"""A session's SUMMARY, ``Title (3/12)``: the count after the slash is left out..."""
_COUNT_TEXT = re.compile(r"^(.*?: session \d+) of \d+$", re.MULTILINE)
"""...and from its DESCRIPTION's first line, ``Title: session 3 of 12``."""
_SEQUENCE_MOST = 2**31 - 1
"""RFC 5545 integers end here; a previous SEQUENCE must leave room for one more."""


def read_events(calendar: Calendar) -> None:
    """Read every event as re-planning will, so that a damaged one (a date that is not a
    date, a SEQUENCE out of range) raises ``ValueError`` here, as bad input."""
    for event in calendar.events:
        _fingerprint(event)
        instant(event.get("DTSTART"))
        instant(event.get("DTEND"))
        if not 0 <= sequence_of(event) < _SEQUENCE_MOST:
            raise ValueError(f"SEQUENCE {sequence_of(event)} of {event.get('UID')} is out of range")


def revise(events: list[Event], previous: Calendar, stamp: dt.datetime) -> list[Event]:
    """Set each event's SEQUENCE from ``previous``; return cancellations of vanished events.

    SEQUENCE rises when an event moved or changed, but not when only its session count
    did (``(3/12)`` becoming ``(3/13)`` when a missed session adds one to its module): a
    session that stays where it was keeps its SEQUENCE, and its new text is still written.
    """
    earlier: dict[str, Event] = {}
    sequences: dict[str, int] = {}
    for old in previous.events:
        uid = str(old.get("UID", ""))
        if not uid:
            continue
        earlier.setdefault(uid, old)
        sequences[uid] = max(sequences.get(uid, 0), sequence_of(old))
    current = {str(event["UID"]) for event in events}
    for event in events:
        uid = str(event["UID"])
        if uid in earlier:
            # Compare decoded values of both sides: the previous file went through a
            # parser, so the new event does too before its fingerprint is taken.
            same = _fingerprint(_reparsed(event), counted=False) == _fingerprint(
                earlier[uid], counted=False
            )
            event.sequence = sequences[uid] if same else sequences[uid] + 1
    cancelled: list[Event] = []
    for uid, old in earlier.items():
        if uid in current or KIND not in old:
            continue
        if instant(old.get("DTSTART")) is None:
            # Without a start it was never a valid event (RFC 5545, 3.6.1), so no client
            # holds it; a cancellation without one would make this calendar invalid too.
            continue
        if str(old.get("STATUS", "")).upper() == "CANCELLED":
            # Cancelled before: it stays cancelled, unchanged, so that if the event comes
            # back in a later plan its SEQUENCE rises above the cancellation's.
            cancelled.append(cancellation(old, sequences[uid], stamp))
        else:
            cancelled.append(cancellation(old, sequences[uid] + 1, stamp))
    return cancelled


def cancellation(old: Event, sequence: int, stamp: dt.datetime) -> Event:
    """The vanished event once more, cancelled: clients that import it remove their copy."""
    from icalendar import Event
    from icalendar.enums import STATUS, TRANSP

    start, end = instant(old.get("DTSTART")), instant(old.get("DTEND"))
    if end is None or start is None or type(start) is not type(end) or end <= start:
        end = None
    event = Event.new(
        uid=str(old["UID"]),
        stamp=stamp,
        start=start,
        end=end,
        summary=str(old.get("SUMMARY", "")) or None,
        transparency=TRANSP.TRANSPARENT,
        status=STATUS.CANCELLED,
        sequence=sequence,
    )
    for name in (KIND, MODULE, PHASE):
        if name in old:
            event.add(name, str(old[name]))
    return event


def instant(prop: Any) -> dt.date | None:
    """A decoded DTSTART/DTEND; times in UTC, so no time zone definition is needed for them."""
    value = getattr(prop, "dt", None)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC) if value.tzinfo is not None else value
    return value if isinstance(value, dt.date) else None


def sequence_of(event: Event) -> int:
    try:
        return int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


def same_content(event: Event, earlier: Event) -> bool:
    """Whether ``event`` (as written now) shows a learner exactly what ``earlier`` (as read
    back from a file or a server) does, its session count included."""
    return _fingerprint(_reparsed(event)) == _fingerprint(earlier)


def _reparsed(event: Event) -> Event:
    """``event`` written and read back: compared with an event read from a file, both sides
    must have gone through the parser."""
    from icalendar import Event

    reparsed = Event.from_ical(event.to_ical())
    assert isinstance(reparsed, Event)
    return reparsed


def _fingerprint(event: Event, *, counted: bool = True) -> tuple[Any, ...]:
    """What a learner sees of an event: times (instant and zone), texts, categories, alarms;
    without the session count of a session's texts unless ``counted``."""
    times = tuple(_when(event.get(name)) for name in ("DTSTART", "DTEND"))
    texts = tuple(str(event.get(name, "")) for name in _TEXT)
    if not counted and str(event.get(KIND, "")) == "session":
        texts = (_COUNT.sub(r"\1", texts[0]), _COUNT_TEXT.sub(r"\1", texts[1]), *texts[2:])
    categories = tuple(event.categories)
    alarms = tuple(
        (str(alarm.get("ACTION", "")), _trigger(alarm.get("TRIGGER")))
        for alarm in event.walk("VALARM")
    )
    return (times, texts, categories, alarms)


def _when(prop: Any) -> tuple[Any, ...]:
    value = getattr(prop, "dt", None)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return ("floating", value)
        key = str(prop.params.get("TZID", "UTC"))
        return ("time", value.astimezone(dt.UTC), "UTC" if key in UTC_ZONES else key)
    return ("date", value)


def _trigger(prop: Any) -> str:
    value = getattr(prop, "dt", None)
    return str(value)
