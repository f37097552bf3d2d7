"""A fix that combines more time and a higher daily cap, when neither is enough alone.

A 90-minute module with sessions of at least 60 minutes is one 90-minute session: a daily
cap of 1 h never lets it happen, and the one 1-hour window cannot hold it even with the cap
raised. No fix was offered ("No change tried ... made it fit").
"""

from __future__ import annotations

from aipm_planner.planning import plan
from aipm_planner.solver.diagnosis import diagnose
from aipm_planner.solver.fixes import apply_fix
from aipm_planner.verify import verify

from .builders import module, phase, profile, roadmap


def test_more_time_and_a_higher_daily_cap_are_offered_together() -> None:
    road = roadmap(phase("p", 1, module("a", 1, hours=1.5)))
    prof = profile(
        {"sun": ["18:00-19:00"]},
        max_hours_per_day=1,
        session={"min_minutes": 60, "max_minutes": 120, "break_minutes": 15},
    )
    diagnosis = diagnose(road, prof, time_limit=5)
    assert [f.message for f in diagnosis.fixes] == [
        "add 0.5 h a week, e.g. Sunday 18:00-19:30 instead of 18:00-19:00;"
        " raise max_hours_per_day from 1 to 1.5"
    ]
    assert diagnosis.fixes[0].verified
    schedule = plan(*apply_fix(road, prof, diagnosis.fixes[0]), time_limit=5)
    assert verify(schedule) == []
