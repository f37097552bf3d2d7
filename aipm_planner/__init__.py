"""aipm_planner: a learning roadmap + your real week -> an optimal, dated study calendar.

>>> from aipm_planner import builtin_roadmap
>>> builtin_roadmap("ai-product-manager").id
'ai-product-manager'

Models and errors are imported eagerly; everything that needs a heavy library
(ortools, icalendar, matplotlib, caldav) is imported on first use, so
``import aipm_planner`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

# Functions named like their own module are bound here, so that importing the module
# (``import aipm_planner.verify``) cannot shadow the function with the module object.
from aipm_planner.replan import replan
from aipm_planner.verify import Violation, verify

if TYPE_CHECKING:
    from aipm_planner.availability import (
        Availability,
        Grid,
        Window,
        availability_for,
        expand_windows,
        horizon_end,
    )
    from aipm_planner.caldav_sync import SyncReport, fetch_busy_calendars, sync_caldav
    from aipm_planner.export import (
        build_calendar,
        render_html,
        schedule_from_json,
        schedule_to_json,
        to_ics,
        write_ics,
        write_json,
    )
    from aipm_planner.loading import (
        default_profile,
        load_profile,
        load_progress,
        load_roadmap,
        load_roadmap_ref,
        load_schedule,
    )
    from aipm_planner.model.progress import Progress
    from aipm_planner.planning import plan
    from aipm_planner.replan import progress_work
    from aipm_planner.roadmaps import builtin_roadmap, builtin_roadmaps
    from aipm_planner.solver.diagnosis import diagnose
    from aipm_planner.solver.fixes import apply_fix

_LAZY = {
    "Availability": "aipm_planner.availability",
    "Grid": "aipm_planner.availability",
    "Window": "aipm_planner.availability",
    "availability_for": "aipm_planner.availability",
    "expand_windows": "aipm_planner.availability",
    "horizon_end": "aipm_planner.availability",
    "SyncReport": "aipm_planner.caldav_sync",
    "fetch_busy_calendars": "aipm_planner.caldav_sync",
    "sync_caldav": "aipm_planner.caldav_sync",
    "build_calendar": "aipm_planner.export",
    "render_html": "aipm_planner.export",
    "schedule_from_json": "aipm_planner.export",
    "schedule_to_json": "aipm_planner.export",
    "to_ics": "aipm_planner.export",
    "write_ics": "aipm_planner.export",
    "write_json": "aipm_planner.export",
    "default_profile": "aipm_planner.loading",
    "load_profile": "aipm_planner.loading",
    "load_progress": "aipm_planner.loading",
    "load_schedule": "aipm_planner.loading",
    "load_roadmap": "aipm_planner.loading",
    "load_roadmap_ref": "aipm_planner.loading",
    "Progress": "aipm_planner.model.progress",
    "plan": "aipm_planner.planning",
    "progress_work": "aipm_planner.replan",
    "builtin_roadmap": "aipm_planner.roadmaps",
    "builtin_roadmaps": "aipm_planner.roadmaps",
    "diagnose": "aipm_planner.solver.diagnosis",
    "apply_fix": "aipm_planner.solver.fixes",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'aipm_planner' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AipmPlannerError",
    "Availability",
    "Change",
    "Conflict",
    "Diagnosis",
    "Fix",
    "Grid",
    "InfeasiblePlanError",
    "InputError",
    "LearnerProfile",
    "Milestone",
    "Module",
    "ModulePlan",
    "Phase",
    "PhasePlan",
    "Progress",
    "Resource",
    "Roadmap",
    "Schedule",
    "Session",
    "SessionRules",
    "SolverError",
    "SolverReport",
    "SyncError",
    "SyncReport",
    "Violation",
    "WeekRange",
    "Window",
    "__version__",
    "apply_fix",
    "availability_for",
    "build_calendar",
    "builtin_roadmap",
    "builtin_roadmaps",
    "default_profile",
    "diagnose",
    "expand_windows",
    "fetch_busy_calendars",
    "horizon_end",
    "load_profile",
    "load_progress",
    "load_roadmap",
    "load_roadmap_ref",
    "load_schedule",
    "plan",
    "progress_work",
    "render_html",
    "replan",
    "schedule_from_json",
    "schedule_to_json",
    "sync_caldav",
    "to_ics",
    "verify",
    "write_ics",
    "write_json",
]
