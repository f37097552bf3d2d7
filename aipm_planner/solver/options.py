"""The solver's options as ``plan()``, ``replan()`` and ``diagnose()`` take them, checked
before any work (CP-SAT would fail later with an internal error, or a time limit of 0 give
an unoptimized plan)."""

from __future__ import annotations

import numbers

from aipm_planner.errors import InputError
from aipm_planner.model.base import is_whole

__all__ = ["MOST", "check_solver_options"]

MOST = 2**31 - 1
"""The largest seed and number of workers CP-SAT takes (a 32-bit integer)."""


def _is_number(value: object) -> bool:
    """A real number that is not a bool (``True`` is an int in Python, not a time limit)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_solver_options(time_limit: float, seed: int = 0, workers: int | None = None) -> None:
    """Raise :class:`InputError` naming the keyword when an option is out of range or not
    a number, as ``--time-limit`` and ``--seed`` are checked on the command line (CP-SAT
    would fail later with an internal error, or a time limit of 0 give an unoptimized
    plan)."""
    if not (_is_number(time_limit) and 0 < time_limit < float("inf")):
        raise InputError(
            f"{time_limit!r} is not a positive number of seconds",
            field="time_limit",
            value=time_limit,
            hint="give a finite number of seconds above 0, such as 10",
        )
    if not (is_whole(seed) and 0 <= seed <= MOST):
        raise InputError(
            f"{seed!r} is not a whole number from 0 to {MOST}",
            field="seed",
            value=seed,
            hint="any seed in that range gives a deterministic plan",
        )
    if workers is not None and not (is_whole(workers) and 0 <= workers <= MOST):
        raise InputError(
            f"{workers!r} is not a whole number from 0 to {MOST}",
            field="workers",
            value=workers,
            hint="leave it out (or 0) to use every CPU available, 1 for one thread",
        )
