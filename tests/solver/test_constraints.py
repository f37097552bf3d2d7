"""One constraint family at a time: a tiny case whose optimum is known by hand, and a tiny
case that cannot fit.

Every profile starts on Monday 2027-01-04 in UTC (week 0 is Jan 4-10, week 1 Jan 11-17),
with sessions of 30-120 minutes and a 10-minute break unless a test says otherwise. The
first objective is the end of the last session, so "the optimum" below is that moment,
derived in a comment; the plan must also be proven optimal and pass the verifier.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from aipm_planner.errors import InfeasiblePlanError
from aipm_planner.model import LearnerProfile, Roadmap, Schedule
from aipm_planner.planning import plan
from aipm_planner.verify import verify

from .builders import START, at, module, phase, profile, roadmap, spans

TIME_LIMIT = 5


def planned(road: Roadmap, prof: LearnerProfile) -> Schedule:
    """Plan, and check that the plan is proven optimal and breaks no rule."""
    schedule = plan(road, prof, time_limit=TIME_LIMIT)
    assert verify(schedule) == []
    assert schedule.report.status == "optimal"
    assert schedule.report.gap == 0
    return schedule


def infeasible(road: Roadmap, prof: LearnerProfile) -> None:
    with pytest.raises(InfeasiblePlanError):
        plan(road, prof, time_limit=TIME_LIMIT)


def rules(min_minutes: int = 30, max_minutes: int = 120, break_minutes: int = 10) -> Any:
    return {"min_minutes": min_minutes, "max_minutes": max_minutes, "break_minutes": break_minutes}


MONDAYS = {"mon": ["19:00-21:00"]}


# --- exact effort ------------------------------------------------------------------------


def test_exact_effort_fills_one_window() -> None:
    # 2 h fit the 2-hour Monday window as one session of the longest allowed length.
    schedule = planned(roadmap(phase("p", 1, module("a", 1, 2))), profile(MONDAYS))
    assert spans(schedule) == [("a", "01-04 19:00", "21:00")]
    assert schedule.finish == at("2027-01-04", "21:00")
    assert [(m.module_id, m.minutes, m.nominal_minutes) for m in schedule.modules] == [
        ("a", 120, 120)
    ]


def test_exact_effort_more_than_the_weeks_allow() -> None:
    # 2 h 30 in one week, but week 0 has only one 2-hour window.
    infeasible(roadmap(phase("p", 1, module("a", 1, 2.5))), profile(MONDAYS))


# --- session length ----------------------------------------------------------------------


def test_sessions_cut_into_equal_lengths_within_min_and_max() -> None:
    # 90 min with at most 60 per session: two sessions; near-equal cutting makes them 45
    # each, back to back with the 10-minute break: 19:00-19:45 and 19:55-20:40.
    schedule = planned(
        roadmap(phase("p", 1, module("a", 1, 1.5))), profile(MONDAYS, session=rules(30, 60))
    )
    assert spans(schedule) == [("a", "01-04 19:00", "19:45"), ("a", "01-04 19:55", "20:40")]
    assert schedule.finish == at("2027-01-04", "20:40")


def test_a_window_shorter_than_the_minimum_session_is_unused() -> None:
    # 85 min in one week: Monday's hour plus Tuesday's 25-minute window, which can hold a
    # session when sessions may last 20 minutes, but not when they must last 30.
    road = roadmap(phase("p", 1, module("a", 1, 85 / 60)))
    windows = {"mon": ["19:00-20:00"], "tue": ["19:00-19:25"]}
    schedule = planned(road, profile(windows, session=rules(20, 60)))
    assert spans(schedule) == [("a", "01-04 19:00", "20:00"), ("a", "01-05 19:00", "19:25")]
    infeasible(road, profile(windows, session=rules(30, 60)))


def test_the_maximum_session_length_can_make_a_week_too_small() -> None:
    # 105 min in a 2-hour window: as one session it fits, but with at most 50 minutes per
    # session the window holds at most 50 + 10 + 50 = 110 minutes with only 100 of study
    # (a third session would need 30 more minutes).
    road = roadmap(phase("p", 1, module("a", 1, 1.75)))
    schedule = planned(road, profile(MONDAYS, session=rules(30, 120)))
    assert spans(schedule) == [("a", "01-04 19:00", "20:45")]
    infeasible(road, profile(MONDAYS, session=rules(30, 50)))


# --- windows, breaks, blackouts ----------------------------------------------------------


BREAK_WINDOWS = {"mon": ["19:00-20:00", "20:05-21:00"]}


def test_sessions_stay_inside_windows_and_keep_the_break_between_windows() -> None:
    # The second window starts 5 minutes after the first ends, so with a 10-minute break it
    # is usable from 20:10: 60 + 50 = 110 minutes, exactly the effort, finishing at 21:00.
    road = roadmap(phase("p", 1, module("a", 1, 110 / 60)))
    schedule = planned(road, profile(BREAK_WINDOWS, session=rules(30, 60)))
    assert spans(schedule) == [("a", "01-04 19:00", "20:00"), ("a", "01-04 20:10", "21:00")]


def test_the_break_between_windows_costs_study_time() -> None:
    # 115 min would fit 60 + 55 without the break, but only 60 + 50 fit with it.
    road = roadmap(phase("p", 1, module("a", 1, 115 / 60)))
    infeasible(road, profile(BREAK_WINDOWS, session=rules(30, 60)))


def test_blackout_days_are_never_used() -> None:
    # Monday Jan 4 is blacked out, so the 1-hour module goes to Tuesday's window.
    road = roadmap(phase("p", 1, module("a", 1, 1)))
    prof = profile({"mon": ["19:00-21:00"], "tue": ["19:00-21:00"]}, blackouts=["2027-01-04"])
    schedule = planned(road, prof)
    assert spans(schedule) == [("a", "01-05 19:00", "20:00")]


def test_blackouts_can_leave_too_little_time() -> None:
    # Before the deadline (Sunday Jan 10) there are two 1-hour evenings for 2 h of study;
    # blacking out Tuesday leaves one.
    road = roadmap(phase("p", 1, module("a", 1, 2)))
    windows = {"mon": ["19:00-20:00"], "tue": ["19:00-20:00"]}
    schedule = planned(road, profile(windows, deadline="2027-01-10"))
    assert spans(schedule) == [("a", "01-04 19:00", "20:00"), ("a", "01-05 19:00", "20:00")]
    infeasible(road, profile(windows, deadline="2027-01-10", blackouts=["2027-01-05"]))


# --- daily cap ---------------------------------------------------------------------------


TWO_EVENINGS = {"mon": ["19:00-21:00"], "tue": ["19:00-21:00"]}


def test_daily_cap_spreads_a_module_over_days() -> None:
    # 2 h with at most 1 h a day: one hour on Monday and one on Tuesday, ending 20:00.
    # (Without the cap it would end on Monday at 21:00.)
    road = roadmap(phase("p", 1, module("a", 1, 2)))
    schedule = planned(road, profile(TWO_EVENINGS, max_hours_per_day=1))
    assert spans(schedule) == [("a", "01-04 19:00", "20:00"), ("a", "01-05 19:00", "20:00")]
    assert planned(road, profile(TWO_EVENINGS)).finish == at("2027-01-04", "21:00")


def test_daily_cap_too_low_for_the_week() -> None:
    # 2 h 30 in one week with two days of at most 1 h each.
    road = roadmap(phase("p", 1, module("a", 1, 2.5)))
    infeasible(road, profile(TWO_EVENINGS, max_hours_per_day=1))


# --- weekly cap --------------------------------------------------------------------------


def test_weekly_cap_pushes_the_rest_into_the_next_week() -> None:
    # 3 h with at most 2 h a week: week 0 takes 2 h on Monday (one 120-minute session ends
    # earliest), week 1 the last hour on Monday Jan 11, ending 20:00.
    road = roadmap(phase("p", "1-2", module("a", "1-2", 3)))
    schedule = planned(road, profile(TWO_EVENINGS, max_hours_per_week=2))
    assert spans(schedule) == [("a", "01-04 19:00", "21:00"), ("a", "01-11 19:00", "20:00")]
    assert [(m.first_week, m.last_week) for m in schedule.modules] == [(0, 1)]


def test_weekly_cap_too_low_for_a_one_week_module() -> None:
    road = roadmap(phase("p", 1, module("a", 1, 3)))
    infeasible(road, profile(TWO_EVENINGS, max_hours_per_week=2))


# --- module week range ------------------------------------------------------------------


def test_module_minimum_weeks_make_it_span_two_weeks() -> None:
    # A 2-h module with weeks 2 must have sessions in two plan weeks. The earliest finish
    # leaves one shortest session (30 min) for Monday Jan 11 of week 1: 19:00-19:30, and
    # the other 90 minutes on Monday Jan 4.
    road = roadmap(phase("p", 2, module("a", 2, 2)))
    schedule = planned(road, profile(MONDAYS))
    assert spans(schedule) == [("a", "01-04 19:00", "20:30"), ("a", "01-11 19:00", "19:30")]
    assert schedule.finish == at("2027-01-11", "19:30")
    assert [(m.first_week, m.last_week) for m in schedule.modules] == [(0, 1)]
    assert [(p.first_week, p.last_week) for p in schedule.phases] == [(0, 1)]


def test_module_minimum_weeks_with_one_session_of_effort() -> None:
    # 30 minutes is a single shortest session, which cannot span two weeks: the effort is
    # raised to two sessions, the earliest on the Mondays of weeks 0 and 1.
    schedule = planned(roadmap(phase("p", 2, module("a", 2, 0.5))), profile(MONDAYS))
    assert spans(schedule) == [("a", "01-04 19:00", "19:30"), ("a", "01-11 19:00", "19:30")]
    assert [(m.minutes, m.nominal_minutes) for m in schedule.modules] == [(60, 30)]


def test_module_minimum_weeks_longer_than_its_windows_can_span() -> None:
    # Before the deadline only week 0 has a window: the module cannot span two weeks.
    prof = profile(MONDAYS, deadline="2027-01-17", blackouts=["2027-01-11..2027-01-17"])
    infeasible(roadmap(phase("p", 2, module("a", 2, 1))), prof)


def test_module_maximum_weeks_keep_it_in_one_week() -> None:
    # Sunday Jan 10 is blacked out, so week 0 has 2 h (Monday) for a 3-h module. With
    # weeks 1-2 it ends on Monday Jan 11 at 20:00; with weeks 1 all of it must sit in week
    # 1: Monday Jan 11 19:00-21:00 and Sunday Jan 17 19:00-20:00.
    windows = {"mon": ["19:00-21:00"], "sun": ["19:00-21:00"]}
    prof = profile(windows, blackouts=["2027-01-10"])
    loose = planned(roadmap(phase("p", "1-2", module("a", "1-2", 3))), prof)
    assert loose.finish == at("2027-01-11", "20:00")
    tight = planned(roadmap(phase("p", "1-2", module("a", 1, 3))), prof)
    assert spans(tight) == [("a", "01-11 19:00", "21:00"), ("a", "01-17 19:00", "20:00")]
    assert tight.finish == at("2027-01-17", "20:00")


def test_module_maximum_weeks_too_few_for_the_effort() -> None:
    # 4 h at 2 h a week need two weeks; the module may span only one.
    infeasible(roadmap(phase("p", "1-3", module("a", 1, 4))), profile(MONDAYS))


# --- phase week range -------------------------------------------------------------------


def test_phase_minimum_weeks_spread_its_modules() -> None:
    # Both 1-h modules fit Monday Jan 4 (19:00-20:00, 20:10-21:10), but the phase must span
    # two weeks: one module goes to Monday Jan 11, ending 20:00, the earliest possible.
    road = roadmap(phase("p", 2, module("a", 1, 1), module("b", 1, 1)))
    prof = profile({"mon": ["19:00-22:00"]})
    schedule = planned(road, prof)
    assert schedule.finish == at("2027-01-11", "20:00")
    assert [(p.first_week, p.last_week) for p in schedule.phases] == [(0, 1)]
    assert sorted((m.first_week, m.last_week) for m in schedule.modules) == [(0, 0), (1, 1)]
    loose = planned(roadmap(phase("p", "1-2", module("a", 1, 1), module("b", 1, 1))), prof)
    assert loose.finish == at("2027-01-04", "21:10")


def test_phase_minimum_weeks_longer_than_its_windows_can_span() -> None:
    # Two one-week modules in a phase of exactly two weeks, but before the deadline only
    # week 0 has a window. Both fit that window (30 + 10 + 30 min), so only the phase's
    # minimum refuses. (A phase whose only module spans fewer weeks than its minimum is
    # refused when the roadmap is read.)
    road = roadmap(phase("p", 2, module("a", 1, 0.5), module("b", 1, 0.5)))
    prof = profile(MONDAYS, deadline="2027-01-17", blackouts=["2027-01-11..2027-01-17"])
    infeasible(road, prof)


def test_phase_maximum_weeks_too_few_for_its_effort() -> None:
    # The module may span up to 3 weeks, but its phase only 1; 4 h need two Mondays.
    infeasible(roadmap(phase("p", 1, module("a", "1-3", 4))), profile(MONDAYS))


# --- phase order -------------------------------------------------------------------------


def test_phases_run_in_order_by_default() -> None:
    # p1 (a, 1 h) before p2 (b, 2 h): a on Monday 19:00-20:00, then b in the rest of Monday
    # (20:10-21:00, 50 min) and Tuesday 19:00-20:10 (70 min): the earliest end.
    road = roadmap(phase("p1", 1, module("a", 1, 1)), phase("p2", 1, module("b", 1, 2)))
    schedule = planned(road, profile(TWO_EVENINGS))
    assert spans(schedule) == [
        ("a", "01-04 19:00", "20:00"),
        ("b", "01-04 20:10", "21:00"),
        ("b", "01-05 19:00", "20:10"),
    ]


def test_a_custom_after_reverses_the_order() -> None:
    # p1 after p2: b (2 h) fills Monday, then a (1 h) Tuesday 19:00-20:00 — earlier than
    # the default order allows.
    road = roadmap(
        phase("p1", 1, module("a", 1, 1), after=["p2"]),
        phase("p2", 1, module("b", 1, 2), after=[]),
    )
    schedule = planned(road, profile(TWO_EVENINGS))
    assert spans(schedule) == [("b", "01-04 19:00", "21:00"), ("a", "01-05 19:00", "20:00")]


TWO_WEEK_PHASES = (
    phase("p1", 2, module("a", 2, 1)),
    phase("p2", 2, module("b", 2, 1)),
)


def test_phase_order_with_a_deadline_cannot_fit() -> None:
    # Each phase spans exactly two weeks; in order, p2 starts in week 1 at the earliest and
    # so ends in week 2, after the deadline (Sunday Jan 17, the end of week 1).
    prof = profile({"mon": ["19:00-22:00"]}, deadline="2027-01-17")
    infeasible(roadmap(*TWO_WEEK_PHASES), prof)
    # Side by side (p2 after nothing) both fit weeks 0 and 1.
    parallel = roadmap(TWO_WEEK_PHASES[0], {**TWO_WEEK_PHASES[1], "after": []})
    schedule = planned(parallel, prof)
    assert [(p.first_week, p.last_week) for p in schedule.phases] == [(0, 1), (0, 1)]


# --- module prerequisites ---------------------------------------------------------------


ONE_HOUR_EVENINGS = {"mon": ["19:00-20:00"], "tue": ["19:00-20:00"]}


def test_a_prerequisite_within_a_phase_comes_first() -> None:
    # b is listed first but requires a: a on Monday, b on Tuesday.
    road = roadmap(phase("p", 1, module("b", 1, 1, requires=("a",)), module("a", 1, 1)))
    schedule = planned(road, profile(ONE_HOUR_EVENINGS))
    assert spans(schedule) == [("a", "01-04 19:00", "20:00"), ("b", "01-05 19:00", "20:00")]


def test_a_prerequisite_across_unordered_phases_comes_first() -> None:
    # p1 runs after nothing, so only b's requirement puts a (in p2) before b (in p1).
    road = roadmap(
        phase("p1", 1, module("b", 1, 1, requires=("a",)), after=[]),
        phase("p2", 1, module("a", 1, 1), after=[]),
    )
    schedule = planned(road, profile(ONE_HOUR_EVENINGS))
    assert spans(schedule) == [("a", "01-04 19:00", "20:00"), ("b", "01-05 19:00", "20:00")]


def test_a_prerequisite_can_make_a_phase_too_long() -> None:
    # a and b each span exactly two weeks; b may start only once a has ended (week 1), so b
    # ends in week 2 and the phase would span three weeks, one more than allowed.
    two_weeks = {"mon": ["19:00-22:00"]}
    road = roadmap(phase("p", 2, module("a", 2, 1), module("b", 2, 1, requires=("a",))))
    infeasible(road, profile(two_weeks))
    free = roadmap(phase("p", 2, module("a", 2, 1), module("b", 2, 1)))
    assert planned(free, profile(two_weeks)).finish is not None


# --- start and deadline ------------------------------------------------------------------


def test_nothing_before_the_start_date() -> None:
    # The plan starts on Wednesday Jan 6, so Monday Jan 4's window is not there.
    windows = {"mon": ["19:00-21:00"], "wed": ["19:00-21:00"]}
    road = roadmap(phase("p", 1, module("a", 1, 1)))
    schedule = planned(road, profile(windows, start="2027-01-06"))
    assert spans(schedule) == [("a", "01-06 19:00", "20:00")]


def test_the_deadline_day_is_included() -> None:
    # 3 h: Monday Jan 4 (2 h) and Monday Jan 11, the deadline itself (1 h).
    road = roadmap(phase("p", "1-2", module("a", "1-2", 3)))
    schedule = planned(road, profile(MONDAYS, deadline="2027-01-11"))
    assert spans(schedule) == [("a", "01-04 19:00", "21:00"), ("a", "01-11 19:00", "20:00")]


def test_a_phase_that_studies_until_midnight_ends_that_day() -> None:
    # The only session is Monday Jan 4 22:00-24:00: the phase ends on Monday, not Tuesday.
    road = roadmap(phase("p", 1, module("a", 1, 2)))
    schedule = planned(road, profile({"mon": ["22:00-24:00"]}))
    assert [(p.start, p.end) for p in schedule.phases] == [(START, START)]
    assert [m.date for m in schedule.milestones] == [START, START]


def test_the_finish_is_the_latest_moment_on_a_fall_back_night() -> None:
    # New York repeats 01:00-02:00 on Sunday Nov 7: the window holds 2 real hours. The
    # second session ends at 01:30 EST, later than the first one's 01:45 EDT.
    road = roadmap(phase("p", 1, module("a", 1, 1.5)))
    prof = profile(
        {"sun": ["01:00-02:00"]},
        timezone="America/New_York",
        start="2027-11-07",
        session=rules(max_minutes=45, break_minutes=0),
    )
    schedule = planned(road, prof)
    assert schedule.finish is not None
    assert schedule.finish.astimezone(dt.UTC) == at("2027-11-07", "06:30")


def test_a_deadline_too_close() -> None:
    # One day earlier only Monday Jan 4 is left: 2 h for 3 h of study.
    road = roadmap(phase("p", "1-2", module("a", "1-2", 3)))
    infeasible(road, profile(MONDAYS, deadline="2027-01-10"))


# --- prior skills ------------------------------------------------------------------------


def test_a_known_module_is_skipped_and_explained() -> None:
    road = roadmap(
        phase("p", 1, module("a", 1, 1, teaches={"sql": 2}), module("b", 1, 1)),
    )
    schedule = planned(road, profile(MONDAYS, skills={"sql": 2}))
    assert spans(schedule) == [("b", "01-04 19:00", "20:00")]
    assert [(m.module_id, m.status, m.minutes) for m in schedule.modules] == [
        ("a", "skipped", 0),
        ("b", "scheduled", 60),
    ]
    assert schedule.explanations == [
        "Skipped 'A': you already have sql at level 2, all it teaches."
    ]


def test_a_half_known_module_gets_half_the_effort() -> None:
    # Level 1 of the 2 the module teaches: half of 2 h is left, one session 19:00-20:00.
    road = roadmap(phase("p", 1, module("a", 1, 2, teaches={"sql": 2})))
    schedule = planned(road, profile(MONDAYS, skills={"sql": 1}))
    assert spans(schedule) == [("a", "01-04 19:00", "20:00")]
    assert [(m.minutes, m.nominal_minutes) for m in schedule.modules] == [(60, 120)]
    assert schedule.explanations == ["Shortened 'A' from 2 h to 1 h: you already know sql 1/2."]


def test_credit_is_rounded_to_five_minutes() -> None:
    # 1.1 h = 66 min is 65 min in the roadmap (rounded to 5); level 1 of 3 leaves 2/3 of it,
    # 43.3 min, rounded to 45: one session 19:00-19:45.
    road = roadmap(phase("p", 1, module("a", 1, 1.1, teaches={"sql": 3})))
    schedule = planned(road, profile(MONDAYS, skills={"sql": 1}))
    assert spans(schedule) == [("a", "01-04 19:00", "19:45")]
    assert [(m.minutes, m.nominal_minutes) for m in schedule.modules] == [(45, 65)]


def test_prior_skills_make_an_impossible_week_fit() -> None:
    # 4 h in one week of Mondays (2 h) cannot fit; knowing half of it leaves 2 h, which can.
    road = roadmap(phase("p", 1, module("a", 1, 4, teaches={"sql": 2})))
    infeasible(road, profile(MONDAYS))
    schedule = planned(road, profile(MONDAYS, skills={"sql": 1}))
    assert spans(schedule) == [("a", "01-04 19:00", "21:00")]
