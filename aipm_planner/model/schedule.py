"""The schedule: dated study sessions plus spans, milestones, the solver report and explanations."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import AwareDatetime, Field, ValidationInfo, field_validator, model_validator

from aipm_planner.model.base import (
    EARLIEST_DATE,
    LATEST_SESSION_DATE,
    Id,
    StrictModel,
    WeekRange,
    check_moment,
)
from aipm_planner.model.profile import LearnerProfile
from aipm_planner.model.roadmap import Roadmap

__all__ = [
    "SCHEDULE_VERSION",
    "UID_NAMESPACE",
    "VERSION_HINT",
    "Milestone",
    "ModulePlan",
    "PhasePlan",
    "Schedule",
    "Session",
    "SolverReport",
    "check_schedule_version",
    "milestone_uid",
    "session_uid",
]

SCHEDULE_VERSION = 1

VERSION_HINT = "plan again with this version of aipm-planner"
"""How to get a schedule of another format version into this one."""


def check_schedule_version(version: object) -> int:
    """``version`` when it is the number of this schedule format; else ``ValueError`` (a
    schedule of another format cannot be read as this one: its fields may mean otherwise)."""
    if type(version) is not int:
        raise ValueError(
            f"schedule format version {version!r} is not a whole number (this is"
            f" {SCHEDULE_VERSION})"
        )
    if version != SCHEDULE_VERSION:
        raise ValueError(
            f"schedule format version {version!r} is not supported (this is {SCHEDULE_VERSION})"
        )
    return version


UID_NAMESPACE = uuid.UUID("6b0f6c4e-52a3-5d1f-9a57-3c3e0a8c2a11")
"""UUID5 namespace of every event aipm_planner creates; tools recognise its events by it."""


def session_uid(roadmap_id: str, module_id: str, ordinal: int) -> str:
    """Stable UID of the ``ordinal``-th session (1-based) of a module: never depends on time."""
    name = f"{roadmap_id}/{module_id}/{ordinal}"
    return f"{uuid.uuid5(UID_NAMESPACE, name)}@aipm-planner"


def milestone_uid(roadmap_id: str, phase_id: str, kind: str) -> str:
    """Stable UID of a phase milestone (``kind`` is ``phase-start`` or ``phase-end``)."""
    name = f"{roadmap_id}/phase/{phase_id}/{kind}"
    return f"{uuid.uuid5(UID_NAMESPACE, name)}@aipm-planner"


class Session(StrictModel):
    """One concrete study block of one module."""

    uid: str = Field(description="Stable id (UUID5 of roadmap, module and ordinal).")
    module_id: Id = Field(description="The module studied.")
    phase_id: Id = Field(description="The module's phase.")
    title: str = Field(description="The module's title.")
    ordinal: int = Field(ge=1, description="1-based position of this session within its module.")
    start: AwareDatetime = Field(description="Start, aware, in the learner's zone.")
    end: AwareDatetime = Field(description="End, aware, in the learner's zone.")

    @field_validator("start", "end")
    @classmethod
    def _plannable(cls, value: dt.datetime, info: ValidationInfo) -> dt.datetime:
        return check_moment(str(info.field_name), value)

    @model_validator(mode="after")
    def _ordered(self) -> Session:
        # On UTC instants: two times in one zone compare as wall-clock times, so a session
        # across a fall-back night would seem to end before it starts.
        if self.end.astimezone(dt.UTC) <= self.start.astimezone(dt.UTC):
            raise ValueError(
                f"session ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()})"
            )
        return self

    @property
    def minutes(self) -> int:
        """Real elapsed minutes (computed on UTC instants, so DST nights are right)."""
        # Same-zone datetimes subtract as wall-clock time: go through UTC for real time.
        elapsed = self.end.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)
        return int(elapsed.total_seconds() // 60)


class ModulePlan(StrictModel):
    """What happened to one module: its effort after prior-skill credit and its span."""

    module_id: Id = Field(description="The module.")
    phase_id: Id = Field(description="Its phase.")
    title: str = Field(description="Its title.")
    status: Literal["scheduled", "skipped"] = Field(description="Scheduled or left out.")
    minutes: int = Field(ge=0, description="Effort planned, in minutes, after prior-skill credit.")
    nominal_minutes: int = Field(ge=0, description="Effort in the roadmap, in minutes.")
    weeks: WeekRange | None = Field(
        default=None, description="Week range the span must satisfy (after shrinking)."
    )
    first_week: int | None = Field(default=None, description="Plan week of the first session.")
    last_week: int | None = Field(default=None, description="Plan week of the last session.")


class ModuleCredit(StrictModel):
    """What the check-ins so far said about a module beyond the calendar's sessions."""

    done: bool = Field(default=False, description="Reported finished: it gets no more sessions.")
    minutes_outside: int = Field(
        default=0,
        ge=0,
        le=600_000,
        description="Minutes studied outside the calendar's sessions, as reported so far.",
    )


class PhasePlan(StrictModel):
    """One phase's span in plan weeks and dates."""

    phase_id: Id = Field(description="The phase.")
    title: str = Field(description="Its title.")
    status: Literal["scheduled", "skipped"] = Field(description="Scheduled or left out.")
    weeks: WeekRange | None = Field(
        default=None, description="Week range the span must satisfy (after shrinking)."
    )
    first_week: int | None = Field(default=None, description="Plan week of the first session.")
    last_week: int | None = Field(default=None, description="Plan week of the last session.")
    start: dt.date | None = Field(default=None, description="Local date of the first session.")
    end: dt.date | None = Field(default=None, description="Local date of the last session.")


class Milestone(StrictModel):
    """An all-day marker: a phase starts or ends."""

    uid: str = Field(description="Stable id (UUID5 of roadmap, phase and kind).")
    phase_id: Id = Field(description="The phase.")
    kind: Literal["phase-start", "phase-end"] = Field(description="Start or end of the phase.")
    title: str = Field(description="Text shown in the calendar.")
    date: dt.date = Field(description="Local date.")


class SolverReport(StrictModel):
    """How good the plan is and how it was found."""

    status: Literal["optimal", "feasible"] = Field(
        description="'optimal' only when every objective stage was proven optimal."
    )
    objectives: dict[str, float] = Field(
        default_factory=dict, description="Value of each objective stage, in solve order."
    )
    bounds: dict[str, float] = Field(
        default_factory=dict, description="Best proven bound of each objective stage."
    )
    gap: float = Field(
        ge=0, description="Relative gap of the finish objective to the best lower bound."
    )
    finish_lower_bound: float = Field(
        ge=0, description="Best lower bound on the finish, in minutes after plan start."
    )
    wall_time: float = Field(ge=0, description="Seconds spent solving.")
    variables: int = Field(ge=0, description="Model size: variables.")
    constraints: int = Field(ge=0, description="Model size: constraints.")
    workers: int = Field(ge=1, description="CP-SAT search workers used.")
    seed: int = Field(description="Random seed given to CP-SAT.")


class Schedule(StrictModel):
    """A dated study plan, self-contained: it embeds the roadmap and profile it was made from."""

    version: int = Field(default=SCHEDULE_VERSION, description="Schedule format version.")
    roadmap: Roadmap = Field(description="The roadmap planned.")
    profile: LearnerProfile = Field(description="The learner profile planned for.")
    roadmap_source: str = Field(default="", description="Built-in name or file of the roadmap.")
    profile_source: str = Field(default="", description="File of the profile ('' = default).")
    created: AwareDatetime = Field(
        description="Deterministic timestamp of the plan (plan start, or the re-plan time)."
    )
    sessions: list[Session] = Field(description="Study sessions, sorted by start.")
    modules: list[ModulePlan] = Field(description="Each module's effort and span.")
    phases: list[PhasePlan] = Field(description="Each phase's span.")
    milestones: list[Milestone] = Field(description="Phase start and end markers.")
    finish: AwareDatetime | None = Field(
        description="End of the last session (None: nothing to do)."
    )
    report: SolverReport = Field(description="Solver status, objectives, bound, gap, time, size.")
    explanations: list[str] = Field(
        default_factory=list, description="Plain sentences: what was skipped or changed, and why."
    )
    credits: dict[Id, ModuleCredit] = Field(
        default_factory=dict,
        description="Module reports of the check-ins re-planned so far (finished, study outside"
        " the calendar): the next re-plan keeps them, so a report need not be repeated.",
    )

    @field_validator("version", mode="before")
    @classmethod
    def _readable_version(cls, value: object) -> int:
        return check_schedule_version(value)

    @field_validator("created", "finish")
    @classmethod
    def _plannable_moment(
        cls, value: dt.datetime | None, info: ValidationInfo
    ) -> dt.datetime | None:
        return value if value is None else check_moment(str(info.field_name), value)

    @model_validator(mode="after")
    def _plans_of_the_roadmap(self) -> Schedule:
        """Each module and phase plan names a module or phase of the roadmap, and its weeks
        lie within the dates a plan can use (before the start too: a re-plan may move the
        start past sessions that already happened)."""
        known = {
            "module": {module.id for _, module in self.roadmap.modules()},
            "phase": {phase.id for phase in self.roadmap.phases},
        }
        first = (EARLIEST_DATE - self.profile.start).days // 7
        last = (LATEST_SESSION_DATE - self.profile.start).days // 7
        plans: list[tuple[str, str, ModulePlan | PhasePlan]] = [
            *(("module", m.module_id, m) for m in self.modules),
            *(("phase", p.phase_id, p) for p in self.phases),
        ]
        for kind, plan_id, plan in plans:
            if plan_id not in known[kind]:
                raise ValueError(f"{kind} plan '{plan_id}' names no {kind} of the roadmap")
            for week in (plan.first_week, plan.last_week):
                if week is not None and not first <= week <= last:
                    raise ValueError(
                        f"{kind} plan '{plan_id}' has week {week}, outside the dates a plan"
                        f" can use (weeks {first} to {last})"
                    )
        return self

    @model_validator(mode="after")
    def _in_learner_zone(self) -> Schedule:
        # JSON keeps only UTC offsets; put every instant back into the learner's zone so a
        # schedule read from JSON is indistinguishable from the one that was written.
        zone = self.profile.zone
        if any(s.start.tzinfo is not zone or s.end.tzinfo is not zone for s in self.sessions):
            sessions = [
                s.model_copy(
                    update={"start": s.start.astimezone(zone), "end": s.end.astimezone(zone)}
                )
                for s in self.sessions
            ]
            object.__setattr__(self, "sessions", sessions)
        if self.finish is not None and self.finish.tzinfo is not zone:
            object.__setattr__(self, "finish", self.finish.astimezone(zone))
        if self.created.tzinfo is not zone:
            object.__setattr__(self, "created", self.created.astimezone(zone))
        return self

    def sessions_of(self, module_id: str) -> list[Session]:
        """The module's sessions in order."""
        return [s for s in self.sessions if s.module_id == module_id]

    def session_count(self, module_id: str) -> int:
        """How many sessions the module has."""
        return sum(1 for s in self.sessions if s.module_id == module_id)
