"""``replan(..., stretch=True)`` (``replan --stretch``) plans past a deadline that is too
early, as ``plan(..., stretch=True)`` does, instead of failing.

The tiny roadmap (6 h: intro 3 h and sql 1 h, then proto 2 h) cannot end by a deadline on
the first Wednesday, so the first plan is stretched past it. After the first session is
missed, the re-plan with ``stretch=True`` raised ``InfeasiblePlanError``: its windows ended
at the deadline, so nothing could be placed after it, soft or not.
"""

from __future__ import annotations

import datetime as dt

import pytest
from export.schedules import START, roadmap
from schedule_builder import profile

from aipm_planner.errors import InfeasiblePlanError
from aipm_planner.model.progress import Progress
from aipm_planner.planning import plan
from aipm_planner.replan import progress_work, replan
from aipm_planner.verify import verify

DEADLINE = START + dt.timedelta(days=2)  # the first Wednesday


def test_a_stretched_re_plan_goes_past_the_deadline() -> None:
    road, prof = roadmap(), profile(START, deadline=DEADLINE.isoformat())
    first = plan(road, prof, time_limit=5, stretch=True)
    assert first.finish is not None
    assert first.finish.date() > DEADLINE
    missed = first.sessions[0]
    progress = Progress(as_of=missed.end, sessions={missed.uid: "missed"})

    with pytest.raises(InfeasiblePlanError):
        replan(first, progress=progress, time_limit=5)
    new = replan(first, progress=progress, time_limit=5, stretch=True)

    assert verify(new, work=progress_work(new, progress), stretch=True) == []
    assert missed.start not in {s.start for s in new.sessions}
    assert any("deadline" in line for line in new.explanations)
