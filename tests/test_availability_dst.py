"""Windows on DST days: gaps keep only existing time, repeats count every real minute."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from aipm_planner.availability import Grid, Window, expand_windows, first_instant, wall_span
from aipm_planner.model import LearnerProfile

UTC = dt.UTC


def _windows(zone: str, day: dt.date, slot: str) -> list[Window]:
    """The windows of one weekly slot on ``day`` (shortest session 5 minutes)."""
    weekday = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
    profile = LearnerProfile.model_validate(
        {
            "timezone": zone,
            "start": day,
            "availability": {weekday: [slot]},
            "session": {"min_minutes": 5, "max_minutes": 120},
        }
    )
    return expand_windows(profile, day, day)


def _shape(windows: list[Window]) -> list[tuple[str, str, int]]:
    return [(w.start.isoformat(), w.end.isoformat(), w.minutes) for w in windows]


# Europe/Berlin: 2024-03-31 jumps 02:00 -> 03:00; 2024-10-27 repeats 02:00-03:00.
BERLIN_SPRING = dt.date(2024, 3, 31)
BERLIN_FALL = dt.date(2024, 10, 27)


def test_berlin_ordinary_sunday_lasts_its_wall_time() -> None:
    assert _shape(_windows("Europe/Berlin", dt.date(2024, 3, 24), "01:30-03:30")) == [
        ("2024-03-24T01:30:00+01:00", "2024-03-24T03:30:00+01:00", 120)
    ]


def test_berlin_spring_forward_keeps_only_existing_time_as_one_window() -> None:
    assert _shape(_windows("Europe/Berlin", BERLIN_SPRING, "01:30-03:30")) == [
        ("2024-03-31T01:30:00+01:00", "2024-03-31T03:30:00+02:00", 60)
    ]


def test_berlin_spring_forward_start_in_gap_moves_to_first_existing_minute() -> None:
    assert _shape(_windows("Europe/Berlin", BERLIN_SPRING, "02:30-04:00")) == [
        ("2024-03-31T03:00:00+02:00", "2024-03-31T04:00:00+02:00", 60)
    ]


def test_berlin_spring_forward_end_in_gap_stops_at_the_jump() -> None:
    # The jump instant (01:00 UTC) reads 03:00 +02:00: the last existing wall time is 01:59.
    assert _shape(_windows("Europe/Berlin", BERLIN_SPRING, "01:00-02:30")) == [
        ("2024-03-31T01:00:00+01:00", "2024-03-31T03:00:00+02:00", 60)
    ]


def test_berlin_spring_forward_slot_inside_the_gap_disappears() -> None:
    assert _windows("Europe/Berlin", BERLIN_SPRING, "02:15-02:45") == []


def test_berlin_fall_back_counts_the_repeated_hour_twice() -> None:
    # 01:00 at +02:00 until 03:00 at +01:00: three real hours (fold=0 start, fold=1 end).
    windows = _windows("Europe/Berlin", BERLIN_FALL, "01:00-03:00")
    assert _shape(windows) == [("2024-10-27T01:00:00+02:00", "2024-10-27T03:00:00+01:00", 180)]
    assert windows[0].start.fold == 0


def test_berlin_fall_back_slot_inside_the_repeat_happens_twice() -> None:
    assert _shape(_windows("Europe/Berlin", BERLIN_FALL, "02:15-02:45")) == [
        ("2024-10-27T02:15:00+02:00", "2024-10-27T02:45:00+02:00", 30),
        ("2024-10-27T02:15:00+01:00", "2024-10-27T02:45:00+01:00", 30),
    ]


def test_berlin_fall_back_slot_starting_in_the_repeat_keeps_only_its_wall_times() -> None:
    # 02:00-02:30 (+01:00) is outside 02:30-04:00, so the window has a hole there.
    assert _shape(_windows("Europe/Berlin", BERLIN_FALL, "02:30-04:00")) == [
        ("2024-10-27T02:30:00+02:00", "2024-10-27T02:00:00+01:00", 30),
        ("2024-10-27T02:30:00+01:00", "2024-10-27T04:00:00+01:00", 90),
    ]


def test_berlin_whole_days_last_23_and_25_hours() -> None:
    assert [w.minutes for w in _windows("Europe/Berlin", BERLIN_SPRING, "00:00-24:00")] == [1380]
    assert [w.minutes for w in _windows("Europe/Berlin", BERLIN_FALL, "00:00-24:00")] == [1500]


# America/New_York: 2024-03-10 jumps 02:00 -> 03:00; 2024-11-03 repeats 01:00-02:00.


def test_new_york_spring_forward() -> None:
    assert _shape(_windows("America/New_York", dt.date(2024, 3, 10), "01:00-04:00")) == [
        ("2024-03-10T01:00:00-05:00", "2024-03-10T04:00:00-04:00", 120)
    ]


def test_new_york_fall_back() -> None:
    assert _shape(_windows("America/New_York", dt.date(2024, 11, 3), "00:30-02:30")) == [
        ("2024-11-03T00:30:00-04:00", "2024-11-03T02:30:00-05:00", 180)
    ]


# Australia/Lord_Howe shifts by 30 minutes: 2024-04-07 repeats 01:30-02:00 (+11:00 -> +10:30);
# 2024-10-06 jumps 02:00 -> 02:30.


def test_lord_howe_fall_back_adds_thirty_minutes() -> None:
    assert _shape(_windows("Australia/Lord_Howe", dt.date(2024, 4, 7), "01:00-03:00")) == [
        ("2024-04-07T01:00:00+11:00", "2024-04-07T03:00:00+10:30", 150)
    ]


def test_lord_howe_spring_forward_loses_thirty_minutes() -> None:
    assert _shape(_windows("Australia/Lord_Howe", dt.date(2024, 10, 6), "01:45-02:45")) == [
        ("2024-10-06T01:45:00+10:30", "2024-10-06T02:45:00+11:00", 30)
    ]


def test_lord_howe_start_in_gap_and_slot_inside_gap() -> None:
    day = dt.date(2024, 10, 6)
    assert _shape(_windows("Australia/Lord_Howe", day, "02:10-02:40")) == [
        ("2024-10-06T02:30:00+11:00", "2024-10-06T02:40:00+11:00", 10)
    ]
    assert _windows("Australia/Lord_Howe", day, "02:00-02:30") == []


# Zones that change at midnight: the day itself starts later, or its last hour repeats.


def test_havana_day_without_midnight_starts_at_one() -> None:
    day = dt.date(2024, 3, 10)
    assert _shape(_windows("America/Havana", day, "00:00-02:00")) == [
        ("2024-03-10T01:00:00-04:00", "2024-03-10T02:00:00-04:00", 60)
    ]
    grid = Grid.for_start(day, ZoneInfo("America/Havana"))
    assert grid.origin.isoformat() == "2024-03-10T01:00:00-04:00"


def test_santiago_last_hour_of_the_day_repeats() -> None:
    # Saturday 24:00 (-03:00) falls back to 23:00 (-04:00); Sunday starts at 04:00 UTC.
    assert _shape(_windows("America/Santiago", dt.date(2024, 4, 6), "22:00-24:00")) == [
        ("2024-04-06T22:00:00-03:00", "2024-04-07T00:00:00-04:00", 180)
    ]
    assert _shape(_windows("America/Santiago", dt.date(2024, 4, 7), "00:00-01:00")) == [
        ("2024-04-07T00:00:00-04:00", "2024-04-07T01:00:00-04:00", 60)
    ]


def test_no_window_edge_is_a_nonexistent_wall_time() -> None:
    zone = ZoneInfo("Europe/Berlin")
    for slot in ("01:30-03:30", "02:30-04:00", "01:00-02:30", "02:00-03:00"):
        for window in _windows("Europe/Berlin", BERLIN_SPRING, slot):
            for edge in (window.start, window.end):
                wall = edge.replace(tzinfo=None)
                assert edge.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


def test_wall_span_and_first_instant_in_a_gap() -> None:
    zone = ZoneInfo("Europe/Berlin")
    gap = dt.datetime(2024, 3, 31, 2, 30)
    assert first_instant(zone, gap) == dt.datetime(2024, 3, 31, 1, 0, tzinfo=UTC)
    assert wall_span(zone, gap, gap + dt.timedelta(minutes=20)) == []


def test_first_instant_of_a_repeated_wall_time_is_its_first_occurrence() -> None:
    zone = ZoneInfo("Europe/Berlin")
    assert first_instant(zone, dt.datetime(2024, 10, 27, 2, 30)) == dt.datetime(
        2024, 10, 27, 0, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("zone", "day", "minute", "expected"),
    [
        ("Europe/Berlin", BERLIN_FALL, 180, "2024-10-27T02:00:00+01:00"),
        ("Europe/Berlin", BERLIN_FALL, 1499, "2024-10-27T23:59:00+01:00"),
        ("Europe/Berlin", BERLIN_FALL, 1500, "2024-10-28T00:00:00+01:00"),
        ("Europe/Berlin", BERLIN_SPRING, 120, "2024-03-31T03:00:00+02:00"),
        ("Australia/Lord_Howe", dt.date(2024, 10, 6), 120, "2024-10-06T02:30:00+11:00"),
    ],
)
def test_grid_counts_real_minutes_on_dst_days(
    zone: str, day: dt.date, minute: int, expected: str
) -> None:
    grid = Grid.for_start(day, ZoneInfo(zone))
    assert grid.to_datetime(minute).isoformat() == expected
    assert grid.to_minute(dt.datetime.fromisoformat(expected)) == minute


def test_grid_days_on_a_25_hour_day() -> None:
    grid = Grid.for_start(BERLIN_FALL, ZoneInfo("Europe/Berlin"))
    assert grid.day_of(1499) == BERLIN_FALL
    assert (grid.day_index(1499), grid.day_index(1500)) == (0, 1)
