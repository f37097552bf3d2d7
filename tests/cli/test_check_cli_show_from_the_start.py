"""``show`` says when a phase runs from the start (``after: []``): without it, the phase read
as following the one listed before it, like a phase with no ``after`` at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.cli import main

ROADMAP = """\
id: side
title: Side by side
phases:
  - id: a
    title: A
    weeks: 2
    modules:
      - {id: a1, title: A one, weeks: 1-2, hours: 2}
  - id: b
    title: B
    weeks: 2
    after: []
    modules:
      - {id: b1, title: B one, weeks: 1-2, hours: 2}
  - id: c
    title: C
    weeks: 1
    modules:
      - {id: c1, title: C one, weeks: 1, hours: 1}
"""


def test_a_phase_beside_the_ones_before_it_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "side.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    assert main(["show", str(path)]) == 0
    phases = [line for line in capsys.readouterr().out.splitlines() if line[:1].isdigit()]
    assert phases == [
        "1. A [a]: 2 weeks, 2 h",
        "2. B [b]: 2 weeks, 2 h, from the start, beside the phases listed before it",
        "3. C [c]: 1 week, 1 h",
    ]
