"""The "more hours a week" fix is the least extra time also when a longer window on
another of the learner's days needs less than one on the day tried first.

Saturday 10:00-11:00 and Sunday 10:00-12:00 with sessions of 50-60 minutes and 15-minute
breaks hold one session on Saturday and two of at most 52-53 minutes on Sunday: 2 h 45 min
of the 3 h a one-week module needs. Fifteen more minutes on Sunday give two 60-minute
sessions there; Saturday, tried first, needs far more, and 1 h was offered.
"""

from __future__ import annotations

from typing import Any

import pytest

from aipm_planner import InfeasiblePlanError, LearnerProfile, Roadmap, apply_fix, plan, verify
from aipm_planner.model import Fix


def _roadmap() -> Roadmap:
    module = {"id": "a", "title": "Alpha", "weeks": 1, "hours": 3}
    data: dict[str, Any] = {
        "id": "t",
        "title": "Tiny",
        "phases": [{"id": "p1", "title": "Basics", "weeks": 1, "modules": [module]}],
    }
    return Roadmap.model_validate(data)


def _profile(sat: str = "10:00-11:00", sun: str = "10:00-12:00") -> LearnerProfile:
    return LearnerProfile.model_validate(
        {
            "timezone": "UTC",
            "start": "2027-01-04",
            "availability": {"sat": [sat], "sun": [sun]},
            "session": {"min_minutes": 50, "max_minutes": 60, "break_minutes": 15},
        }
    )


def _fits(profile: LearnerProfile) -> bool:
    try:
        schedule = plan(_roadmap(), profile, time_limit=3)
    except InfeasiblePlanError:
        return False
    assert verify(schedule) == []
    return True


def _more_time(fix: Fix) -> bool:
    return [c.kind for c in fix.changes] == ["extra-hours-per-week"]


def test_fifteen_more_minutes_on_sunday_are_offered() -> None:
    with pytest.raises(InfeasiblePlanError) as caught:
        plan(_roadmap(), _profile(), time_limit=3)
    more = next(f for f in caught.value.diagnosis.fixes if _more_time(f))
    assert more.message == "add 15 min a week, e.g. Sunday 10:00-12:15 instead of 10:00-12:00"
    assert more.verified
    assert verify(plan(*apply_fix(_roadmap(), _profile(), more), time_limit=3)) == []
    # The day tried first does not fit with the same fifteen minutes.
    assert not _fits(_profile(sat="10:00-11:15"))
