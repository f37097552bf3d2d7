"""Hand-built schedules for the CalDAV tests: tiny, exact, independent of the solver."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from schedule_builder import assemble, local, make_sessions, milestones, starts_ends
from schedule_builder import profile as base_profile

from aipm_planner.model import (
    LearnerProfile,
    ModulePlan,
    PhasePlan,
    Roadmap,
    Schedule,
    SolverReport,
)

START = dt.date(2027, 3, 1)  # a Monday
ZONE = "Europe/Berlin"

SessionSpec = tuple[str, dt.date, str, int]
"""(module id, local date, 'HH:MM' start, minutes)."""

SESSIONS: tuple[SessionSpec, ...] = (
    ("intro", dt.date(2027, 3, 1), "19:00", 60),
    ("intro", dt.date(2027, 3, 3), "19:00", 60),
    ("sql", dt.date(2027, 3, 8), "19:00", 90),
    ("sql", dt.date(2027, 3, 10), "19:00", 30),
)


def roadmap() -> Roadmap:
    """One phase with three modules."""
    return Roadmap.model_validate(
        {
            "id": "tiny",
            "title": "Tiny roadmap",
            "phases": [
                {
                    "id": "basics",
                    "title": "Basics",
                    "weeks": "1-3",
                    "modules": [
                        {"id": "intro", "title": "Intro to AI", "weeks": "1", "hours": 2},
                        {"id": "proto", "title": "Prototype", "weeks": "1", "hours": 1},
                        {
                            "id": "sql",
                            "title": "SQL for PMs",
                            "weeks": "1-2",
                            "hours": 2,
                            "requires": ["intro"],
                        },
                    ],
                }
            ],
        }
    )


def profile(**extra: object) -> LearnerProfile:
    """Monday and Wednesday evenings in Berlin; ``extra`` adds fields (e.g. busy_caldav)."""
    return base_profile(START, saturday=False, zone=ZONE, **extra)


def schedule(specs: Sequence[SessionSpec] = SESSIONS) -> Schedule:
    """A schedule of ``specs``; milestones mark the first and last day of the phase."""
    road, prof = roadmap(), profile()
    sessions = make_sessions(road, [(m, local(day, hhmm, ZONE), n) for m, day, hhmm, n in specs])
    days = [s.start.date() for s in sessions]
    modules = [
        ModulePlan(
            module_id=module.id,
            phase_id="basics",
            title=module.title,
            status="scheduled",
            minutes=sum(s.minutes for s in sessions if s.module_id == module.id),
            nominal_minutes=round(module.hours * 60),
        )
        for _, module in road.modules()
    ]
    phases = [
        PhasePlan(
            phase_id="basics", title="Basics", status="scheduled", start=min(days), end=max(days)
        )
    ]
    return assemble(
        road,
        prof,
        sessions,
        modules=modules,
        phases=phases,
        milestones=milestones(road, sessions, starts_ends),
        created=dt.datetime(START.year, START.month, START.day, tzinfo=ZoneInfo(ZONE)),
        report=SolverReport(
            status="optimal",
            gap=0,
            finish_lower_bound=0,
            wall_time=0,
            variables=0,
            constraints=0,
            workers=1,
            seed=0,
        ),
    )


def uids(plan: Schedule) -> list[str]:
    """Every event UID of a plan: sessions by start, then milestones."""
    return [s.uid for s in plan.sessions] + [m.uid for m in plan.milestones]
