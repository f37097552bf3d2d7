"""Explanations give effort in the learner's units: 45 min, not a rounded "0.8 h"."""

from __future__ import annotations

from aipm_planner.effort import prepare
from aipm_planner.model import LearnerProfile, Roadmap


def test_a_raised_effort_names_the_exact_time() -> None:
    road = Roadmap.model_validate(
        {
            "id": "t",
            "title": "Tiny",
            "phases": [
                {
                    "id": "p",
                    "title": "P",
                    "weeks": 1,
                    "modules": [{"id": "a", "title": "A", "weeks": 1, "hours": 0.75}],
                }
            ],
        }
    )
    profile = LearnerProfile.model_validate(
        {
            "timezone": "UTC",
            "start": "2027-01-04",
            "availability": {"sun": ["10:00-12:00"]},
            "session": {"min_minutes": 50, "max_minutes": 80},
        }
    )
    # 45 min is shorter than one 50-minute session: raised to 50 min (a multiple of 5).
    assert prepare(road, profile).explanations == (
        "Raised 'A' from 45 min to 50 min so it can be cut into sessions of 50-80 minutes.",
    )
