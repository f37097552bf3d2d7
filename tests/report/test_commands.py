"""``aipm-planner report`` and ``aipm-planner plot``: files in, pages and pictures out."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from aipm_planner.cli import main
from aipm_planner.export.html import render_html

from .schedules import tiny


@pytest.fixture
def schedule_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(tiny().model_dump_json(indent=2), encoding="utf-8")
    return path


def test_report_writes_the_page(
    schedule_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.html"
    assert main(["report", "--schedule", str(schedule_file), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_html(tiny())
    assert capsys.readouterr().err == f"wrote {out}\n"


def test_report_today_moves_the_upcoming_weeks(schedule_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    args = ["report", "--schedule", str(schedule_file), "-o", str(out), "--today", "2027-01-25"]
    assert main(args) == 0
    assert "Sessions from Mon 25 Jan 2027 to Sun 7 Feb 2027." in out.read_text(encoding="utf-8")


def test_report_to_standard_output(schedule_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--schedule", str(schedule_file), "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("<!DOCTYPE html>")
    assert captured.err == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "2027-13-01"], "argument --today: '2027-13-01' is not a date like 2027-01-31"),
        (["-o", "/nonexistent-folder/plan.html"], "folder '/nonexistent-folder' does not exist"),
    ],
)
def test_report_bad_input_is_one_line(
    schedule_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["report", "--schedule", str(schedule_file), *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_report_without_matplotlib_says_how_to_install_it(
    schedule_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    out = tmp_path / "plan.html"
    assert main(["report", "--schedule", str(schedule_file), "-o", str(out)]) == 2
    assert capsys.readouterr().err == (
        "error: the HTML report needs the report extra: pip install 'aipm-planner[report]'\n"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("suffix", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")]
)
def test_plot_writes_each_format(
    schedule_file: Path, tmp_path: Path, suffix: str, magic: bytes
) -> None:
    gantt, load = tmp_path / f"gantt.{suffix}", tmp_path / f"load.{suffix}"
    args = ["plot", "--schedule", str(schedule_file), "--gantt", str(gantt), "--load", str(load)]
    assert main(args) == 0
    first = (gantt.read_bytes(), load.read_bytes())
    assert first[0].startswith(magic)
    assert first[1].startswith(magic)
    assert main(args) == 0
    assert (gantt.read_bytes(), load.read_bytes()) == first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "error: nothing to draw\n  hint: give --gantt FILE and/or --load FILE"),
        (["--gantt", "chart.gif"], "error: chart.gif: --gantt: the chart file must end in .png"),
    ],
)
def test_plot_bad_input(
    schedule_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["plot", "--schedule", str(schedule_file), *args]) == 2
    assert capsys.readouterr().err.startswith(message)


@pytest.mark.parametrize("command", [["report", "-o"], ["plot", "--gantt"]], ids=["report", "plot"])
def test_the_schedule_read_is_never_overwritten(
    schedule_file: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    # A chart needs a picture's suffix, so the plot case writes to a copy named .png.
    target = schedule_file
    if command[0] == "plot":
        target = schedule_file.with_suffix(".png")
        target.write_bytes(schedule_file.read_bytes())
        schedule_file = target
    before = schedule_file.read_bytes()
    assert main([command[0], "--schedule", str(schedule_file), command[1], str(target)]) == 2
    assert "would overwrite an input file" in capsys.readouterr().err
    assert schedule_file.read_bytes() == before
