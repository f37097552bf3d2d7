"""validate fails a profile that plan would refuse for having no window for a session."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner.cli import main

PROFILE = "timezone: UTC\nstart: 2027-01-04\n"


def _validate(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str, list[str]]:
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def test_windows_shorter_than_a_session(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(PROFILE + "session: {min_minutes: 90}\navailability:\n  mon: ['19:00-20:00']\n")
    assert _validate(capsys, path) == (
        2,
        "",
        [
            f"FAIL {path}:4: availability: no window of at least 90 minutes between 2027-01-04"
            " and 2028-04-02",
            "  hint: add weekly windows, or lower session.min_minutes",
        ],
    )


def test_every_window_blacked_out(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(
        PROFILE + "deadline: 2027-01-20\nblackouts: [2027-01-01..2027-02-01]\n"
        "availability:\n  mon: ['19:00-21:00']\n"
    )
    assert _validate(capsys, path) == (
        2,
        "",
        [
            f"FAIL {path}:4: blackouts: all your windows are blacked out between 2027-01-04"
            " and 2027-01-20",
            "  hint: shorten the blackouts or move the start date",
        ],
    )


def test_touching_short_windows_make_one_long_enough(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(
        PROFILE + "session: {min_minutes: 90}\navailability:\n"
        "  mon: ['19:00-20:00', '20:00-21:00']\n"
    )
    assert _validate(capsys, path)[0] == 0
