"""A ``--previous`` file that is not a calendar gets a short error, not the file's content.

icalendar quotes the whole line it cannot read; a schedule JSON given by mistake is one
long line once unfolded, so the error used to print thousands of characters of it (and of
a binary file, its bytes). A calendar with a damaged event (a SEQUENCE out of range, a
DTSTART that is not a date) was an internal error (exit 1) after planning.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export.schedules import tiny

from aipm_planner.cli import main
from aipm_planner.export.ics import to_ics

ROADMAP = """\
id: previous-errors
title: Previous errors
phases:
  - id: only
    title: Only phase
    weeks: 1-2
    modules:
      - {id: one, title: One, weeks: 1-2, hours: 2}
"""


def plan_with_previous(tmp_path: Path, previous: bytes) -> int:
    (tmp_path / "roadmap.yaml").write_text(ROADMAP, encoding="utf-8")
    (tmp_path / "old.ics").write_bytes(previous)
    out = str(tmp_path / "new.ics")
    args = ["plan", "--roadmap", str(tmp_path / "roadmap.yaml"), "--out", out, "--quiet"]
    return main([*args, "--previous", str(tmp_path / "old.ics")])


def test_a_json_file_gives_two_short_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps({"sessions": [{"title": f"session {i}"} for i in range(300)]}, indent=2)
    assert plan_with_previous(tmp_path, text.encode()) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"error: {tmp_path / 'old.ics'}: the previous calendar is not")
    assert len(lines[0]) < 250
    assert "session 299" not in lines[0]
    assert not (tmp_path / "new.ics").exists()


def test_a_binary_file_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert plan_with_previous(tmp_path, bytes(range(256)) * 20) == 2
    err = capsys.readouterr().err
    assert "the previous calendar is a binary file (it contains NUL bytes)" in err
    assert len(err) < 300


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ((b"SEQUENCE:0", b"SEQUENCE:99999999999999999999"), "SEQUENCE 99999999999999999999"),
        ((b"DTSTART;TZID=Europe/Berlin:2027", b"DTSTART;TZID=Europe/Berlin:20XX"), "DTSTART"),
    ],
)
def test_a_damaged_event_is_bad_input_not_an_internal_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: tuple[bytes, bytes],
    reason: str,
) -> None:
    old, new = damage
    previous = to_ics(tiny())
    assert old in previous
    assert plan_with_previous(tmp_path, previous.replace(old, new, 1)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tmp_path / 'old.ics'}: the previous calendar is not valid")
    assert reason in err
    assert "internal error" not in err
