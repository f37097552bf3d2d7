"""Every command that reads a schedule names the line of a version it cannot read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export.schedules import tiny

from aipm_planner.cli import main
from aipm_planner.export.json_io import schedule_to_json


@pytest.mark.parametrize(
    "argv",
    [
        ["replan", "--schedule", "plan.json", "--today", "2027-03-23", "-q"],
        ["report", "--schedule", "plan.json", "-o", "plan.html"],
    ],
)
def test_the_version_line_is_named(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    data = json.loads(schedule_to_json(tiny()))
    data["version"] = 2
    (tmp_path / "plan.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        "error: plan.json:2: version: schedule format version 2 is not supported (this is 1)\n"
        "  hint: plan again with this version of aipm-planner\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]
