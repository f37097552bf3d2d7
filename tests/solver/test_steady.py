"""Without the constructive plan, a plan the clock shaped is replaced by a repeatable one."""

from __future__ import annotations

from typing import Any

import pytest

from aipm_planner.solver import stages as stages_module
from aipm_planner.solver import steady as steady_module
from aipm_planner.solver.pick import Search
from aipm_planner.solver.problem import Problem
from aipm_planner.solver.solve import SolveResult, solve

from .builders import module, phase, problem_of, profile, roadmap


@pytest.fixture
def unpicked(monkeypatch: pytest.MonkeyPatch) -> Problem:
    """A problem with no constructive plan, neither fast nor phase by phase, whose ranked
    stages end without a deterministic pick: their plan is the parallel search's own."""
    from aipm_planner.solver import decompose, greedy

    monkeypatch.setattr(greedy, "greedy_plan", lambda *args, **kwargs: None)
    monkeypatch.setattr(decompose, "sequential_plan", lambda *args, **kwargs: None)
    monkeypatch.setattr(stages_module, "pick", lambda *args, **kwargs: None)
    road = roadmap(
        phase("p", "2-3", module("a", "1-2", 3), module("b", "1-3", 2, requires=("a",))),
        phase("q", "1-2", module("c", "1-2", 4)),
    )
    return problem_of(road, profile({"mon": ["19:00-21:00"], "thu": ["18:00-21:00"]}))


def test_a_single_worker_search_gives_the_same_plan_on_every_run(unpicked: Problem) -> None:
    first, again = solve(unpicked, time_limit=5), solve(unpicked, time_limit=5)
    assert first.repeatable
    assert first.variables == 0  # no longer the parallel search's model and plan
    assert first.allocations == again.allocations
    assert first.objectives == again.objectives
    # Every module gets its minutes.
    minutes: dict[str, int] = {}
    for a in first.allocations:
        minutes[a.module_id] = minutes.get(a.module_id, 0) + a.minutes
    assert minutes == {"a": 180, "b": 120, "c": 240}


class Stopped(Search):
    """A search the wall clock stopped before its deterministic budget was spent."""

    @property
    def deterministic(self) -> bool:
        return False


def test_a_search_the_clock_stopped_is_not_taken(
    unpicked: Problem, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(steady_module, "Search", Stopped)
    result: SolveResult = solve(unpicked, time_limit=5)
    assert not result.repeatable
    assert result.variables > 0  # the parallel search's own plan, as it is


def test_the_pick_never_starts_from_a_plan_made_under_the_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A phase-by-phase first plan is made by CP-SAT within a time limit and may differ
    # between runs: the stages may start from it, the final pick may not.
    from aipm_planner.solver import decompose, greedy

    road = roadmap(
        phase("p", "2-3", module("a", "1-2", 3), module("b", "1-3", 2, requires=("a",))),
        phase("q", "1-2", module("c", "1-2", 4)),
    )
    problem = problem_of(road, profile({"mon": ["19:00-21:00"], "thu": ["18:00-21:00"]}))
    constructive = greedy.greedy_plan(problem)
    assert constructive is not None
    monkeypatch.setattr(greedy, "greedy_plan", lambda *args, **kwargs: None)
    monkeypatch.setattr(decompose, "sequential_plan", lambda *args, **kwargs: constructive)
    from aipm_planner.solver.pick import pick

    hints: list[object] = []

    def spied(plan: Any, hint: Any, *args: Any, **kwargs: Any) -> Any:
        hints.append(hint)
        return pick(plan, hint, *args, **kwargs)

    monkeypatch.setattr(stages_module, "pick", spied)
    result = solve(problem, time_limit=5)
    assert result.repeatable
    assert hints == [None]


def test_a_re_plan_without_a_pick_keeps_the_proven_finish_and_is_the_same_on_every_run(
    unpicked: Problem,
) -> None:
    # A re-plan has no constructive plan to fall back on; when its minutes moved are not
    # settled in time (here: no pick at all), one single-worker search gives the plan, at
    # the proven finish, starting from the previous plan.
    import dataclasses

    first_plan = solve(unpicked, time_limit=5)
    shifted = {(a.module_id, a.slot + 1): a.minutes for a in first_plan.allocations}
    replanning = dataclasses.replace(unpicked, preferred=shifted)
    runs = [solve(replanning, time_limit=5) for _ in range(2)]
    assert all(r.repeatable for r in runs)
    assert runs[0].allocations == runs[1].allocations
    assert runs[0].objectives == runs[1].objectives
    assert "moved" in runs[0].objectives
    # The ranked stages proved the finish; the plan keeps it.
    assert runs[0].proven["finish"]
    assert runs[0].objectives["finish"] == runs[0].bounds["finish"]
