"""``replan`` with two inputs on standard input names both options, as ``plan`` does: the
progress report and the profile both given as '-' got '<stdin>: the file is empty'."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from export.schedules import tiny

from aipm_planner.cli import main
from aipm_planner.export.json_io import schedule_to_json


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--progress", "-", "--profile", "-"], "--progress and --profile"),
        (["--roadmap", "-", "--profile", "-"], "--roadmap and --profile"),
        (["--progress", "-", "--roadmap", "-"], "--progress and --roadmap"),
    ],
)
def test_two_inputs_on_stdin_are_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    named: str,
) -> None:
    (tmp_path / "plan.json").write_text(schedule_to_json(tiny()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("as_of: 2027-03-23T00:00:00+01:00\n"))
    monkeypatch.chdir(tmp_path)
    assert main(["replan", "--schedule", "plan.json", *options, "--quiet"]) == 2
    last = named.split(" and ")[-1]
    assert capsys.readouterr().err == (
        f"error: {last}: only one input can come from standard input ('-'), not {named}\n"
        "  hint: give the others as files\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]
