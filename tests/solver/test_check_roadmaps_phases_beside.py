"""A module may require one of a phase that runs beside its own, listed before or after it.

The constructive plans work phase by phase; they used to take the phases in roadmap order
with only ``after`` in mind, so a phase whose module requires one of a later-listed phase
beside it either crashed the phase-by-phase plan (a KeyError out of ``plan()``) or was
placed before its prerequisite (a first plan that breaks a rule, used as the horizon bound).
"""

from __future__ import annotations

from aipm_planner import plan, verify
from aipm_planner.model import Roadmap
from aipm_planner.solver.decompose import sequential_plan
from aipm_planner.solver.greedy import greedy_plan
from aipm_planner.solver.layout import PlacedSession

from .builders import module, phase, problem_of, profile, roadmap

EVENINGS = {"mon": ["19:00-21:00"], "wed": ["19:00-21:00"], "sat": ["09:00-12:00"]}
SESSIONS = {"min_minutes": 45, "max_minutes": 120, "break_minutes": 15}


def _branches() -> Roadmap:
    """Two branches after a base; 'sql' (left) requires 'viz' of the right branch, listed
    after it; a join phase follows both."""
    return roadmap(
        phase("base", "2-3", module("py", 3, 4.5), module("stats", 1, 0.25)),
        phase("left", 3, module("sql", "1-3", 3.75, requires=("py", "viz")), after=["base"]),
        phase("right", "2-3", module("viz", "2-3", 5, requires=("stats",)), after=["base"]),
        phase("join", "1-2", module("cap", "1-2", 6, requires=("sql", "viz")), after=["left"]),
    )


def _later_listed() -> Roadmap:
    return roadmap(
        phase("a", "1-3", module("a1", hours=2, requires=("b1",)), after=[]),
        phase("b", "1-3", module("b1", hours=2), after=[]),
    )


def _each_requires_the_other() -> Roadmap:
    return roadmap(
        phase("a", "1-4", module("a1", hours=2, requires=("b1",)), module("a2", hours=2), after=[]),
        phase("b", "1-4", module("b1", hours=2), module("b2", hours=2, requires=("a2",)), after=[]),
    )


def _in_order(road: Roadmap, placed: list[PlacedSession]) -> bool:
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    for s in placed:
        starts[s.module_id] = min(starts.get(s.module_id, s.start), s.start)
        ends[s.module_id] = max(ends.get(s.module_id, s.end), s.end)
    return all(
        starts[m.id] >= ends[r] for _, m in road.modules() for r in m.requires if m.id in starts
    )


def test_a_requirement_on_a_later_listed_phase_beside_plans() -> None:
    road = _branches()
    schedule = plan(road, profile(EVENINGS, session=SESSIONS), time_limit=2)
    assert verify(schedule) == []
    sql = min(s.start for s in schedule.sessions if s.module_id == "sql")
    assert sql >= max(s.end for s in schedule.sessions if s.module_id == "viz")


def test_the_first_plan_puts_the_required_module_first() -> None:
    road = _later_listed()
    placed = greedy_plan(problem_of(road, profile(EVENINGS)))
    assert placed is not None
    assert _in_order(road, placed)


def test_phases_that_require_each_other_get_a_plan() -> None:
    road = _each_requires_the_other()
    problem = problem_of(road, profile(EVENINGS))
    first = greedy_plan(problem)
    assert first is None or _in_order(road, first)
    # Neither phase can be planned whole before the other.
    assert sequential_plan(problem, time_limit=1, seed=0, workers=1) is None
    schedule = plan(road, profile(EVENINGS), time_limit=2)
    assert verify(schedule) == []
