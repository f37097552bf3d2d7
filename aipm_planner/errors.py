"""One exception tree for the whole library.

Every error a user can cause is an :class:`AipmPlannerError`. Errors about input
carry the offending file, field and value as attributes, so tools can show them
next to the input, and their message says what is wrong, where, and how to fix it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aipm_planner.model.diagnosis import Diagnosis

__all__ = [
    "EXIT_INFEASIBLE",
    "EXIT_INPUT",
    "EXIT_OK",
    "AipmPlannerError",
    "InfeasiblePlanError",
    "InputError",
    "SolverError",
    "SyncError",
]

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_INFEASIBLE = 3


class AipmPlannerError(Exception):
    """Root of every error raised on purpose by aipm_planner."""

    exit_code: int = EXIT_INPUT


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """``text`` with control characters (from a file's bytes) shown as escapes, so that a
    message never drives the terminal."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class InputError(AipmPlannerError, ValueError):
    """Bad input: a file, a field or a value that cannot be used.

    Attributes:
        path: the file the value came from (``None`` for in-memory data).
        field: dotted path of the field inside the file (``"phases.2.weeks"``).
        value: the offending value, as given.
        line: the line number in the file where the parser knows it.
        hint: how to fix it.
    """

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        field: str | None = None,
        value: Any = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.reason = message
        self.path = path
        self.field = field
        self.value = value
        self.line = line
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        text = _printable(f"{where}{field}{self.reason}")
        if self.hint:
            text += f"\n  hint: {_printable(self.hint)}"
        return text


class InfeasiblePlanError(AipmPlannerError):
    """The roadmap cannot fit the learner's time; ``diagnosis`` says why and what would fit."""

    exit_code = EXIT_INFEASIBLE

    def __init__(self, diagnosis: Diagnosis) -> None:
        self.diagnosis = diagnosis
        super().__init__(diagnosis.summary())


class SolverError(AipmPlannerError):
    """The solver itself failed (an invalid model is a bug in aipm_planner)."""

    exit_code = 1


class SyncError(AipmPlannerError):
    """A CalDAV server could not be used (unreachable, refused, or answered garbage)."""

    exit_code = EXIT_INPUT
