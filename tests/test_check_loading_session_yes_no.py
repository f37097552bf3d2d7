"""Session minutes refuse yes/no, which pydantic would read as 1 and 0 minutes."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.errors import InputError
from aipm_planner.loading import load_profile


@pytest.mark.parametrize("field", ["min_minutes", "max_minutes", "break_minutes"])
def test_session_minutes_refuse_yes(tmp_path: Path, field: str) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(
        "timezone: UTC\nstart: 2027-01-04\navailability: {mon: ['19:00-21:00']}\n"
        f"session: {{{field}: yes}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert info.value.field == f"session.{field}"
    assert info.value.line == 4
    assert info.value.reason == (
        "a number is needed, not a yes/no value (YAML reads yes, no, on and off as true and"
        " false) (got True)"
    )
