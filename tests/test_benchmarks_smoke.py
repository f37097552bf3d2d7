"""The benchmark harness still runs: scenarios 1 and 3 once each, short limits, no timings.

Benchmarks are measurements (``python -m benchmarks.run``); this only keeps their code from
rotting, so it asserts that the rows are complete and the plans valid, never how fast.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.harness import measure_scenario
from benchmarks.report import evaluate
from benchmarks.scenarios import (
    SHAPES,
    construction_problems,
    generated_roadmap,
    nominal_weekly_minutes,
    scenario,
)

# The greedy baseline ignores week ranges by design; every other rule it must keep.
RANGE_RULES = {"module-range", "phase-range"}


@pytest.mark.parametrize("number", [1, 3])
def test_harness_row_is_complete(number: int, tmp_path: Path) -> None:
    row = measure_scenario(number, workdir=tmp_path, time_limit=5.0)

    assert row["status"] in ("optimal", "feasible")
    assert row["violations"] == []
    assert set(row["time"]) == {
        "windows",
        "model_build",
        "cp_sat",
        "other",
        "plan",
        "export",
        "total",
        "verify",
    }
    assert row["plan"]["finish_week"] >= row["lower_bound_week"]
    assert row["peak_memory_mib"] > 0
    greedy = row["baseline"]
    assert greedy["sessions"] > 0
    assert set(greedy["violations"]) <= RANGE_RULES
    # Every target row for this scenario can be read off the harness row.
    results = {t.text: met for t, met, _ in evaluate([{**row, "key": str(number)}])}
    assert results["never worse than the greedy planner on any objective"] is not None


@pytest.mark.parametrize("number", [3, 4, 5])
def test_generated_roadmaps_fit_by_construction(number: int, tmp_path: Path) -> None:
    found = scenario(number, workdir=tmp_path)

    assert construction_problems(found.roadmap, nominal_weekly_minutes(found.profile)) == []
    assert found.modules == SHAPES[number].modules
    assert len(found.roadmap.phases) == SHAPES[number].phases


def test_generation_depends_only_on_the_seed() -> None:
    shape = SHAPES[3]

    assert generated_roadmap(shape, 660, seed=1) == generated_roadmap(shape, 660, seed=1)
    assert generated_roadmap(shape, 660, seed=1) != generated_roadmap(shape, 660, seed=2)


def test_construction_check_names_a_phase_that_cannot_fit(tmp_path: Path) -> None:
    roadmap = scenario(1, workdir=tmp_path).roadmap

    # The built-in roadmap's 4-week foundation phase needs 16 h: more than 80 % of 4 x 4 h.
    problems = construction_problems(roadmap, 4 * 60)

    assert problems[0] == "phase foundation: 960 min does not fit its weeks"
