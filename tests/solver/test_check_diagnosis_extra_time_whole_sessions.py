"""More hours a week when the daily cap holds one session: whole sessions on new days.

With ``max_hours_per_day`` equal to the minimum session, a new day takes a whole session or
nothing, so 15 or 30 extra minutes cannot be placed although 60 can. The search for the
most extra time assumed every smaller amount fits too, found none, and no fix was offered.
"""

from __future__ import annotations

from aipm_planner.planning import plan
from aipm_planner.solver.diagnosis import diagnose
from aipm_planner.solver.fixes import apply_fix
from aipm_planner.verify import verify

from .builders import module, phase, profile, roadmap


def test_the_extra_time_fix_adds_a_whole_session_on_a_new_day() -> None:
    # 4 h within at most 3 weeks, but one 1-hour window a week gives 3 h.
    road = roadmap(phase("p", "1-3", module("a", "1-3", hours=4)))
    prof = profile(
        {"sun": ["19:00-20:00"]},
        max_hours_per_day=1,
        session={"min_minutes": 60, "max_minutes": 120, "break_minutes": 5},
    )
    diagnosis = diagnose(road, prof, time_limit=5)
    assert [f.message for f in diagnosis.fixes] == [
        "add 1 h a week, e.g. Saturday 10:00-11:00",
        "let phase 1 'P' take up to 4 weeks instead of 3; let its module 'A' take up to 4"
        " weeks too",
    ]
    for fix in diagnosis.fixes:
        assert fix.verified
        schedule = plan(*apply_fix(road, prof, fix), time_limit=5)
        assert verify(schedule) == []
