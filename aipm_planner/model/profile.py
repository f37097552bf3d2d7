"""The learner profile: time zone, dates, weekly availability, caps, session rules, skills."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import urllib.parse
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)

from aipm_planner.model.base import Day, Id, NotBool, StrictModel, check_plan_date

__all__ = [
    "WEEKDAYS",
    "Blackout",
    "BusyCalDav",
    "LearnerProfile",
    "SessionRules",
    "TimeWindow",
    "is_zone_name",
]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = {
    **{d: d for d in WEEKDAYS},
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
    "tues": "tue",
    "thur": "thu",
    "thurs": "thu",
}
_SKILL_NAMES = {"none": 0, "basic": 1, "intermediate": 2, "advanced": 3}
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def is_zone_name(name: str) -> bool:
    """Whether ``name`` is a time zone of the IANA database, such as ``Europe/Berlin``."""
    # "localtime" is a copy of whatever zone the machine is set to, not a place; the
    # "right/" copies count leap seconds, which zoneinfo misreads (right/Europe/Berlin comes
    # out as +02:00 all year) and calendars do not count.
    if name.strip().lower() == "localtime" or name.startswith("right/"):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a folder of the zone database ("America") or an overlong name.
        return False
    return True


def _short(text: str, most: int = 40) -> str:
    """``text`` cut to ``most`` characters for a message."""
    return text if len(text) <= most else text[:most] + "..."


class TimeWindow(StrictModel):
    """A weekly availability slot in local wall time, written ``"19:00-20:30"``.

    Windows may not cross midnight: write ``"22:00-24:00"`` and ``"00:00-01:00"`` on the
    next day instead, so each window belongs to exactly one local day.
    """

    start: dt.time = Field(description="Local wall-clock start.")
    end_minute: int = Field(
        ge=1, le=1440, description="Local end as minutes after midnight (1440 = 24:00)."
    )

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, data: Any) -> Any:
        if not isinstance(data, str):
            return data
        match = _WINDOW.match(data)
        if not match:
            raise ValueError(
                f"time window {_short(data)!r} is not 'HH:MM-HH:MM' (e.g. '19:00-20:30')"
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2 != 0):
            raise ValueError(f"time window {data!r} has an invalid time")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end == start:
            raise ValueError(
                f"time window {data!r} is empty: it starts and ends at {data.split('-')[0]}"
            )
        if end < start:
            raise ValueError(
                f"time window {data!r} ends before it starts; windows may not cross midnight"
                " (split it into '..-24:00' and '00:00-..' on the next day)"
            )
        return {"start": dt.time(h1, m1), "end_minute": end}

    @model_validator(mode="after")
    def _checked(self) -> TimeWindow:
        # The object form ({start, end_minute}) skips the checks of the text form above.
        if self.start.second or self.start.microsecond or self.start.tzinfo is not None:
            raise ValueError(f"time window start {self.start} must be a plain HH:MM")
        if self.end_minute <= self.start_minute:
            raise ValueError(
                f"time window '{self}' ends before it starts; windows may not cross midnight"
            )
        return self

    @property
    def start_minute(self) -> int:
        """Local start as minutes after midnight."""
        return self.start.hour * 60 + self.start.minute

    @property
    def minutes(self) -> int:
        """Nominal length in wall-clock minutes."""
        return self.end_minute - self.start_minute

    def __str__(self) -> str:
        h, m = divmod(self.end_minute, 60)
        return f"{self.start:%H:%M}-{h:02d}:{m:02d}"

    @model_serializer
    def _as_text(self) -> str:
        return str(self)


class SessionRules(StrictModel):
    """How long one study session may be and the break between two of them."""

    min_minutes: Annotated[int, NotBool] = Field(
        default=30, ge=5, le=720, description="Shortest session."
    )
    max_minutes: Annotated[int, NotBool] = Field(
        default=120, ge=5, le=720, description="Longest session."
    )
    break_minutes: Annotated[int, NotBool] = Field(
        default=10, ge=0, le=240, description="Least gap between two sessions on the same day."
    )

    @model_validator(mode="after")
    def _ordered(self) -> SessionRules:
        if self.min_minutes > self.max_minutes:
            raise ValueError(
                f"session min_minutes {self.min_minutes} is greater than max_minutes"
                f" {self.max_minutes}"
            )
        return self


class Blackout(StrictModel):
    """Whole local days with no study: one date or an inclusive range ``A..B``."""

    start: Day = Field(description="First blacked-out day.")
    end: Day = Field(description="Last blacked-out day (inclusive).")

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, data: Any) -> Any:
        if isinstance(data, dt.date) and not isinstance(data, dt.datetime):
            return {"start": data, "end": data}
        if isinstance(data, str):
            parts = [p.strip() for p in data.split("..")]
            if len(parts) == 1:
                return {"start": parts[0], "end": parts[0]}
            if len(parts) == 2:
                return {"start": parts[0], "end": parts[1]}
            raise ValueError(
                f"blackout {_short(data)!r} is not 'YYYY-MM-DD' or 'YYYY-MM-DD..YYYY-MM-DD'"
            )
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Blackout:
        if self.end < self.start:
            raise ValueError(f"blackout ends ({self.end}) before it starts ({self.start})")
        return self

    @model_serializer
    def _as_text(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}..{self.end}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


_URL_PASSWORD = "holds a password, which every schedule made from this profile would copy"


class BusyCalDav(StrictModel):
    """A CalDAV calendar whose events are busy time (password from an environment variable)."""

    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] = Field(
        description="CalDAV server or principal URL."
    )
    calendar: str | None = Field(default=None, description="Calendar name; default: all.")
    username: str | None = Field(default=None, description="Login name.")
    password_env: str | None = Field(
        default=None, description="Name of the environment variable holding the password."
    )

    @field_validator("url")
    @classmethod
    def _no_password(cls, value: str) -> str:
        # The profile is copied into every schedule's JSON: a password here would be too.
        try:
            password = urllib.parse.urlsplit(value).password
        except ValueError:
            return value  # not for this check to judge
        if password is not None:
            raise ValueError(_URL_PASSWORD)
        return value


SkillLevel = Annotated[
    int,
    Field(ge=0, le=3),
    NotBool,
    # The level names are read too (LearnerProfile._skill_names), so the published schema
    # accepts them: a profile the planner reads passes a validator built from the schema.
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": 3},
                {"enum": list(_SKILL_NAMES)},
            ]
        }
    ),
]
_WINDOW_SCHEMA = {"type": "string", "pattern": r"^\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}\s*$"}
WindowText = Annotated[TimeWindow, WithJsonSchema(_WINDOW_SCHEMA)]
DayWindows = Annotated[
    list[WindowText],
    # A day's windows may also be one window or nothing (LearnerProfile._weekdays), so the
    # published schema accepts those too.
    WithJsonSchema(
        {"anyOf": [{"type": "array", "items": _WINDOW_SCHEMA}, _WINDOW_SCHEMA, {"type": "null"}]}
    ),
]
BlackoutText = Annotated[
    Blackout,
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?$"}),
]


class LearnerProfile(StrictModel):
    """The learner's real week: where, from when, until when, and which hours are free."""

    name: str = Field(default="", max_length=200, description="Optional label for the profile.")
    timezone: str = Field(description="IANA time zone, e.g. 'Europe/Berlin'.")
    start: Day = Field(description="First day of the plan (week 0 starts here).")
    deadline: Day | None = Field(
        default=None, description="Last day of the plan (inclusive); nothing ends after it."
    )
    availability: dict[str, DayWindows] = Field(
        description="Weekday (mon..sun or full name) -> list of 'HH:MM-HH:MM' windows."
    )
    max_hours_per_day: Annotated[float | None, NotBool] = Field(
        default=None,
        gt=0,
        le=24,
        allow_inf_nan=False,
        description="Most study hours on one local day.",
    )
    max_hours_per_week: Annotated[float | None, NotBool] = Field(
        default=None,
        gt=0,
        le=168,
        allow_inf_nan=False,
        description="Most study hours in one plan week.",
    )
    session: SessionRules = Field(
        default_factory=SessionRules, description="Session length and break rules."
    )
    blackouts: list[BlackoutText] = Field(
        default_factory=list, description="Dates or 'A..B' ranges with no study at all."
    )
    busy_calendars: list[str] = Field(
        default_factory=list,
        description=".ics files whose opaque events are busy time (relative to the profile file).",
    )
    busy_caldav: list[BusyCalDav] = Field(
        default_factory=list, description="CalDAV calendars whose events are busy time."
    )
    skills: dict[Id, SkillLevel] = Field(
        default_factory=dict,
        description="Prior skills: level 0-3 or none/basic/intermediate/advanced.",
    )
    skip: list[Id] = Field(default_factory=list, description="Module ids to leave out.")

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        if value.startswith("right/") and is_zone_name(value.removeprefix("right/")):
            raise ValueError(
                f"time zone {_short(value)!r} counts leap seconds, which calendars do not;"
                f" use {value.removeprefix('right/')!r}"
            )
        if not is_zone_name(value):
            raise ValueError(
                f"unknown time zone {_short(value)!r}; use an IANA name like 'Europe/Berlin'"
            )
        # The database's "posix/" copy of a zone is that zone; its name is the one calendar
        # apps know (every event of the plan carries it).
        plain = value.removeprefix("posix/")
        return plain if plain != value and is_zone_name(plain) else value

    @field_validator("availability", mode="before")
    @classmethod
    def _weekdays(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        result: dict[str, Any] = {}
        for key, windows in value.items():
            day = _WEEKDAY_NAMES.get(str(key).strip().lower())
            if day is None:
                raise ValueError(f"unknown weekday {key!r}; use mon..sun or monday..sunday")
            if day in result:
                raise ValueError(f"weekday {key!r} is given twice")
            if isinstance(windows, str):
                windows = [windows]
            result[day] = windows if windows is not None else []
        return result

    @field_validator("skills", mode="before")
    @classmethod
    def _skill_names(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {
            k: _SKILL_NAMES.get(v.strip().lower(), v) if isinstance(v, str) else v
            for k, v in value.items()
        }

    @field_validator("start", "deadline")
    @classmethod
    def _plannable(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if value is not None:
            check_plan_date(f"{info.field_name} {value}", value)
        return value

    @model_validator(mode="after")
    def _cross_check(self) -> LearnerProfile:
        if self.deadline is not None and self.deadline < self.start:
            raise ValueError(f"deadline {self.deadline} is before start {self.start}")
        if not any(self.availability.values()):
            raise ValueError("availability is empty: give at least one weekly window")
        for day, windows in self.availability.items():
            ordered = sorted(windows, key=lambda w: w.start_minute)
            for a, b in itertools.pairwise(ordered):
                if b.start_minute < a.end_minute:
                    raise ValueError(f"availability {day}: windows {a} and {b} overlap")
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The profile's time zone."""
        return ZoneInfo(self.timezone)

    def windows_on(self, weekday: int) -> list[TimeWindow]:
        """Weekly windows for a weekday (0 = Monday), sorted by start."""
        windows = self.availability.get(WEEKDAYS[weekday], [])
        return sorted(windows, key=lambda w: w.start_minute)
