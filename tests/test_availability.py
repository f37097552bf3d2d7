"""Weekly pattern -> dated windows: bounds, blackouts, session length, caps, grid, horizon."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pydantic
import pytest

from aipm_planner import weeks
from aipm_planner.availability import (
    Availability,
    Grid,
    Window,
    availability_for,
    expand_windows,
    horizon_end,
)
from aipm_planner.errors import InputError
from aipm_planner.model import LearnerProfile, Roadmap

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = dt.date(2024, 1, 8)


def _profile(availability: dict[str, Any], **fields: Any) -> LearnerProfile:
    fields.setdefault("start", MONDAY)
    return LearnerProfile.model_validate(
        {"timezone": "Europe/Berlin", "availability": availability, **fields}
    )


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """An instant in January 2024, Berlin time (UTC+1)."""
    return dt.datetime(2024, 1, day, hour, minute, tzinfo=BERLIN)


def _spans(windows: list[Window]) -> list[tuple[str, str]]:
    return [(f"{w.start:%d %H:%M}", f"{w.end:%d %H:%M}") for w in windows]


def _roadmap(*phases: tuple[int, float]) -> Roadmap:
    """Phases of one module each: (maximum weeks, hours)."""
    return Roadmap.model_validate(
        {
            "id": "r",
            "title": "R",
            "phases": [
                {
                    "id": f"p{i}",
                    "title": f"P{i}",
                    "weeks": f"1-{max_weeks}",
                    "modules": [{"id": f"m{i}", "title": f"M{i}", "weeks": 1, "hours": hours}],
                }
                for i, (max_weeks, hours) in enumerate(phases)
            ],
        }
    )


def test_weekly_pattern_becomes_dated_windows_in_order() -> None:
    profile = _profile({"mon": ["19:00-20:30"], "wed": ["19:00-21:00", "07:00-08:00"]})
    windows = expand_windows(profile, MONDAY, dt.date(2024, 1, 15))
    assert _spans(windows) == [
        ("08 19:00", "08 20:30"),
        ("10 07:00", "10 08:00"),
        ("10 19:00", "10 21:00"),
        ("15 19:00", "15 20:30"),
    ]
    assert windows[0] == Window(_at(8, 19), _at(8, 20, 30))
    assert (windows[0].minutes, windows[0].day) == (90, MONDAY)
    assert windows[0].start.tzinfo == BERLIN


def test_date_bounds_include_the_whole_end_day() -> None:
    profile = _profile({"sun": ["23:00-24:00"]})
    assert _spans(expand_windows(profile, dt.date(2024, 1, 14), dt.date(2024, 1, 14))) == [
        ("14 23:00", "15 00:00")
    ]
    assert expand_windows(profile, MONDAY, dt.date(2024, 1, 13)) == []


def test_datetime_bounds_clip_exactly_and_drop_short_pieces() -> None:
    profile = _profile({"mon": ["19:00-20:30"], "tue": ["19:00-20:30"]})
    windows = expand_windows(profile, _at(8, 19, 30), _at(9, 20))
    assert _spans(windows) == [("08 19:30", "08 20:30"), ("09 19:00", "09 20:00")]
    # 20:10-20:30 is 20 minutes, shorter than the default 30-minute session.
    assert _spans(expand_windows(profile, _at(8, 20, 10), _at(9, 19, 29))) == []


def test_naive_datetime_bounds_are_refused() -> None:
    profile = _profile({"mon": ["19:00-20:30"]})
    with pytest.raises(ValueError, match="must be time-zone aware"):
        expand_windows(profile, dt.datetime(2024, 1, 8, 19), MONDAY)


def test_windows_shorter_than_a_session_are_dropped() -> None:
    profile = _profile({"mon": ["07:00-07:29", "19:00-19:30"]}, session={"min_minutes": 30})
    assert _spans(expand_windows(profile, MONDAY, MONDAY)) == [("08 19:00", "08 19:30")]


def test_touching_slots_on_one_day_merge_but_days_stay_apart() -> None:
    profile = _profile(
        {"mon": ["18:00-19:00", "19:00-20:00", "23:00-24:00"], "tue": ["00:00-01:00"]}
    )
    assert _spans(expand_windows(profile, MONDAY, dt.date(2024, 1, 9))) == [
        ("08 18:00", "08 20:00"),
        ("08 23:00", "09 00:00"),
        ("09 00:00", "09 01:00"),
    ]


def test_blackouts_remove_whole_local_days() -> None:
    profile = _profile(
        {day: ["19:00-20:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
        blackouts=["2024-01-09", "2024-01-11..2024-01-12"],
    )
    assert [w.day.day for w in expand_windows(profile, MONDAY, dt.date(2024, 1, 15))] == [
        8,
        10,
        15,
    ]


def test_window_crossing_midnight_is_rejected_by_the_profile() -> None:
    with pytest.raises(pydantic.ValidationError, match="windows may not cross midnight"):
        _profile({"mon": ["23:00-01:00"]})


def test_caps_are_exposed_in_minutes_rounded_down() -> None:
    capped = availability_for(
        _profile({"mon": ["18:00-21:00"]}, max_hours_per_day=1.5, max_hours_per_week=1.1),
        end=dt.date(2024, 1, 14),
    )
    assert (capped.daily_cap, capped.weekly_cap) == (90, 66)
    free = availability_for(_profile({"mon": ["18:00-21:00"]}), end=dt.date(2024, 1, 14))
    assert (free.daily_cap, free.weekly_cap) == (None, None)


def _weekly_availability(**fields: Any) -> Availability:
    # Plan weeks start on Wednesday 10 January, the start date, not on a Monday.
    profile = _profile(
        {"mon": ["18:00-21:00"], "tue": ["18:00-21:00"], "sat": ["10:00-12:00"]},
        start=dt.date(2024, 1, 10),
        **fields,
    )
    return availability_for(profile, end=dt.date(2024, 1, 23))


def test_capacity_by_week_honours_daily_and_weekly_caps() -> None:
    assert _weekly_availability().capacity_by_week() == [480, 480]
    assert _weekly_availability(max_hours_per_day=2).capacity_by_week() == [360, 360]
    capped = _weekly_availability(max_hours_per_day=2, max_hours_per_week=5)
    assert capped.capacity_by_week() == [300, 300]
    blacked = _weekly_availability(max_hours_per_day=2, blackouts=["2024-01-22"])
    assert blacked.capacity_by_week() == [360, 240]


def test_window_days_and_weeks_follow_the_start_date() -> None:
    availability = _weekly_availability()
    days = [w.day for w in availability.windows]
    assert days == [dt.date(2024, 1, d) for d in (13, 15, 16, 20, 22, 23)]
    assert [availability.day_index(i) for i in range(6)] == [3, 5, 6, 10, 12, 13]
    assert [availability.week_index(i) for i in range(6)] == [0, 0, 0, 1, 1, 1]
    assert [weeks.week_of(dt.date(2024, 1, 10), day) for day in days] == [0, 0, 0, 1, 1, 1]
    grid = availability.grid
    assert [grid.week_of(start) for start, _ in availability.intervals] == [0, 0, 0, 1, 1, 1]


def test_intervals_are_grid_minutes_of_the_windows() -> None:
    availability = _weekly_availability()
    assert availability.grid.origin == dt.datetime(2024, 1, 10, tzinfo=BERLIN)
    assert availability.intervals[0] == (3 * 1440 + 600, 3 * 1440 + 720)
    for window, (start, end) in zip(availability.windows, availability.intervals, strict=True):
        assert availability.grid.to_datetime(start) == window.start
        assert availability.grid.to_datetime(end) == window.end
        assert end - start == window.minutes
    assert availability.horizon_end == dt.date(2024, 1, 23)


def test_grid_round_trip_and_refusals() -> None:
    grid = Grid.for_start(MONDAY, BERLIN)
    for minute in (-1440, -1, 0, 1, 59, 1439, 1440, 525_600):
        assert grid.to_minute(grid.to_datetime(minute)) == minute
    assert grid.to_minute(dt.datetime(2024, 1, 8, 0, 30, tzinfo=dt.UTC)) == 90
    assert grid.day_of(1439) == MONDAY
    assert (grid.day_index(1440), grid.week_of(7 * 1440 - 1), grid.week_of(7 * 1440)) == (1, 0, 1)
    with pytest.raises(ValueError, match="not on a whole minute"):
        grid.to_minute(_at(8, 19).replace(second=30))
    with pytest.raises(ValueError, match="time-zone aware"):
        grid.to_minute(dt.datetime(2024, 1, 8, 19))


def test_horizon_is_the_deadline_when_there_is_one() -> None:
    profile = _profile({"mon": ["19:00-20:00"]}, deadline=dt.date(2024, 3, 1))
    assert horizon_end(profile, _roadmap((4, 10))) == dt.date(2024, 3, 1)


def test_horizon_without_a_roadmap_is_52_weeks_plus_slack() -> None:
    # 364 days + a quarter (91) = 455 days: the last day is day 454.
    profile = _profile({"mon": ["19:00-20:00"]})
    assert horizon_end(profile) == MONDAY + dt.timedelta(days=454)


def test_horizon_covers_the_roadmap_maximum_plus_slack_and_blackouts() -> None:
    # 4 + 6 weeks = 70 days; a quarter is less than the 8-week minimum (56); 3 blacked-out
    # days on or after the start count, the one before it does not.
    profile = _profile(
        {"mon": ["19:00-23:00"], "sat": ["09:00-17:00"]},
        blackouts=["2024-01-01", "2024-02-01..2024-02-03"],
    )
    assert horizon_end(profile, _roadmap((4, 5), (6, 5))) == MONDAY + dt.timedelta(
        days=70 + 56 + 3 - 1
    )


def test_horizon_grows_when_the_week_is_thin() -> None:
    # 100 hours at one hour a week need 100 weeks: 700 days + 175 slack.
    profile = _profile({"mon": ["19:00-20:00"]})
    assert horizon_end(profile, _roadmap((4, 60), (6, 40))) == MONDAY + dt.timedelta(days=874)
    # The weekly cap is what counts: 2 h of windows capped at 0.5 h -> 200 weeks.
    capped = _profile({"mon": ["19:00-21:00"]}, max_hours_per_week=0.5)
    assert horizon_end(capped, _roadmap((4, 100))) == MONDAY + dt.timedelta(days=1750 - 1)


def test_horizon_is_capped_at_ten_years() -> None:
    profile = _profile({"mon": ["19:00-20:00"]})
    assert horizon_end(profile, _roadmap((4, 5000))) == MONDAY + dt.timedelta(days=3652)
    too_short = _profile({"mon": ["19:00-19:20"]})  # shorter than a 30-minute session
    assert horizon_end(too_short, _roadmap((4, 5))) == MONDAY + dt.timedelta(days=3652)


def test_availability_uses_the_horizon_by_default() -> None:
    profile = _profile({"mon": ["19:00-20:00"]})
    availability = availability_for(profile, _roadmap((2, 2)))
    assert availability.horizon_end == MONDAY + dt.timedelta(days=14 + 56 - 1)
    assert len(availability.windows) == 10
    assert len(availability.capacity_by_week()) == 10


def test_no_window_long_enough_names_availability() -> None:
    profile = _profile({"mon": ["19:00-19:20"]})
    with pytest.raises(InputError) as caught:
        availability_for(profile, end=dt.date(2024, 1, 21))
    assert caught.value.field == "availability"
    assert caught.value.reason == (
        "no window of at least 30 minutes between 2024-01-08 and 2024-01-21"
    )


def test_everything_blacked_out_names_blackouts() -> None:
    profile = _profile({"mon": ["19:00-20:00"]}, blackouts=["2024-01-01..2024-01-31"])
    with pytest.raises(InputError) as caught:
        availability_for(profile, end=dt.date(2024, 1, 21))
    assert caught.value.field == "blackouts"
    assert caught.value.reason == (
        "all your windows are blacked out between 2024-01-08 and 2024-01-21"
    )


def test_end_before_start_is_refused() -> None:
    profile = _profile({"mon": ["19:00-20:00"]})
    with pytest.raises(InputError, match=r"end: the plan would end \(2024-01-07\) before"):
        availability_for(profile, end=dt.date(2024, 1, 7))
