"""The README's table row for ``replan`` names both ways to give the check-in: the command
takes ``--progress FILE`` or ``--today DATE`` (one of them is needed), but the row showed
``--progress`` as if it were required and left ``--today`` out."""

from __future__ import annotations

from pathlib import Path

import pytest
from export.schedules import tiny

from aipm_planner.cli import main
from aipm_planner.export.json_io import schedule_to_json

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_row_names_progress_or_today() -> None:
    rows = [
        line
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `aipm-planner replan ")
    ]
    assert len(rows) == 1
    assert "(--progress progress.yaml\\|--today DATE)" in rows[0]


def test_either_is_needed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schedule = tmp_path / "plan.json"
    schedule.write_text(schedule_to_json(tiny()), encoding="utf-8")
    assert main(["replan", "--schedule", str(schedule)]) == 2
    assert "needs --progress or --today" in capsys.readouterr().err
