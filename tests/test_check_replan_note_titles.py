"""The check-in's notes name a module by its title also when it was finished before any of
its sessions: such a module is planned no more, and the note used to show its id."""

from __future__ import annotations

import datetime as dt

import pytest

from aipm_planner.model import LearnerProfile, Roadmap, Schedule
from aipm_planner.model.progress import ModuleProgress, Progress
from aipm_planner.planning import plan
from aipm_planner.replan import replan

AS_OF = dt.datetime(2027, 1, 7, tzinfo=dt.UTC)  # after a1 and a2, before any of b


@pytest.fixture(scope="module")
def first() -> Schedule:
    roadmap = Roadmap.model_validate(
        {
            "id": "titles",
            "title": "Titles",
            "phases": [
                {
                    "id": "p",
                    "title": "P",
                    "weeks": "1-3",
                    "modules": [
                        {"id": "a", "title": "Alpha", "weeks": "1-2", "hours": 4},
                        {"id": "b", "title": "Beta", "weeks": "1-2", "hours": 4, "requires": ["a"]},
                    ],
                }
            ],
        }
    )
    profile = LearnerProfile.model_validate(
        {
            "timezone": "UTC",
            "start": "2027-01-04",
            "availability": {
                "mon": ["19:00-21:00"],
                "wed": ["19:00-21:00"],
                "sat": ["09:00-12:00"],
            },
            "session": {"min_minutes": 60, "max_minutes": 120},
        }
    )
    schedule = plan(roadmap, profile, time_limit=10, workers=1)
    assert not [s for s in schedule.sessions if s.module_id == "b" and s.end <= AS_OF]
    return schedule


@pytest.mark.parametrize(
    ("report", "note"),
    [
        (ModuleProgress(done=True), "'Beta' is done: it needs no more sessions."),
        (ModuleProgress(hours_done=5), "'Beta': 5 h done reported; 0 h left."),
    ],
)
def test_a_module_finished_before_its_sessions_is_named_by_its_title(
    first: Schedule, report: ModuleProgress, note: str
) -> None:
    new = replan(
        first, progress=Progress(as_of=AS_OF, modules={"b": report}), time_limit=10, workers=1
    )
    assert not [s for s in new.sessions if s.module_id == "b"]
    assert new.explanations[-1] == note
