"""Idle weeks of a constructive plan are filled by moving single sessions, within the rules.

Profiles start on Monday 2027-01-04 in UTC with windows on Monday and Wednesday
19:00-21:00; week w's Monday is 2027-01-04 + 7w days. Minutes count from the start date's
midnight: Monday of week w at 19:00 is ``w * 10080 + 1140``, Wednesday ``+ 2880``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings

from aipm_planner.effort import prepare
from aipm_planner.errors import InputError
from aipm_planner.model import LearnerProfile, Roadmap
from aipm_planner.planning import assemble, build_problem, plan, plan_availability
from aipm_planner.solver import solve as solve_module
from aipm_planner.solver.fill_weeks import fill_idle_weeks
from aipm_planner.solver.greedy import greedy_plan
from aipm_planner.solver.layout import PlacedSession
from aipm_planner.solver.problem import Problem
from aipm_planner.solver.routine import idle_between
from aipm_planner.verify import verify
from aipm_planner.weeks import week_of

from .builders import module, phase, problem_of, profile, roadmap
from .test_properties import CI, cases

WINDOWS = {"mon": ["19:00-21:00"], "wed": ["19:00-21:00"]}


def monday(week: int) -> int:
    return week * 10080 + 1140


def wednesday(week: int) -> int:
    return monday(week) + 2880


def session(module_id: str, start: int, minutes: int) -> PlacedSession:
    return PlacedSession(module_id, start, start + minutes)


def idle(problem: Problem, placed: list[PlacedSession]) -> int:
    weeks = {problem.slots[problem.slot_of(s.start)].week for s in placed}
    return idle_between(problem, min(weeks), max(weeks), weeks)


def test_idle_weeks_get_a_session_from_before_and_one_from_after() -> None:
    # The phase lasts exactly 4 weeks; `a` (4 h) may span 3 weeks, `c` (2 h, after `a`)
    # 2. Both of a's sessions in week 0 and both of c's in week 3 leave weeks 1 and 2
    # idle: a's last session moves to week 1, c's first to week 2.
    road = roadmap(phase("p", 4, module("a", "1-3", 4), module("c", "1-2", 2, requires=("a",))))
    problem = problem_of(road, profile(WINDOWS))
    placed = [
        session("a", monday(0), 120),
        session("a", wednesday(0), 120),
        session("c", monday(3), 60),
        session("c", wednesday(3), 60),
    ]
    assert idle(problem, placed) == 2
    filled = fill_idle_weeks(problem, placed)
    assert filled == [
        session("a", monday(0), 120),
        session("a", monday(1), 120),
        session("c", monday(2), 60),
        session("c", wednesday(3), 60),
    ]
    assert idle(problem, filled) == 0


def test_no_move_breaks_a_range_or_leaves_a_week_without_study() -> None:
    road = roadmap(
        phase(
            "p",
            4,
            module("a", 1, 4),
            module("b", "1-4", 2, requires=("a",)),
            module("c", 1, 1, requires=("b",)),
        )
    )
    problem = problem_of(road, profile(WINDOWS))
    placed = [
        session("a", monday(0), 120),
        session("a", wednesday(0), 120),
        session("b", monday(1), 120),
        session("c", monday(3), 60),
    ]
    # Week 2 is idle. a's last session would make a span 3 weeks (at most 1); b's only
    # session would leave week 1 without study; c's only session would leave week 3 without
    # study and make the phase 3 weeks long.
    assert fill_idle_weeks(problem, placed) == placed


def test_a_dependant_in_another_phase_keeps_its_prerequisite_before_it() -> None:
    # Phase q follows p. p's `a` (2 sessions in week 0) may span 4 weeks, but q's `d`
    # starts in week 1: no session of `a` may move past it into week 2.
    road = roadmap(
        phase("p", "1-4", module("a", "1-4", 4)),
        phase("q", "1-4", module("d", "1-4", 4)),
    )
    problem = problem_of(road, profile(WINDOWS))
    placed = [
        session("a", monday(0), 120),
        session("a", wednesday(0), 120),
        session("d", monday(1), 120),
        session("d", wednesday(3), 120),
    ]
    # Week 2 is idle. a's sessions would end after d starts; each of d's would leave its
    # week without study.
    assert fill_idle_weeks(problem, placed) == placed


def test_a_constructive_plan_given_as_the_answer_has_its_idle_weeks_filled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The phase lasts exactly 6 weeks. The constructive plan puts `a` and `b` (two 2-hour
    # sessions each) in weeks 0-1 and the closing `c` (two 90-minute sessions) in week 5,
    # so that the phase lasts 6 weeks; weeks 2-4 have no study. When that plan is the
    # answer (here: the model counts as too large to build), moved sessions fill them.
    road = roadmap(
        phase(
            "p",
            6,
            module("a", "2-4", 4),
            module("b", "2-4", 4),
            module("c", "1-2", 3, requires=("a", "b")),
        )
    )
    prof = profile(WINDOWS)
    problem = problem_of(road, prof)
    constructive = greedy_plan(problem)
    assert constructive is not None
    assert idle(problem, constructive) == 3
    monkeypatch.setattr(solve_module, "MAX_PAIRS", 0)
    schedule = plan(road, prof, time_limit=2)
    assert verify(schedule) == []
    assert schedule.report.variables == 0  # the constructive plan, no CP-SAT model
    weeks = [(s.module_id, week_of(prof.start, s.start.date())) for s in schedule.sessions]
    assert weeks == [("b", 0), ("b", 1), ("a", 2), ("a", 3), ("c", 4), ("c", 5)]
    assert schedule.report.objectives["idle_weeks"] == 0


def test_filling_generated_constructive_plans_keeps_every_rule() -> None:
    # The generated cases of the solver's property tests, without CP-SAT: each constructive
    # plan that verifies still verifies once filled, with the same minutes per module, no
    # later finish and no more idle weeks. The run must meet plans with idle weeks to fill.
    seen: Counter[str] = Counter()

    @settings(CI, max_examples=80)
    @given(cases())
    def run(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
        road = Roadmap.model_validate(case[1])
        prof = LearnerProfile.model_validate(case[0])
        try:
            availability = plan_availability(road, prof)
        except InputError:
            seen["no windows"] += 1
            return
        work = prepare(road, prof)
        problem = build_problem(work, availability, prof)
        placed = greedy_plan(problem)
        if placed is None:
            seen["no constructive plan"] += 1
            return
        example = f"profile={case[0]!r}\nroadmap={case[1]!r}"
        before = assemble(road, prof, work, availability, problem, None, placed)
        if verify(before, windows=availability.windows):
            seen["constructive plan breaks a rule"] += 1
            return
        filled = fill_idle_weeks(problem, placed)
        after = assemble(road, prof, work, availability, problem, None, filled)
        assert verify(after, windows=availability.windows) == [], example
        assert Counter(s.module_id for s in filled) == Counter(s.module_id for s in placed)
        minutes: Counter[str] = Counter()
        for s in filled:
            minutes[s.module_id] += s.end - s.start
        for s in placed:
            minutes[s.module_id] -= s.end - s.start
        assert not any(minutes.values()), example
        assert max(s.end for s in filled) <= max(s.end for s in placed), example
        assert idle(problem, filled) <= idle(problem, placed), example
        seen["checked"] += 1
        if idle(problem, filled) < idle(problem, placed):
            seen["filled"] += 1

    run()
    assert seen["checked"] >= 40, seen
    assert seen["filled"] >= 3, seen
