"""When what is left after a check-in cannot fit, the diagnosis says which range is short.

Module ``a`` (8 h) may span 1-2 weeks; it began on Mon 2027-01-04 (week 1 to a learner) and
the rest of that week was missed, so its last 6 h must fit into the second week after the
frozen Tuesday: Wed 01-13 and Sat 01-16 give 4 h. The diagnosis planned what is left as a
plan of its own, where a module of one week may lie in any week, found that it fits, and
the learner read "no single rule is to blame" with no fix. (On a large roadmap the same
case ended, after the whole time limit, in "no plan found within the time limit".)
"""

from __future__ import annotations

import pytest

from aipm_planner.errors import InfeasiblePlanError
from aipm_planner.model.progress import Progress
from aipm_planner.planning import plan
from aipm_planner.replan import replan

from .builders import at, module, phase, profile, roadmap

ROAD = roadmap(phase("p", "1-2", module("a", "1-2", hours=8)))
PROFILE = profile({"mon": ["19:00-21:00"], "wed": ["19:00-21:00"], "sat": ["09:00-11:00"]})


def test_the_diagnosis_of_what_is_left_keeps_the_plan_weeks() -> None:
    first = plan(ROAD, PROFILE, time_limit=5)
    assert [s.start for s in first.sessions] == [
        at("2027-01-04", "19:00"),
        at("2027-01-06", "19:00"),
        at("2027-01-09", "09:00"),
        at("2027-01-11", "19:00"),
    ]
    missed = {s.uid: "missed" for s in first.sessions[1:]}
    progress = Progress.model_validate({"as_of": at("2027-01-12", "00:00"), "sessions": missed})

    with pytest.raises(InfeasiblePlanError) as caught:
        replan(first, progress=progress, time_limit=5)

    diagnosis = caught.value.diagnosis
    assert [c.subject for c in diagnosis.conflicts] == ["p", "a"]
    assert diagnosis.conflicts[1].message == (
        "Module 'A' began in plan week 1 and may span at most 2 weeks, to plan week 2; 6 h of"
        " it are still to study, but your windows give at most 4 h by then"
    )
    assert [(c.target, c.value) for fix in diagnosis.fixes for c in fix.changes] == [
        ("p", "3"),
        ("a", "3"),
    ]
