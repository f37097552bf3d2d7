"""``show`` and ``roadmaps`` give quarter hours as written, and totals to the hundredth."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.cli import main

QUARTERS = """\
id: quarters
title: Quarters
phases:
  - id: p
    title: P
    weeks: 1-2
    modules:
      - {id: a, title: A, weeks: 1, hours: 1.25}
      - {id: b, title: B, weeks: 1, hours: 0.8}
      - {id: c, title: C, weeks: 1, hours: 100}
"""


def test_quarter_hours_and_their_total(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "quarters.yaml"
    path.write_text(QUARTERS, encoding="utf-8")
    assert main(["show", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2] == "1. P [p]: 1-2 weeks, 102.05 h"
    assert lines[3] == "   a  A       1 week  1.25 h  course"
    assert lines[4] == "   b  B       1 week   0.8 h  course"
    assert (
        lines[-1]
        == "Total: 1 phase, 3 modules, 102.05 h, 1-2 weeks if phases run one after another"
    )
