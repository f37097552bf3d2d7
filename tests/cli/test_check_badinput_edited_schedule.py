"""A schedule whose sessions were copied or renamed by hand is refused by replan and sync
(their events would overwrite one another), naming the file, the line and the session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from export.schedules import tiny

from aipm_planner.cli import main
from aipm_planner.errors import InputError
from aipm_planner.export.json_io import schedule_from_json, schedule_to_json
from aipm_planner.replan import replan

DUPLICATE = (
    "uid: session 1/3 of 'intro' (2027-03-22 19:00-21:00) has the same uid as session 1/3"
    " of 'intro' (2027-03-22 19:00-21:00)"
)
HINT = "  hint: use the schedule as the planner wrote it (plan --json), not one edited by hand\n"


def edited(tmp_path: Path, change: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schedule_to_json(tiny()))
    if change == "copy":
        data["sessions"].append(data["sessions"][0])
    else:
        data["sessions"][2]["module_id"] = "nosql"
    (tmp_path / "plan.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    return data


def line_of_session(tmp_path: Path, index: int) -> int:
    text = (tmp_path / "plan.json").read_text(encoding="utf-8").splitlines()
    starts = [n for n, line in enumerate(text, 1) if line == "    {"]
    return starts[index]


@pytest.mark.parametrize(
    "argv",
    [
        ["replan", "--schedule", "plan.json", "--today", "2027-03-23", "-q", "--json", "n.json"],
        ["sync", "--schedule", "plan.json", "--caldav-url", "http://127.0.0.1:9/"],
    ],
)
def test_a_copied_session_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    edited(tmp_path, "copy")
    before = (tmp_path / "plan.json").read_bytes()
    assert main(argv) == 2
    line = line_of_session(tmp_path, 5)
    assert capsys.readouterr().err == f"error: plan.json:{line}: sessions.5: {DUPLICATE}\n" + HINT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]
    assert (tmp_path / "plan.json").read_bytes() == before


def test_a_session_of_a_module_the_roadmap_lacks_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    edited(tmp_path, "rename")
    argv = ["replan", "--schedule", "plan.json", "--today", "2027-03-23", "-q"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: plan.json:{line_of_session(tmp_path, 2)}: sessions.2: ")
    assert "module 'nosql', which roadmap" in err


def test_replan_from_python_names_the_session(tmp_path: Path) -> None:
    data = edited(tmp_path, "copy")
    previous = schedule_from_json(json.dumps(data))
    with pytest.raises(InputError) as caught:
        replan(previous, now=previous.sessions[0].end, time_limit=2)
    assert caught.value.field == "sessions.5"
    assert caught.value.value == previous.sessions[0].uid
    assert caught.value.reason == DUPLICATE
