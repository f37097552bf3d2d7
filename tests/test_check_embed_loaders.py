"""Embedding tools read progress reports and saved schedules the way the commands do."""

from __future__ import annotations

from pathlib import Path

import pytest
from export.schedules import tiny

from aipm_planner import InputError, load_progress, load_schedule, write_json


def test_a_saved_schedule_loads_back(tmp_path: Path) -> None:
    schedule = tiny()
    write_json(schedule, tmp_path / "plan.json")
    assert load_schedule(tmp_path / "plan.json") == schedule


def test_a_schedule_of_another_format_version_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    write_json(tiny(), path)
    path.write_text(path.read_text().replace('"version": 1', '"version": 7'))
    with pytest.raises(InputError) as caught:
        load_schedule(path)
    assert (caught.value.path, caught.value.field, caught.value.value) == (str(path), "version", 7)
    assert caught.value.line == 2


def test_a_progress_report_loads_with_its_errors_placed(tmp_path: Path) -> None:
    path = tmp_path / "progress.yaml"
    path.write_text("as_of: 2027-01-11T00:00:00+01:00\nunreported: missed\n")
    progress = load_progress(path)
    assert progress.unreported == "missed"
    path.write_text("as_of: 2027-01-11T00:00:00+01:00\nunreported: skipped\n")
    with pytest.raises(InputError) as caught:
        load_progress(path)
    assert (caught.value.path, caught.value.field, caught.value.line) == (
        str(path),
        "unreported",
        2,
    )
    assert caught.value.value == "skipped"
