"""The smallest changes that make an infeasible plan fit, each checked by solving again.

Every fix is found the same way: a family of changes indexed by a whole number (extra
quarter hours a week, days of deadline, weeks of a range, quarter hours of a cap), where a
larger number only relaxes the plan. The arithmetic pre-checks give the least number that
could possibly work; from there the solver is asked, with doubling steps and then bisection,
for the least number that really gives a plan (the constructive plan answers first when it
fits, in milliseconds; CP-SAT only when it does not). A value is reported as verified only when the
solver found a plan with it; when the time budget runs out first, the arithmetic estimate
is reported and marked as not verified.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aipm_planner.effort import prepare
from aipm_planner.errors import InputError
from aipm_planner.model import (
    LearnerProfile,
    Roadmap,
)
from aipm_planner.solver.prechecks import (
    Capacity,
    capacity_of,
    precheck,
)

__all__ = ["Budget", "Checker", "Found", "capacity_for", "smallest"]

STEP = 15
"""Extra time and caps are searched in quarter hours."""
Inputs = tuple[Roadmap, LearnerProfile]


@dataclass
class Budget:
    """Wall-clock budget for the whole diagnosis; each solve takes a slice of what is left."""

    seconds: float
    per_solve: float = 2.0
    began: float = field(default_factory=time.perf_counter)

    def left(self) -> float:
        """Seconds still available."""
        return self.seconds - (time.perf_counter() - self.began)

    def slice(self) -> float:
        """Seconds for the next solve (0 when the budget is spent)."""
        return max(0.0, min(self.per_solve, self.left()))


def capacity_for(
    roadmap: Roadmap, profile: LearnerProfile, *, end: dt.date | None = None
) -> Capacity:
    """Weekly capacity of the learner's windows up to ``end`` (default: the plan horizon)."""
    from aipm_planner.availability import availability_for

    availability = availability_for(profile, roadmap, end=end)
    days = [availability.day_index(i) for i in range(len(availability.intervals))]
    return capacity_of(availability.intervals, days, availability.capacity_by_week(), profile)


class Checker:
    """Answers "does a plan exist?" for changed inputs: arithmetic first, then CP-SAT.

    Answers are cached, since the searches revisit inputs.
    """

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self._arithmetic: dict[str, bool] = {}
        self._solved: dict[str, bool | None] = {}

    @staticmethod
    def _key(inputs: Inputs) -> str:
        return inputs[0].model_dump_json() + inputs[1].model_dump_json()

    def arithmetic_ok(self, inputs: Inputs) -> bool:
        """False when a pre-check proves there is no plan."""
        key = self._key(inputs)
        if key not in self._arithmetic:
            roadmap, profile = inputs
            try:
                work = prepare(roadmap, profile)
                capacity = capacity_for(roadmap, profile)
            except InputError:
                self._arithmetic[key] = False
            else:
                self._arithmetic[key] = not precheck(roadmap, profile, work, capacity)
        return self._arithmetic[key]

    def feasible(self, inputs: Inputs) -> bool | None:
        """True when the solver found a plan, False when none exists, None when unknown."""
        if not self.arithmetic_ok(inputs):
            return False
        key = self._key(inputs)
        if key not in self._solved or (self._solved[key] is None and self.budget.slice() > 0):
            self._solved[key] = self._solve(inputs)
        return self._solved[key]

    def _solve(self, inputs: Inputs) -> bool | None:
        seconds = self.budget.slice()
        if seconds <= 0.05:
            return None
        from ortools.sat.python import cp_model

        from aipm_planner.planning import build_problem, plan_availability
        from aipm_planner.solver.cpsat import solve_alone
        from aipm_planner.solver.greedy import greedy_plan
        from aipm_planner.solver.model import build_model

        roadmap, profile = inputs
        work = prepare(roadmap, profile)
        if not work.modules:
            return True
        problem = build_problem(work, plan_availability(roadmap, profile), profile)
        if greedy_plan(problem) is not None:
            return True  # the constructive plan is checked against every rule: a plan exists
        plan = build_model(problem)
        _, status = solve_alone(plan.model, seconds)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True
        return False if status == cp_model.INFEASIBLE else None


@dataclass(frozen=True)
class Found:
    """The least value of a search, and whether the solver confirmed it."""

    value: int
    verified: bool


def smallest(
    low: int, high: int, make: Callable[[int], Inputs | None], checker: Checker
) -> Found | None:
    """Least ``v`` in ``low..high`` whose inputs ``make(v)`` have a plan (larger ``v`` relaxes).

    The arithmetic bound is bisected first (cheap); the solver is then asked at that value,
    at doubling steps above it, and bisected between the last failure and the first plan.
    """

    def arithmetic(v: int) -> bool:
        inputs = make(v)
        return inputs is not None and checker.arithmetic_ok(inputs)

    if low > high or not arithmetic(high):
        return None
    lo, hi = low, high
    while lo < hi:
        mid = (lo + hi) // 2
        if arithmetic(mid):
            hi = mid
        else:
            lo = mid + 1
    estimate = lo

    def solved(v: int) -> bool | None:
        inputs = make(v)
        return None if inputs is None else checker.feasible(inputs)

    failed, step, value = estimate - 1, 1, estimate
    unknown = False
    while True:
        answer = solved(value)
        if answer:
            break
        unknown = unknown or answer is None
        failed = value
        if value >= high:
            return Found(estimate, verified=False) if unknown else None
        value = min(high, value + step)
        step *= 2
    while failed + 1 < value:  # bisect: ``failed`` gave no plan, ``value`` did
        mid = (failed + value) // 2
        if solved(mid):
            value = mid
        else:
            failed = mid
    return Found(value, verified=True)
