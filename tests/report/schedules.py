"""Hand-built schedules for the report tests: tiny, exact, and independent of the solver."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from schedule_builder import (
    assemble,
    local,
    make_sessions,
    milestones,
    module_plans,
    phase_plans,
    solver_report,
    starts_ends,
)
from schedule_builder import profile as base_profile

from aipm_planner.model import LearnerProfile, Roadmap, Schedule

START = dt.date(2027, 1, 4)  # a Monday
ZONE = "Europe/Berlin"

SessionSpec = tuple[str, dt.date, str, int]
"""(module id, local date, 'HH:MM' start, minutes)."""


def roadmap(*, evil: bool = False) -> Roadmap:
    """Two phases of two modules; ``evil`` puts markup, quotes and ampersands in every text."""
    bad = ' <script>alert("x")</script> & "q" \'s\' $x$' if evil else ""
    data: dict[str, Any] = {
        "id": "tiny",
        "title": f"Tiny roadmap{bad}",
        "phases": [
            {
                "id": "basics",
                "title": f"Basics{bad}",
                "weeks": "1-3",
                "modules": [
                    {
                        "id": "intro",
                        "title": f"Intro to AI{bad}",
                        "weeks": "1-2",
                        "hours": 3,
                        "topics": [f"What a model is{bad}", "Training vs inference"],
                        "outcomes": [f"Explain a model{bad}"],
                        "resources": [
                            {
                                "title": f"Course{bad}",
                                "url": 'https://example.org/course?a=1&b="2"',
                            }
                        ],
                    },
                    {
                        "id": "sql",
                        "title": f"SQL for PMs{bad}",
                        "weeks": "1-2",
                        "hours": 2,
                        "requires": ["intro"],
                    },
                ],
            },
            {
                "id": "build",
                "title": f"Build{bad}",
                "weeks": "2-4",
                "modules": [
                    {
                        "id": "proto",
                        "title": f"Prototype{bad}",
                        "weeks": "1-3",
                        "hours": 2,
                        "kind": "project",
                    },
                    {
                        "id": "extra",
                        "title": f"Extra reading{bad}",
                        "weeks": "1",
                        "hours": 1,
                        "optional": True,
                    },
                ],
            },
        ],
    }
    return Roadmap.model_validate(data)


def profile(*, blackouts: Sequence[str] = ("2027-01-16..2027-01-24",)) -> LearnerProfile:
    """Weekday evenings and Saturday mornings in Berlin, with a blackout in weeks 1-2."""
    return base_profile(START, zone=ZONE, blackouts=list(blackouts))


SESSIONS: tuple[SessionSpec, ...] = (
    ("intro", dt.date(2027, 1, 4), "19:00", 120),
    ("intro", dt.date(2027, 1, 6), "19:00", 60),
    ("sql", dt.date(2027, 1, 9), "09:00", 120),
    ("proto", dt.date(2027, 1, 25), "19:00", 60),
    ("proto", dt.date(2027, 2, 1), "19:00", 60),
)


def build(
    road: Roadmap,
    prof: LearnerProfile,
    specs: Sequence[SessionSpec] = SESSIONS,
    *,
    skipped: Sequence[str] = ("extra",),
    explanations: Sequence[str] = (
        "Skipped 'Extra reading': it is optional and listed under skip.",
    ),
) -> Schedule:
    """A schedule whose spans, milestones and totals are derived from ``specs``."""
    timed = [(m, local(day, hhmm, prof.timezone), n) for m, day, hhmm, n in specs]
    sessions = make_sessions(road, timed)
    return assemble(
        road,
        prof,
        sessions,
        modules=module_plans(road, prof.start, sessions, skipped=skipped),
        phases=phase_plans(road, prof.start, sessions),
        milestones=milestones(road, sessions, starts_ends),
        created=dt.datetime(
            prof.start.year, prof.start.month, prof.start.day, tzinfo=ZoneInfo(prof.timezone)
        ),
        report=solver_report({"finish": 40_000.0}),
        explanations=explanations,
    )


def tiny(*, evil: bool = False) -> Schedule:
    """The standard tiny schedule (4 modules, one skipped, a blackout across weeks 1-2)."""
    return build(roadmap(evil=evil), profile())


def sequential(road: Roadmap, prof: LearnerProfile) -> Schedule:
    """A realistic-size schedule without the solver: modules one after another, in roadmap
    order, each filling the learner's weekly windows with sessions as long as allowed."""
    rules = prof.session
    todo = [(m.id, round(m.hours * 60)) for _, m in road.modules()]
    specs: list[SessionSpec] = []
    day = prof.start
    while todo:
        for window in prof.windows_on(day.weekday()):
            if any(day in b for b in prof.blackouts):
                break
            minute = window.start_minute
            while todo and window.end_minute - minute >= rules.min_minutes:
                module_id, left = todo[0]
                length = min(left, rules.max_minutes, window.end_minute - minute)
                specs.append((module_id, day, f"{minute // 60:02d}:{minute % 60:02d}", length))
                minute += length + rules.break_minutes
                todo[0] = (module_id, left - length)
                if todo[0][1] <= 0:
                    todo.pop(0)
        day += dt.timedelta(days=1)
    return build(road, prof, specs, skipped=(), explanations=())
