"""Why a plan cannot fit, in the learner's words, and the smallest changes that make it fit."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from aipm_planner.model.base import StrictModel

__all__ = ["Change", "Conflict", "Diagnosis", "Fix"]

ConflictRule = Literal[
    "deadline",
    "capacity",
    "phase-range",
    "module-range",
    "order",
    "daily-cap",
    "weekly-cap",
    "session-length",
    "availability",
    "prerequisite",
    "joint",
]
ChangeKind = Literal[
    "extra-hours-per-week",
    "deadline",
    "phase-max-weeks",
    "module-max-weeks",
    "drop-module",
    "raise-daily-cap",
    "raise-weekly-cap",
]


class Conflict(StrictModel):
    """One rule (or one set of rules) that cannot hold together with the others."""

    rule: ConflictRule = Field(description="Which family of rule is involved.")
    subject: str = Field(default="", description="The phase or module id concerned, if any.")
    message: str = Field(description="Plain sentence for the learner.")
    keys: list[str] = Field(
        default_factory=list,
        description="The rules involved, as keys like 'deadline' or 'phase-range:<phase id>'.",
    )


class Change(StrictModel):
    """One concrete change to the inputs."""

    kind: ChangeKind = Field(description="What to change.")
    target: str = Field(default="", description="Phase id, module id or weekday concerned.")
    value: str = Field(description="New value (hours, a date, a number of weeks).")
    availability: dict[str, list[str]] = Field(
        default_factory=dict,
        description="For extra hours: the new windows of each weekday that changes.",
    )
    message: str = Field(description="Plain sentence for the learner.")


class Fix(StrictModel):
    """A set of changes that, applied together, gives a feasible plan (verified by solving)."""

    changes: list[Change] = Field(min_length=1, description="Changes to apply together.")
    verified: bool = Field(description="True when a re-solve with the changes found a plan.")

    @property
    def message(self) -> str:
        """All changes as one sentence."""
        return "; ".join(c.message for c in self.changes)


class Diagnosis(StrictModel):
    """The result of diagnosing an infeasible plan."""

    conflicts: list[Conflict] = Field(description="Rules that cannot hold together.")
    fixes: list[Fix] = Field(default_factory=list, description="Minimal verified fixes.")
    fits: bool = Field(
        default=False,
        description="True when a plan was found for the inputs as they are: nothing to fix.",
    )

    def summary(self) -> str:
        """Human-readable text: conflicts, then fixes."""
        if self.fits:
            return "The roadmap fits your time as it is: nothing needs to change."
        lines = ["The roadmap does not fit your time:"]
        lines += [f"  - {c.message}" for c in self.conflicts] or [
            "  - no single rule is to blame: together, the week ranges, the caps and the"
            " session rules leave too little usable time"
        ]
        if self.fixes:
            lines.append("Any one of these would make it fit:")
            lines += [
                f"  * {f.message}" + ("" if f.verified else " (an estimate, not yet checked)")
                for f in self.fixes
            ]
        else:
            lines.append("No change tried within the time allowed made it fit.")
        return "\n".join(lines)
