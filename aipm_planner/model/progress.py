"""What the learner reports at a check-in: the moment, module progress and session outcomes.

A progress report is the input of :func:`aipm_planner.replan.replan`::

    as_of: 2027-01-11T00:00:00-05:00   # everything before this has happened
    modules:                            # optional: what the learner reports per module
      python: {hours_done: 6}
      git: {done: true}
    sessions:                           # optional: per session UID
      3f1c...@aipm-planner: done
      9a2e...@aipm-planner: missed

Sessions of the schedule that ended before ``as_of`` and are not listed are taken as done;
``unreported: missed`` inverts that (only the sessions listed as done happened).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, field_validator

from aipm_planner.model.base import Id, NotBool, StrictModel, check_moment

__all__ = ["ModuleProgress", "Progress", "SessionOutcome"]

SessionOutcome = Literal["done", "missed"]
"""What became of a planned session: it happened, or it did not."""

SessionUid = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ModuleProgress(StrictModel):
    """What the learner says about one module, beyond the sessions of the schedule."""

    hours_done: Annotated[float, NotBool] = Field(
        default=0.0,
        ge=0,
        le=10_000,
        allow_inf_nan=False,
        description="Hours studied on the module in total, calendar sessions included; when"
        " larger than the done sessions add up to, the difference counts as done too.",
    )
    done: bool = Field(
        default=False,
        description="The module is finished: it gets no more sessions and what requires it"
        " may start.",
    )


class Progress(StrictModel):
    """A check-in: what happened before ``as_of``."""

    as_of: AwareDatetime = Field(
        description="The moment of the check-in, with a UTC offset: sessions that ended"
        " before it have happened (or were missed); the plan is redone from here."
    )
    modules: dict[Id, ModuleProgress] = Field(
        default_factory=dict, description="Module id -> hours done and/or finished."
    )
    sessions: dict[SessionUid, SessionOutcome] = Field(
        default_factory=dict,
        description="Session UID -> 'done' or 'missed', for sessions that ended by as_of"
        " (one still going at as_of cannot be reported yet; one settled by an earlier"
        " check-in cannot be reported missed).",
    )
    unreported: SessionOutcome = Field(
        default="done",
        description="Outcome of past sessions not listed under 'sessions' (default: done);"
        " sessions settled by an earlier check-in stay done.",
    )

    @field_validator("as_of")
    @classmethod
    def _plannable(cls, value: dt.datetime) -> dt.datetime:
        return check_moment("as_of", value)
