"""A stretched re-plan keeps the sessions of the next day when they lie past the deadline.

With ``stretch=True`` the deadline and the week-range maxima are soft, so a session of the
next day that ends after the deadline still fits. The next days' check treated them as
hard: such a session was dropped (its time not reused) and everything after it moved.
"""

from __future__ import annotations

import datetime as dt

from export.schedules import START, roadmap
from schedule_builder import profile

from aipm_planner.model.progress import Progress
from aipm_planner.planning import plan
from aipm_planner.replan import progress_work, replan
from aipm_planner.verify import verify

DEADLINE = START + dt.timedelta(days=2)  # the first Wednesday: too early for the roadmap


def test_the_next_day_past_the_deadline_keeps_its_sessions() -> None:
    prof = profile(START, deadline=DEADLINE.isoformat())
    first = plan(roadmap(), prof, time_limit=5, stretch=True)
    late = [s for s in first.sessions if s.start.date() > DEADLINE]
    assert late, "the stretched plan has sessions past the deadline"
    progress = Progress(as_of=late[0].start - dt.timedelta(hours=1))

    new = replan(first, progress=progress, time_limit=5, stretch=True)

    assert verify(new, work=progress_work(new, progress), stretch=True) == []
    assert [(s.uid, s.start, s.end) for s in new.sessions] == [
        (s.uid, s.start, s.end) for s in first.sessions
    ]
    assert not any("no longer fit" in line for line in new.explanations)
