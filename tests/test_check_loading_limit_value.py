"""A value refused by a limit is shown even when the limit has the same digits (``0``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.errors import InputError
from aipm_planner.loading import load_profile, load_roadmap

PROFILE = """\
timezone: Europe/Berlin
start: 2027-01-04
availability:
  mon: ["19:00-21:00"]
max_hours_per_day: 0
"""

ROADMAP = """\
id: tiny
title: Tiny
phases:
  - id: p1
    title: Phase one
    weeks: 1
    modules:
      - {id: a, title: A, weeks: 1, hours: 0}
"""


def test_a_zero_cap_is_named_with_its_value(tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert str(info.value) == (
        f"{path}:5: max_hours_per_day: Input should be greater than 0 (got 0)\n"
        "  hint: see 'aipm-planner schema profile' for the expected format"
    )
    assert info.value.value == 0


def test_zero_hours_are_named_with_their_value(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_roadmap(path)
    assert info.value.reason == "Input should be greater than 0 (got 0)"
    assert info.value.field == "phases.0.modules.0.hours"
