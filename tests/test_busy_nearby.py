"""Busy events far from the plan are left out before parsing, and one-time events are read
without the recurrence expansion, without changing busy time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aipm_planner.busy import busy_intervals, parse_quietly, read_busy_calendar
from aipm_planner.busy_nearby import events_near
from aipm_planner.errors import InputError
from aipm_planner.loading import load_profile
from aipm_planner.model import LearnerProfile
from aipm_planner.wall_time import first_instant

FIXTURES = Path(__file__).parent / "fixtures" / "busy"
READABLE = sorted(
    path
    for path in FIXTURES.glob("*.ics")
    if path.stem
    not in {"bad_event", "cut_short", "empty", "event_only", "garbage", "interval_zero"}
    | {"minutely", "no_start", "secondly", "unknown_tzid"}
)
BERLIN = ZoneInfo("Europe/Berlin")
ZONES = ("Pacific/Kiritimati", "Etc/GMT+12", "Europe/Berlin", "America/New_York", "UTC")


def _busy(data: bytes, first: dt.date, last: dt.date, zone: ZoneInfo) -> list[object]:
    calendars = parse_quietly(data)
    start = first_instant(zone, dt.datetime.combine(first, dt.time()))
    end = first_instant(zone, dt.datetime.combine(last + dt.timedelta(days=1), dt.time()))
    return [busy_intervals(calendar, start, end, zone) for calendar in calendars]


@pytest.mark.parametrize("path", READABLE, ids=lambda path: path.stem)
@pytest.mark.parametrize("days", [1, 9, 40])
def test_every_readable_fixture_gives_the_same_busy_time_near_its_events(
    path: Path, days: int
) -> None:
    data = path.read_bytes()
    calendar = read_busy_calendar(str(path))
    starts: set[dt.date] = set()
    for kind in ("VEVENT", "VFREEBUSY"):
        for event in calendar.walk(kind):
            start: object = event.decoded("DTSTART") if "DTSTART" in event else None
            if isinstance(start, dt.datetime):
                starts.add(start.date())
            elif isinstance(start, dt.date):
                starts.add(start)
    assert starts, path
    for day in sorted(starts):
        for first in (day - dt.timedelta(days=days), day + dt.timedelta(days=1)):
            last = first + dt.timedelta(days=days)
            expected = _busy(data, first, last, BERLIN)
            assert _busy(events_near(data, first, last), first, last, BERLIN) == expected
            if len(expected) == 1 and b"VFREEBUSY" not in data:
                assert [_expanded(data, first, last, BERLIN)] == expected, (path.stem, first)


def _event(uid: str, start: dt.datetime, minutes: int, style: str, zone: str) -> str:
    local = start.astimezone(ZoneInfo(zone))
    end = local + dt.timedelta(minutes=minutes)
    head = f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
    if style == "all-day":
        return (
            f"{head}DTSTART;VALUE=DATE:{local:%Y%m%d}\r\n"
            f"DTEND;VALUE=DATE:{end.date() + dt.timedelta(days=1):%Y%m%d}\r\nEND:VEVENT\r\n"
        )
    if style == "utc":
        return (
            f"{head}DTSTART:{start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}\r\n"
            f"DURATION:PT{minutes}M\r\nEND:VEVENT\r\n"
        )
    if style == "weekly":
        return (
            f"{head}DTSTART;TZID={zone}:{local:%Y%m%dT%H%M%S}\r\n"
            f"DTEND;TZID={zone}:{end:%Y%m%dT%H%M%S}\r\nRRULE:FREQ=WEEKLY;COUNT=30\r\nEND:VEVENT\r\n"
        )
    # Lower-case property names are legal (RFC 5545 names are case-insensitive).
    return (
        f"{head}dtstart;tzid={zone}:{local:%Y%m%dT%H%M%S}\r\n"
        f"dtend;tzid={zone}:{end:%Y%m%dT%H%M%S}\r\nEND:VEVENT\r\n"
    )


EVENTS = st.lists(
    st.tuples(
        st.integers(min_value=-60 * 24 * 400, max_value=60 * 24 * 400),  # minutes from origin
        st.integers(min_value=5, max_value=60 * 24 * 3),
        st.sampled_from(("zoned", "all-day", "utc", "weekly")),
        st.sampled_from(ZONES),
        st.integers(min_value=0, max_value=3),  # UID, shared by several events now and then
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(
    events=EVENTS,
    zone=st.sampled_from(ZONES),
    offset=st.integers(min_value=-5, max_value=5),
    days=st.integers(min_value=1, max_value=20),
)
def test_leaving_far_events_out_never_changes_busy_time(
    events: list[tuple[int, int, str, str, int]], zone: str, offset: int, days: int
) -> None:
    origin = dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)
    body = "".join(
        _event(f"{uid if uid else n}@x", origin + dt.timedelta(minutes=at), length, style, tz)
        for n, (at, length, style, tz, uid) in enumerate(events)
    )
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{body}END:VCALENDAR\r\n"
    first = origin.date() + dt.timedelta(days=offset)
    last = first + dt.timedelta(days=days)
    encoded = data.encode()
    expected = _busy(encoded, first, last, ZoneInfo(zone))
    assert _busy(events_near(encoded, first, last), first, last, ZoneInfo(zone)) == expected
    assert [_expanded(encoded, first, last, ZoneInfo(zone))] == expected


def _expanded(data: bytes, first: dt.date, last: dt.date, zone: ZoneInfo) -> list[object]:
    """Busy time with every event, one-time ones too, expanded by recurring-ical-events."""
    import recurring_ical_events
    import x_wr_timezone

    from aipm_planner.busy import _event_span, _is_busy, _round_out
    from aipm_planner.wall_time import merge_intervals

    (calendar,) = parse_quietly(data)
    low = first_instant(zone, dt.datetime.combine(first, dt.time())).astimezone(dt.UTC)
    high = first_instant(zone, dt.datetime.combine(last + dt.timedelta(days=1), dt.time()))
    high = high.astimezone(dt.UTC)
    day = dt.timedelta(days=1)
    standard = x_wr_timezone.to_standard(calendar)
    events = recurring_ical_events.of(standard).between(low - day, high + day)
    spans = [span for event in events if _is_busy(event) for span in _event_span(event, zone)]
    clipped = (_round_out(max(a, low), min(b, high)) for a, b in spans if a < high and b > low)
    return [(a.astimezone(zone), b.astimezone(zone)) for a, b in merge_intervals(clipped)]


def _calendar(*events: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
        + "".join(events)
        + "END:VCALENDAR\r\n"
    ).encode()


def _one_time(uid: str, day: str, extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{day}T100000Z\r\nDTEND:{day}T110000Z\r\n{extra}END:VEVENT\r\n"
    )


def test_events_years_away_are_left_out_and_the_rest_kept_byte_for_byte() -> None:
    near = _one_time("near", "20270105")
    weekly = _one_time("weekly", "20190105", "RRULE:FREQ=WEEKLY\r\n")
    data = _calendar(_one_time("old", "20190105"), near, weekly, _one_time("later", "20310105"))
    kept = events_near(data, dt.date(2027, 1, 4), dt.date(2027, 6, 30))
    assert kept == _calendar(near, weekly)


def test_versions_of_one_event_are_both_kept() -> None:
    # Two events with one UID are two versions of one event: which one counts is the
    # parser's choice, so a far version is not left out.
    data = _calendar(_one_time("same", "20190105"), _one_time("same", "20270105"))
    assert events_near(data, dt.date(2027, 1, 4), dt.date(2027, 6, 30)) == data


@pytest.mark.parametrize(
    "odd",
    [
        "DTSTART;TZID=Europe/Berlin:2019\r\n 0105T100000\r\nDTEND:20190105T110000Z\r\n",  # folded
        "DTSTART:20190105T100000Z\r\nDURATION:-P1D\r\n",  # a duration this reader skips
        "DTSTART:20190105T100000Z\r\nDTSTART:20190106T100000Z\r\n",  # two starts
        "DTSTART:garbage\r\n",
    ],
)
def test_an_event_whose_dates_are_not_plainly_written_is_kept(odd: str) -> None:
    event = f"BEGIN:VEVENT\r\nUID:odd\r\nDTSTAMP:20260101T000000Z\r\n{odd}END:VEVENT\r\n"
    data = _calendar(event)
    assert events_near(data, dt.date(2027, 1, 4), dt.date(2027, 6, 30)) == data


def test_validate_still_reads_every_event(tmp_path: Path) -> None:
    # A plan leaves an unreadable event from years before unread; validate reports it.
    broken = (
        "BEGIN:VEVENT\r\nUID:broken@x\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Nowhere/Land:20190105T100000\r\nDTEND;TZID=Nowhere/Land:20190105T110000"
        "\r\nEND:VEVENT\r\n"
    )
    (tmp_path / "busy.ics").write_bytes(_calendar(broken, _one_time("near", "20270104")))
    (tmp_path / "me.yaml").write_text(
        "timezone: Europe/Berlin\nstart: 2027-01-04\n"
        'availability: {mon: ["09:00-12:00"]}\nbusy_calendars: [busy.ics]\n'
    )
    profile: LearnerProfile = load_profile(tmp_path / "me.yaml")
    from aipm_planner.availability import expand_windows
    from aipm_planner.busy import check_busy_calendars

    windows = expand_windows(profile, dt.date(2027, 1, 4), dt.date(2027, 1, 10))
    assert [(w.start.hour, w.end.hour) for w in windows] == [(9, 11)]  # 10:00 UTC = 11:00
    with pytest.raises(InputError, match="Nowhere/Land"):
        check_busy_calendars(profile)
