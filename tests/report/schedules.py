"""Hand-built schedules for the report tests: tiny, exact, and independent of the solver."""

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
    return LearnerProfile.model_validate(
        {
            "timezone": ZONE,
            "start": START.isoformat(),
            "availability": {
                "mon": ["19:00-21:00"],
                "wed": ["19:00-21:00"],
                "sat": ["09:00-12:00"],
            },
            "blackouts": list(blackouts),
        }
    )


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
    zone = ZoneInfo(prof.timezone)
    sessions: list[Session] = []
    counts: dict[str, int] = {}
    for module_id, day, hhmm, minutes in sorted(specs, key=lambda s: (s[1], s[2])):
        hour, minute = (int(x) for x in hhmm.split(":"))
        begin = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
        counts[module_id] = counts.get(module_id, 0) + 1
        phase = road.phase_of(module_id)
        sessions.append(
            Session(
                uid=session_uid(road.id, module_id, counts[module_id]),
                module_id=module_id,
                phase_id=phase.id,
                title=road.module(module_id).title,
                ordinal=counts[module_id],
                start=begin,
                end=begin + dt.timedelta(minutes=minutes),
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
                status="skipped" if module.id in skipped else "scheduled",
                minutes=sum(s.minutes for s in own),
                nominal_minutes=round(module.hours * 60),
                weeks=None if module.id in skipped else module.weeks,
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
            for kind, day in (("phase-start", min(days)), ("phase-end", max(days))):
                verb = "starts" if kind == "phase-start" else "ends"
                milestones.append(
                    Milestone(
                        uid=milestone_uid(road.id, phase.id, kind),
                        phase_id=phase.id,
                        kind=kind,  # type: ignore[arg-type]
                        title=f"{phase.title} {verb}",
                        date=day,
                    )
                )
    return Schedule(
        roadmap=road,
        profile=prof,
        roadmap_source="tests",
        created=dt.datetime(prof.start.year, prof.start.month, prof.start.day, tzinfo=zone),
        sessions=sessions,
        modules=modules,
        phases=phases,
        milestones=milestones,
        finish=max((s.end for s in sessions), default=None),
        report=SolverReport(
            status="optimal",
            objectives={"finish": 40_000.0},
            bounds={"finish": 40_000.0},
            gap=0.0,
            finish_lower_bound=40_000.0,
            wall_time=0.25,
            variables=120,
            constraints=340,
            workers=2,
            seed=0,
        ),
        explanations=list(explanations),
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
