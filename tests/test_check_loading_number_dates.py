"""A number is not a date: pydantic would read it as seconds since 1970."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.errors import InputError
from aipm_planner.loading import load_profile

PROFILE = """\
timezone: UTC
start: 2027-01-04
availability:
  mon: ["19:00-21:00"]
"""


def _error(tmp_path: Path, text: str, name: str = "me.yaml") -> InputError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    return info.value


@pytest.mark.parametrize("written", ["1800057600", "'1800057600'", "20270104", "1.8e9"])
def test_a_start_written_as_a_number_is_refused(tmp_path: Path, written: str) -> None:
    error = _error(tmp_path, PROFILE.replace("start: 2027-01-04", f"start: {written}"))
    assert error.field == "start"
    assert error.line == 2
    assert error.reason.startswith("a date is written YYYY-MM-DD, not as a number (got ")


def test_a_deadline_written_as_a_number_in_json_is_refused(tmp_path: Path) -> None:
    text = (
        '{"timezone": "UTC", "start": "2027-01-04", "deadline": 1800057600,'
        ' "availability": {"mon": ["19:00-21:00"]}}'
    )
    error = _error(tmp_path, text, "me.json")
    assert error.field == "deadline"
    assert error.reason.startswith("a date is written YYYY-MM-DD, not as a number")


@pytest.mark.parametrize("blackout", ["'1800144000'", "'2027-01-10..1800230400'"])
def test_a_blackout_written_as_a_number_is_refused(tmp_path: Path, blackout: str) -> None:
    error = _error(tmp_path, PROFILE + f"blackouts: [{blackout}]\n")
    assert error.field == "blackouts.0"
    assert error.reason.startswith("a date is written YYYY-MM-DD, not as a number")
