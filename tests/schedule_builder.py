"""Building blocks for hand-built schedules: tiny, exact, and independent of the solver.

The export, report and CalDAV tests each keep their own roadmap and sessions; this module
turns them into the pieces of a :class:`Schedule` the same way, so that a schedule's spans,
totals and milestones always follow from its sessions::

    road, prof = my_roadmap(), profile(dt.date(2027, 1, 4))
    sessions = make_sessions(road, [("intro", local(dt.date(2027, 1, 4), "19:00", ZONE), 60)])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from zoneinfo import ZoneInfo

from aipm_planner.model import (
    LearnerProfile,
    Milestone,
    ModulePlan,
    Phase,
    PhasePlan,
    Roadmap,
    Schedule,
    Session,
    SolverReport,
    milestone_uid,
    session_uid,
)
from aipm_planner.weeks import week_of

ZONE = "Europe/Berlin"

Timed = tuple[str, dt.datetime, int]
"""(module id, aware start in the learner's zone, minutes)."""

MilestoneTitle = Callable[[Phase, str], str]
"""The title of a phase's milestone of a kind (``"phase-start"`` or ``"phase-end"``)."""


def profile(
    start: dt.date, *, saturday: bool = True, zone: str = ZONE, **extra: object
) -> LearnerProfile:
    """Monday and Wednesday evenings (and Saturday mornings); ``extra`` adds fields."""
    availability = {"mon": ["19:00-21:00"], "wed": ["19:00-21:00"]}
    if saturday:
        availability["sat"] = ["09:00-12:00"]
    data: dict[str, object] = {
        "timezone": zone,
        "start": start.isoformat(),
        "availability": availability,
        **extra,
    }
    return LearnerProfile.model_validate(data)


def local(day: dt.date, hhmm: str, zone: str) -> dt.datetime:
    """``day`` at wall-clock time ``hhmm`` (``"19:00"``) in ``zone``."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))


def make_sessions(road: Roadmap, specs: Iterable[Timed]) -> list[Session]:
    """Sessions in start order, numbered per module, each ``minutes`` of real time long."""
    sessions: list[Session] = []
    counts: dict[str, int] = {}
    for module_id, begin, minutes in sorted(specs, key=lambda s: (s[1], s[0])):
        counts[module_id] = counts.get(module_id, 0) + 1
        # Add the length to the instant, not the wall clock, so a DST change cannot stretch it.
        end = (begin.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(begin.tzinfo)
        sessions.append(
            Session(
                uid=session_uid(road.id, module_id, counts[module_id]),
                module_id=module_id,
                phase_id=road.phase_of(module_id).id,
                title=road.module(module_id).title,
                ordinal=counts[module_id],
                start=begin,
                end=end,
            )
        )
    return sessions


def module_plans(
    road: Roadmap,
    start: dt.date,
    sessions: Sequence[Session],
    *,
    skipped: Collection[str] | None = None,
) -> list[ModulePlan]:
    """One plan per module with its minutes and plan weeks.

    Without ``skipped`` a module without sessions is skipped and every module keeps its week
    range; with it, exactly the modules named are skipped and lose their week range.
    """
    modules: list[ModulePlan] = []
    for phase, module in road.modules():
        own = [s for s in sessions if s.module_id == module.id]
        weeks = [week_of(start, s.start.date()) for s in own]
        is_skipped = not own if skipped is None else module.id in skipped
        modules.append(
            ModulePlan(
                module_id=module.id,
                phase_id=phase.id,
                title=module.title,
                status="skipped" if is_skipped else "scheduled",
                minutes=sum(s.minutes for s in own),
                nominal_minutes=round(module.hours * 60),
                weeks=None if is_skipped and skipped is not None else module.weeks,
                first_week=min(weeks) if weeks else None,
                last_week=max(weeks) if weeks else None,
            )
        )
    return modules


def phase_plans(road: Roadmap, start: dt.date, sessions: Sequence[Session]) -> list[PhasePlan]:
    """One plan per phase: its plan weeks and dates, skipped when it has no sessions."""
    phases: list[PhasePlan] = []
    for phase in road.phases:
        days = [s.start.date() for s in sessions if s.phase_id == phase.id]
        weeks = [week_of(start, d) for d in days]
        phases.append(
            PhasePlan(
                phase_id=phase.id,
                title=phase.title,
                status="scheduled" if days else "skipped",
                weeks=phase.weeks,
                first_week=min(weeks) if weeks else None,
                last_week=max(weeks) if weeks else None,
                start=min(days) if days else None,
                end=max(days) if days else None,
            )
        )
    return phases


def milestones(
    road: Roadmap, sessions: Sequence[Session], title: MilestoneTitle
) -> list[Milestone]:
    """A start and an end milestone on the first and last day of each phase with sessions."""
    found: list[Milestone] = []
    for phase in road.phases:
        days = [s.start.date() for s in sessions if s.phase_id == phase.id]
        if not days:
            continue
        for kind, day in (("phase-start", min(days)), ("phase-end", max(days))):
            found.append(
                Milestone(
                    uid=milestone_uid(road.id, phase.id, kind),
                    phase_id=phase.id,
                    kind=kind,  # type: ignore[arg-type]
                    title=title(phase, kind),
                    date=day,
                )
            )
    return found


def starts_ends(phase: Phase, kind: str) -> str:
    """Milestone titles like ``"Basics starts"`` and ``"Basics ends"``."""
    return f"{phase.title} {'starts' if kind == 'phase-start' else 'ends'}"


def solver_report(objectives: dict[str, float]) -> SolverReport:
    """An optimal run that proved ``objectives`` (its ``finish`` is also the lower bound)."""
    return SolverReport(
        status="optimal",
        objectives=objectives,
        bounds=dict(objectives),
        gap=0.0,
        finish_lower_bound=objectives["finish"],
        wall_time=0.25,
        variables=120,
        constraints=340,
        workers=2,
        seed=0,
    )


def assemble(
    road: Roadmap,
    prof: LearnerProfile,
    sessions: Sequence[Session],
    *,
    modules: Sequence[ModulePlan],
    phases: Sequence[PhasePlan],
    milestones: Sequence[Milestone],
    created: dt.datetime,
    report: SolverReport,
    explanations: Sequence[str] = (),
) -> Schedule:
    """The schedule of these pieces; it finishes when its last session ends."""
    return Schedule(
        roadmap=road,
        profile=prof,
        roadmap_source="tests",
        created=created,
        sessions=list(sessions),
        modules=list(modules),
        phases=list(phases),
        milestones=list(milestones),
        finish=max((s.end for s in sessions), default=None),
        report=report,
        explanations=list(explanations),
    )
