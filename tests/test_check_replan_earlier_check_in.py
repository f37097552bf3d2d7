"""A check-in earlier than the one a schedule was re-planned at is refused.

The re-planned schedule settled every session that had ended by its check-in (done, or
missed and dropped). Re-planning it from an earlier moment used to plan those sessions
again: study the learner had reported done moved to other days.
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


@pytest.fixture(scope="module")
def replanned() -> Schedule:
    """A plan of a -> b (Mon, Wed, Sat from 2027-01-04) re-planned on Thursday the 7th."""
    roadmap = Roadmap.model_validate(
        {
            "id": "rewind",
            "title": "Rewind",
            "phases": [
                {
                    "id": "p",
                    "title": "P",
                    "weeks": "1-3",
                    "modules": [
                        {"id": "a", "title": "A", "weeks": "1-2", "hours": 4},
                        {"id": "b", "title": "B", "weeks": "1-2", "hours": 4, "requires": ["a"]},
                    ],
                }
            ],
        }
    )
    profile = LearnerProfile.model_validate(
        {
            "timezone": "Europe/Berlin",
            "start": "2027-01-04",
            "availability": {
                "mon": ["19:00-21:00"],
                "wed": ["19:00-21:00"],
                "sat": ["09:00-12:00"],
            },
            "session": {"min_minutes": 60, "max_minutes": 120, "break_minutes": 10},
        }
    )
    first = plan(roadmap, profile, time_limit=10, workers=1)
    return replan(first, progress=Progress(as_of=at(7)), time_limit=10, workers=1)


def at(day: int) -> dt.datetime:
    return dt.datetime(2027, 1, day, tzinfo=BERLIN)


def test_an_earlier_as_of_is_an_input_error(replanned: Schedule) -> None:
    # Monday's and Wednesday's sessions were settled on the 7th: from the 5th they would
    # be planned again.
    with pytest.raises(InputError) as caught:
        replan(replanned, progress=Progress(as_of=at(5)), time_limit=10, workers=1)
    assert caught.value.field == "as_of"
    assert str(caught.value).startswith(
        "as_of: 2027-01-05T00:00:00+01:00 is before 2027-01-07T00:00:00+01:00"
    )


def test_a_later_or_equal_check_in_is_fine(replanned: Schedule) -> None:
    again = replan(replanned, progress=Progress(as_of=at(7)), time_limit=10, workers=1)
    assert again.sessions == replanned.sessions


def test_the_command_line_names_the_file_or_today(
    replanned: Schedule,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.json").write_text(schedule_to_json(replanned), encoding="utf-8")
    (tmp_path / "progress.yaml").write_text("as_of: 2027-01-05T00:00:00+01:00\n", encoding="utf-8")
    base = ["replan", "--schedule", "plan.json", "--out", "new.ics", "--quiet"]
    assert main([*base, "--progress", "progress.yaml"]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        "error: progress.yaml:1: as_of: 2027-01-05T00:00:00+01:00 is before"
        " 2027-01-07T00:00:00+01:00, the check-in this schedule was re-planned at"
    )
    assert main([*base, "--today", "2027-01-05"]) == 2
    assert capsys.readouterr().err.startswith("error: --today: 2027-01-05T00:00:00+01:00 is")
    assert not (tmp_path / "new.ics").exists()
