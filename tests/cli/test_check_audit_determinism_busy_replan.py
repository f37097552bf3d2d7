"""The same inputs give the same bytes in separate processes, also with a busy calendar,
a DST night, phases side by side and a re-plan written over an earlier calendar.

The determinism tests run ``plan()`` on a roadmap and a profile only; here the command line
reads a busy calendar (a weekly event), plans over the night Europe/Berlin springs forward,
then re-plans after a missed session with ``--previous`` (so SEQUENCE and cancellations are
in the bytes), in two interpreters with different hash seeds. Both plans must verify.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from aipm_planner.export.json_io import schedule_from_json
from aipm_planner.model.progress import Progress
from aipm_planner.replan import progress_work
from aipm_planner.verify import verify

ROADMAP = """\
id: same
title: Same
phases:
  - id: p1
    title: One
    weeks: 1-3
    modules:
      - {id: a, title: A, weeks: 1-2, hours: 3}
      - {id: b, title: B, weeks: 1-2, hours: 2, requires: [a]}
  - id: p2
    title: Two
    weeks: 1-3
    after: []
    modules:
      - {id: c, title: C, weeks: 1-3, hours: 3}
"""
PROFILE = """\
timezone: Europe/Berlin
start: 2027-03-22
availability:
  mon: ["19:00-21:00"]
  wed: ["07:00-08:00", "19:00-21:00"]
  sat: ["09:00-12:00"]
  sun: ["01:00-03:30"]
busy_calendars: [busy.ics]
max_hours_per_day: 2.5
"""
BUSY = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//aipm-planner tests//busy//EN\r\n"
    "BEGIN:VEVENT\r\nUID:choir@test\r\nDTSTAMP:20261201T000000Z\r\n"
    "DTSTART;TZID=Europe/Berlin:20270322T193000\r\nDTEND;TZID=Europe/Berlin:20270322T200000\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Choir\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def cli(folder: Path, hash_seed: int, *args: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    done = subprocess.run(
        [sys.executable, "-m", "aipm_planner", *args, "--time-limit", "5", "--quiet"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")


def without_wall_time(text: bytes) -> object:
    data = json.loads(text)
    data["report"]["wall_time"] = 0
    return data


OUTPUTS = ("plan.ics", "plan.json", "new.ics", "new.json")


def run_in(folder: Path, hash_seed: int) -> dict[str, bytes]:
    """Plan and re-plan in ``folder`` (made afresh); the four files written, by name."""
    folder.mkdir()
    (folder / "roadmap.yaml").write_text(ROADMAP, encoding="utf-8")
    (folder / "me.yaml").write_text(PROFILE, encoding="utf-8")
    (folder / "busy.ics").write_text(BUSY, encoding="utf-8", newline="")
    cli(folder, hash_seed, "plan", "--roadmap", "roadmap.yaml", "--profile", "me.yaml",
        "--out", "plan.ics", "--json", "plan.json")  # fmt: skip
    first = schedule_from_json((folder / "plan.json").read_text(encoding="utf-8"))
    missed = first.sessions[0].uid
    (folder / "progress.json").write_text(
        json.dumps({"as_of": "2027-03-25T00:00:00+01:00", "sessions": {missed: "missed"}}),
        encoding="utf-8",
    )
    cli(folder, hash_seed, "replan", "--schedule", "plan.json", "--progress", "progress.json",
        "--previous", "plan.ics", "--out", "new.ics", "--json", "new.json")  # fmt: skip
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def test_plan_and_replan_give_the_same_bytes_in_two_processes(tmp_path: Path) -> None:
    # The same folder both times: the schedule holds the busy calendar's absolute path.
    folder = tmp_path / "plan"
    once = run_in(folder, 1)
    shutil.rmtree(folder)
    again = run_in(folder, 2)
    for name in ("plan.ics", "new.ics"):
        assert once[name] == again[name], name
    for name in ("plan.json", "new.json"):
        assert without_wall_time(once[name]) == without_wall_time(again[name]), name

    first = schedule_from_json(once["plan.json"].decode())
    new = schedule_from_json(once["new.json"].decode())
    progress = Progress.model_validate_json((folder / "progress.json").read_text())
    assert verify(first) == []
    assert verify(new, work=progress_work(new, progress)) == []
    # The busy evening is kept free, and the missed session was planned again.
    assert all(s.start.strftime("%H:%M") != "19:30" for s in first.sessions)
    gone = first.sessions[0]
    assert (gone.start, gone.end) not in {(s.start, s.end) for s in new.sessions}
    assert sum(s.minutes for s in new.sessions) == sum(s.minutes for s in first.sessions)
