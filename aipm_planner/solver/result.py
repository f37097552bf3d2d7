"""The solver's answer on the integer grid: minutes of each module in each window."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Allocation", "SolveResult"]


@dataclass(frozen=True, slots=True)
class Allocation:
    """Minutes of one module in one window, cut into ``sessions`` sessions."""

    module_id: str
    slot: int
    minutes: int
    sessions: int


@dataclass(frozen=True)
class SolveResult:
    """The solver's answer on the integer grid."""

    status: Literal["optimal", "feasible", "infeasible", "unknown"]
    allocations: tuple[Allocation, ...]
    objectives: dict[str, float]
    bounds: dict[str, float]
    proven: dict[str, bool]
    wall_time: float
    variables: int
    constraints: int
    workers: int
    seed: int
    stretched: dict[str, int] = field(default_factory=dict)
    settled: tuple[str, ...] = ()
    """The stages proven in order from the first: their values hold for every plan, not
    only given values found by a stage the clock stopped."""
    repeatable: bool = False
    """The plan came from the deterministic pick (or from the constructive plan alone), so
    the same inputs give it again whatever the machine's load."""
