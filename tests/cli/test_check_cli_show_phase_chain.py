"""``show`` totals the weeks of phases that run side by side along their longest chain."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.cli import main

SIDE_BY_SIDE = """\
id: side
title: Side by side
phases:
  - id: a
    title: A
    weeks: 2-3
    modules:
      - {id: a1, title: A one, weeks: 1-2, hours: 2}
  - id: b
    title: B
    weeks: 4
    after: []
    modules:
      - {id: b1, title: B one, weeks: 4, hours: 4}
  - id: c
    title: C
    weeks: 1-5
    after: [a, b]
    modules:
      - {id: c1, title: C one, weeks: 1, hours: 1}
"""


def test_phases_side_by_side_do_not_add_up(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "side.yaml"
    path.write_text(SIDE_BY_SIDE, encoding="utf-8")
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    # a and b start together; c follows the later of them: 4 + 1 weeks at least, 4 + 5 at most
    assert out.splitlines()[-1] == (
        "Total: 3 phases, 3 modules, 7 h, 5-9 weeks along the longest chain of phases"
    )


def test_phases_that_name_their_predecessor_in_order_run_one_after_another(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "chain.yaml"
    path.write_text(
        SIDE_BY_SIDE.replace("after: []", "after: [a]").replace("after: [a, b]", "after: [b]")
    )
    assert main(["show", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Total: 3 phases, 3 modules, 7 h, 7-12 weeks if phases run one after another"
    )
