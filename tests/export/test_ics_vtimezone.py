"""The VTIMEZONE says when the clocks change, every change, as every reader takes it.

RFC 5545 (3.6.5) writes an observance's onset as the local time before the change (in
``TZOFFSETFROM``): New York springs forward at 02:00, not 03:00. The onsets are ``DTSTART``
and every ``RDATE``; ical.js (Thunderbird, Nextcloud and other web calendars) reads only
the RDATEs when an observance has any, and only the first value of each, so ``DTSTART``
is listed among them and each RDATE holds one value. A reader that follows the
definition instead of its own copy of the zone gets a session's time right only if no
change of the plan's years is missing, short ones such as Morocco's Ramadan hour included.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Component

from aipm_planner.export.ics import to_ics

from .schedules import SessionSpec, build, profile, utc

# Plans over 2027 and 2028: 30-minute DST (Lord Howe), a change at 02:45 (Chatham), at
# midnight (Santiago), a negative DST (Dublin), Ramadan changes (Casablanca).
ZONES = [
    "America/New_York",
    "Europe/Berlin",
    "Europe/Dublin",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Santiago",
    "Africa/Casablanca",
]
SPECS = (("intro", utc(2027, 3, 22, 18), 60), ("proto", utc(2028, 11, 20, 18), 60))
# A plan over 2026 and 2027 in Casablanca: the clocks go back an hour for Ramadan from
# 2027-02-07 to 2027-03-14, five weeks, between two periods of the same offset.
RAMADAN = (("intro", utc(2026, 12, 21, 18), 60), ("proto", utc(2027, 3, 1, 18), 60))
CASES = [(name, SPECS, 2027) for name in ZONES] + [("Africa/Casablanca", RAMADAN, 2026)]


def offset(component: Component, name: str) -> dt.timedelta:
    td: dt.timedelta = cast(Any, component[name]).td
    return td


def rfc_onsets(observance: Component) -> set[dt.datetime]:
    """DTSTART and every RDATE value, each in its local time before the change."""
    rdates = observance.get("RDATE", [])
    values = [v.dt for prop in (rdates if isinstance(rdates, list) else [rdates]) for v in prop.dts]
    return {cast(Any, observance["DTSTART"]).dt, *values}


def ical_js_onsets(observance: Component) -> set[dt.datetime]:
    """The onsets as ical.js reads them: the first value of each RDATE, else DTSTART."""
    rdates = observance.get("RDATE", [])
    props = rdates if isinstance(rdates, list) else [rdates]
    if not props:
        return {cast(Any, observance["DTSTART"]).dt}
    return {prop.dts[0].dt for prop in props}


def transitions(zone: ZoneInfo, first: dt.datetime, last: dt.datetime) -> set[dt.datetime]:
    """Every UTC instant in [first, last) where the zone's UTC offset changes."""
    found: set[dt.datetime] = set()
    moment = first
    while moment < last:
        later = moment + dt.timedelta(hours=1)
        if moment.astimezone(zone).utcoffset() != later.astimezone(zone).utcoffset():
            low, high = moment, later  # the change is in (low, high]
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                same = middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset()
                low, high = (middle, high) if same else (low, middle)
            found.add(high)
        moment = later
    return found


@pytest.mark.parametrize(("name", "specs", "year"), CASES)
def test_onsets_are_the_zones_changes_for_every_reader(
    name: str, specs: tuple[SessionSpec, ...], year: int
) -> None:
    schedule = build(prof=profile(name, start=specs[0][1].date()), specs=specs)
    calendar = Calendar.from_ical(to_ics(schedule))
    (timezone,) = calendar.walk("VTIMEZONE")
    zone = ZoneInfo(name)
    changes: set[dt.datetime] = set()
    for observance in timezone.subcomponents:
        before, after = offset(observance, "TZOFFSETFROM"), offset(observance, "TZOFFSETTO")
        onsets = rfc_onsets(observance)
        assert ical_js_onsets(observance) == onsets
        if before == after:
            continue  # the first observance: where the definition starts, not a change
        for local in onsets:
            instant = (local - before).replace(tzinfo=dt.UTC)
            assert instant.astimezone(zone).utcoffset() == after, (name, local)
            assert (instant - dt.timedelta(minutes=1)).astimezone(zone).utcoffset() == before
            changes.add(instant)
    # The definition covers the plan's whole span: both years, every change in them.
    first = dt.datetime(year, 1, 2, tzinfo=dt.UTC)
    assert changes == transitions(zone, first, dt.datetime(year + 2, 1, 1, tzinfo=dt.UTC))
    assert len(changes) >= 4
