"""diagnose() on inputs that fit, when no search within its time limit finds a plan: it
said "does not fit" with no conflict ("no single rule is to blame") and no fix, although
plan() plans the same inputs. Like plan(), it now says it found nothing in time.
"""

from __future__ import annotations

from typing import Any

import pytest

from aipm_planner import LearnerProfile, Roadmap, SolverError, diagnose, plan, verify
from aipm_planner.solver import solve as solve_module
from aipm_planner.solver.fix_search import Checker
from aipm_planner.solver.result import SolveResult

ROADMAP = Roadmap.model_validate(
    {
        "id": "t",
        "title": "Tiny",
        "phases": [
            {
                "id": "p1",
                "title": "Basics",
                "weeks": "1-3",
                "modules": [{"id": "a", "title": "Alpha", "weeks": "1-3", "hours": 3}],
            }
        ],
    }
)
PROFILE = LearnerProfile.model_validate(
    {"timezone": "UTC", "start": "2027-01-04", "availability": {"sun": ["10:00-12:00"]}}
)


def test_an_undecided_search_is_not_reported_as_no_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    assert verify(plan(ROADMAP, PROFILE, time_limit=3)) == []
    monkeypatch.setattr(Checker, "_solve", lambda self, inputs: None)

    def nothing_in_time(*_args: Any, **_kw: Any) -> SolveResult:
        return SolveResult("unknown", (), {}, {}, {}, 3.0, 0, 0, 1, 0)

    monkeypatch.setattr(solve_module, "solve", nothing_in_time)
    with pytest.raises(SolverError, match="within the time limit of 3 s"):
        diagnose(ROADMAP, PROFILE, time_limit=3)
