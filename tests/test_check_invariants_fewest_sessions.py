"""The constructive plan cuts a module's minutes in one window into the fewest sessions the
maximum length allows, as every plan does: it is the answer when CP-SAT is not given the
time, or the model is too large, and the solver's hint."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from aipm_planner import LearnerProfile, Roadmap, verify
from aipm_planner.effort import prepare
from aipm_planner.planning import build_problem, plan, plan_availability
from aipm_planner.solver.greedy import greedy_plan

# 280 minutes over at least 4 weeks: the constructive plan aims one 70-minute session at
# each of weeks 0-3. Week 1's only window is blacked out, so its session slides into
# week 2's window, which then holds two sessions of the same module (140 minutes, one
# session of at most 150).
ROADMAP = Roadmap.model_validate(
    {
        "id": "spread",
        "title": "Spread",
        "phases": [
            {
                "id": "only",
                "title": "Only",
                "weeks": "4-6",
                "modules": [{"id": "a", "title": "A", "weeks": "4-6", "hours": 280 / 60}],
            }
        ],
    }
)
PROFILE = LearnerProfile.model_validate(
    {
        "timezone": "UTC",
        "start": dt.date(2027, 3, 1),
        "availability": {"sat": ["09:00-12:00"]},
        "session": {"min_minutes": 45, "max_minutes": 150, "break_minutes": 10},
        "blackouts": [dt.date(2027, 3, 13)],
    }
)


def test_constructive_plan_has_fewest_sessions_per_window() -> None:
    problem = build_problem(prepare(ROADMAP, PROFILE), plan_availability(ROADMAP, PROFILE), PROFILE)
    placed = greedy_plan(problem)
    assert placed is not None
    per_window: dict[tuple[str, int], list[int]] = defaultdict(list)
    for session in placed:
        per_window[session.module_id, problem.slot_of(session.start)].append(
            session.end - session.start
        )
    assert sorted(per_window.values()) == [[70], [70], [140]]
    for lengths in per_window.values():
        assert len(lengths) == math.ceil(sum(lengths) / problem.max_session)


def test_plan_has_fewest_sessions_per_window_when_not_given_the_time() -> None:
    # A limit too short for CP-SAT to prove anything: the answer may be the constructive plan.
    schedule = plan(ROADMAP, PROFILE, time_limit=0.01, workers=1)
    assert verify(schedule) == []
    per_day: dict[dt.date, list[int]] = defaultdict(list)  # one window a day
    for session in schedule.sessions:
        per_day[session.start.date()].append(session.minutes)
    for lengths in per_day.values():
        assert len(lengths) == math.ceil(sum(lengths) / 150)
