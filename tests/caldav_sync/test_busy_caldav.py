"""Busy time read from a Radicale calendar: fetched raw, then respected by availability."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from aipm_planner.availability import availability_for
from aipm_planner.caldav_sync import fetch_busy_calendars
from aipm_planner.errors import SyncError
from aipm_planner.model import BusyCalDav

from . import dav, plans
from .server import Radicale

BERLIN = ZoneInfo(plans.ZONE)
START = dt.datetime(2027, 3, 1, tzinfo=BERLIN)
END = dt.datetime(2027, 3, 29, tzinfo=BERLIN)

# Every Monday 19:00-20:00 Berlin time, from a month before the plan starts.
WEEKLY = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hand//made//EN",
        "BEGIN:VEVENT",
        "UID:choir@example.org",
        "DTSTAMP:20270101T000000Z",
        "DTSTART;TZID=Europe/Berlin:20270201T190000",
        "DTEND;TZID=Europe/Berlin:20270201T200000",
        "RRULE:FREQ=WEEKLY;BYDAY=MO",
        "SUMMARY:Choir",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def _busy_user(server: Radicale, user: str) -> None:
    busy = dav.calendar(server.url, user, "Busy")
    dav.put(busy, "choir.ics", WEEKLY)
    # Wednesday 19:00-21:00, but free time (transparent): not busy.
    dav.put(
        busy,
        "free.ics",
        dav.ics(
            "free@example.org",
            "Maybe",
            "20270303T180000Z",
            "20270303T200000Z",
            "TRANSP:TRANSPARENT",
        ),
    )
    # Long before the plan: a time-range search does not return it.
    dav.put(
        busy, "old.ics", dav.ics("old@example.org", "Old", "20260105T180000Z", "20260105T190000Z")
    )
    # Another calendar of the same account, not named by the source.
    other = dav.calendar(server.url, user, "Other")
    dav.put(
        other, "x.ics", dav.ics("other@example.org", "X", "20270303T180000Z", "20270303T200000Z")
    )


def _uids(calendars: list[icalendar.Calendar]) -> list[str]:
    return sorted(str(event["UID"]) for calendar in calendars for event in calendar.walk("VEVENT"))


def test_fetch_returns_the_events_in_the_range(
    radicale: Radicale, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _busy_user(radicale, user)
    monkeypatch.setenv("BUSY_PW", "any")
    source = BusyCalDav(url=radicale.url, calendar="Busy", username=user, password_env="BUSY_PW")

    calendars = fetch_busy_calendars([source], START, END)

    assert _uids(calendars) == ["choir@example.org", "free@example.org"]
    (choir,) = [c for c in calendars if b"Choir" in c.to_ical()]
    (event,) = choir.events
    assert event.to_ical().decode().count("RRULE:FREQ=WEEKLY;BYDAY=MO\r\n") == 1


def test_without_a_calendar_name_every_calendar_is_read(
    radicale: Radicale, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _busy_user(radicale, user)
    monkeypatch.setenv("BUSY_PW", "any")
    source = BusyCalDav(url=radicale.url, username=user, password_env="BUSY_PW")
    calendars = fetch_busy_calendars([source], START, END)
    assert _uids(calendars) == ["choir@example.org", "free@example.org", "other@example.org"]


def test_availability_leaves_out_the_weekly_busy_event(
    radicale: Radicale, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _busy_user(radicale, user)
    monkeypatch.setenv("BUSY_PW", "any")
    profile = plans.profile(
        deadline="2027-03-14",
        busy_caldav=[
            {"url": radicale.url, "calendar": "Busy", "username": user, "password_env": "BUSY_PW"}
        ],
    )

    windows = availability_for(profile).windows

    def at(day: int, hour: int) -> dt.datetime:
        return dt.datetime(2027, 3, day, hour, tzinfo=BERLIN)

    # Mondays lose 19:00-20:00 to the choir; Wednesdays keep all of 19:00-21:00 (the
    # transparent event does not count, nor does the event in the other calendar).
    assert [(w.start, w.end) for w in windows] == [
        (at(1, 20), at(1, 21)),
        (at(3, 19), at(3, 21)),
        (at(8, 20), at(8, 21)),
        (at(10, 19), at(10, 21)),
    ]


def test_a_missing_calendar_names_the_entry(
    radicale: Radicale, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _busy_user(radicale, user)
    monkeypatch.setenv("BUSY_PW", "any")
    sources = [
        BusyCalDav(url=radicale.url, calendar="Busy", username=user, password_env="BUSY_PW"),
        BusyCalDav(url=radicale.url, calendar="Nope", username=user, password_env="BUSY_PW"),
    ]
    with pytest.raises(SyncError) as caught:
        fetch_busy_calendars(sources, START, END)
    assert str(caught.value) == f"busy_caldav.1: calendar 'Nope' not found at {radicale.url}"


def test_a_missing_password_variable_names_the_entry(radicale: Radicale, user: str) -> None:
    source = BusyCalDav(url=radicale.url, username=user, password_env="NO_SUCH_VARIABLE_X")
    with pytest.raises(SyncError) as caught:
        fetch_busy_calendars([source], START, END)
    assert str(caught.value) == (
        "busy_caldav.0: environment variable NO_SUCH_VARIABLE_X is not set; it should hold"
        " the CalDAV password"
    )


def test_an_unreachable_busy_server(radicale_factory: Callable[[], Radicale]) -> None:
    server = radicale_factory()
    server.stop()
    source = BusyCalDav(url=server.url, username="ann")
    with pytest.raises(SyncError) as caught:
        fetch_busy_calendars([source], START, END)
    assert str(caught.value) == (
        f"busy_caldav.0: cannot reach the CalDAV server at {server.url} while listing"
        " calendars: connection refused"
    )


def test_an_unreachable_busy_server_names_the_profile_file(
    radicale_factory: Callable[[], Radicale],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from aipm_planner.cli import main

    server = radicale_factory()
    server.stop()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "me.yaml").write_text(
        "timezone: UTC\nstart: 2027-03-01\navailability: {mon: ['19:00-21:00']}\n"
        f"busy_caldav:\n  - url: {server.url}\n    username: ann\n",
        encoding="utf-8",
    )
    assert main(["plan", "--profile", "me.yaml", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"error: me.yaml:5: busy_caldav.0: cannot reach the CalDAV server at {server.url}"
    )
    assert not (tmp_path / "study-plan.ics").exists()
