"""A schedule JSON whose module or phase plans do not fit its roadmap is bad input (exit 2).

A tool that edits or writes the schedule JSON could give ``report`` and ``plot`` a phase
plan naming no phase of the embedded roadmap, or a week far past any plan: both were
internal errors (``KeyError``, ``OverflowError``, exit 1) instead of a line naming the
file and the plan.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from report.schedules import tiny

from aipm_planner.cli import main
from aipm_planner.export.json_io import schedule_to_json


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["phases"][0].update(phase_id="elsewhere"),
            "phase plan 'elsewhere' names no phase of the roadmap",
        ),
        (
            lambda d: d["modules"][0].update(module_id="elsewhere"),
            "module plan 'elsewhere' names no module of the roadmap",
        ),
        (
            lambda d: d["modules"][0].update(last_week=10**6),
            "module plan 'intro' has week 1000000, outside the dates a plan can use (weeks ",
        ),
        (
            lambda d: d["phases"][0].update(first_week=-(10**6)),
            "phase plan 'basics' has week -1000000, outside the dates a plan can use (weeks ",
        ),
    ],
)
@pytest.mark.parametrize("command", [["report", "-o", "plan.html"], ["plot", "--gantt", "g.svg"]])
def test_a_plan_outside_the_roadmap_is_bad_input(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[dict[str, Any]], None],
    message: str,
    command: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    data = json.loads(schedule_to_json(tiny()))
    change(data)
    Path("plan.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert main([command[0], "--schedule", "plan.json", *command[1:]]) == 2
    assert capsys.readouterr().err.startswith(f"error: plan.json: {message}")
    assert not (tmp_path / command[-1]).exists()
