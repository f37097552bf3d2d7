"""A session settled at an earlier check-in cannot be reported missed at a later one.

A re-plan settles every session that had ended by its check-in, and a missed session passes
its number, so its UID, to the next session of its module. A tool that sent its whole
history again at the next check-in ("this UID: missed") made that next session, studied and
settled as done, count as missed: it was dropped and its study planned once more.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aipm_planner.cli import main
from aipm_planner.errors import InputError
from aipm_planner.export.json_io import schedule_to_json
from aipm_planner.model import LearnerProfile, Roadmap, Schedule
from aipm_planner.model.progress import Progress
from aipm_planner.planning import plan
from aipm_planner.replan import replan

BERLIN = ZoneInfo("Europe/Berlin")
ROAD = Roadmap.model_validate(
    {
        "id": "settle",
        "title": "Settle",
        "phases": [
            {
                "id": "p",
                "title": "P",
                "weeks": "1-4",
                "modules": [{"id": "a", "title": "A", "weeks": "1-4", "hours": 4}],
            }
        ],
    }
)
PROFILE = LearnerProfile.model_validate(
    {
        "timezone": "Europe/Berlin",
        "start": "2027-01-04",
        "availability": {"mon": ["19:00-20:00"], "wed": ["19:00-20:00"], "fri": ["19:00-20:00"]},
        "session": {"min_minutes": 60, "max_minutes": 60, "break_minutes": 10},
    }
)


def at(day: int) -> dt.datetime:
    return dt.datetime(2027, 1, day, tzinfo=BERLIN)


@pytest.fixture(scope="module")
def checked_in() -> tuple[Schedule, str]:
    """Monday's session (a 1/4) reported missed at the check-in on Thursday the 7th; and its UID."""
    first = plan(ROAD, PROFILE, time_limit=5, workers=1)
    monday = first.sessions[0]
    assert (monday.ordinal, monday.start) == (1, dt.datetime(2027, 1, 4, 19, tzinfo=BERLIN))
    progress = Progress(as_of=at(7), sessions={monday.uid: "missed"})
    return replan(first, progress=progress, time_limit=5, workers=1), monday.uid


def test_the_missed_uid_names_the_settled_wednesday_session(
    checked_in: tuple[Schedule, str],
) -> None:
    schedule, uid = checked_in
    wednesday = next(s for s in schedule.sessions if s.uid == uid)
    assert wednesday.start == dt.datetime(2027, 1, 6, 19, tzinfo=BERLIN)


def test_reporting_it_missed_again_is_refused(checked_in: tuple[Schedule, str]) -> None:
    schedule, uid = checked_in
    again = Progress(as_of=at(9), sessions={uid: "missed"})
    with pytest.raises(InputError) as caught:
        replan(schedule, progress=again, time_limit=5, workers=1)
    assert caught.value.field == f"sessions.{uid}"
    assert caught.value.reason == (
        "session 1 of 'a' ended 2027-01-06T20:00:00+01:00, by 2027-01-07T00:00:00+01:00, the"
        " check-in this schedule was re-planned at, which settled it as done"
    )


def test_reporting_it_done_again_changes_nothing(checked_in: tuple[Schedule, str]) -> None:
    schedule, uid = checked_in
    reported = replan(
        schedule, progress=Progress(as_of=at(9), sessions={uid: "done"}), time_limit=5, workers=1
    )
    silent = replan(schedule, progress=Progress(as_of=at(9)), time_limit=5, workers=1)
    assert reported.sessions == silent.sessions
    assert any(s.uid == uid and s.start == at(6) + dt.timedelta(hours=19) for s in silent.sessions)


def test_the_command_line_names_the_progress_file(
    checked_in: tuple[Schedule, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    schedule, uid = checked_in
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.json").write_text(schedule_to_json(schedule), encoding="utf-8")
    (tmp_path / "progress.yaml").write_text(
        f"as_of: 2027-01-09T00:00:00+01:00\nsessions:\n  {uid}: missed\n", encoding="utf-8"
    )
    args = ["replan", "--schedule", "plan.json", "--progress", "progress.yaml", "--quiet"]
    assert main([*args, "--out", "new.ics"]) == 2
    assert (
        capsys.readouterr()
        .err.splitlines()[0]
        .startswith(f"error: progress.yaml:3: sessions.{uid}: session 1 of 'a' ended")
    )
    assert not (tmp_path / "new.ics").exists()
