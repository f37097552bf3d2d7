"""``validate --help`` names every kind of file it checks: the README's table gives
``--kind roadmap|profile|progress|schedule`` and a schedule JSON validates, but the help
said "check roadmap, profile and progress files"."""

from __future__ import annotations

import pytest

from aipm_planner.cli import main


def test_the_help_names_schedules(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Check roadmap, profile, progress and schedule files" in text
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "check roadmap, profile, progress and schedule files" in capsys.readouterr().out
