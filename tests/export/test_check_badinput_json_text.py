"""schedule_from_json refuses what read_json refuses in a file, as an InputError with the
field and line: never a RecursionError, and never a key given twice read as its last value."""

from __future__ import annotations

import json

import pytest

from aipm_planner.errors import InputError
from aipm_planner.export.json_io import schedule_from_json, schedule_to_json

from .schedules import tiny


@pytest.mark.parametrize(
    "text", ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000]
)
def test_nesting_too_deep(text: str) -> None:
    with pytest.raises(InputError) as info:
        schedule_from_json(text, source="plan.json")
    assert str(info.value).startswith("plan.json: the data is nested too deeply\n  hint: ")


def test_a_key_given_twice() -> None:
    text = schedule_to_json(tiny()).replace('"version": 1,', '"version": 1,\n  "version": 1,', 1)
    with pytest.raises(InputError) as info:
        schedule_from_json(text.encode("utf-8"), source="plan.json")
    error = info.value
    assert (error.field, error.line, error.value) == ("version", 3, "version")
    assert error.reason == "key 'version' is given twice (first on line 2)"


def test_a_number_too_long() -> None:
    data = json.loads(schedule_to_json(tiny()))
    text = json.dumps(data, indent=1).replace('"ordinal": 1', '"ordinal": 1' + "0" * 5000, 1)
    with pytest.raises(InputError) as info:
        schedule_from_json(text, source="plan.json")
    error = info.value
    assert error.field == "sessions.0.ordinal"
    assert error.line == text[: text.index('"ordinal"')].count("\n") + 1
    assert error.reason.endswith("a number is too long to read (value has 5001 digits)")


def test_an_invalid_field_gets_its_line_and_hint() -> None:
    text = schedule_to_json(tiny()).replace('"ordinal": 1', '"ordinal": 0', 1)
    with pytest.raises(InputError) as info:
        schedule_from_json(text, source="plan.json")
    error = info.value
    assert (error.field, error.value) == ("sessions.0.ordinal", 0)
    assert error.line == text[: text.index('"ordinal": 0')].count("\n") + 1
    assert error.hint == "see 'aipm-planner schema schedule' for the expected format"
