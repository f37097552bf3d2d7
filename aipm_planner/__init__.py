"""aipm_planner: a learning roadmap + your real week -> an optimal, dated study calendar.

>>> from aipm_planner import builtin_roadmap
>>> builtin_roadmap("ai-product-manager").id
'ai-product-manager'
"""

from __future__ import annotations

__version__ = "0.1.0"

from aipm_planner.errors import (
    AipmPlannerError,
    InfeasiblePlanError,
    InputError,
    SolverError,
    SyncError,
)
from aipm_planner.model import (
    Change,
    Conflict,
    Diagnosis,
    Fix,
    LearnerProfile,
    Milestone,
    Module,
    ModulePlan,
    Phase,
    PhasePlan,
    Resource,
    Roadmap,
    Schedule,
    Session,
    SessionRules,
    SolverReport,
    WeekRange,
)

__all__ = [
    "AipmPlannerError",
    "Change",
    "Conflict",
    "Diagnosis",
    "Fix",
    "InfeasiblePlanError",
    "InputError",
    "LearnerProfile",
    "Milestone",
    "Module",
    "ModulePlan",
    "Phase",
    "PhasePlan",
    "Resource",
    "Roadmap",
    "Schedule",
    "Session",
    "SessionRules",
    "SolverError",
    "SolverReport",
    "SyncError",
    "WeekRange",
    "__version__",
]
