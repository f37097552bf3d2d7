"""The constructive first plan is found for simple roadmaps it used to give up on.

It spread a phase's only module over the module's minimum weeks (too few for the phase's
minimum span), counted a week's free time as if every window were study time (a 3-hour
window holds one 2-hour session, not 3 hours), and never started a phase the week after
its predecessor ended (a 1-week phase after one that ends in the week's last window had no
room). Without a first plan CP-SAT alone had to find one: with ``stretch`` (where the
phase-by-phase plan is not tried) a small roadmap with a close deadline got "no plan found
within the time limit" instead of the stretched plan that ``--stretch`` promises, and a
large effort got no plan within a short limit.
"""

from __future__ import annotations

from aipm_planner import plan, verify
from aipm_planner.solver.greedy import greedy_plan

from .builders import module, phase, problem_of, profile, roadmap

EVENINGS = {"mon": ["19:00-21:00"], "wed": ["19:00-21:00"], "sat": ["09:00-12:00"]}
SHORT_SESSIONS = {"min_minutes": 30, "max_minutes": 90, "break_minutes": 10}
LONG_SESSIONS = {"min_minutes": 45, "max_minutes": 120, "break_minutes": 15}
WEEK = 7 * 1440


def test_the_only_module_spans_the_phase_minimum() -> None:
    road = roadmap(phase("p", 3, module("m", "1-3", 3)))
    placed = greedy_plan(problem_of(road, profile(EVENINGS)))
    assert placed is not None
    assert [min(s.start for s in placed) // WEEK, max(s.start for s in placed) // WEEK] == [0, 2]


def test_a_week_holds_whole_sessions() -> None:
    # 6 h in one week would need the raw 7 h of the windows; in 90-minute sessions they
    # hold 4.5 h, so the module takes its second week.
    road = roadmap(phase("p", "1-2", module("m", "1-2", 6)))
    placed = greedy_plan(problem_of(road, profile(EVENINGS, session=SHORT_SESSIONS)))
    assert placed is not None
    assert sum(s.end - s.start for s in placed) == 360


def test_a_phase_starts_the_week_after_a_full_one() -> None:
    # 'm' fills both its weeks to the Saturday window; 'tail' goes to the third week.
    road = roadmap(
        phase("big", "2-6", module("m", "2-6", 12)),
        phase("tail", 1, module("t", 1, 1, requires=("m",))),
    )
    placed = greedy_plan(problem_of(road, profile(EVENINGS, session=LONG_SESSIONS)))
    assert placed is not None
    assert placed[-1].module_id == "t"
    assert placed[-1].start // WEEK == 2


def test_a_stretched_plan_comes_out_for_a_small_roadmap() -> None:
    road = roadmap(
        phase("base", "2-3", module("py", 3, 4.5), module("stats", 1, 0.25)),
        phase("left", 3, module("sql", "1-3", 3.75, requires=("py",)), after=["base"]),
        phase("right", "2-3", module("viz", "2-3", 5, requires=("stats",)), after=["base"]),
        phase("join", "1-2", module("cap", "1-2", 6, requires=("sql", "viz")), after=["left"]),
    )
    prof = profile(
        EVENINGS,
        deadline="2027-01-10",
        session=SHORT_SESSIONS,
        max_hours_per_day=2.5,
        max_hours_per_week=7,
    )
    schedule = plan(road, prof, time_limit=3, stretch=True)
    assert verify(schedule, stretch=True) == []
