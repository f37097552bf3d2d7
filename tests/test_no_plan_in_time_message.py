"""When no plan is found in time, the message names the time limit of the command line and
of the Python API (it named only ``--time-limit``, which a Python caller has not got)."""

from __future__ import annotations

import pytest
from export.schedules import START, roadmap
from schedule_builder import profile

from aipm_planner.errors import SolverError
from aipm_planner.planning import plan
from aipm_planner.solver import solve as solve_module
from aipm_planner.solver.result import SolveResult


def test_the_message_names_both_ways_to_give_more_time(monkeypatch: pytest.MonkeyPatch) -> None:
    def nothing(*args: object, **kwargs: object) -> SolveResult:
        return SolveResult("unknown", (), {}, {}, {}, 0.0, 0, 0, 1, 0)

    monkeypatch.setattr(solve_module, "solve", nothing)
    with pytest.raises(SolverError) as caught:
        plan(roadmap(), profile(START), time_limit=1)
    assert "--time-limit" in str(caught.value)
    assert "time_limit= in Python" in str(caught.value)
