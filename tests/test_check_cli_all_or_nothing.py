"""A command that writes several files writes all of them or none.

``plan --out a.ics --json b.json`` used to replace ``a.ics`` and then fail on ``b.json``
(exit 2): the command failed, yet the calendar was already replaced, and after ``replan``
the calendar and the schedule it came from no longer matched.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aipm_planner.cli import main
from aipm_planner.export import write_all_atomic

ROADMAP = """\
id: all-or-nothing
title: All or nothing
phases:
  - id: only
    title: Only phase
    weeks: 1-2
    modules:
      - {id: one, title: One, weeks: 1-2, hours: 2}
"""

PROFILE = """\
timezone: Europe/Berlin
start: 2027-01-04
availability:
  mon: ["19:00-21:00"]
  wed: ["19:00-21:00"]
"""

FULL = "/dev/full"  # every write fails with "No space left on device"
needs_full = pytest.mark.skipif(not os.path.exists(FULL), reason="needs /dev/full")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "roadmap.yaml").write_text(ROADMAP, encoding="utf-8")
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    return tmp_path


def plan(*extra: str) -> int:
    args = ["plan", "--roadmap", "roadmap.yaml", "--profile", "profile.yaml"]
    return main([*args, "--quiet", "--time-limit", "5", *extra])


def test_a_file_that_cannot_be_staged_leaves_the_others_as_they_were(tmp_path: Path) -> None:
    first = tmp_path / "first.ics"
    first.write_bytes(b"old")
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    with pytest.raises(NotADirectoryError) as caught:
        write_all_atomic([(first, b"new"), (blocker / "second.json", b"{}")])
    assert caught.value.filename == str(blocker / "second.json")
    assert first.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.ics", "not-a-folder"]


@needs_full
def test_plan_replaces_no_calendar_when_the_json_cannot_be_written(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "study-plan.ics").write_bytes(b"old calendar")
    assert plan("--out", "study-plan.ics", "--json", FULL) == 2
    assert (here / "study-plan.ics").read_bytes() == b"old calendar"
    assert "/dev/full: cannot write the file" in capsys.readouterr().err
    assert not list(here.glob(".*.tmp"))


@needs_full
def test_plan_creates_no_file_when_a_later_one_cannot_be_written(here: Path) -> None:
    assert plan("--out", "new.ics", "--json", "new.json", "--html", FULL) == 2
    assert not (here / "new.ics").exists()
    assert not (here / "new.json").exists()


@needs_full
def test_replan_keeps_calendar_and_schedule_together(here: Path) -> None:
    assert plan("--out", "plan.ics", "--json", "plan.json") == 0
    before = (here / "plan.ics").read_bytes()
    args = ["replan", "--schedule", "plan.json", "--today", "2027-01-06", "--quiet"]
    code = main([*args, "--previous", "plan.ics", "--out", "plan.ics", "--json", FULL])
    assert code == 2
    assert (here / "plan.ics").read_bytes() == before
