"""Hand-built schedules for the export tests: tiny, exact, and independent of the solver."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from schedule_builder import (
    assemble,
    make_sessions,
    milestones,
    module_plans,
    phase_plans,
    solver_report,
)
from schedule_builder import profile as base_profile

from aipm_planner.model import LearnerProfile, Phase, Roadmap, Schedule

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
    return base_profile(start, zone=zone)


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
    sessions = make_sessions(road, [(m, begin.astimezone(zone), n) for m, begin, n in specs])
    return assemble(
        road,
        prof,
        sessions,
        modules=module_plans(road, prof.start, sessions),
        phases=phase_plans(road, prof.start, sessions),
        milestones=milestones(road, sessions, _milestone_title),
        created=created or dt.datetime.combine(prof.start, dt.time(), zone),
        report=solver_report({"finish": 12_960.0, "spread": 3.0}),
        explanations=["Shortened 'SQL for PMs' from 2 h to 1 h: you already know sql (level 2)."],
    )


def _milestone_title(phase: Phase, kind: str) -> str:
    return f"Start: {phase.title}" if kind == "phase-start" else f"Done: {phase.title}"


def tiny() -> Schedule:
    """The standard tiny schedule: five sessions of three modules in Berlin, across DST."""
    return build()
