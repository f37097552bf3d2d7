"""Pydantic models: roadmap, learner profile, schedule, diagnosis."""

from aipm_planner.model.base import StrictModel, WeekRange
from aipm_planner.model.diagnosis import Change, Conflict, Diagnosis, Fix
from aipm_planner.model.profile import (
    WEEKDAYS,
    Blackout,
    BusyCalDav,
    LearnerProfile,
    SessionRules,
    TimeWindow,
)
from aipm_planner.model.roadmap import Module, ModuleKind, Phase, Resource, Roadmap
from aipm_planner.model.schedule import (
    UID_NAMESPACE,
    Milestone,
    ModuleCredit,
    ModulePlan,
    PhasePlan,
    Schedule,
    Session,
    SolverReport,
    milestone_uid,
    session_uid,
)

__all__ = [
    "UID_NAMESPACE",
    "WEEKDAYS",
    "Blackout",
    "BusyCalDav",
    "Change",
    "Conflict",
    "Diagnosis",
    "Fix",
    "LearnerProfile",
    "Milestone",
    "Module",
    "ModuleCredit",
    "ModuleKind",
    "ModulePlan",
    "Phase",
    "PhasePlan",
    "Resource",
    "Roadmap",
    "Schedule",
    "Session",
    "SessionRules",
    "SolverReport",
    "StrictModel",
    "TimeWindow",
    "WeekRange",
    "milestone_uid",
    "session_uid",
]
