"""A profile given where a roadmap goes (and the reverse) is named as such, not as a list of
the roadmap fields it lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.cli import main
from aipm_planner.errors import InputError
from aipm_planner.loading import load_profile, load_roadmap

PROFILE = "timezone: UTC\nstart: 2027-01-04\navailability: {mon: ['19:00-21:00']}\n"
ROADMAP = """\
id: tiny
title: Tiny
phases:
  - id: p1
    title: Phase one
    weeks: 1
    modules:
      - {id: a, title: A, weeks: 1, hours: 2}
"""


def test_a_profile_is_not_a_roadmap(tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_roadmap(path)
    assert str(info.value) == (
        f"{path}: this is a profile file, not a roadmap\n"
        "  hint: give a roadmap file here ('aipm-planner validate FILE' tells the kind)"
    )


def test_a_roadmap_is_not_a_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert info.value.reason == "this is a roadmap file, not a profile"
    assert main(["plan", "--profile", str(path), "--out", str(tmp_path / "x.ics")]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: {path}: this is a roadmap file, not a profile"
    )
    assert not (tmp_path / "x.ics").exists()


def test_a_broken_profile_keeps_its_own_error(tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(PROFILE + "max_hours_per_week: -1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert info.value.field == "max_hours_per_week"
