"""Re-planning after a check-in: keep what happened, plan what is left, move little.

:func:`replan` takes a schedule made earlier and what the learner reports (a
:class:`~aipm_planner.model.progress.Progress`) and returns a new schedule:

* **The past** (sessions that ended by ``now``, by default ``progress.as_of``): sessions
  that were done stay exactly as they were. Sessions reported missed are dropped from the
  schedule, since they did not happen, and their minutes go back to their module. Past
  sessions that are not reported count as done (``unreported: missed`` inverts that for
  the sessions since the previous schedule was made: an earlier check-in settled the rest).
  Done sessions of a module that ``roadmap`` and ``profile`` no longer plan (skipped,
  credited, removed) are left out too: a schedule has no sessions of a module it skips.
* **What is left** of a module is its effort minus what was done: the minutes of its done
  sessions, or its reported ``hours_done`` when that is more. A module reported
  ``done: true`` gets no more sessions. Time left after an ``hours_done`` report is rounded
  to 5 minutes and raised, when needed, to fit at least one session. A module that got
  less study on the calendar than its effort (because of such a report) may span
  proportionally fewer weeks than its range's minimum.
* **Order**: a requirement on a finished module is met; what that module itself required
  and is unfinished is inherited, as for skipped modules. A module (or phase) that has
  already begun is no longer held back by an unfinished requirement: it began anyway.
* **The next** ``freeze_days`` **days** (``now`` + 24 h each) keep their previous sessions
  while they are still valid: inside the new windows and caps, within the time left, after
  everything they depend on. The others are dropped; their time is not reused.
* **Everything after** is planned again: the finish as early as possible first, then as
  few minutes as possible away from where the previous plan had them, then the usual
  objectives. Spans count from the first kept session. Profile changes (availability,
  blackouts, busy calendars, caps) apply from ``now`` on.
* **Numbers and UIDs**: each module's kept sessions come first and later ones are numbered
  in time order, so a session that keeps its time and its position keeps its UID (a missed
  session gives its number to the next one of the module).

When what is left does not fit, :class:`~aipm_planner.errors.InfeasiblePlanError` carries a
diagnosis of the remaining work: a roadmap of what is left, planned from the first free
day after the frozen days, with the weeks already used subtracted from the ranges.

What is left after the check-in is worked out by :mod:`aipm_planner.remaining`; this module
keeps the next days and plans the rest; :mod:`aipm_planner.replan_report` says what changed
and, when what is left does not fit, why.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aipm_planner.effort import PhaseWork, Work, prepare, splittable_minutes
from aipm_planner.errors import InfeasiblePlanError, InputError, SolverError
from aipm_planner.model import (
    LearnerProfile,
    Roadmap,
    Schedule,
    Session,
)
from aipm_planner.model.base import (
    PROFILE_HINT,
    PROGRESS_HINT,
    ROADMAP_HINT,
    SCHEDULE_HINT,
    check_moment,
    expect,
    is_whole,
)
from aipm_planner.model.progress import Progress
from aipm_planner.remaining import (
    module_standing,
    moment,
    only_present_requirements,
    progress_work,
    split_sessions,
    target_work,
)
from aipm_planner.replan_report import diagnose_left, quick_diagnosis, replan_notes
from aipm_planner.weeks import week_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from aipm_planner.availability import Availability
    from aipm_planner.solver.problem import Problem
    from aipm_planner.solver.result import Allocation

__all__ = ["MAX_FREEZE_DAYS", "progress_work", "replan"]

MAX_FREEZE_DAYS = 3653
"""Most days ``freeze_days`` may keep: ten years, the longest plan."""


def replan(
    previous: Schedule,
    roadmap: Roadmap | None = None,
    profile: LearnerProfile | None = None,
    progress: Progress | None = None,
    *,
    now: dt.datetime | None = None,
    freeze_days: int = 1,
    time_limit: float = 10.0,
    seed: int = 0,
    stretch: bool = False,
    workers: int | None = None,
    roadmap_source: str | None = None,
    profile_source: str | None = None,
) -> Schedule:
    """Re-plan ``previous`` from a progress report, changing as little as possible.

    ``roadmap`` and ``profile`` default to the ones embedded in ``previous``; passing others
    applies their changes from ``now`` on. ``now`` defaults to ``progress.as_of`` (one of the
    two is needed). The new schedule's ``created`` is ``now``. Raises
    :class:`InfeasiblePlanError` with a diagnosis when what is left does not fit (with
    ``stretch=True`` week-range maxima and the deadline become soft instead, as in
    :func:`aipm_planner.planning.plan`), and :class:`InputError` when the report names
    sessions or modules the schedule does not have.
    """
    from aipm_planner.solver.options import check_solver_options
    from aipm_planner.verify import check_own_sessions

    check_solver_options(time_limit, seed, workers)
    expect(previous, Schedule, "previous", SCHEDULE_HINT)
    for value, kind, name, hint in (
        (roadmap, Roadmap, "roadmap", ROADMAP_HINT),
        (profile, LearnerProfile, "profile", PROFILE_HINT),
        (progress, Progress, "progress", PROGRESS_HINT),
    ):
        if value is not None:
            expect(value, kind, name, hint)
    check_own_sessions(previous)
    roadmap = previous.roadmap if roadmap is None else roadmap
    profile = previous.profile if profile is None else profile
    moment_field = "as_of" if now is None else "now"
    now = moment(now, progress).astimezone(profile.zone)
    try:
        check_moment(now.isoformat(), now)
    except ValueError as error:
        raise InputError(
            str(error),
            field=moment_field,
            value=now.isoformat(),
            hint="give the moment of the check-in",
        ) from None
    progress = Progress(as_of=now) if progress is None else progress
    settled = previous.created
    if any(_utc(now) < _utc(s.end) <= _utc(settled) for s in previous.sessions):
        # Those sessions were settled at that check-in: planning them again would rewrite
        # study the learner already reported.
        raise InputError(
            f"{now.isoformat()} is before {settled.isoformat()}, the check-in this schedule"
            " was re-planned at",
            field=moment_field,
            value=now.isoformat(),
            hint="re-plan from that moment or later, or re-plan the schedule made before it",
        )
    if not (is_whole(freeze_days) and 0 <= freeze_days <= MAX_FREEZE_DAYS):
        raise InputError(
            f"must be a whole number from 0 to {MAX_FREEZE_DAYS}",
            field="freeze_days",
            value=freeze_days,
            hint="0 freezes nothing",
        )
    full = prepare(roadmap, profile)
    past, missed, upcoming, orphans = split_sessions(previous, progress, now, full)
    standing = module_standing(full, past, progress.modules, profile.session, previous.credits)
    target = target_work(full, standing)
    availability = _availability(roadmap, profile, now, stretch)
    grid = availability.grid
    # On instants: two datetimes in one zone subtract as wall times, which is off by the
    # clock change when a DST change lies between the plan start and now.
    boundary = grid.to_datetime(grid.minute_at_or_after(_utc(now) + dt.timedelta(days=freeze_days)))
    frozen = [s for s in upcoming if _utc(s.start) < _utc(boundary)]
    left = dict(standing.remaining)
    kept = _keep_frozen(frozen, past, left, target, availability, profile, stretch)
    problem, counts = _problem(
        target, left, [*past, *kept], upcoming, boundary, availability, profile, stretch
    )

    from aipm_planner.planning import assemble
    from aipm_planner.solver.layout import PlacedSession, layout
    from aipm_planner.solver.solve import solve

    result = None
    placed: list[PlacedSession] = []
    if problem.work.modules:
        # Arithmetic first: a range that began and cannot hold what is left of it is
        # reported at once, not after a search that may not settle it in time.
        strict = dataclasses.replace(problem, stretch=False)
        quick = quick_diagnosis(roadmap, profile, strict, boundary)
        if quick and not problem.stretch:
            raise InfeasiblePlanError(quick)
        # With stretch, no search for a plan within every limit when arithmetic rules it out.
        result = solve(
            problem, time_limit=time_limit, seed=seed, workers=workers, strict_may_fit=not quick
        )
        if result.status == "infeasible":
            raise InfeasiblePlanError(diagnose_left(roadmap, profile, problem, boundary))
        if result.status == "unknown":
            raise SolverError(
                f"no plan found within the time limit of {time_limit:g} s;"
                " try a larger time limit (--time-limit, or time_limit= in Python)"
            )
        placed = layout(problem, _keep_counts(problem, result.allocations, counts))
    placed += [
        PlacedSession(s.module_id, grid.to_minute(s.start), grid.to_minute(s.end))
        for s in [*past, *kept]
    ]
    schedule = assemble(
        roadmap,
        profile,
        target,
        availability,
        problem,
        result,
        placed,
        roadmap_source=_source(roadmap_source, previous.roadmap_source, roadmap, previous.roadmap),
        profile_source=_source(profile_source, previous.profile_source, profile, previous.profile),
    )
    notes = replan_notes(now, past, missed, orphans, frozen, kept, standing, progress, roadmap)
    return schedule.model_copy(
        update={
            "created": now,
            "explanations": [*schedule.explanations, *notes],
            "credits": standing.credits,
        }
    )


# --- the next days and the rest --------------------------------------------------------


def _availability(
    roadmap: Roadmap, profile: LearnerProfile, now: dt.datetime, stretch: bool
) -> Availability:
    """The learner's windows from the plan start to a horizon measured from ``now`` (past
    the deadline with ``stretch``, as for a first plan)."""
    from aipm_planner.availability import availability_for, horizon_end
    from aipm_planner.planning import stretch_end

    later = profile.model_copy(update={"start": max(profile.start, now.date())})
    if stretch:
        end = stretch_end(roadmap, later)
    elif profile.deadline is not None:
        end = profile.deadline
    else:
        end = horizon_end(later, roadmap)
    return availability_for(profile, roadmap, end=end)


@dataclass
class _Usage:
    """Time and weeks taken by the sessions kept so far."""

    profile: LearnerProfile
    by_day: dict[dt.date, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    by_week: dict[int, int] = dataclasses.field(default_factory=lambda: defaultdict(int))
    weeks: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)
    last_end: dt.datetime | None = None

    def add(self, session: Session) -> None:
        day = session.start.astimezone(self.profile.zone).date()
        week = week_of(self.profile.start, day)
        self.by_day[day] += session.minutes
        self.by_week[week] += session.minutes
        for key in (session.module_id, session.phase_id):
            first, last = self.weeks.get(key, (week, week))
            self.weeks[key] = (min(first, week), max(last, week))
        end = _utc(session.end)
        if self.last_end is None or end > self.last_end:
            self.last_end = end


def _keep_frozen(
    frozen: Sequence[Session],
    past: Sequence[Session],
    left: dict[str, int],
    target: Work,
    availability: Availability,
    profile: LearnerProfile,
    stretch: bool,
) -> list[Session]:
    """The frozen sessions that are still valid, in time order; ``left`` loses their minutes.

    With ``stretch`` the deadline and the week-range maxima are soft, so they keep no
    session out.
    """
    usage = _Usage(profile)
    for session in past:
        usage.add(session)
    modules = {m.module_id: m for m in target.modules}
    phases = {p.phase_id: p for p in target.phases}
    rules = profile.session
    starts = [w.start for w in availability.windows]
    deadline = None
    if profile.deadline is not None and not stretch:
        deadline = dt.datetime.combine(
            profile.deadline + dt.timedelta(days=1), dt.time(), profile.zone
        )

    def valid(session: Session) -> bool:
        module = modules.get(session.module_id)
        if module is None:  # finished without a session
            return False
        minutes = session.minutes
        rest = left[module.module_id] - minutes
        if rest < 0 or (rest and splittable_minutes(rest, rules) != rest):
            return False
        if not rules.min_minutes <= minutes <= rules.max_minutes:
            return False
        start, end = _utc(session.start), _utc(session.end)
        index = bisect.bisect_right(starts, start) - 1
        if index < 0 or end > availability.windows[index].end:
            return False
        if usage.last_end is not None and start < usage.last_end + dt.timedelta(
            minutes=rules.break_minutes
        ):
            return False
        day = session.start.astimezone(profile.zone).date()
        week = week_of(profile.start, day)
        if (
            availability.daily_cap is not None
            and usage.by_day[day] + minutes > availability.daily_cap
        ):
            return False
        if (
            availability.weekly_cap is not None
            and usage.by_week[week] + minutes > availability.weekly_cap
        ):
            return False
        if deadline is not None and end > deadline:
            return False
        if any(left.get(r, 0) for r in module.requires):
            return False
        phase = phases[module.phase_id]
        if any(left.get(m.module_id, 0) for q in phase.after for m in phases[q].modules):
            return False
        for key, limit in ((module.module_id, module.weeks.max), (phase.phase_id, phase.weeks.max)):
            first = usage.weeks.get(key, (week, week))[0]
            if week - first + 1 > limit and not stretch:
                return False
        return True

    kept: list[Session] = []
    for session in frozen:
        if valid(session):
            kept.append(session)
            usage.add(session)
            left[session.module_id] -= session.minutes
    return kept


def _problem(
    target: Work,
    left: Mapping[str, int],
    kept: Sequence[Session],
    upcoming: Sequence[Session],
    boundary: dt.datetime,
    availability: Availability,
    profile: LearnerProfile,
    stretch: bool,
) -> tuple[Problem, dict[tuple[str, int], tuple[int, int]]]:
    """The solver problem for what is left after ``boundary``, with the re-planning hooks.

    Also returns, per (module, slot), the minutes and sessions the previous plan had there.
    """
    from aipm_planner.planning import build_problem

    phases: list[PhaseWork] = []
    for phase in target.phases:
        modules = tuple(
            dataclasses.replace(m, minutes=left[m.module_id])
            for m in phase.modules
            if left[m.module_id] > 0
        )
        if modules:
            phases.append(dataclasses.replace(phase, modules=modules))
    # What is not in the problem lies wholly before the boundary, so it is already met.
    phases = only_present_requirements(phases)
    work = Work(phases=tuple(phases), skipped_modules=(), skipped_phases=(), explanations=())
    grid = availability.grid
    rules = profile.session
    # Grid minutes, not wall times: those of a fall-back night repeat.
    edge = grid.to_minute(boundary)
    taken = [
        (grid.to_minute(s.start), grid.to_minute(s.end))
        for s in kept
        if grid.to_minute(s.end) + rules.break_minutes > edge
    ]
    problem = build_problem(
        work,
        _after(availability, boundary, rules.min_minutes),
        profile,
        stretch=stretch,
        taken=taken,
    )
    usage = _Usage(profile)
    for session in kept:
        usage.add(session)
    previous = _previous_slots(
        problem, [s for s in upcoming if _utc(s.start) >= _utc(boundary)], grid.to_minute
    )
    problem = dataclasses.replace(
        problem,
        history=dict(usage.weeks),
        used_by_day={(day - profile.start).days: m for day, m in usage.by_day.items()},
        used_by_week=dict(usage.by_week),
        preferred={key: minutes for key, (minutes, _) in previous.items()},
    )
    return problem, previous


def _utc(instant: dt.datetime) -> dt.datetime:
    """An aware time as a UTC instant: two times in one zone compare as wall times, which
    repeat on a fall-back night."""
    return instant.astimezone(dt.UTC)


def _after(availability: Availability, boundary: dt.datetime, shortest: int) -> Availability:
    """The availability with every window (or part of one) before ``boundary`` removed."""
    from aipm_planner.availability import Window

    windows: list[Window] = []
    for window in availability.windows:
        if _utc(window.end) <= _utc(boundary):
            continue
        if _utc(window.start) < _utc(boundary):
            window = Window(boundary, window.end)
            if window.minutes < shortest:
                continue
        windows.append(window)
    grid = availability.grid
    return dataclasses.replace(
        availability,
        windows=tuple(windows),
        intervals=tuple((grid.to_minute(w.start), grid.to_minute(w.end)) for w in windows),
    )


def _previous_slots(
    problem: Problem, sessions: Iterable[Session], to_minute: Callable[[dt.datetime], int]
) -> dict[tuple[str, int], tuple[int, int]]:
    """(module, slot) -> (minutes, sessions) of the previous plan inside the problem's slots."""
    modules = {m.module_id for m in problem.work.modules}
    starts = [slot.start for slot in problem.slots]
    result: dict[tuple[str, int], tuple[int, int]] = {}
    for session in sessions:
        if session.module_id not in modules:
            continue
        start, end = to_minute(session.start), to_minute(session.end)
        index = bisect.bisect_right(starts, start) - 1
        if index < 0 or end > problem.slots[index].end:
            continue  # its window is gone or cut: it moves whatever happens
        minutes, count = result.get((session.module_id, index), (0, 0))
        result[(session.module_id, index)] = (minutes + end - start, count + 1)
    return result


def _keep_counts(
    problem: Problem,
    allocations: tuple[Allocation, ...],
    previous: Mapping[tuple[str, int], tuple[int, int]],
) -> tuple[Allocation, ...]:
    """Cut minutes that stay in their window into as many sessions as before, so they keep
    their times; only where the window still holds them and the finish does not move."""
    last = max((a.slot for a in allocations), default=-1)
    by_slot: dict[int, list[Allocation]] = defaultdict(list)
    for allocation in allocations:
        by_slot[allocation.slot].append(allocation)
    result: list[Allocation] = []
    for index, items in sorted(by_slot.items()):
        changed = []
        for item in items:
            minutes, count = previous.get((item.module_id, index), (0, 0))
            if (
                minutes == item.minutes
                and count != item.sessions
                and problem.min_session * count <= minutes <= problem.max_session * count
            ):
                item = dataclasses.replace(item, sessions=count)
            changed.append(item)
        before = sum(a.sessions for a in items)
        after = sum(a.sessions for a in changed)
        need = sum(a.minutes for a in changed) + problem.break_minutes * (after - 1)
        fits = need <= problem.slots[index].minutes and (index != last or after <= before)
        result.extend(changed if fits else items)
    return tuple(result)


def _source(given: str | None, old: str, model: object, old_model: object) -> str:
    if given is not None:
        return given
    return old if model == old_model else ""
