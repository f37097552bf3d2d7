"""Diagnosis of a plan whose horizon is the full ten years (blackouts over nearly all of it).

The phase-range fix searched maxima up to the horizon's 522 plan weeks, past the 520 a week
range may have, and the diagnosis crashed with a validation error instead of explaining.
"""

from __future__ import annotations

from aipm_planner.model import LearnerProfile, Roadmap
from aipm_planner.solver.diagnosis import diagnose

ROADMAP = Roadmap.model_validate(
    {
        "id": "t",
        "title": "Tiny",
        "phases": [
            {
                "id": "basics",
                "title": "Basics",
                "weeks": "2-3",
                "modules": [{"id": "py", "title": "Python", "weeks": "1-2", "hours": 12}],
            }
        ],
    }
)


def test_blackouts_over_ten_years_are_diagnosed_without_a_crash() -> None:
    profile = LearnerProfile.model_validate(
        {
            "timezone": "UTC",
            "start": "2027-01-04",
            "availability": {"sat": ["09:00-12:00"]},
            "blackouts": ["2027-01-01..2036-12-31"],
        }
    )
    diagnosis = diagnose(ROADMAP, profile, time_limit=2)
    assert [c.rule for c in diagnosis.conflicts] == ["phase-range"]
    assert all(
        int(c.value) <= 520 for f in diagnosis.fixes for c in f.changes if c.kind.endswith("weeks")
    )
