"""A moment without its UTC offset gets a hint about moments, not about dates.

A schedule JSON from another tool with ``"start": "2027-03-01T19:00:00"`` in a session was
told ``hint: write the date as YYYY-MM-DD`` (the hint for a profile's start day), which
sends the author the wrong way; ``as_of`` and ``created`` got no hint at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from export.schedules import tiny

from aipm_planner.errors import InputError
from aipm_planner.export.json_io import schedule_to_json
from aipm_planner.loading import load_model, load_profile
from aipm_planner.model import Schedule
from aipm_planner.model.progress import Progress

MOMENT_HINT = "write a date and time with its UTC offset, like 2027-01-04T19:00:00+01:00"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["sessions"][0].update(start="2027-03-22T19:00:00"), "sessions.0.start"),
        (lambda d: d["sessions"][0].update(end="the evening"), "sessions.0.end"),
        (lambda d: d.update(created="2027-03-22"), "created"),
    ],
)
def test_a_schedule_moment_without_offset(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], field: str
) -> None:
    data = json.loads(schedule_to_json(tiny()))
    change(data)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_model(str(path), Schedule)
    assert caught.value.field == field
    assert caught.value.hint == MOMENT_HINT


def test_a_progress_as_of_without_offset(tmp_path: Path) -> None:
    path = tmp_path / "progress.yaml"
    path.write_text("as_of: 2027-03-04T00:00:00\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_model(str(path), Progress)
    assert caught.value.field == "as_of"
    assert caught.value.hint == MOMENT_HINT


def test_a_profile_start_day_keeps_its_date_hint(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(
        'timezone: UTC\nstart: 2027-03-01T10:00\navailability: {mon: ["19:00-20:00"]}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_profile(str(path))
    assert caught.value.hint == "write the date as YYYY-MM-DD"
