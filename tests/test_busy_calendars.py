"""Busy calendars (.ics fixtures in tests/fixtures/busy/) cut opaque events out of windows."""

from __future__ import annotations

import datetime as dt
import os
import sys
import types
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from aipm_planner.availability import Window, availability_for, expand_windows
from aipm_planner.busy import busy_intervals, read_busy_calendar
from aipm_planner.errors import InputError
from aipm_planner.model import BusyCalDav, LearnerProfile

FIXTURES = Path(__file__).parent / "fixtures" / "busy"
BERLIN = ZoneInfo("Europe/Berlin")
EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FIRST, LAST = dt.date(2024, 1, 8), dt.date(2024, 1, 21)


def _profile(*calendars: str, zone: str = "Europe/Berlin", **fields: Any) -> LearnerProfile:
    """Every evening 18:00-22:00 from Monday 8 January 2024, minus the given calendars."""
    fields.setdefault("availability", {day: ["18:00-22:00"] for day in EVERY_DAY})
    return LearnerProfile.model_validate(
        {
            "timezone": zone,
            "start": FIRST,
            "busy_calendars": [str(FIXTURES / name) for name in calendars],
            **fields,
        }
    )


def _changed(windows: list[Window]) -> list[str]:
    """The windows that are not a whole 18:00-22:00 evening, as 'day HH:MM-HH:MM'."""
    return [f"{w.start:%d %H:%M}-{w.end:%H:%M}" for w in windows if w.minutes != 240]


def _days(windows: list[Window]) -> list[int]:
    return [w.day.day for w in windows]


def test_rrule_with_exdate() -> None:
    windows = expand_windows(_profile("rrule_exdate.ics"), FIRST, LAST)
    # Monday 8th is cut in two; Monday 15th is an EXDATE and stays whole.
    assert _changed(windows) == ["08 18:00-19:00", "08 20:00-22:00"]
    assert _days(windows).count(15) == 1


def test_until_as_a_date_includes_that_day() -> None:
    # UNTIL=20240116 on a timed rule (RFC 5545 wants a date-time there, some exporters write
    # a date) means "through the 16th", as calendar apps show it.
    windows = expand_windows(_profile("until_date.ics"), FIRST, LAST)
    assert _changed(windows) == [
        "09 18:00-19:00",
        "09 20:00-22:00",
        "11 18:00-19:00",
        "11 20:00-22:00",
        "16 18:00-19:00",
        "16 20:00-22:00",
        "20 18:00-19:00",
        "20 19:30-22:00",
        "21 18:00-19:00",
        "21 19:30-22:00",
    ]


def test_until_before_the_start_keeps_the_first_occurrence() -> None:
    # RFC 5545: DTSTART always counts as the first occurrence, whatever the rule says.
    windows = expand_windows(_profile("until_before_start.ics"), FIRST, LAST)
    assert _changed(windows) == ["10 18:00-19:00", "10 20:00-22:00"]


def test_rdate_adds_an_occurrence() -> None:
    windows = expand_windows(_profile("rdate.ics"), FIRST, LAST)
    assert _changed(windows) == ["09 18:30-22:00", "11 18:00-21:30"]


def test_overridden_and_cancelled_instances() -> None:
    windows = expand_windows(_profile("override.ics"), FIRST, LAST)
    # 8th as planned, 9th moved to 18:00-19:00, 10th cancelled by its override.
    assert _changed(windows) == ["08 18:00-20:00", "08 21:00-22:00", "09 19:00-22:00"]


def test_all_day_event_removes_whole_local_days() -> None:
    windows = expand_windows(_profile("all_day.ics"), FIRST, LAST)
    assert _changed(windows) == []
    assert _days(windows) == [8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20, 21]


def test_all_day_event_uses_the_learners_zone_not_utc() -> None:
    # In Auckland (UTC+13) Friday 12th starts on Thursday 11:00 UTC: both windows of the
    # 12th and 13th go, those of the 11th and 14th stay.
    profile = _profile(
        "all_day.ics",
        zone="Pacific/Auckland",
        availability={"thu": ["23:00-24:00"], "fri": ["00:00-01:00"], "sun": ["00:00-01:00"]},
    )
    windows = expand_windows(profile, dt.date(2024, 1, 11), dt.date(2024, 1, 14))
    assert [(w.start.isoformat(), w.minutes) for w in windows] == [
        ("2024-01-11T23:00:00+13:00", 60),
        ("2024-01-14T00:00:00+13:00", 60),
    ]


def test_event_in_another_time_zone() -> None:
    # 13:00-14:00 in New York is 19:00-20:00 in Berlin.
    windows = expand_windows(_profile("other_tzid.ics"), FIRST, LAST)
    assert _changed(windows) == ["16 18:00-19:00", "16 20:00-22:00"]


def test_each_file_defines_its_own_custom_zones() -> None:
    # Exchange names zones it has no name for "Customized Time Zone": here +01:00 in one file
    # and +05:30 in the other. 23:30 at +05:30 on the 9th is 19:00 in Berlin.
    profile = _profile("custom_zone_berlin.ics", "custom_zone_india.ics")
    assert _changed(expand_windows(profile, FIRST, LAST)) == [
        "09 18:00-19:00",
        "09 20:00-22:00",
        "11 18:00-19:00",
        "11 20:00-22:00",
    ]


def test_exchange_name_of_utc_is_utc() -> None:
    # TZID="tzone://Microsoft/Utc" (Exchange meeting requests) is UTC: 17:00 is 18:00 in
    # Berlin; the EXDATE in the same zone removes the 9th.
    windows = expand_windows(_profile("exchange_utc.ics"), FIRST, LAST)
    assert _changed(windows) == ["08 19:00-22:00", "10 19:00-22:00"]


def test_vendor_prefixed_zone_name_is_read_quietly() -> None:
    # Evolution and older libical write TZID=/freeassociation.sourceforge.net/Tzfile/<IANA>;
    # the zone is the IANA name at its end, and reading it prints no warning.
    windows = expand_windows(_profile("vendor_tzid.ics"), FIRST, LAST)
    assert _changed(windows) == ["10 18:00-19:00", "10 20:00-22:00"]


def test_x_wr_timezone_keeps_local_time_across_dst() -> None:
    # The lunch is 12:00 New York time on both Thursdays; after the US switch on 10 March it
    # is 16:00 UTC (17:00 in Berlin), not 17:00 UTC as the UTC DTSTART alone would say.
    profile = _profile("x_wr_timezone.ics", availability={"thu": ["17:00-19:00"]})
    windows = expand_windows(profile, dt.date(2024, 3, 7), dt.date(2024, 3, 14))
    assert [f"{w.start:%d %H:%M}-{w.end:%H:%M}" for w in windows] == [
        "07 17:00-18:00",  # 17:00 UTC = 18:00 Berlin
        "14 18:00-19:00",
    ]


def test_floating_time_is_the_learners_wall_time() -> None:
    windows = expand_windows(_profile("floating.ics"), FIRST, LAST)
    assert _changed(windows) == ["18 18:00-19:00", "18 20:00-22:00"]


def test_busy_events_in_both_passes_of_the_repeated_hour() -> None:
    # Berlin repeats 02:00-03:00 on 27 October 2024: 02:00-02:45 summer time and 02:00-02:30
    # winter time are two events an hour apart, although their wall times overlap.
    profile = _profile("repeated_hour.ics", availability={"sun": ["00:00-04:00"]})
    day = dt.date(2024, 10, 27)
    assert [(w.start.isoformat(), w.minutes) for w in expand_windows(profile, day, day)] == [
        ("2024-10-27T00:00:00+02:00", 120),
        ("2024-10-27T02:30:00+01:00", 90),
    ]


def test_floating_event_ending_in_the_repeated_hour_is_one_stretch() -> None:
    # 23:00-02:30 on the night Berlin repeats 02:00-03:00 runs until the second 02:30
    # (01:30 UTC): the first pass of 02:30-03:00 is inside the event, not a free half hour.
    profile = _profile("floating_fall_back.ics", availability={"sun": ["00:00-04:00"]})
    day = dt.date(2024, 10, 27)
    assert [(w.start.isoformat(), w.minutes) for w in expand_windows(profile, day, day)] == [
        ("2024-10-27T02:30:00+01:00", 90)
    ]


def test_floating_time_of_an_x_wr_timezone_calendar_is_in_that_zone() -> None:
    windows = expand_windows(_profile("x_wr_floating.ics"), FIRST, LAST)
    assert _changed(windows) == ["10 18:00-19:00", "10 20:00-22:00"]


def test_transparent_and_cancelled_events_are_not_busy() -> None:
    windows = expand_windows(_profile("transparent_cancelled.ics"), FIRST, LAST)
    assert _changed(windows) == ["21 21:00-22:00"]


def test_outlook_events_shown_as_free_are_not_busy() -> None:
    # Outlook's own "show as" (X-MICROSOFT-CDO-BUSYSTATUS): FREE is free even when TRANSP
    # says OPAQUE; tentative and out-of-office are busy.
    windows = expand_windows(_profile("outlook_free.ics"), FIRST, LAST)
    assert _changed(windows) == ["09 18:00-19:00", "09 20:00-22:00"]
    assert 10 not in _days(windows)


def test_published_free_busy_periods_are_busy_unless_marked_free() -> None:
    # VFREEBUSY periods in UTC (Berlin is UTC+1): BUSY, a duration, BUSY-TENTATIVE and the
    # default type are busy; the FBTYPE=FREE evening of the 11th stays whole.
    windows = expand_windows(_profile("free_busy.ics"), FIRST, LAST)
    assert _changed(windows) == [
        "08 19:00-22:00",
        "09 18:00-20:00",
        "09 21:30-22:00",
        "10 18:00-21:00",
        "10 21:30-22:00",
        "12 18:00-19:00",
        "12 20:00-22:00",
    ]


def test_endless_rule_is_expanded_over_the_horizon_only() -> None:
    windows = expand_windows(_profile("endless.ics"), FIRST, LAST)
    assert _changed(windows) == [f"{day:02d} 18:30-22:00" for day in range(8, 22)]
    availability = availability_for(_profile("endless.ics"), end=dt.date(2034, 1, 7))
    assert {w.minutes for w in availability.windows} == {210}
    assert len(availability.windows) == 3653


def test_busy_seconds_are_rounded_outward() -> None:
    windows = expand_windows(_profile("seconds.ics"), FIRST, LAST)
    assert _changed(windows) == ["08 18:00-19:00", "08 20:01-22:00"]


def test_busy_pieces_shorter_than_a_session_are_dropped() -> None:
    # Dinner 18:00-18:30 cuts 17:45-19:00 into 15 and 30 minutes: the 15 go.
    profile = _profile("endless.ics", availability={"mon": ["17:45-19:00"]})
    assert _changed(expand_windows(profile, FIRST, FIRST)) == ["08 18:30-19:00"]
    longer_sessions = _profile(
        "endless.ics",
        availability={"mon": ["17:45-19:00"]},
        session={"min_minutes": 31, "max_minutes": 60},
    )
    assert expand_windows(longer_sessions, FIRST, FIRST) == []


def test_several_calendars_add_up() -> None:
    windows = expand_windows(_profile("rdate.ics", "other_tzid.ics"), FIRST, LAST)
    assert _changed(windows) == [
        "09 18:30-22:00",
        "11 18:00-21:30",
        "16 18:00-19:00",
        "16 20:00-22:00",
    ]


def test_several_vcalendars_in_one_file_add_up() -> None:
    # Calendars exported one after another into one file: the first one's X-WR-TIMEZONE
    # applies to its own events only (18:00 UTC is 19:00 in Berlin).
    windows = expand_windows(_profile("two_calendars.ics"), FIRST, LAST)
    assert _changed(windows) == [
        "09 18:00-19:00",
        "09 20:00-22:00",
        "11 18:00-19:00",
        "11 20:30-22:00",
        "16 18:00-19:00",
        "16 20:00-22:00",
    ]


def test_relative_paths_are_read_from_the_working_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(FIXTURES)
    profile = LearnerProfile.model_validate(
        {
            "timezone": "Europe/Berlin",
            "start": FIRST,
            "availability": {"tue": ["18:00-22:00"]},
            "busy_calendars": ["other_tzid.ics"],
        }
    )
    assert _changed(expand_windows(profile, FIRST, LAST)) == ["16 18:00-19:00", "16 20:00-22:00"]


def test_busy_intervals_are_merged_clipped_and_in_the_learners_zone() -> None:
    calendar = read_busy_calendar(str(FIXTURES / "override.ics"))
    start = dt.datetime(2024, 1, 8, 20, 30, tzinfo=BERLIN)
    end = dt.datetime(2024, 1, 11, tzinfo=BERLIN)
    assert busy_intervals(calendar, start, end, BERLIN) == [
        (start, dt.datetime(2024, 1, 8, 21, tzinfo=BERLIN)),
        (dt.datetime(2024, 1, 9, 18, tzinfo=BERLIN), dt.datetime(2024, 1, 9, 19, tzinfo=BERLIN)),
    ]


def test_everything_busy_names_busy_calendars(tmp_path: Path) -> None:
    (tmp_path / "all.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:x\r\n"
        "DTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240101\r\n"
        "DTEND;VALUE=DATE:20250101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    profile = _profile(busy_calendars=[str(tmp_path / "all.ics")])
    with pytest.raises(InputError) as caught:
        availability_for(profile, end=LAST)
    assert caught.value.field == "busy_calendars"
    assert caught.value.reason == (
        "all your windows are blacked out or busy between 2024-01-08 and 2024-01-21"
    )


# --- files that cannot be used -------------------------------------------------------------


def _error(path: str) -> InputError:
    profile = _profile(busy_calendars=[str(FIXTURES / "rdate.ics"), path])
    with pytest.raises(InputError) as caught:
        expand_windows(profile, FIRST, LAST)
    assert caught.value.path == path
    assert caught.value.field == "busy_calendars.1"
    assert caught.value.value == path
    return caught.value


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("garbage.ics", "not an iCalendar file: Content line could not be parsed"),
        ("empty.ics", "busy calendar file is empty"),
        ("cut_short.ics", "busy calendar is cut short: a BEGIN line has no matching END line"),
        ("event_only.ics", "not an iCalendar file: it does not start with BEGIN:VCALENDAR"),
        (
            "bad_event.ics",
            "busy calendar has an event whose DTSTART cannot be read: Wrong datetime format:"
            " tomorrow evening (event broken@tests)",
        ),
        ("no_start.ics", "busy calendar has an event that cannot be read: it has no DTSTART"),
        (
            "unknown_tzid.ics",
            "busy calendar has an event whose DTSTART is in an unknown time zone"
            " (TZID=Eastern Time (custom), event nowhere@tests)",
        ),
        ("minutely.ics", "busy calendar has more than 300 events a day around 2024-01-08"),
        ("secondly.ics", "busy calendar has an event repeating every second (every-second@"),
        (
            "interval_zero.ics",
            "busy calendar has an event whose RRULE has INTERVAL=0 (never-advances@tests)",
        ),
    ],
)
def test_unusable_calendar_files_name_the_file(name: str, reason: str) -> None:
    error = _error(str(FIXTURES / name))
    assert error.reason.startswith(reason)
    assert str(error).startswith(f"{FIXTURES / name}: busy_calendars.1: {reason}")


def test_missing_file(tmp_path: Path) -> None:
    error = _error(str(tmp_path / "nowhere.ics"))
    assert error.reason == "busy calendar file not found"


def test_directory_instead_of_a_file(tmp_path: Path) -> None:
    assert _error(str(tmp_path)).reason == "busy calendar is a directory, not an .ics file"


def test_huge_file(tmp_path: Path) -> None:
    huge = tmp_path / "huge.ics"
    with huge.open("wb") as handle:
        handle.truncate(11 * 1024 * 1024)
    assert _error(str(huge)).reason == (
        "busy calendar is too large (11534336 bytes; at most 10485760)"
    )


def test_unreadable_path(tmp_path: Path) -> None:
    # A path through a regular file cannot be opened, whoever runs the test.
    (tmp_path / "file").write_text("")
    error = _error(str(tmp_path / "file" / "busy.ics"))
    assert error.reason == "cannot read busy calendar: Not a directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_file_without_read_permission(tmp_path: Path) -> None:
    locked = tmp_path / "locked.ics"
    locked.write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    locked.chmod(0)
    try:
        assert _error(str(locked)).reason == "cannot read busy calendar: Permission denied"
    finally:
        locked.chmod(0o644)


# --- CalDAV calendars go through the same function -----------------------------------------


def test_caldav_calendars_are_fetched_lazily_and_subtracted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[list[BusyCalDav], dt.datetime, dt.datetime]] = []

    def fetch(
        sources: list[BusyCalDav], start: dt.datetime, end: dt.datetime
    ) -> list[icalendar.Calendar]:
        calls.append((sources, start, end))
        return [read_busy_calendar(str(FIXTURES / "floating.ics"))]

    fake = types.ModuleType("aipm_planner.caldav_sync")
    fake.fetch_busy_calendars = fetch  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "aipm_planner.caldav_sync", fake)
    profile = _profile(busy_caldav=[{"url": "https://dav.example.com/cal/", "username": "me"}])
    windows = expand_windows(profile, FIRST, LAST)
    assert _changed(windows) == ["18 18:00-19:00", "18 20:00-22:00"]
    ((sources, start, end),) = calls
    assert [s.url for s in sources] == ["https://dav.example.com/cal/"]
    assert (start, end) == (
        dt.datetime(2024, 1, 7, 23, tzinfo=dt.UTC),
        dt.datetime(2024, 1, 21, 23, tzinfo=dt.UTC),
    )


def test_everything_busy_in_caldav_names_busy_caldav(monkeypatch: pytest.MonkeyPatch) -> None:
    def fetch(
        sources: list[BusyCalDav], start: dt.datetime, end: dt.datetime
    ) -> list[icalendar.Calendar]:
        return [read_busy_calendar(str(FIXTURES / "all_day.ics"))]

    fake = types.ModuleType("aipm_planner.caldav_sync")
    fake.fetch_busy_calendars = fetch  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "aipm_planner.caldav_sync", fake)
    profile = _profile(
        availability={"fri": ["18:00-22:00"]},
        busy_caldav=[{"url": "https://dav.example.com/cal/"}],
    )
    with pytest.raises(InputError) as caught:
        availability_for(profile, end=dt.date(2024, 1, 13))
    assert caught.value.field == "busy_caldav"
