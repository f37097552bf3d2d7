"""A problem in the windows of a weekday written by its full name (``sunday:``, as the
README allows) or with a wrong name is reported at that weekday's line and field path.

The model reads ``sunday`` as ``sun``, so the error pointed at ``availability`` and the
line of that key instead: ``file:3: availability: ...`` for a window on line 5.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner import InputError, load_profile

HEAD = "timezone: Europe/Berlin\nstart: 2027-01-04\navailability:\n  mon: ['18:00-20:00']\n"


def _error(tmp_path: Path, days: str) -> InputError:
    path = tmp_path / "me.yaml"
    path.write_text(HEAD + days, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    return info.value


@pytest.mark.parametrize(
    ("days", "field", "line"),
    [
        ("  sunday: ['23:00-01:00']\n", "availability.sunday.0", 5),
        ("  Thurs: ['18:00-19:00', '25:00-26:00']\n", "availability.Thurs.1", 5),
        ("  tuesday: '21:00-20:00'\n", "availability.tuesday", 5),
        ("  funday: ['10:00-11:00']\n", "availability.funday", 5),
        ("  wed: []\n  monday: ['10:00-11:00']\n", "availability.monday", 6),
        ("  7: ['10:00-11:00']\n", "availability.7", 5),
    ],
)
def test_the_weekday_as_written(tmp_path: Path, days: str, field: str, line: int) -> None:
    error = _error(tmp_path, days)
    assert (error.field, error.line) == (field, line)
    assert str(error).startswith(f"{tmp_path / 'me.yaml'}:{line}: {field}: ")


def test_a_short_name_is_unchanged(tmp_path: Path) -> None:
    error = _error(tmp_path, "  sun: ['23:00-01:00']\n")
    assert (error.field, error.line) == ("availability.sun.0", 5)
