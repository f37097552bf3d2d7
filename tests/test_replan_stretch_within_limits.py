"""A stretched re-plan is the strict re-plan whenever one exists: nothing exceeded is the
stretch optimum, and the strict model is far easier to solve than the stretched one.

Re-plans have no constructive plan to start from. The built-in roadmap's stretched re-plan
(a model of 167 weeks) found no plan in 30 s after three missed evenings, although the
strict re-plan of the same check-in fits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from export.schedules import START, roadmap
from schedule_builder import profile

from aipm_planner.model.progress import Progress
from aipm_planner.planning import plan
from aipm_planner.replan import progress_work, replan
from aipm_planner.solver import solve as solve_module
from aipm_planner.solver.problem import Problem
from aipm_planner.solver.result import SolveResult
from aipm_planner.solver.stages import solve_stages
from aipm_planner.verify import verify


def test_a_stretched_re_plan_that_fits_every_limit_is_the_strict_one() -> None:
    road, prof = roadmap(), profile(START)
    first = plan(road, prof, time_limit=5)
    missed = first.sessions[0]
    progress = Progress(as_of=missed.end, sessions={missed.uid: "missed"})

    strict = replan(first, progress=progress, time_limit=5)
    stretched = replan(first, progress=progress, time_limit=5, stretch=True)

    assert stretched.sessions == strict.sessions
    assert stretched.report.objectives["stretch"] == 0
    assert stretched.report.bounds["stretch"] == 0
    assert not [line for line in stretched.explanations if line.startswith("Stretched")]
    assert verify(stretched, work=progress_work(stretched, progress), stretch=True) == []


def test_when_no_plan_fits_every_limit_the_stretched_search_still_runs() -> None:
    # The deadline on the first Wednesday cannot hold the roadmap: the strict search proves
    # it, and the stretched one plans past the deadline.
    deadline = START + dt.timedelta(days=2)
    road, prof = roadmap(), profile(START, deadline=deadline.isoformat())
    first = plan(road, prof, time_limit=5, stretch=True)
    missed = first.sessions[0]
    progress = Progress(as_of=missed.end, sessions={missed.uid: "missed"})

    new = replan(first, progress=progress, time_limit=5, stretch=True)

    assert new.report.objectives["stretch"] > 0
    assert any("deadline" in line for line in new.explanations)
    assert verify(new, work=progress_work(new, progress), stretch=True) == []


def test_a_stretched_re_plan_comes_out_when_the_stretched_model_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As on the built-in roadmap: the stretched model finds no plan in time (here: never).
    road, prof = roadmap(), profile(START)
    first = plan(road, prof, time_limit=5)
    missed = first.sessions[0]
    progress = Progress(as_of=missed.end, sessions={missed.uid: "missed"})
    strict = replan(first, progress=progress, time_limit=5)

    def nothing_when_stretched(problem: Problem, *args: Any) -> SolveResult:
        result = solve_stages(problem, *args)
        if problem.stretch:
            return dataclasses.replace(result, status="unknown", allocations=())
        return result

    monkeypatch.setattr(solve_module, "_solve_stages", nothing_when_stretched)
    stretched = replan(first, progress=progress, time_limit=5, stretch=True)

    assert stretched.sessions == strict.sessions
