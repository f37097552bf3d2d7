"""Each "cannot fit" case of the constraint tests, with only its one rule relaxed, plans.

``test_constraints.py`` checks each constraint family with a case that must be refused.
A refusal alone cannot tell which rule refused it: a case that was infeasible for another
reason too (a window missing, a range too short) would keep passing if the rule under test
were dropped from the model. Here every such case is planned again with only that rule
relaxed; the plan must exist, be proven optimal, verify, and use what the rule forbade.
"""

from __future__ import annotations

from collections import defaultdict

from aipm_planner.model import Schedule

from .builders import module, phase, profile, roadmap
from .test_constraints import MONDAYS, TWO_EVENINGS, infeasible, planned

NO_WEEK_1 = {"deadline": "2027-01-17", "blackouts": ["2027-01-11..2027-01-17"]}


def minutes_by_day(schedule: Schedule) -> list[int]:
    days: dict[object, int] = defaultdict(int)
    for session in schedule.sessions:
        days[session.start.date()] += session.minutes
    return sorted(days.values())


def test_exact_effort_fits_when_the_week_holds_it() -> None:
    infeasible(roadmap(phase("p", 1, module("a", 1, 2.5))), profile(MONDAYS))
    schedule = planned(
        roadmap(phase("p", 1, module("a", 1, 2.5))),
        profile({"mon": ["19:00-21:00"], "tue": ["19:00-19:30"]}),
    )
    assert sum(s.minutes for s in schedule.sessions) == 150


def test_daily_cap_is_what_refuses() -> None:
    road = roadmap(phase("p", 1, module("a", 1, 2.5)))
    infeasible(road, profile(TWO_EVENINGS, max_hours_per_day=1))
    assert max(minutes_by_day(planned(road, profile(TWO_EVENINGS)))) > 60


def test_weekly_cap_is_what_refuses() -> None:
    road = roadmap(phase("p", 1, module("a", 1, 3)))
    infeasible(road, profile(TWO_EVENINGS, max_hours_per_week=2))
    assert sum(minutes_by_day(planned(road, profile(TWO_EVENINGS)))) == 180


def test_module_minimum_weeks_are_what_refuse() -> None:
    prof = profile(MONDAYS, **NO_WEEK_1)
    infeasible(roadmap(phase("p", 2, module("a", 2, 1))), prof)
    # The same module in one week fits week 0; with week 1 open, two weeks fit too.
    planned(roadmap(phase("p", 1, module("a", 1, 1))), prof)
    spread = planned(roadmap(phase("p", 2, module("a", 2, 1))), profile(MONDAYS))
    assert [(m.first_week, m.last_week) for m in spread.modules] == [(0, 1)]


def test_module_maximum_weeks_are_what_refuse() -> None:
    infeasible(roadmap(phase("p", "1-3", module("a", 1, 4))), profile(MONDAYS))
    loose = planned(roadmap(phase("p", "1-3", module("a", "1-2", 4))), profile(MONDAYS))
    assert [(m.first_week, m.last_week) for m in loose.modules] == [(0, 1)]


def test_phase_minimum_weeks_are_what_refuse() -> None:
    prof = profile(MONDAYS, **NO_WEEK_1)
    infeasible(roadmap(phase("p", 2, module("a", 1, 0.5), module("b", 1, 0.5))), prof)
    short = planned(roadmap(phase("p", 1, module("a", 1, 0.5), module("b", 1, 0.5))), prof)
    assert [(p.first_week, p.last_week) for p in short.phases] == [(0, 0)]


def test_phase_maximum_weeks_are_what_refuse() -> None:
    infeasible(roadmap(phase("p", 1, module("a", "1-3", 4))), profile(MONDAYS))
    loose = planned(roadmap(phase("p", "1-2", module("a", "1-3", 4))), profile(MONDAYS))
    assert [(p.first_week, p.last_week) for p in loose.phases] == [(0, 1)]


def test_the_deadline_is_what_refuses() -> None:
    road = roadmap(phase("p", "1-2", module("a", "1-2", 3)))
    infeasible(road, profile(MONDAYS, deadline="2027-01-10"))
    # One day later, Monday Jan 11 is inside the plan: 2 h in week 0 and 1 h in week 1.
    later = planned(road, profile(MONDAYS, deadline="2027-01-11"))
    assert [(m.first_week, m.last_week) for m in later.modules] == [(0, 1)]
