"""diagnose() says a roadmap fits when it does, also when its one quick check (a short
single-worker solve) decides nothing: it then plans as plan() does. It used to answer
"does not fit" with no conflict and a fix for a plan that already exists (seen on a
four-phase roadmap with phases beside each other, which plan() planned at once)."""

from __future__ import annotations

import pytest

from aipm_planner import diagnose, plan, verify
from aipm_planner.solver.fix_search import Checker

from .builders import module, phase, profile, roadmap

EVENINGS = {"mon": ["19:00-21:00"], "thu": ["18:00-21:00"], "sat": ["10:00-12:30"]}


def test_a_fitting_roadmap_fits_when_the_quick_check_is_undecided(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    road = roadmap(
        phase("a", "2-4", module("a1", 1, 2.75), module("a2", "2-3", 5.5, requires=("a1",))),
        phase("b", 3, module("b1", "1-2", 3.3), module("b2", 2, 2), after=[]),
        phase("c", "2-3", module("c1", "2-3", 6, requires=("a2", "b1")), after=["a", "b"]),
    )
    prof = profile(EVENINGS, max_hours_per_week=7)
    assert verify(plan(road, prof, time_limit=5)) == []
    monkeypatch.setattr(Checker, "_solve", lambda self, inputs: None)
    diagnosis = diagnose(road, prof, time_limit=5)
    assert diagnosis.fits
    assert diagnosis.fixes == []
