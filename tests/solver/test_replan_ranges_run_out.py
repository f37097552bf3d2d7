"""A re-plan whose begun phase or module has used up its week range is named by arithmetic,
with the range that would let it finish (``replan_report.quick_diagnosis``)."""

from __future__ import annotations

import dataclasses

from aipm_planner.replan_report import quick_diagnosis

from .builders import START, at, module, phase, problem_of, profile, roadmap


def test_a_module_whose_range_is_over_while_study_is_left_is_named_with_its_fix() -> None:
    road = roadmap(phase("p", "1-6", module("a", "1-2", hours=4), module("b", "1-3", hours=1)))
    prof = profile({"mon": ["19:00-21:00"]})
    # 'a' began in plan week 0, may span two weeks, and the check-in is in plan week 3.
    problem = dataclasses.replace(problem_of(road, prof), history={"a": (0, 0), "p": (0, 0)})

    found = quick_diagnosis(road, prof, problem, at(START.replace(day=25), "08:00"))

    assert found is not None
    assert [c.subject for c in found.conflicts] == ["a"]
    assert found.conflicts[0].message == (
        "Module 'A' began in plan week 1 and may span at most 2 weeks, which ended before"
        " plan week 4; 4 h of it are still to study"
    )
    (fix,) = found.fixes
    assert [(c.kind, c.target, c.value) for c in fix.changes] == [("module-max-weeks", "a", "4")]


def test_nothing_is_named_while_the_ranges_still_run() -> None:
    road = roadmap(phase("p", "1-6", module("a", "1-2", hours=1)))
    prof = profile({"mon": ["19:00-21:00"]})
    problem = dataclasses.replace(problem_of(road, prof), history={"a": (0, 0), "p": (0, 0)})
    assert quick_diagnosis(road, prof, problem, at(START.replace(day=6), "08:00")) is None


def test_hours_left_are_worded_as_in_every_diagnosis() -> None:
    road = roadmap(phase("p", "1-6", module("a", "1-2", hours=1.25)))
    prof = profile({"mon": ["19:00-21:00"]})
    problem = dataclasses.replace(problem_of(road, prof), history={"a": (0, 0), "p": (0, 0)})
    found = quick_diagnosis(road, prof, problem, at(START.replace(day=25), "08:00"))
    assert found is not None
    assert found.conflicts[0].message.endswith("; 1 h 15 min of it are still to study")
