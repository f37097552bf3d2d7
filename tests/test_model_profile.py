"""LearnerProfile, TimeWindow, Blackout and SessionRules: every rule, with the exact message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from aipm_planner.model import Blackout, LearnerProfile, SessionRules


def errors(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every (location, message) pydantic reports for a profile."""
    with pytest.raises(ValidationError) as info:
        LearnerProfile.model_validate(data)
    return [(tuple(e["loc"]), e["msg"]) for e in info.value.errors()]


def test_tiny_profile_reads(tiny_profile: Callable[..., LearnerProfile]) -> None:
    profile = tiny_profile()
    assert profile.start == dt.date(2025, 1, 6)
    assert profile.zone.key == "Europe/Berlin"
    assert [str(w) for w in profile.windows_on(5)] == ["09:00-12:00"]
    assert profile.windows_on(2) == []
    assert profile.session == SessionRules(min_minutes=30, max_minutes=120, break_minutes=10)


def test_unknown_time_zone(tiny_profile_data: dict[str, Any]) -> None:
    tiny_profile_data["timezone"] = "Mars/Olympus"
    assert errors(tiny_profile_data) == [
        (
            ("timezone",),
            "Value error, unknown time zone 'Mars/Olympus'; use an IANA name like 'Europe/Berlin'",
        )
    ]


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("America", "America"),  # a folder of the zone database
        ("A" * 300, "A" * 40 + "..."),  # too long for a file name
        ("localtime", "localtime"),  # the machine's own zone, not a place
    ],
)
def test_names_that_are_not_zones(tiny_profile_data: dict[str, Any], zone: str, shown: str) -> None:
    tiny_profile_data["timezone"] = zone
    assert errors(tiny_profile_data) == [
        (
            ("timezone",),
            f"Value error, unknown time zone {shown!r}; use an IANA name like 'Europe/Berlin'",
        )
    ]


@pytest.mark.parametrize(
    ("field", "day"),
    [
        ("start", "0001-01-01"),
        ("start", "1972-06-05"),  # Africa/Monrovia was 44 min 30 s behind UTC until 1972
        ("start", "9999-12-27"),
        ("deadline", "9999-12-31"),
    ],
)
def test_dates_outside_what_a_plan_can_use(
    tiny_profile_data: dict[str, Any], field: str, day: str
) -> None:
    tiny_profile_data[field] = day
    assert errors(tiny_profile_data) == [
        (
            (field,),
            f"Value error, {field} {day} is outside the dates a plan can use"
            " (1973-01-01 to 2189-12-31)",
        )
    ]


def test_deadline_before_start(tiny_profile_data: dict[str, Any]) -> None:
    tiny_profile_data["deadline"] = "2025-01-05"
    assert errors(tiny_profile_data) == [
        ((), "Value error, deadline 2025-01-05 is before start 2025-01-06")
    ]


def test_deadline_on_start_day_is_allowed(tiny_profile: Callable[..., LearnerProfile]) -> None:
    assert tiny_profile(deadline="2025-01-06").deadline == dt.date(2025, 1, 6)


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("mon", "mon"),
        ("Monday", "mon"),
        ("TUES", "tue"),
        ("tuesday", "tue"),
        ("thur", "thu"),
        ("thurs", "thu"),
        ("Sunday", "sun"),
    ],
)
def test_weekday_aliases(
    tiny_profile: Callable[..., LearnerProfile], written: str, day: str
) -> None:
    profile = tiny_profile(availability={written: ["19:00-20:00"]})
    assert list(profile.availability) == [day]


def test_unknown_weekday(tiny_profile_data: dict[str, Any]) -> None:
    tiny_profile_data["availability"] = {"funday": ["19:00-20:00"]}
    assert errors(tiny_profile_data) == [
        (("availability",), "Value error, unknown weekday 'funday'; use mon..sun or monday..sunday")
    ]


def test_weekday_given_twice(tiny_profile_data: dict[str, Any]) -> None:
    tiny_profile_data["availability"] = {"mon": ["19:00-20:00"], "Monday": ["08:00-09:00"]}
    assert errors(tiny_profile_data) == [
        (("availability",), "Value error, weekday 'Monday' is given twice")
    ]


def test_a_single_window_may_be_written_without_a_list(
    tiny_profile: Callable[..., LearnerProfile],
) -> None:
    profile = tiny_profile(availability={"wed": "07:30-08:15"})
    (window,) = profile.availability["wed"]
    assert (window.start_minute, window.end_minute, window.minutes) == (450, 495, 45)


def test_window_until_midnight(tiny_profile: Callable[..., LearnerProfile]) -> None:
    profile = tiny_profile(availability={"fri": ["22:00-24:00"]})
    assert profile.availability["fri"][0].end_minute == 1440
    assert str(profile.availability["fri"][0]) == "22:00-24:00"


@pytest.mark.parametrize(
    ("window", "message"),
    [
        (
            "19:00-18:00",
            "Value error, time window '19:00-18:00' ends before it starts; windows may not cross"
            " midnight (split it into '..-24:00' and '00:00-..' on the next day)",
        ),
        (
            "19:00-19:00",
            "Value error, time window '19:00-19:00' is empty: it starts and ends at 19:00",
        ),
        (
            "22:00-01:00",
            "Value error, time window '22:00-01:00' ends before it starts; windows may not cross"
            " midnight (split it into '..-24:00' and '00:00-..' on the next day)",
        ),
        ("25:00-26:00", "Value error, time window '25:00-26:00' has an invalid time"),
        ("10:60-11:00", "Value error, time window '10:60-11:00' has an invalid time"),
        ("23:00-24:30", "Value error, time window '23:00-24:30' has an invalid time"),
        (
            "7pm-9pm",
            "Value error, time window '7pm-9pm' is not 'HH:MM-HH:MM' (e.g. '19:00-20:30')",
        ),
    ],
)
def test_bad_windows(tiny_profile_data: dict[str, Any], window: str, message: str) -> None:
    tiny_profile_data["availability"] = {"mon": [window]}
    assert errors(tiny_profile_data) == [(("availability", "mon", 0), message)]


def test_overlapping_windows(tiny_profile_data: dict[str, Any]) -> None:
    tiny_profile_data["availability"] = {"tue": ["19:30-21:00", "18:00-20:00"]}
    assert errors(tiny_profile_data) == [
        ((), "Value error, availability tue: windows 18:00-20:00 and 19:30-21:00 overlap")
    ]


def test_touching_windows_are_allowed(tiny_profile: Callable[..., LearnerProfile]) -> None:
    profile = tiny_profile(availability={"tue": ["18:00-19:00", "19:00-20:00"]})
    assert [str(w) for w in profile.windows_on(1)] == ["18:00-19:00", "19:00-20:00"]


@pytest.mark.parametrize("availability", [{}, {"mon": []}, {"mon": None, "sat": []}])
def test_empty_availability(tiny_profile_data: dict[str, Any], availability: Any) -> None:
    tiny_profile_data["availability"] = availability
    assert errors(tiny_profile_data) == [
        ((), "Value error, availability is empty: give at least one weekly window")
    ]


def test_skill_level_names(tiny_profile: Callable[..., LearnerProfile]) -> None:
    profile = tiny_profile(
        skills={"a": "none", "b": "basic", "c": "Intermediate", "d": " advanced ", "e": 2}
    )
    assert profile.skills == {"a": 0, "b": 1, "c": 2, "d": 3, "e": 2}


def test_skill_levels_out_of_range(tiny_profile_data: dict[str, Any]) -> None:
    tiny_profile_data["skills"] = {"sql": 4, "ml": "expert"}
    assert errors(tiny_profile_data) == [
        (("skills", "sql"), "Input should be less than or equal to 3"),
        (("skills", "ml"), "Input should be a valid integer, unable to parse string as an integer"),
    ]


def test_yes_and_no_are_not_levels_or_caps(tiny_profile_data: dict[str, Any]) -> None:
    # YAML reads `sql: yes` as true, which pydantic would take as level 1.
    tiny_profile_data["skills"] = {"sql": True}
    tiny_profile_data["max_hours_per_week"] = False
    message = (
        "Value error, a number is needed, not a yes/no value (YAML reads yes, no, on and off"
        " as true and false)"
    )
    assert errors(tiny_profile_data) == [
        (("max_hours_per_week",), message),
        (("skills", "sql"), message),
    ]


def test_blackouts_dates_and_ranges(tiny_profile: Callable[..., LearnerProfile]) -> None:
    profile = tiny_profile(blackouts=["2025-02-03", "2025-03-01..2025-03-09", dt.date(2025, 5, 1)])
    assert profile.blackouts == [
        Blackout(start=dt.date(2025, 2, 3), end=dt.date(2025, 2, 3)),
        Blackout(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 9)),
        Blackout(start=dt.date(2025, 5, 1), end=dt.date(2025, 5, 1)),
    ]
    assert dt.date(2025, 3, 9) in profile.blackouts[1]
    assert dt.date(2025, 3, 10) not in profile.blackouts[1]
    assert profile.model_dump(mode="json")["blackouts"] == [
        "2025-02-03",
        "2025-03-01..2025-03-09",
        "2025-05-01",
    ]


def test_blackout_range_reversed(tiny_profile_data: dict[str, Any]) -> None:
    tiny_profile_data["blackouts"] = ["2025-03-09..2025-03-01"]
    assert errors(tiny_profile_data) == [
        (("blackouts", 0), "Value error, blackout ends (2025-03-01) before it starts (2025-03-09)")
    ]


def test_blackout_with_three_parts(tiny_profile_data: dict[str, Any]) -> None:
    tiny_profile_data["blackouts"] = ["2025-01-01..2025-01-02..2025-01-03"]
    assert errors(tiny_profile_data) == [
        (
            ("blackouts", 0),
            "Value error, blackout '2025-01-01..2025-01-02..2025-01-03' is not 'YYYY-MM-DD'"
            " or 'YYYY-MM-DD..YYYY-MM-DD'",
        )
    ]


def test_session_min_above_max(tiny_profile_data: dict[str, Any]) -> None:
    tiny_profile_data["session"] = {"min_minutes": 90, "max_minutes": 60}
    assert errors(tiny_profile_data) == [
        (("session",), "Value error, session min_minutes 90 is greater than max_minutes 60")
    ]


def test_daily_and_weekly_caps_are_bounded(tiny_profile_data: dict[str, Any]) -> None:
    tiny_profile_data["max_hours_per_day"] = 0
    tiny_profile_data["max_hours_per_week"] = 169
    assert errors(tiny_profile_data) == [
        (("max_hours_per_day",), "Input should be greater than 0"),
        (("max_hours_per_week",), "Input should be less than or equal to 168"),
    ]


def test_unknown_profile_field(tiny_profile_data: dict[str, Any]) -> None:
    tiny_profile_data["hours_per_week"] = 5
    assert errors(tiny_profile_data) == [(("hours_per_week",), "Extra inputs are not permitted")]


def test_windows_serialise_as_text(tiny_profile: Callable[..., LearnerProfile]) -> None:
    data = tiny_profile().model_dump(mode="json")
    assert data["availability"] == {"mon": ["19:00-21:00"], "sat": ["09:00-12:00"]}
    assert LearnerProfile.model_validate(data) == tiny_profile()


def test_a_window_written_as_an_object_is_checked_too(tiny_profile_data: dict[str, Any]) -> None:
    tiny_profile_data["availability"] = {"mon": [{"start": "19:00", "end_minute": 100}]}
    assert errors(tiny_profile_data) == [
        (
            ("availability", "mon", 0),
            "Value error, time window '19:00-01:40' ends before it starts;"
            " windows may not cross midnight",
        )
    ]
    tiny_profile_data["availability"] = {"mon": [{"start": "19:00:30", "end_minute": 1200}]}
    assert errors(tiny_profile_data) == [
        (
            ("availability", "mon", 0),
            "Value error, time window start 19:00:30 must be a plain HH:MM",
        )
    ]
