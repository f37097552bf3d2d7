"""A profile read from standard input finds its busy calendars from the current folder,
and a missing one's hint says so."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from aipm_planner.cli import main

PROFILE = """\
timezone: UTC
start: 2027-01-04
availability: {mon: ["18:00-21:00"]}
busy_calendars: [work.ics]
"""

CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:b@t\r\n"
    "DTSTAMP:20270101T000000Z\r\nDTSTART:20270104T180000Z\r\nDTEND:20270104T190000Z\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _validate_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(PROFILE))
    code = main(["validate", "--kind", "profile", "-"])
    return code, capsys.readouterr().err


def test_missing_busy_calendar_of_stdin_profile_hints_at_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = _validate_stdin(monkeypatch, capsys)
    assert code == 2
    assert f"busy calendar file '{tmp_path / 'work.ics'}' does not exist" in err
    assert (
        "hint: paths in a profile read from standard input are relative to the current"
        " folder; give an existing .ics file"
    ) in err


def test_busy_calendar_of_stdin_profile_is_found_in_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "work.ics").write_text(CALENDAR, encoding="utf-8", newline="")
    monkeypatch.chdir(tmp_path)
    code, err = _validate_stdin(monkeypatch, capsys)
    assert (code, err) == (0, "")
