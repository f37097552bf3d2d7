"""A module requiring one of a later phase gets a hint that says how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner import load_roadmap
from aipm_planner.errors import InputError

ROADMAP = """\
id: later
title: Later
phases:
  - id: a
    title: A
    weeks: 1
    modules:
      - {id: a1, title: A1, weeks: 1, hours: 1, requires: [b1]}
  - id: b
    title: B
    weeks: 1
    modules:
      - {id: b1, title: B1, weeks: 1, hours: 1}
"""


def test_requiring_a_later_phase_hints_at_moving_a_module(tmp_path: Path) -> None:
    path = tmp_path / "later.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_roadmap(path)
    error = caught.value
    assert error.field == "phases.0.modules.0.requires.0"
    assert error.line == 8
    assert "which comes after phase 'a'" in str(error)
    # b1 is defined in this roadmap: "list ids of modules defined in this roadmap" fixes nothing
    assert error.hint == (
        "a module may require only modules of its own phase or of phases before or"
        " beside it: move one of the two modules, or remove the requirement"
    )
