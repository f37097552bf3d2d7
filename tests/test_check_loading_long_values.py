"""A long bad window or blackout is quoted by its start, once, on one short line."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.errors import InputError
from aipm_planner.loading import load_profile

PROFILE = "timezone: UTC\nstart: 2027-01-04\n"


def _error(tmp_path: Path, text: str) -> InputError:
    path = tmp_path / "me.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    return info.value


def test_a_long_window(tmp_path: Path) -> None:
    error = _error(tmp_path, PROFILE + f"availability: {{mon: ['{'x' * 500}']}}\n")
    assert error.field == "availability.mon.0"
    assert error.reason == (
        f"time window '{'x' * 40}...' is not 'HH:MM-HH:MM' (e.g. '19:00-20:30')"
    )


def test_a_long_blackout(tmp_path: Path) -> None:
    error = _error(
        tmp_path,
        PROFILE + "availability: {mon: ['19:00-21:00']}\n" + f"blackouts: ['{'1..' * 100}']\n",
    )
    assert error.field == "blackouts.0"
    assert error.reason == (
        f"blackout '{('1..' * 14)[:40]}...' is not 'YYYY-MM-DD' or 'YYYY-MM-DD..YYYY-MM-DD'"
    )
