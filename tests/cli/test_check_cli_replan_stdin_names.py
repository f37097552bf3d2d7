"""A cross-file error in an input ``replan`` reads from standard input names ``<stdin>``,
as ``plan`` does, not the bare ``-`` of the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from export.schedules import tiny

from aipm_planner.cli import main
from aipm_planner.export.json_io import schedule_to_json


def test_a_progress_report_on_stdin_is_named_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    schedule = tiny()
    (tmp_path / "plan.json").write_text(schedule_to_json(schedule), encoding="utf-8")
    report = {"as_of": schedule.sessions[0].end.isoformat(), "modules": {"nope": {"done": True}}}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(report)))
    monkeypatch.chdir(tmp_path)
    argv = ["replan", "--schedule", "plan.json", "--progress", "-", "--quiet"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: <stdin>: modules.nope: the roadmap has no module with this id")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_a_schedule_on_stdin_is_named_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    schedule = tiny()
    data = json.loads(schedule_to_json(schedule))
    data["profile"]["skip"] = ["nope"]
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(data)))
    monkeypatch.chdir(tmp_path)
    today = schedule.sessions[0].start.date().isoformat()
    assert main(["replan", "--schedule", "-", "--today", today, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: <stdin>: profile.skip.0: unknown module id 'nope'")
    assert list(tmp_path.iterdir()) == []
