"""A daily or weekly cap shorter than the minimum session leaves no room for any session:
the diagnosis says so first, naming the cap and the session, instead of only blaming the
phases' week ranges (which ``--stretch`` would not fix)."""

from __future__ import annotations

import datetime as dt

import pytest

from aipm_planner import InfeasiblePlanError, LearnerProfile, Roadmap, diagnose, plan

ROADMAP = Roadmap.model_validate(
    {
        "id": "r",
        "title": "R",
        "phases": [
            {
                "id": "p1",
                "title": "P1",
                "weeks": "1-2",
                "modules": [{"id": "a", "title": "A", "weeks": "1-2", "hours": 3}],
            }
        ],
    }
)


def profile(**caps: float) -> LearnerProfile:
    return LearnerProfile.model_validate(
        {
            "timezone": "UTC",
            "start": dt.date(2027, 1, 4),
            "availability": {"sun": ["10:00-12:00"], "sat": ["10:00-12:00"]},
            "session": {"min_minutes": 45, "max_minutes": 90},
            **caps,
        }
    )


@pytest.mark.parametrize(
    ("caps", "rule", "message"),
    [
        (
            {"max_hours_per_day": 0.5},
            "daily-cap",
            "max_hours_per_day allows 30 minutes of study a day, less than the 45-minute"
            " minimum session: no session fits",
        ),
        (
            {"max_hours_per_week": 0.7},
            "weekly-cap",
            "max_hours_per_week allows 42 minutes of study a week, less than the 45-minute"
            " minimum session: no session fits",
        ),
    ],
)
def test_the_cap_is_named_first(caps: dict[str, float], rule: str, message: str) -> None:
    for stretch in (False, True):
        with pytest.raises(InfeasiblePlanError) as caught:
            plan(ROADMAP, profile(**caps), time_limit=3, stretch=stretch)
        first = caught.value.diagnosis.conflicts[0]
        assert (first.rule, first.message) == (rule, message)
    diagnosis = diagnose(ROADMAP, profile(**caps), time_limit=3)
    assert not diagnosis.fits
    assert diagnosis.conflicts[0].message == message
    # Every fix raises that cap (alone it is enough here: the windows hold the 3 hours).
    kinds = [{c.kind for c in fix.changes} for fix in diagnosis.fixes]
    assert kinds
    assert all(f"raise-{rule}" in k for k in kinds)
