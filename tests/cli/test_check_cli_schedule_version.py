"""Every command that reads a schedule refuses a format version it does not read.

``replan`` and ``sync`` refused a schedule of format version 2, but ``report``, ``plot`` and
``validate`` read it as if it were version 1 (exit 0, a page drawn from data of another
format), and a version written as ``true`` or ``"1"`` passed everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export.schedules import tiny

from aipm_planner.cli import main
from aipm_planner.errors import InputError
from aipm_planner.export.json_io import schedule_from_json, schedule_to_json
from aipm_planner.model import Schedule


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(here: Path, version: object) -> Path:
    data = json.loads(schedule_to_json(tiny()))
    data["version"] = version
    path = here / "plan.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--schedule", "plan.json", "-o", "plan.html"],
        ["plot", "--schedule", "plan.json", "--gantt", "gantt.svg"],
        ["validate", "plan.json"],
        ["validate", "--kind", "schedule", "plan.json"],
        ["replan", "--schedule", "plan.json", "--today", "2027-03-23", "-q"],
    ],
)
def test_a_schedule_of_another_format_version_is_refused(
    here: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    _write(here, 2)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "version: schedule format version 2 is not supported (this is 1)" in err
    assert "plan again with this version of aipm-planner" in err
    assert sorted(p.name for p in here.iterdir()) == ["plan.json"]


@pytest.mark.parametrize("version", [True, "1", 1.0])
def test_a_version_that_is_not_the_number_1_is_refused(version: object) -> None:
    data = json.loads(schedule_to_json(tiny()))
    data["version"] = version
    with pytest.raises(InputError) as caught:
        schedule_from_json(json.dumps(data))
    assert caught.value.field == "version"
    with pytest.raises(ValueError, match="schedule format version"):
        Schedule.model_validate(data)
