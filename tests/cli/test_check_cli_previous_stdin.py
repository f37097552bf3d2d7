"""``--previous -`` says that the previous calendar is read from a file.

``-`` means standard input for ``--profile`` and standard output for ``--out`` and
``--json``, but ``--previous`` reads a file only: ``--previous -`` used to fail with
``-: cannot read the previous calendar: No such file or directory``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.cli import main

ROADMAP = """\
id: previous-stdin
title: Previous from stdin
phases:
  - id: only
    title: Only phase
    weeks: 1-2
    modules:
      - {id: one, title: One, weeks: 1-2, hours: 2}
"""


@pytest.mark.parametrize("command", ["plan", "replan"])
def test_standard_input_is_refused_by_name(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roadmap = tmp_path / "roadmap.yaml"
    roadmap.write_text(ROADMAP, encoding="utf-8")
    out = tmp_path / "new.ics"
    args = ["--roadmap", str(roadmap), "--out", str(out), "--previous", "-", "--quiet"]
    if command == "replan":
        first = ["plan", "--roadmap", str(roadmap), "--json", str(tmp_path / "plan.json")]
        assert main([*first, "--out", str(tmp_path / "plan.ics"), "--quiet"]) == 0
        progress = tmp_path / "progress.yaml"
        progress.write_text("as_of: 2020-01-01T00:00:00Z\n", encoding="utf-8")
        args += ["--schedule", str(tmp_path / "plan.json"), "--progress", str(progress)]
    capsys.readouterr()
    assert main([command, *args]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == (
        "error: --previous: the previous calendar is read from a file, not from standard input"
    )
    assert len(lines) == 2
    assert not out.exists()
