"""A daily cap below a session gives a ten-year horizon; the fixes tried then never ask for a
week range longer than a plan can be (that was an internal error, exit 1)."""

from __future__ import annotations

import datetime as dt

import pytest

from aipm_planner import InfeasiblePlanError, LearnerProfile, Roadmap, plan

ROADMAP = Roadmap.model_validate(
    {
        "id": "r",
        "title": "R",
        "phases": [
            {
                "id": "p1",
                "title": "P1",
                "weeks": "3-4",
                "modules": [{"id": "a", "title": "A", "weeks": "2-3", "hours": 10}],
            }
        ],
    }
)


def test_a_cap_below_a_session_is_diagnosed() -> None:
    profile = LearnerProfile.model_validate(
        {
            "timezone": "UTC",
            "start": dt.date(2027, 1, 4),
            "availability": {"mon": ["19:00-21:00"], "sat": ["09:00-12:00"]},
            "max_hours_per_day": 0.01,
        }
    )
    with pytest.raises(InfeasiblePlanError) as info:
        plan(ROADMAP, profile, time_limit=2)
    kinds = {change.kind for fix in info.value.diagnosis.fixes for change in fix.changes}
    assert "raise-daily-cap" in kinds
