"""``plan()``: roadmap + learner profile -> an optimal, verified, dated study schedule.

Data flows one way: prior-skill credit (``effort``) -> dated windows (``availability``) ->
integer problem -> CP-SAT (``solver``, imported lazily so ``import aipm_planner`` stays fast)
-> sessions laid out in windows -> :class:`Schedule` with datetimes again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from aipm_planner.effort import Work, prepare
from aipm_planner.errors import InfeasiblePlanError, SolverError
from aipm_planner.model import (
    Diagnosis,
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
from aipm_planner.model.base import PROFILE_HINT, ROADMAP_HINT, expect
from aipm_planner.solver.options import check_solver_options
from aipm_planner.weeks import week_of

if TYPE_CHECKING:
    from aipm_planner.availability import Availability
    from aipm_planner.solver.layout import PlacedSession
    from aipm_planner.solver.problem import Problem
    from aipm_planner.solver.solve import SolveResult

__all__ = ["build_problem", "plan", "plan_availability"]

Progress = Callable[[str], None]


def plan(
    roadmap: Roadmap,
    profile: LearnerProfile,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    stretch: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
    roadmap_source: str = "",
    profile_source: str = "",
    availability: Availability | None = None,
) -> Schedule:
    """Plan the roadmap for the learner.

    Raises :class:`InfeasiblePlanError` (with a diagnosis) when it cannot fit; with
    ``stretch=True`` week-range maxima and the deadline become soft and a plan comes out
    unless the rules that stay hard clash (caps, session lengths, windows, the order), each
    exceeded limit being explained. ``time_limit`` bounds the search in
    seconds; when it stops the search early the report says "feasible" with the gap.
    Picking the final plan so that the same inputs give the same plan can add up to as
    much again on a slow machine.

    >>> from aipm_planner import builtin_roadmap, default_profile
    >>> schedule = plan(builtin_roadmap("ai-product-manager"), default_profile())
    >>> schedule.report.status
    'optimal'
    """
    expect(roadmap, Roadmap, "roadmap", ROADMAP_HINT)
    expect(profile, LearnerProfile, "profile", PROFILE_HINT)
    from aipm_planner.solver.layout import layout
    from aipm_planner.solver.solve import solve

    check_solver_options(time_limit, seed, workers)
    say = progress or (lambda _message: None)
    work = prepare(roadmap, profile)
    if availability is None:
        say("finding your free time")
        availability = plan_availability(roadmap, profile, stretch=stretch)
    problem = build_problem(work, availability, profile, stretch=stretch)
    if (
        not stretch
        and work.modules
        and _impossible_by_arithmetic(roadmap, profile, work, availability)
    ):
        raise InfeasiblePlanError(_diagnose(roadmap, profile, time_limit))
    say("solving")
    if not work.modules:
        result = None
        placed: list[PlacedSession] = []
    else:
        result = solve(problem, time_limit=time_limit, seed=seed, workers=workers)
        if result.status == "infeasible":
            raise InfeasiblePlanError(_diagnose(roadmap, profile, time_limit))
        if result.status == "unknown":
            raise SolverError(
                f"no plan found within the time limit of {time_limit:g} s;"
                " try a larger time limit (--time-limit, or time_limit= in Python)"
            )
        placed = layout(problem, result.allocations)
    say("done")
    return assemble(
        roadmap,
        profile,
        work,
        availability,
        problem,
        result,
        placed,
        roadmap_source=roadmap_source,
        profile_source=profile_source,
    )


def _impossible_by_arithmetic(
    roadmap: Roadmap, profile: LearnerProfile, work: Work, availability: Availability
) -> bool:
    """Cheap necessary conditions (effort against free time, ranges, the deadline) first,
    so an impossible request is diagnosed in milliseconds instead of after a search."""
    from aipm_planner.solver.prechecks import capacity_of, precheck

    days = [availability.day_index(i) for i in range(len(availability.intervals))]
    capacity = capacity_of(availability.intervals, days, availability.capacity_by_week(), profile)
    return bool(precheck(roadmap, profile, work, capacity))


def _diagnose(roadmap: Roadmap, profile: LearnerProfile, time_limit: float) -> Diagnosis:
    from aipm_planner.solver.diagnosis import diagnose_infeasible

    return diagnose_infeasible(roadmap, profile, time_limit=time_limit)


def plan_availability(
    roadmap: Roadmap, profile: LearnerProfile, *, stretch: bool = False
) -> Availability:
    """The learner's windows over the planning horizon (past the deadline with stretch)."""
    from aipm_planner.availability import availability_for

    if stretch:
        return availability_for(profile, roadmap, end=stretch_end(roadmap, profile))
    return availability_for(profile, roadmap)


def stretch_end(roadmap: Roadmap, profile: LearnerProfile) -> dt.date:
    """The last day a plan with soft limits may use, counted from ``profile.start``.

    Soft limits may need far more weeks than the roadmap's maxima: twice the usual horizon
    (still at most ten years), and never less than the deadline.
    """
    from aipm_planner.availability import horizon_end

    free = profile.model_copy(update={"deadline": None})
    end = horizon_end(free, roadmap)
    end = min(end + (end - profile.start), profile.start + dt.timedelta(days=3652))
    return max(end, profile.deadline or end)


def build_problem(
    work: Work,
    availability: Availability,
    profile: LearnerProfile,
    *,
    stretch: bool = False,
    taken: Sequence[tuple[int, int]] = (),
) -> Problem:
    """Turn windows into solver slots; keep a break free between windows that nearly touch.

    ``taken`` (re-planning) lists grid intervals already used by kept sessions; they are cut
    out of the windows together with a break on each side.
    """
    from aipm_planner.solver.problem import Problem, Slot, effort_unit, module_order

    rules = profile.session
    cuts = sorted((a - rules.break_minutes, b + rules.break_minutes) for a, b in taken)
    slots: list[Slot] = []
    previous_end: int | None = None
    for index, (window_start, window_end) in enumerate(availability.intervals):
        for start, end in _subtract(window_start, window_end, cuts):
            if previous_end is not None and start < previous_end + rules.break_minutes:
                start = previous_end + rules.break_minutes
            if end - start >= rules.min_minutes:
                day, week = availability.day_index(index), availability.week_index(index)
                slots.append(Slot(start, end, day, week))
                previous_end = end
    grid = availability.grid
    deadline = None
    if profile.deadline is not None:
        deadline = grid.to_minute(
            dt.datetime.combine(profile.deadline + dt.timedelta(days=1), dt.time(), profile.zone)
        )
    horizon_weeks = week_of(profile.start, availability.horizon_end) + 1
    return Problem(
        work=work,
        slots=tuple(slots),
        min_session=rules.min_minutes,
        max_session=rules.max_minutes,
        break_minutes=rules.break_minutes,
        daily_cap=availability.daily_cap,
        weekly_cap=availability.weekly_cap,
        deadline=deadline,
        horizon_weeks=horizon_weeks,
        unit=effort_unit(work),
        stretch=stretch,
        module_order=module_order(work),
    )


def _subtract(start: int, end: int, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[start, end)`` minus the (sorted) ``cuts``."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for a, b in cuts:
        if b <= cursor or a >= end:
            continue
        if a > cursor:
            pieces.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


def assemble(
    roadmap: Roadmap,
    profile: LearnerProfile,
    work: Work,
    availability: Availability,
    problem: Problem,
    result: SolveResult | None,
    placed: list[PlacedSession],
    *,
    roadmap_source: str = "",
    profile_source: str = "",
) -> Schedule:
    """Build the Schedule from laid-out sessions: datetimes, spans, milestones, report."""
    grid = availability.grid
    zone = profile.zone
    phase_of = {m.module_id: m.phase_id for m in work.modules}
    title_of = {m.module_id: m.title for m in work.modules}
    counters: dict[str, int] = {}
    sessions: list[Session] = []
    for item in sorted(placed, key=lambda p: (p.start, p.module_id)):
        ordinal = counters.get(item.module_id, 0) + 1
        counters[item.module_id] = ordinal
        sessions.append(
            Session(
                uid=session_uid(roadmap.id, item.module_id, ordinal),
                module_id=item.module_id,
                phase_id=phase_of[item.module_id],
                title=title_of[item.module_id],
                ordinal=ordinal,
                start=grid.to_datetime(item.start),
                end=grid.to_datetime(item.end),
            )
        )

    by_module: dict[str, list[Session]] = {}
    for session in sessions:
        by_module.setdefault(session.module_id, []).append(session)

    def weeks_of(module_ids: set[str]) -> tuple[int | None, int | None, list[Session]]:
        mine = sorted(
            (s for m in module_ids for s in by_module.get(m, [])),
            key=lambda s: s.start.astimezone(dt.UTC),
        )
        if not mine:
            return None, None, mine
        first = week_of(profile.start, mine[0].start.astimezone(zone).date())
        last = week_of(profile.start, mine[-1].start.astimezone(zone).date())
        return first, last, mine

    module_work = {m.module_id: m for m in work.modules}
    modules: list[ModulePlan] = []
    for phase, module in roadmap.modules():
        minutes, nominal, weeks = work.module_plans[module.id]
        first, last, _ = weeks_of({module.id})
        modules.append(
            ModulePlan(
                module_id=module.id,
                phase_id=phase.id,
                title=module.title,
                status="scheduled" if module.id in module_work else "skipped",
                minutes=minutes,
                nominal_minutes=nominal,
                weeks=weeks,
                first_week=first,
                last_week=last,
            )
        )
    phase_work = {p.phase_id: p for p in work.phases}
    phases: list[PhasePlan] = []
    milestones: list[Milestone] = []
    for phase in roadmap.phases:
        pw = phase_work.get(phase.id)
        first, last, mine = weeks_of({m.module_id for m in pw.modules} if pw else set())
        start_day = mine[0].start.astimezone(zone).date() if mine else None
        # A session never crosses midnight but may end at 24:00: its day is its start's.
        end_day = mine[-1].start.astimezone(zone).date() if mine else None
        phases.append(
            PhasePlan(
                phase_id=phase.id,
                title=phase.title,
                status="scheduled" if mine else "skipped",
                weeks=pw.weeks if pw else None,
                first_week=first,
                last_week=last,
                start=start_day,
                end=end_day,
            )
        )
        if start_day is not None and end_day is not None:
            milestones.append(
                Milestone(
                    uid=milestone_uid(roadmap.id, phase.id, "phase-start"),
                    phase_id=phase.id,
                    kind="phase-start",
                    title=f"Start: {phase.title}",
                    date=start_day,
                )
            )
            milestones.append(
                Milestone(
                    uid=milestone_uid(roadmap.id, phase.id, "phase-end"),
                    phase_id=phase.id,
                    kind="phase-end",
                    title=f"Done: {phase.title}",
                    date=end_day,
                )
            )
    # Instants sharing a ZoneInfo compare as wall time, wrong in a repeated (fall-back) hour.
    finish = max((s.end for s in sessions), key=lambda t: t.astimezone(dt.UTC), default=None)
    return Schedule(
        roadmap=roadmap,
        profile=profile,
        roadmap_source=roadmap_source,
        profile_source=profile_source,
        created=grid.origin,
        sessions=sessions,
        modules=modules,
        phases=phases,
        milestones=milestones,
        finish=finish,
        report=_report(problem, result, placed),
        explanations=[*work.explanations, *_stretch_explanations(work, result)],
    )


def _report(
    problem: Problem, result: SolveResult | None, placed: list[PlacedSession]
) -> SolverReport:
    from aipm_planner.solver.bounds import finish_lower_bound

    lower = finish_lower_bound(problem)
    if result is None:
        return SolverReport(
            status="optimal",
            gap=0.0,
            finish_lower_bound=0,
            wall_time=0.0,
            variables=0,
            constraints=0,
            workers=1,
            seed=0,
        )
    finish = max((p.end for p in placed), default=0)
    bound = max(lower, int(result.bounds.get("finish", 0)))
    gap = 0.0 if result.proven.get("finish") else max(0.0, (finish - bound) / max(1, finish))
    return SolverReport(
        status="optimal" if result.status == "optimal" else "feasible",
        objectives=result.objectives,
        bounds=result.bounds,
        gap=round(gap, 6),
        finish_lower_bound=max(lower, bound) if not result.proven.get("finish") else finish,
        wall_time=round(result.wall_time, 3),
        variables=result.variables,
        constraints=result.constraints,
        workers=result.workers,
        seed=result.seed,
    )


def _stretch_explanations(work: Work, result: SolveResult | None) -> list[str]:
    if result is None:
        return []
    titles = {p.phase_id: ("Phase", p.title, p.weeks.max) for p in work.phases}
    titles |= {m.module_id: ("Module", m.title, m.weeks.max) for m in work.modules}
    sentences = []
    for key, amount in sorted(result.stretched.items()):
        if key == "deadline":
            days = -(-amount // (24 * 60))
            sentences.append(f"Stretched: the plan ends about {days} day(s) after your deadline.")
            continue
        _, subject = key.split(":", 1)
        kind, title, maximum = titles[subject]
        sentences.append(
            f"Stretched: {kind.lower()} '{title}' spans {maximum + amount} weeks,"
            f" {amount} more than its maximum of {maximum}."
        )
    return sentences
