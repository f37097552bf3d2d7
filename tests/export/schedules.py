"""Hand-built schedules for the export tests: tiny, exact, and independent of the solver."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from aipm_planner.model import (
    LearnerProfile,
    Milestone,
    ModulePlan,
    PhasePlan,
    Roadmap,
    Schedule,
    Session,
    SolverReport,
    milestone_uid,
    session_uid,
)
from aipm_planner.weeks import week_of

START = dt.date(2027, 3, 22)  # a Monday, the week before Europe's spring-forward night
BERLIN = "Europe/Berlin"

SessionSpec = tuple[str, dt.datetime, int]
"""(module id, start as a UTC instant, minutes)."""


def roadmap(
    *,
    title: str = "Tiny roadmap",
    intro: str = "Intro to AI",
    sql: str = "SQL for PMs",
    proto: str = "Prototype",
) -> Roadmap:
    """Two phases, three modules: two with topics, outcomes and resources, one with none."""
    data: dict[str, Any] = {
        "id": "tiny",
        "title": title,
        "phases": [
            {
                "id": "basics",
                "title": "Basics",
                "weeks": "1-3",
                "modules": [
                    {
                        "id": "intro",
                        "title": intro,
                        "weeks": "1-2",
                        "hours": 3,
                        "topics": ["What a model is", "Training vs inference"],
                        "outcomes": ["Explain a model to a customer"],
                        "resources": [
                            {"title": "Course", "url": "https://example.org/course?a=1&b=2"},
                            {"title": "Book", "url": "https://example.org/book"},
                        ],
                    },
                    {"id": "sql", "title": sql, "weeks": "1-2", "hours": 1},
                ],
            },
            {
                "id": "build",
                "title": "Build, ship; learn",
                "weeks": "1-4",
                "modules": [{"id": "proto", "title": proto, "weeks": "1-3", "hours": 2}],
            },
        ],
    }
    return Roadmap.model_validate(data)


def profile(zone: str = BERLIN, start: dt.date = START) -> LearnerProfile:
    """Monday and Wednesday evenings, Saturday mornings."""
    return LearnerProfile.model_validate(
        {
            "timezone": zone,
            "start": start.isoformat(),
            "availability": {
                "mon": ["19:00-21:00"],
                "wed": ["19:00-21:00"],
                "sat": ["09:00-12:00"],
            },
        }
    )


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A UTC instant (sessions are given as instants so DST never makes them ambiguous)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


SESSIONS: tuple[SessionSpec, ...] = (
    ("intro", utc(2027, 3, 22, 18), 120),  # Mon 19:00 CET
    ("intro", utc(2027, 3, 24, 18), 60),  # Wed 19:00 CET
    ("sql", utc(2027, 3, 27, 8), 60),  # Sat 09:00 CET
    ("proto", utc(2027, 3, 29, 17), 60),  # Mon 19:00 CEST, after the clocks changed
    ("proto", utc(2027, 3, 31, 17), 60),
)


def build(
    road: Roadmap | None = None,
    prof: LearnerProfile | None = None,
    specs: Sequence[SessionSpec] = SESSIONS,
    *,
    created: dt.datetime | None = None,
) -> Schedule:
    """A schedule whose ordinals, spans and milestones are derived from ``specs``."""
    road = road or roadmap()
    prof = prof or profile()
    zone = ZoneInfo(prof.timezone)
    sessions: list[Session] = []
    counts: dict[str, int] = {}
    for module_id, begin, minutes in sorted(specs, key=lambda s: (s[1], s[0])):
        counts[module_id] = counts.get(module_id, 0) + 1
        sessions.append(
            Session(
                uid=session_uid(road.id, module_id, counts[module_id]),
                module_id=module_id,
                phase_id=road.phase_of(module_id).id,
                title=road.module(module_id).title,
                ordinal=counts[module_id],
                start=begin.astimezone(zone),
                end=(begin + dt.timedelta(minutes=minutes)).astimezone(zone),
            )
        )
    modules: list[ModulePlan] = []
    for phase, module in road.modules():
        own = [s for s in sessions if s.module_id == module.id]
        weeks = [week_of(prof.start, s.start.date()) for s in own]
        modules.append(
            ModulePlan(
                module_id=module.id,
                phase_id=phase.id,
                title=module.title,
                status="scheduled" if own else "skipped",
                minutes=sum(s.minutes for s in own),
                nominal_minutes=round(module.hours * 60),
                weeks=module.weeks,
                first_week=min(weeks) if weeks else None,
                last_week=max(weeks) if weeks else None,
            )
        )
    phases: list[PhasePlan] = []
    milestones: list[Milestone] = []
    for phase in road.phases:
        own = [s for s in sessions if s.phase_id == phase.id]
        days = [s.start.date() for s in own]
        weeks = [week_of(prof.start, d) for d in days]
        phases.append(
            PhasePlan(
                phase_id=phase.id,
                title=phase.title,
                status="scheduled" if own else "skipped",
                weeks=phase.weeks,
                first_week=min(weeks) if weeks else None,
                last_week=max(weeks) if weeks else None,
                start=min(days) if days else None,
                end=max(days) if days else None,
            )
        )
        if days:
            milestones.append(
                Milestone(
                    uid=milestone_uid(road.id, phase.id, "phase-start"),
                    phase_id=phase.id,
                    kind="phase-start",
                    title=f"Start: {phase.title}",
                    date=min(days),
                )
            )
            milestones.append(
                Milestone(
                    uid=milestone_uid(road.id, phase.id, "phase-end"),
                    phase_id=phase.id,
                    kind="phase-end",
                    title=f"Done: {phase.title}",
                    date=max(days),
                )
            )
    return Schedule(
        roadmap=road,
        profile=prof,
        roadmap_source="tests",
        created=created or dt.datetime.combine(prof.start, dt.time(), zone),
        sessions=sessions,
        modules=modules,
        phases=phases,
        milestones=milestones,
        finish=max((s.end for s in sessions), default=None),
        report=SolverReport(
            status="optimal",
            objectives={"finish": 12_960.0, "spread": 3.0},
            bounds={"finish": 12_960.0, "spread": 3.0},
            gap=0.0,
            finish_lower_bound=12_960.0,
            wall_time=0.25,
            variables=120,
            constraints=340,
            workers=2,
            seed=0,
        ),
        explanations=["Shortened 'SQL for PMs' from 2 h to 1 h: you already know sql (level 2)."],
    )


def tiny() -> Schedule:
    """The standard tiny schedule: five sessions of three modules in Berlin, across DST."""
    return build()
