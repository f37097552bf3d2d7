"""A phase shorter than the modules that must follow one another in it is explained by
arithmetic, with the phase length that holds them, however short the time limit."""

from __future__ import annotations

import datetime as dt

import pytest

from aipm_planner import (
    InfeasiblePlanError,
    LearnerProfile,
    Roadmap,
    apply_fix,
    diagnose,
    plan,
    verify,
)

# 'b' starts after 'a' ends and 'c' after 'b': 3 + 1 + 3 weeks, two of them shared (a
# module may start in the week its prerequisite ends), so at least 5 weeks; the phase
# allows 3. No amount of time, no deadline and no longer range for 'a' can help.
ROADMAP = Roadmap.model_validate(
    {
        "id": "chain",
        "title": "Chain",
        "phases": [
            {
                "id": "basics",
                "title": "Basics",
                "weeks": 3,
                "modules": [
                    {"id": "a", "title": "A", "weeks": 3, "hours": 3},
                    {"id": "b", "title": "B", "weeks": 1, "hours": 1, "requires": ["a"]},
                    {"id": "c", "title": "C", "weeks": "3-5", "hours": 3, "requires": ["b"]},
                ],
            }
        ],
    }
)
PROFILE = LearnerProfile.model_validate(
    {
        "timezone": "Europe/Berlin",
        "start": dt.date(2027, 3, 1),
        "availability": {"mon": ["19:00-21:00"], "thu": ["19:00-21:00"], "sat": ["09:00-12:00"]},
    }
)
MESSAGE = (
    "Phase 1 'Basics' may take at most 3 weeks, but its modules 'A', then 'B', then 'C'"
    " need at least 5 weeks one after another"
)


def test_chain_longer_than_phase_is_a_conflict_with_the_weeks_that_hold_it() -> None:
    diagnosis = diagnose(ROADMAP, PROFILE, time_limit=0.3)
    assert [(c.rule, c.subject, c.message) for c in diagnosis.conflicts] == [
        ("phase-range", "basics", MESSAGE)
    ]
    changes = [[(c.kind, c.target, c.value) for c in f.changes] for f in diagnosis.fixes]
    assert changes == [[("phase-max-weeks", "basics", "5")]]
    schedule = plan(*apply_fix(ROADMAP, PROFILE, diagnosis.fixes[0]), time_limit=3)
    assert verify(schedule) == []
    assert (schedule.phases[0].first_week, schedule.phases[0].last_week) == (0, 4)


def test_plan_names_the_chain_without_searching() -> None:
    with pytest.raises(InfeasiblePlanError) as raised:
        plan(ROADMAP, PROFILE, time_limit=0.3)
    assert [c.message for c in raised.value.diagnosis.conflicts] == [MESSAGE]


def test_chain_follows_prerequisites_inherited_through_a_skipped_module() -> None:
    # Without 'b', 'c' inherits its prerequisite 'a': 3 + 3 weeks, one shared.
    profile = PROFILE.model_copy(update={"skip": ["b"]})
    diagnosis = diagnose(ROADMAP, profile, time_limit=0.3)
    assert [c.message for c in diagnosis.conflicts] == [
        "Phase 1 'Basics' may take at most 3 weeks, but its modules 'A', then 'C' need at"
        " least 5 weeks one after another"
    ]


def test_chain_that_fits_is_planned() -> None:
    # Without 'c' the chain is 'a' then 'b': 3 + 1 weeks, one shared, as the phase allows.
    profile = PROFILE.model_copy(update={"skip": ["c"]})
    schedule = plan(ROADMAP, profile, time_limit=3)
    assert {s.module_id for s in schedule.sessions} == {"a", "b"}
