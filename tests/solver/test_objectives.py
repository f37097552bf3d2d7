"""The objectives, in their order: earliest finish, then a steady routine (the lightest
possible heaviest week, then as few weeks without study as possible), then few context
switches; and a report that says so consistently.

Profiles start on Monday 2027-01-04 in UTC; week 0 is Jan 4-10, week 1 Jan 11-17, week 2
Jan 18-24. Minutes in the report count from local midnight of the start date.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from aipm_planner.model import LearnerProfile, Roadmap, Schedule
from aipm_planner.planning import plan
from aipm_planner.verify import verify
from aipm_planner.weeks import week_of

from .builders import at, minutes_after_start, module, phase, profile, roadmap, spans


def planned(road: Roadmap, prof: LearnerProfile) -> Schedule:
    schedule = plan(road, prof, time_limit=5)
    assert verify(schedule) == []
    assert schedule.report.status == "optimal"
    return schedule


def week_loads(schedule: Schedule) -> list[int]:
    loads: Counter[int] = Counter()
    for s in schedule.sessions:
        loads[week_of(schedule.profile.start, s.start.date())] += s.minutes
    return [loads[w] for w in range(max(loads) + 1)]


def modules_per_day(schedule: Schedule) -> dict[str, set[str]]:
    days: dict[str, set[str]] = defaultdict(set)
    for s in schedule.sessions:
        days[s.start.date().isoformat()].add(s.module_id)
    return dict(days)


def test_the_finish_is_the_earliest_moment() -> None:
    # 3 h in one week: Monday's 2 h, then Wednesday 19:00-20:00. Saturday morning would
    # be in the same week but later; the finish is the moment, not just the week.
    windows = {"mon": ["19:00-21:00"], "wed": ["19:00-21:00"], "sat": ["09:00-12:00"]}
    schedule = planned(roadmap(phase("p", 1, module("a", 1, 3))), profile(windows))
    assert spans(schedule) == [("a", "01-04 19:00", "21:00"), ("a", "01-06 19:00", "20:00")]
    assert schedule.finish == at("2027-01-06", "20:00")
    assert schedule.report.objectives["finish"] == 2 * 1440 + 20 * 60


def test_a_dependant_starts_in_the_window_its_prerequisite_ends() -> None:
    # b requires a; both fit Monday's window back to back: a 19:00-20:00, b 20:10-21:10.
    road = roadmap(phase("p", 1, module("a", 1, 1), module("b", 1, 1, requires=("a",))))
    schedule = planned(road, profile({"mon": ["19:00-21:30"], "tue": ["19:00-21:30"]}))
    assert spans(schedule) == [("a", "01-04 19:00", "20:00"), ("b", "01-04 20:10", "21:10")]
    assert schedule.report.objectives["finish"] == 21 * 60 + 10


# The phase spans exactly three weeks, and so does `pin` (90 min). The earliest finish puts
# only one shortest session (pin's last 30 minutes) in week 2: Monday Jan 18, 19:00-19:30.
# Weeks 0 and 1 then hold the other 180 minutes; `a` and `b` (1 h each, one week each) fit
# together in week 0 (Monday and Tuesday give 4 h), which would make that week 150 minutes.
# A steady routine puts one of them in each week with 30 minutes of pin: 90 and 90.
STEADY = roadmap(
    phase("p", 3, module("pin", 3, 1.5), module("a", 1, 1), module("b", 1, 1)),
)
STEADY_WINDOWS = {"mon": ["19:00-21:00"], "tue": ["19:00-21:00"]}


def test_the_heaviest_week_is_as_light_as_possible() -> None:
    schedule = planned(STEADY, profile(STEADY_WINDOWS))
    assert schedule.finish == at("2027-01-18", "19:30")
    assert week_loads(schedule) == [90, 90, 30]
    assert schedule.report.objectives["peak_week"] == 90
    assert {(m.module_id, m.first_week, m.last_week) for m in schedule.modules} in (
        {("pin", 0, 2), ("a", 0, 0), ("b", 1, 1)},
        {("pin", 0, 2), ("a", 1, 1), ("b", 0, 0)},
    )


# The phase `p` spans exactly three weeks; `c` (30 min) needs all of `a` before it, and `q`
# (6 h in one week) needs all of `p`. The earliest finish is Sunday Jan 24 20:00: `c` on
# Monday of week 2 and `h` every evening after it, so week 2 is the heaviest (390 min)
# whatever happens to `a`. Its 3 h fit week 0 alone, which would leave week 1 without
# study; a steady routine spreads them over weeks 0 and 1.
COURSE_THEN_CHECK = phase("p", 3, module("a", "1-3", 3), module("c", 1, 0.5, requires=("a",)))
IDLE = roadmap(COURSE_THEN_CHECK, phase("q", 1, module("h", 1, 6)))
EVERY_EVENING = {day: ["19:00-20:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def test_no_week_without_study_between_the_first_and_the_last() -> None:
    schedule = planned(IDLE, profile(EVERY_EVENING))
    assert schedule.finish == at("2027-01-24", "20:00")
    loads = week_loads(schedule)
    assert loads[2] == 390
    assert 0 not in loads
    assert sum(loads[:2]) == 180
    assert schedule.report.objectives["peak_week"] == 390
    assert schedule.report.objectives["idle_weeks"] == 0
    assert schedule.report.bounds["idle_weeks"] == 0


def test_a_week_without_free_windows_is_not_idle() -> None:
    # Week 1 is a holiday: nothing can be studied in it, so it does not count.
    prof = profile(EVERY_EVENING, blackouts=["2027-01-11..2027-01-17"])
    schedule = planned(roadmap(COURSE_THEN_CHECK), prof)
    assert week_loads(schedule) == [180, 0, 30]
    # No week could be idle, so there is nothing to minimize (and nothing reported).
    assert schedule.report.objectives.get("idle_weeks", 0) == 0


def test_no_context_switch_when_each_day_can_hold_one_module() -> None:
    # At most 1 h a day on Monday-Wednesday for three 1-h modules: the finish is Wednesday
    # 20:00 with one module a day. Halves of two modules on Monday and Tuesday would finish
    # just as early but switch modules twice.
    evenings = {day: ["19:00-21:00"] for day in ("mon", "tue", "wed")}
    road = roadmap(phase("p", 1, module("a", 1, 1), module("b", 1, 1), module("c", 1, 1)))
    schedule = planned(road, profile(evenings, max_hours_per_day=1))
    assert schedule.finish == at("2027-01-06", "20:00")
    assert schedule.report.objectives["switches"] == 0
    assert sorted(len(modules) for modules in modules_per_day(schedule).values()) == [1, 1, 1]


def test_a_shared_day_counts_one_switch() -> None:
    # Two 1-h modules and one 3-hour Monday window: both on Monday, one switch.
    road = roadmap(phase("p", 1, module("a", 1, 1), module("b", 1, 1)))
    schedule = planned(road, profile({"mon": ["19:00-22:00"]}))
    assert spans(schedule) == [("a", "01-04 19:00", "20:00"), ("b", "01-04 20:10", "21:10")]
    assert schedule.report.objectives["switches"] == 1


def test_a_module_studied_in_the_fewest_sessions() -> None:
    # 2 h in a 3-hour window: one 120-minute session, not two shorter ones.
    schedule = planned(roadmap(phase("p", 1, module("a", 1, 2))), profile({"mon": ["18:00-21:00"]}))
    assert spans(schedule) == [("a", "01-04 18:00", "20:00")]


def test_the_report_of_a_proven_plan_is_consistent() -> None:
    schedule = planned(STEADY, profile(STEADY_WINDOWS))
    report = schedule.report
    assert schedule.finish is not None
    finish = minutes_after_start(schedule.finish)
    assert report.status == "optimal"
    assert report.gap == 0
    assert report.objectives["finish"] == finish
    assert report.bounds["finish"] == finish
    assert report.finish_lower_bound == finish
    # Every ranked stage is proven; the pick among equal plans is not an objective.
    assert list(report.objectives) == ["finish", "peak_week", "idle_weeks", "switches"]
    for name in report.objectives:
        assert report.bounds[name] == report.objectives[name], name
    assert report.variables > 0
    assert report.constraints > 0
    assert report.workers >= 1
    assert report.seed == 0
