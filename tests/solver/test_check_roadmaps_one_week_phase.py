"""A phase that prior skills shrink to one week says "1 week", not "1 weeks"."""

from __future__ import annotations

from aipm_planner.effort import prepare

from .builders import module, phase, profile, roadmap


def test_a_phase_shrunk_to_one_week_reads_in_the_singular() -> None:
    road = roadmap(
        phase("p", "2-3", module("known", 1, 4, teaches={"python": 3}), module("new", 1, 0.75))
    )
    work = prepare(road, profile({"mon": ["19:00-21:00"]}, skills={"python": 3}))
    assert work.explanations[-1] == (
        "Phase 'P' now spans 1 week instead of 2-3: 4 h of its 4 h 45 min are already covered."
    )
