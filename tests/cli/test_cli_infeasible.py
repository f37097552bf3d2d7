"""``aipm-planner plan`` on inputs that cannot fit: exit 3, the diagnosis, no file written."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.cli import main
from aipm_planner.errors import EXIT_INFEASIBLE

ROADMAP = """\
id: tiny
title: Tiny
phases:
  - id: p1
    title: Basics
    weeks: 2
    modules:
      - {id: a, title: Alpha, weeks: 1-2, hours: 2}
  - id: p2
    title: Practice
    weeks: 2
    modules:
      - {id: b, title: Beta, weeks: 1-2, hours: 2}
"""

PROFILE = """\
timezone: UTC
start: 2027-01-04
deadline: 2027-01-17
availability:
  sun: ["10:00-12:00"]
"""

DIAGNOSIS = (
    "The roadmap does not fit your time:\n"
    "  - The deadline 2027-01-17 leaves 2 weeks; the roadmap needs at least 3\n"
    "Any one of these would make it fit:\n"
    "  * move the deadline from 2027-01-17 to 2027-01-24 (the earliest that fits)\n"
)


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    roadmap, profile = tmp_path / "roadmap.yaml", tmp_path / "profile.yaml"
    roadmap.write_text(ROADMAP, encoding="utf-8")
    profile.write_text(PROFILE, encoding="utf-8")
    return roadmap, profile


def plan(roadmap: Path, profile: Path, out: Path, *extra: str) -> int:
    argv = ["plan", "--roadmap", str(roadmap), "--profile", str(profile), "--out", str(out)]
    return main([*argv, "-q", *extra])


def test_exit_3_with_the_diagnosis_and_no_calendar(
    inputs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.ics"
    assert plan(*inputs, out) == EXIT_INFEASIBLE
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", DIAGNOSIS)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile.yaml", "roadmap.yaml"]


def test_an_existing_calendar_is_left_untouched(
    inputs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.ics"
    out.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert plan(*inputs, out) == EXIT_INFEASIBLE
    assert capsys.readouterr().err == DIAGNOSIS
    assert out.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def test_stretch_writes_a_plan_and_says_what_was_stretched(
    inputs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.ics"
    assert main(
        ["plan", "--roadmap", str(inputs[0]), "--profile", str(inputs[1]), "--out", str(out),
         "--stretch"]
    ) == 0  # fmt: skip
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert "Stretched: the plan ends about 7 day(s) after your deadline." in capsys.readouterr().out
