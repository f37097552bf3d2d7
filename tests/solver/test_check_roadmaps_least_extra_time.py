"""The "more hours a week" fix is the least extra time, also when a new window on a free
day needs less than a longer existing one.

Two weeks of four 2-hour evenings (sessions of 60-120 minutes, 10-minute breaks) hold 16 h;
the roadmap needs 18 h, the last 3 h after everything else. A longer Monday holds one more
session only from 70 extra minutes on, and its extra hour comes too early in the week for
the last phase, so it needed 1 h 45 min; one new hour on Saturday is enough.
"""

from __future__ import annotations

import pytest

from aipm_planner import InfeasiblePlanError, apply_fix, plan, verify

from .builders import module, phase, profile, roadmap

EVENINGS = ["18:00-20:00"]


def test_a_new_window_on_a_free_day_is_suggested_when_it_needs_less() -> None:
    road = roadmap(
        phase("a", "1-2", module("a1", "1-2", 6), module("a2", "1-2", 5), after=[]),
        phase("b", "1-2", module("b1", "1-2", 4), after=[]),
        phase("c", 1, module("c1", 1, 3, requires=("a1", "b1")), after=["a", "b"]),
    )
    prof = profile(
        dict.fromkeys(("mon", "tue", "wed", "thu"), EVENINGS),
        deadline="2027-01-17",
        session={"min_minutes": 60, "max_minutes": 120, "break_minutes": 10},
    )
    with pytest.raises(InfeasiblePlanError) as caught:
        plan(road, prof, time_limit=3)
    more = caught.value.diagnosis.fixes[0]
    assert more.message == "add 1 h a week, e.g. Saturday 10:00-11:00"
    assert more.verified
    fixed_roadmap, fixed_profile = apply_fix(road, prof, more)
    assert verify(plan(fixed_roadmap, fixed_profile, time_limit=3)) == []
