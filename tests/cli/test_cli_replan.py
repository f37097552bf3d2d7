"""``aipm-planner replan``: end to end with --today, progress files, changed profiles, exit codes.

The schedule re-planned is a small plan (modules a -> b, then c; Mon and Wed evenings and
Saturday mornings from Monday 2027-01-04) whose sessions are::

    a1 Mon 01-04 19-21   a2 Wed 01-06 19-21   b1 Sat 01-09 09-11
    b2 Mon 01-11 19-21   c1 Wed 01-13 19-21   c2 Sat 01-16 09-10
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from aipm_planner.cli import main
from aipm_planner.export.ics import to_ics
from aipm_planner.export.json_io import schedule_from_json, schedule_to_json
from aipm_planner.model import LearnerProfile, Roadmap, Schedule
from aipm_planner.planning import plan

BERLIN = ZoneInfo("Europe/Berlin")

ROADMAP = """\
id: small
title: Small
phases:
  - id: basics
    title: Basics
    weeks: 1-3
    modules:
      - {id: a, title: A, weeks: 1-2, hours: 4}
      - {id: b, title: B, weeks: 1-2, hours: 4, requires: [a]}
  - id: project
    title: Project
    weeks: 1-3
    modules:
      - {id: c, title: C, weeks: 1-3, hours: 3}
"""

PROFILE = """\
timezone: Europe/Berlin
start: 2027-01-04
availability:
  mon: ["19:00-21:00"]
  wed: ["19:00-21:00"]
  sat: ["09:00-12:00"]
session: {min_minutes: 60, max_minutes: 120, break_minutes: 10}
"""


@pytest.fixture(scope="module")
def first_plan() -> Schedule:
    from aipm_planner.loading import load_text

    roadmap = load_text(ROADMAP, Roadmap, "roadmap.yaml")
    profile = load_text(PROFILE, LearnerProfile, "profile.yaml")
    return plan(roadmap, profile, time_limit=10, workers=1)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first_plan: Schedule) -> Path:
    """A fresh current folder with plan.json, plan.ics and profile.yaml."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.json").write_text(schedule_to_json(first_plan), encoding="utf-8")
    (tmp_path / "plan.ics").write_bytes(to_ics(first_plan))
    (tmp_path / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    return tmp_path


def replan(*args: str) -> int:
    return main(["replan", "--schedule", "plan.json", "--time-limit", "10", *args])


def events(path: Path) -> dict[str, tuple[dt.datetime, int]]:
    """Session UID -> (start, SEQUENCE) of a calendar file's timed events."""
    calendar = Calendar.from_ical(path.read_bytes())
    return {
        str(e["UID"]): (e.decoded("DTSTART"), int(e.get("SEQUENCE", 0)))
        for e in calendar.walk("VEVENT")
        if isinstance(e.decoded("DTSTART"), dt.datetime)
    }


def test_replan_with_today_writes_calendar_json_and_summary(
    here: Path, capsys: pytest.CaptureFixture[str], first_plan: Schedule
) -> None:
    code = replan("--today", "2027-01-07", "--out", "new.ics", "--json", "new.json")
    assert code == 0
    out = capsys.readouterr().out
    assert "Study plan: Small" in out
    assert "Changes:  4 upcoming session(s) unchanged, 0 moved or removed, 0 new" in out
    new = schedule_from_json((here / "new.json").read_bytes())
    assert new.created == dt.datetime(2027, 1, 7, tzinfo=BERLIN)
    assert new.sessions == first_plan.sessions
    assert set(events(here / "new.ics")) == {s.uid for s in new.sessions}


def test_a_missed_session_from_the_progress_file(
    here: Path, first_plan: Schedule, capsys: pytest.CaptureFixture[str]
) -> None:
    a2 = first_plan.sessions[1]
    (here / "progress.yaml").write_text(
        f"as_of: 2027-01-07T00:00:00+01:00\nsessions:\n  {a2.uid}: missed\n", encoding="utf-8"
    )
    code = replan(
        "--progress", "progress.yaml", "--json", "plan.json", "--out", "plan.ics",
        "--previous", "plan.ics", "--quiet",
    )  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out == ""
    new = schedule_from_json((here / "plan.json").read_bytes())
    assert [s.module_id for s in new.sessions] == ["a", "a", "b", "b", "c", "c"]
    assert new.sessions[1].start > a2.start
    old = {s.uid: s.start for s in first_plan.sessions}
    calendar = events(here / "plan.ics")
    for session in new.sessions:
        start, sequence = calendar[session.uid]
        assert start == session.start
        # Only events whose time changed get a higher SEQUENCE.
        assert (sequence > 0) == (old.get(session.uid) != session.start)


def test_a_changed_profile_applies_from_today(here: Path) -> None:
    (here / "holiday.yaml").write_text(PROFILE + 'blackouts: ["2027-01-16"]\n', encoding="utf-8")
    code = replan(
        "--profile", "holiday.yaml", "--today", "2027-01-07", "--json", "new.json", "--quiet"
    )
    assert code == 0
    new = schedule_from_json((here / "new.json").read_bytes())
    assert new.profile_source == "holiday.yaml"
    assert [s.start.date() for s in new.sessions][-1] == dt.date(2027, 1, 18)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--progress: needs --progress or --today"),
        (["--today", "2027-02-30"], "'2027-02-30' is not a date like 2027-01-31"),
        (["--today", "2027-01-07", "--freeze-days", "-1"], "'-1' is not a whole number"),
        (["--progress", "missing.yaml"], "missing.yaml"),
        (["--progress", "bad.yaml"], "bad.yaml"),
        (["--progress", "unknown.yaml"],
         "unknown.yaml:2: sessions.nope: no session of the schedule has this UID"),
        (["--progress", "unknown-module.yaml"],
         "unknown-module.yaml:3: modules.zzz: the roadmap has no module with this id"),
        (["--today", "2027-01-07", "--out", "profile.yaml", "--profile", "profile.yaml"],
         "would overwrite an input file"),
        (["--today", "2027-01-07", "--out", "-", "--json", "-"], "cannot both write to standard"),
        (["--today", "2027-01-07", "--out", "plan.json"], "--out: would overwrite an input file"),
        (["--today", "2027-01-07", "--previous", "old.ics", "--json", "old.ics"],
         "--json: would overwrite an input file"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_without_writing(
    here: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (here / "bad.yaml").write_text("as_of: yesterday\n", encoding="utf-8")
    (here / "old.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    (here / "unknown.yaml").write_text(
        "as_of: 2027-01-07T00:00:00+01:00\nsessions: {nope: done}\n", encoding="utf-8"
    )
    (here / "unknown-module.yaml").write_text(
        "as_of: 2027-01-07T00:00:00+01:00\nmodules:\n  zzz: {done: true}\n", encoding="utf-8"
    )
    before = {p.name: p.read_bytes() for p in here.iterdir()}
    assert replan(*args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in here.iterdir()} == before


def test_a_bad_schedule_file_is_named(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "plan.json").write_text("{", encoding="utf-8")
    assert replan("--today", "2027-01-07") == 2
    assert "plan.json" in capsys.readouterr().err


def test_what_is_left_not_fitting_exits_3_without_writing(
    here: Path, capsys: pytest.CaptureFixture[str], first_plan: Schedule
) -> None:
    # a's two sessions missed and a deadline on 01-17: 11 h left, 7 h of windows.
    (here / "late.yaml").write_text(PROFILE + "deadline: 2027-01-17\n", encoding="utf-8")
    missed = "".join(f"  {s.uid}: missed\n" for s in first_plan.sessions[:2])
    (here / "progress.yaml").write_text(
        f"as_of: 2027-01-07T00:00:00+01:00\nsessions:\n{missed}", encoding="utf-8"
    )
    before = sorted(p.name for p in here.iterdir())
    code = replan("--progress", "progress.yaml", "--profile", "late.yaml", "--out", "new.ics")
    assert code == 3
    assert "does not fit" in capsys.readouterr().err
    assert sorted(p.name for p in here.iterdir()) == before
