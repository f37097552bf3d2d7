"""A ``--previous`` calendar the parser trips over is bad input (exit 2), not an internal error.

A VTIMEZONE with two TZID lines made the parser raise AttributeError, which ended the
command with "internal error" (exit 1) and wrote nothing useful to the learner.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from export.schedules import tiny
from test_check_cli_previous_errors import plan_with_previous

from aipm_planner.export.ics import to_ics


def test_a_time_zone_with_two_tzid_lines_is_refused_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = to_ics(tiny())
    assert b"TZID:Europe/Berlin\r\n" in good
    broken = good.replace(b"TZID:Europe/Berlin\r\n", b"TZID:Europe/Berlin\r\nTZID:X/Y\r\n", 1)

    assert plan_with_previous(tmp_path, broken) == 2

    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"error: {tmp_path / 'old.ics'}: the previous calendar is not valid")
    assert "cannot be parsed (AttributeError" in lines[0]
    assert not (tmp_path / "new.ics").exists()
