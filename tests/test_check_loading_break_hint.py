"""A bad break gets a hint about breaks, not about session lengths."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.errors import InputError
from aipm_planner.loading import load_profile


def test_a_negative_break_gets_the_break_range(tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(
        "timezone: UTC\nstart: 2027-01-04\navailability: {mon: ['19:00-21:00']}\n"
        "session: {break_minutes: -5}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert str(info.value) == (
        f"{path}:4: session.break_minutes: Input should be greater than or equal to 0 (got -5)\n"
        "  hint: minutes between 0 and 240"
    )
