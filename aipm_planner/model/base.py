"""Shared building blocks for every model: strict config, ids and week ranges."""

from __future__ import annotations

import datetime as dt
import numbers
import re
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

__all__ = ["Day", "Id", "NotBool", "StrictModel", "WeekRange", "WeekRangeSpec", "is_whole"]

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", min_length=1, max_length=80),
]
"""An identifier: letters, digits, ``_``, ``.`` and ``-``, starting with a letter or digit."""


def expect(value: object, kind: type, name: str, hint: str) -> None:
    """Raise :class:`InputError` naming the argument ``name`` when ``value`` is not a
    ``kind`` (a file path given where the loaded model goes, say), instead of the
    AttributeError that using it would raise somewhere deeper."""
    if not isinstance(value, kind):
        from aipm_planner.errors import InputError

        raise InputError(
            f"must be a {kind.__name__}, not {type(value).__name__}",
            field=name,
            value=value,
            hint=hint,
        )


ROADMAP_HINT = "load one with load_roadmap(path) or builtin_roadmap(name)"
PROFILE_HINT = "load one with load_profile(path), or use default_profile()"
SCHEDULE_HINT = "make one with plan(), or read one with load_schedule(path)"
PROGRESS_HINT = "make one with Progress(as_of=...), or read one with load_progress(path)"


def is_whole(value: object) -> bool:
    """A whole number that is not a bool (``True`` is an int in Python; ``1.0`` and ``"1"``
    are refused too), for keyword arguments checked outside a model."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _not_true_or_false(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(
            "a number is needed, not a yes/no value (YAML reads yes, no, on and off"
            " as true and false)"
        )
    return value


NotBool = BeforeValidator(_not_true_or_false)
"""Refuses true and false where a number is meant, which pydantic would read as 1 and 0
(``hours: yes`` is a mistake, not one hour)."""

_NUMBER = re.compile(r"^\s*[-+]?\d+(\.\d*)?([eE][-+]?\d+)?\s*$")


def _not_a_number(value: Any) -> Any:
    if isinstance(value, bool | int | float) or (isinstance(value, str) and _NUMBER.match(value)):
        raise ValueError("a date is written YYYY-MM-DD, not as a number")
    return value


Day = Annotated[dt.date, BeforeValidator(_not_a_number)]
"""A calendar date written ``YYYY-MM-DD``. pydantic would also read a number (``20270104``
or ``1800057600``) as seconds since 1970, which is never what a date in a file means."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters other than tab and line breaks: calendars cannot carry them."""


class StrictModel(BaseModel):
    """Frozen, closed-world pydantic model: unknown fields are errors, and no text holds a
    control character (other than tab and line breaks)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        for text in _texts(value):
            found = _CONTROL.search(text)
            if found:
                raise ValueError(
                    f"text contains the control character U+{ord(found.group()):04X}; remove it"
                )
        return value


def _texts(value: Any) -> Iterator[str]:
    """The strings in a field's value (inside lists, tuples and dict keys and values)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)


EARLIEST_DATE = dt.date(1973, 1, 1)
LATEST_DATE = dt.date(2189, 12, 31)
"""A plan starts (and has its deadline) in these years; it may run ten years past its start.
Before 1973 some zones had UTC offsets with seconds (Africa/Monrovia until 1972), which the
calendar and JSON formats cannot write."""
LATEST_SESSION_DATE = dt.date(2199, 12, 31)
"""No session, check-in or report day lies after this day."""


def check_plan_date(label: str, day: dt.date, latest: dt.date = LATEST_DATE) -> None:
    """Raise ``ValueError`` ("``label`` is outside the dates a plan can use ...") unless
    ``day`` lies between :data:`EARLIEST_DATE` and ``latest``."""
    if not EARLIEST_DATE <= day <= latest:
        raise ValueError(
            f"{label} is outside the dates a plan can use ({EARLIEST_DATE} to {latest})"
        )


def check_moment(name: str, value: dt.datetime) -> dt.datetime:
    """``value`` when it lies between :data:`EARLIEST_DATE` and :data:`LATEST_SESSION_DATE`."""
    check_plan_date(f"{name} {value.isoformat()}", value.date(), LATEST_SESSION_DATE)
    return value


MAX_WEEKS = 520
"""Longest week range: a plan covers at most ten years."""

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-|\.\.|–)\s*(\d+)\s*$")


class WeekRange(StrictModel):
    """How many calendar weeks something may span: written ``4``, ``"12-16"`` or ``{min, max}``."""

    min: Annotated[int, NotBool] = Field(
        ge=1, description="Fewest weeks the span may cover (at least 1)."
    )
    max: Annotated[int, NotBool] = Field(
        ge=1, description="Most weeks the span may cover (at least `min`)."
    )

    @model_validator(mode="before")
    @classmethod
    def _parse_short_forms(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise ValueError(
                f"a week range must be a number, 'min-max' or {{min, max}}, not {data}"
            )
        if isinstance(data, int):
            return {"min": data, "max": data}
        if isinstance(data, str):
            text = data.strip()
            if text.isdigit():
                return {"min": int(text), "max": int(text)}
            match = _RANGE.match(text)
            if not match:
                raise ValueError(f"week range {data!r} is not 'N' or 'MIN-MAX' (e.g. '12-16')")
            return {"min": int(match.group(1)), "max": int(match.group(2))}
        return data

    @model_validator(mode="after")
    def _ordered(self) -> WeekRange:
        if self.min > self.max:
            raise ValueError(f"week range min {self.min} is greater than max {self.max}")
        if self.max > MAX_WEEKS:
            raise ValueError(
                f"week range {self.max if self.min == self.max else f'{self.min}-{self.max}'}"
                f" is longer than a plan can be ({MAX_WEEKS} weeks, ten years)"
            )
        return self

    def __str__(self) -> str:
        return str(self.min) if self.min == self.max else f"{self.min}-{self.max}"


WeekRangeSpec = Annotated[
    WeekRange,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_WEEKS},
                {"type": "string", "pattern": r"^\s*\d+\s*((-|\.\.|–)\s*\d+\s*)?$"},
                {
                    "type": "object",
                    "properties": {
                        "min": {"type": "integer", "minimum": 1, "maximum": MAX_WEEKS},
                        "max": {"type": "integer", "minimum": 1, "maximum": MAX_WEEKS},
                    },
                    "required": ["min", "max"],
                    "additionalProperties": False,
                },
            ],
            "description": "Weeks: N, 'MIN-MAX' or {min, max}.",
        }
    ),
]
"""A week range as written in files (number, ``"12-16"`` or ``{min, max}``)."""
