"""An output option refused before planning names the file it was given.

``plan --json ./roadmap.yaml`` said only ``--json: would overwrite an input file``: with
several options and relative paths the learner had to guess which file was meant.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.cli import main

ROADMAP = """\
id: output-names
title: Output names
phases:
  - id: only
    title: Only phase
    weeks: 1-2
    modules:
      - {id: one, title: One, weeks: 1-2, hours: 2}
"""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--out", "sub"], "error: --out: is a folder, not a file (got 'sub')"),
        (["--json", "./roadmap.yaml"], "error: --json: would overwrite an input file (got"),
        (["--html", "study-plan.ics"], "error: --html: is also given to --out (got"),
    ],
)
def test_the_refused_file_is_named(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "roadmap.yaml").write_text(ROADMAP, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert main(["plan", "--roadmap", "roadmap.yaml", "--quiet", *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert repr(extra[1]) in err
