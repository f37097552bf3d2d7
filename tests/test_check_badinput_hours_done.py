"""A progress report's hours_done is a finite number, never yes/no: 'hours_done: yes' was
read as one hour, and '.nan' was refused as 'less than or equal to 10000'."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.errors import InputError
from aipm_planner.loading import load_model
from aipm_planner.model.progress import Progress

HINT = "give the hours studied so far, calendar sessions included (1.5 for 1 h 30 min)"


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        (
            "yes",
            "a number is needed, not a yes/no value (YAML reads yes, no, on and off as true"
            " and false) (got True)",
        ),
        (".nan", "Input should be a finite number (got nan)"),
        (".inf", "Input should be a finite number (got inf)"),
    ],
)
def test_hours_done_must_be_a_finite_number(tmp_path: Path, written: str, reason: str) -> None:
    path = tmp_path / "progress.yaml"
    path.write_text(
        f"as_of: 2027-01-11T00:00:00+01:00\nmodules:\n  sql: {{hours_done: {written}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_model(path, Progress)
    error = info.value
    assert (error.field, error.line, error.reason, error.hint) == (
        "modules.sql.hours_done",
        3,
        reason,
        HINT,
    )
