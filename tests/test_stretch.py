"""``plan(..., stretch=True)``: the inputs diagnosis rejects still give a plan, and every
range or deadline it exceeds is explained."""

from __future__ import annotations

from typing import Any

import pytest

from aipm_planner.errors import InfeasiblePlanError
from aipm_planner.model import LearnerProfile, Roadmap, Schedule
from aipm_planner.planning import plan
from aipm_planner.verify import verify


def module(mid: str, title: str, weeks: Any, hours: float) -> dict[str, Any]:
    return {"id": mid, "title": title, "weeks": weeks, "hours": hours}


def phase(pid: str, title: str, weeks: Any, *modules: dict[str, Any]) -> dict[str, Any]:
    return {"id": pid, "title": title, "weeks": weeks, "modules": list(modules)}


def roadmap(*phases: dict[str, Any]) -> Roadmap:
    return Roadmap.model_validate({"id": "t", "title": "Tiny", "phases": list(phases)})


def profile(**fields: Any) -> LearnerProfile:
    data: dict[str, Any] = {
        "timezone": "UTC",
        "start": "2027-01-04",
        "availability": {"sun": ["10:00-12:00"]},
    }
    return LearnerProfile.model_validate(data | fields)


# The same inputs as in test_diagnosis.py, which shows that they have no plan.
PHASE_TOO_SHORT = roadmap(
    phase("p1", "Basics", 2, module("a", "Alpha", "1-2", 6)),
    phase("p2", "Practice", 2, module("b", "Beta", 2, 2)),
)
TWO_PHASES = roadmap(
    phase("p1", "Basics", 2, module("a", "Alpha", "1-2", 2)),
    phase("p2", "Practice", 2, module("b", "Beta", "1-2", 2)),
)


def stretched(road: Roadmap, prof: LearnerProfile) -> Schedule:
    with pytest.raises(InfeasiblePlanError):
        plan(road, prof, time_limit=5)
    schedule = plan(road, prof, time_limit=5, stretch=True)
    assert verify(schedule, stretch=True) == []
    return schedule


def stretch_lines(schedule: Schedule) -> list[str]:
    return [e for e in schedule.explanations if e.startswith("Stretched")]


def test_a_phase_range_is_stretched_by_the_fewest_weeks() -> None:
    schedule = stretched(PHASE_TOO_SHORT, profile())
    assert stretch_lines(schedule) == [
        "Stretched: module 'Alpha' spans 3 weeks, 1 more than its maximum of 2.",
        "Stretched: phase 'Basics' spans 3 weeks, 1 more than its maximum of 2.",
    ]
    assert [(p.phase_id, p.first_week, p.last_week) for p in schedule.phases] == [
        ("p1", 0, 2),
        ("p2", 3, 4),  # phase 1 fills the window of week 2
    ]


def test_the_deadline_is_stretched() -> None:
    schedule = stretched(TWO_PHASES, profile(deadline="2027-01-17"))
    assert stretch_lines(schedule) == [
        "Stretched: the plan ends about 7 day(s) after your deadline."
    ]
    assert schedule.finish is not None
    assert schedule.finish.date().isoformat() == "2027-01-24"


def test_deadline_and_ranges_stretched_together() -> None:
    road = roadmap(
        phase("p1", "Basics", 2, module("a", "Alpha", "1-2", 5)),
        phase("p2", "Practice", 2, module("b", "Beta", "1-2", 2)),
    )
    schedule = stretched(road, profile(deadline="2027-01-17"))
    assert stretch_lines(schedule) == [
        "Stretched: the plan ends about 14 day(s) after your deadline.",
        "Stretched: module 'Alpha' spans 3 weeks, 1 more than its maximum of 2.",
        "Stretched: phase 'Basics' spans 3 weeks, 1 more than its maximum of 2.",
    ]
