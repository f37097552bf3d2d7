"""What is left after a check-in: the work a re-planned schedule must still do.

The sessions of a schedule that ended by the check-in are done, missed (when the progress
report says so, or for every unreported one with ``unreported: missed``, except those an
earlier check-in already settled) or orphaned (their
module is no longer planned). A module's remaining minutes are its effort minus what was
done: the minutes of its done sessions, or its reported ``hours_done`` when that is more,
rounded to 5 minutes and raised to fit at least one session; a module reported
``done: true`` needs nothing more. Requirements on finished modules are met, those on
unfinished ones are inherited through finished ones, and whatever has begun is no longer
held back. :func:`progress_work` gives the verifier this work; :mod:`aipm_planner.replan`
plans it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from aipm_planner.effort import ModuleWork, PhaseWork, Work, prepare, splittable_minutes
from aipm_planner.errors import InputError
from aipm_planner.model import Schedule, Session, SessionRules, WeekRange
from aipm_planner.model.progress import ModuleProgress, Progress
from aipm_planner.model.schedule import ModuleCredit

__all__ = [
    "Standing",
    "module_standing",
    "moment",
    "only_present_requirements",
    "progress_work",
    "split_sessions",
    "target_work",
]


def progress_work(
    schedule: Schedule, progress: Progress | None = None, *, now: dt.datetime | None = None
) -> Work:
    """The effort, week ranges and order a schedule re-planned from ``progress`` must meet.

    Every session of ``schedule`` that ended by ``now`` (default ``progress.as_of``) counts
    as done, and the module reports of ``progress`` apply, exactly as in
    :func:`aipm_planner.replan.replan`. Give the result to the verifier in place of the
    roadmap's full effort: modules with study done outside the calendar, or finished early,
    need less than their effort.
    """
    now = moment(now, progress).astimezone(dt.UTC)  # instants: wall times repeat on DST nights
    full = prepare(schedule.roadmap, schedule.profile)
    past = [s for s in schedule.sessions if s.end.astimezone(dt.UTC) <= now]
    reports = progress.modules if progress is not None else {}
    standing = module_standing(full, past, reports, schedule.profile.session, schedule.credits)
    return dataclasses.replace(target_work(full, standing), settled=now)


def moment(now: dt.datetime | None, progress: Progress | None) -> dt.datetime:
    """The moment of the check-in: ``now`` (which must be aware), else ``progress.as_of``."""
    if now is None:
        if progress is None:
            raise InputError("give a progress report or the moment to re-plan from", field="now")
        return progress.as_of
    if not isinstance(now, dt.datetime):
        raise InputError(
            "must be a datetime with a time zone",
            field="now",
            value=now,
            hint="e.g. datetime(2027, 1, 11, 19, 0, tzinfo=ZoneInfo('Europe/Berlin'))",
        )
    if now.tzinfo is None or now.utcoffset() is None:
        raise InputError(
            "must have a time zone", field="now", value=now.isoformat(), hint="e.g. +01:00"
        )
    return now


def split_sessions(
    previous: Schedule, progress: Progress, now: dt.datetime, full: Work
) -> tuple[list[Session], list[Session], list[Session], list[Session]]:
    """(done, missed, upcoming, orphans): the previous sessions by what became of them.

    Orphans are done sessions of modules the roadmap and profile no longer plan.
    """
    instant = now.astimezone(dt.UTC)  # in one zone, the wall times of a DST night repeat
    # The check-in the previous schedule was made at (its ``created``) settled the sessions
    # that had ended by then as done: ``unreported`` speaks only of the ones since.
    settled = previous.created.astimezone(dt.UTC)
    by_uid = {s.uid: s for s in previous.sessions}
    for uid, outcome in progress.sessions.items():
        session = by_uid.get(uid)
        if session is None:
            raise InputError(
                "no session of the schedule has this UID",
                field=f"sessions.{uid}",
                value=outcome,
                hint="use the UIDs of the schedule being re-planned (its JSON or .ics)",
            )
        if session.end.astimezone(dt.UTC) > instant:
            raise InputError(
                f"session {session.ordinal} of '{session.module_id}' ends"
                f" {session.end.isoformat()}, after as_of {now.isoformat()}",
                field=f"sessions.{uid}",
                value=outcome,
                hint="report only sessions that are over",
            )
        if outcome == "missed" and session.end.astimezone(dt.UTC) <= settled:
            # Its study is settled; and a missed session passed its number, so its UID may
            # now name a later session, which a repeated report would wrongly drop.
            raise InputError(
                f"session {session.ordinal} of '{session.module_id}' ended"
                f" {session.end.isoformat()}, by {previous.created.isoformat()}, the check-in"
                " this schedule was re-planned at, which settled it as done",
                field=f"sessions.{uid}",
                value=outcome,
                hint="report only sessions that ended since that check-in; to change it,"
                " re-plan the schedule made before it",
            )
    planned = {m.module_id for m in full.modules}
    done: list[Session] = []
    missed: list[Session] = []
    upcoming: list[Session] = []
    orphans: list[Session] = []
    for session in sorted(
        previous.sessions, key=lambda s: (s.start.astimezone(dt.UTC), s.module_id)
    ):
        end = session.end.astimezone(dt.UTC)
        unreported = "done" if end <= settled else progress.unreported
        if end > instant:
            if session.module_id in planned:
                upcoming.append(session)
        elif progress.sessions.get(session.uid, unreported) == "missed":
            missed.append(session)
        elif session.module_id in planned:
            done.append(session)
        else:
            orphans.append(session)
    return done, missed, upcoming, orphans


@dataclass(frozen=True)
class Standing:
    """Where each planned module stands: minutes done on the calendar and minutes left."""

    done: dict[str, int]
    remaining: dict[str, int]
    started: frozenset[str]
    credits: dict[str, ModuleCredit] = dataclasses.field(default_factory=dict)
    """What to keep for the next check-in: finished modules, study outside the calendar."""

    def target(self, module_id: str) -> int:
        """Minutes the whole schedule must give the module."""
        return self.done[module_id] + self.remaining[module_id]


def module_standing(
    full: Work,
    past: Iterable[Session],
    reports: Mapping[str, ModuleProgress],
    rules: SessionRules,
    earlier: Mapping[str, ModuleCredit] | None = None,
) -> Standing:
    """Done and remaining minutes per module, from the done sessions, the module reports
    of this check-in and the ``earlier`` ones (kept in the schedule being re-planned).

    A module once reported finished stays finished. Hours done are a total, calendar
    sessions included: a new figure replaces the earlier ones; without one, the study
    outside the calendar reported earlier still counts, on top of the done sessions.
    """
    known = {module_id for module_id, _ in full.module_plans.items()}
    for module_id in reports:
        if module_id not in known:
            raise InputError(
                "the roadmap has no module with this id",
                field=f"modules.{module_id}",
                value=module_id,
                hint="use an id shown by 'aipm-planner show'",
            )
    done: dict[str, int] = {m.module_id: 0 for m in full.modules}
    for session in past:
        done[session.module_id] += session.minutes
    remaining: dict[str, int] = {}
    credits: dict[str, ModuleCredit] = {}
    for module in full.modules:
        report = reports.get(module.module_id, ModuleProgress())
        before = (earlier or {}).get(module.module_id, ModuleCredit())
        on_calendar = done[module.module_id]
        if report.hours_done > 0:
            credited = max(on_calendar, round(report.hours_done * 60))
        else:
            credited = on_calendar + before.minutes_outside
        finished = report.done or before.done
        if finished or credited > on_calendar:
            credits[module.module_id] = ModuleCredit(
                done=finished, minutes_outside=credited - on_calendar
            )
        left = module.minutes - credited
        if finished or left <= 0:
            remaining[module.module_id] = 0
        elif credited > on_calendar:  # a reported figure: keep to whole 5 minutes
            remaining[module.module_id] = splittable_minutes(max(5, 5 * round(left / 5)), rules)
        else:
            remaining[module.module_id] = splittable_minutes(left, rules)
    started = frozenset(m for m, minutes in done.items() if minutes > 0)
    return Standing(done=done, remaining=remaining, started=started, credits=credits)


def only_present_requirements(phases: Sequence[PhaseWork]) -> list[PhaseWork]:
    """``phases`` with every requirement (``after``, ``requires``) on a phase or module that
    is not among them dropped: what is not there to plan counts as met."""
    phase_ids = {p.phase_id for p in phases}
    module_ids = {m.module_id for p in phases for m in p.modules}
    return [
        dataclasses.replace(
            p,
            after=tuple(q for q in p.after if q in phase_ids),
            modules=tuple(
                dataclasses.replace(m, requires=tuple(r for r in m.requires if r in module_ids))
                for m in p.modules
            ),
        )
        for p in phases
    ]


def _reach(
    direct: Mapping[str, Sequence[str]], finished: set[str], started: set[str]
) -> dict[str, tuple[str, ...]]:
    """Dependencies after a check-in: direct finished ones stay (they are met), unfinished
    ones are followed through finished ones; a started item drops them all (it may have
    begun before a requirement ended, when a missed session of it was planned again: the
    past is as it is, and what is left of it comes after now anyway)."""
    result: dict[str, tuple[str, ...]] = {}
    for item, deps in direct.items():
        if item in started:
            result[item] = ()
            continue
        found: list[str] = [d for d in deps if d in finished]
        seen: set[str] = set()
        stack = list(reversed(deps))
        while stack:
            dep = stack.pop()
            if dep in seen:
                continue
            seen.add(dep)
            if dep not in finished:
                if dep not in found:
                    found.append(dep)
            else:
                stack.extend(reversed(direct.get(dep, ())))
        result[item] = tuple(found)
    return result


def _shrunk(weeks: WeekRange, planned: int, effort: int) -> WeekRange:
    """The range's minimum, scaled to the share of the effort left on the calendar."""
    if planned >= effort or effort <= 0:
        return weeks
    low = max(1, math.floor(weeks.min * planned / effort + 1e-9))
    return WeekRange(min=min(low, weeks.max), max=weeks.max)


def target_work(full: Work, standing: Standing) -> Work:
    """What the re-planned schedule as a whole must give each module, with order and spans."""
    finished = {m for m, minutes in standing.remaining.items() if minutes == 0}
    requires = _reach(
        {m.module_id: m.requires for m in full.modules}, finished, set(standing.started)
    )
    phase_modules = {p.phase_id: [m.module_id for m in p.modules] for p in full.phases}
    phases_finished = {p for p, mods in phase_modules.items() if set(mods) <= finished}
    phases_started = {p for p, mods in phase_modules.items() if set(mods) & standing.started}
    after = _reach({p.phase_id: p.after for p in full.phases}, phases_finished, phases_started)
    plans = dict(full.module_plans)
    phases: list[PhaseWork] = []
    skipped_modules = list(full.skipped_modules)
    skipped_phases = list(full.skipped_phases)
    for phase in full.phases:
        modules: list[ModuleWork] = []
        for module in phase.modules:
            minutes = standing.target(module.module_id)
            if minutes == 0:
                skipped_modules.append(module.module_id)
                plans[module.module_id] = (0, module.nominal_minutes, None)
                continue
            weeks = _shrunk(module.weeks, minutes, module.minutes)
            plans[module.module_id] = (minutes, module.nominal_minutes, weeks)
            modules.append(
                dataclasses.replace(
                    module, minutes=minutes, weeks=weeks, requires=requires[module.module_id]
                )
            )
        if not modules:
            skipped_phases.append(phase.phase_id)
            continue
        weeks = _shrunk(phase.weeks, sum(m.minutes for m in modules), phase.minutes)
        phases.append(
            dataclasses.replace(
                phase, weeks=weeks, after=after[phase.phase_id], modules=tuple(modules)
            )
        )
    # Requirements on what needs no session at all (done without one) are met.
    phases = only_present_requirements(phases)
    return Work(
        phases=tuple(phases),
        skipped_modules=tuple(skipped_modules),
        skipped_phases=tuple(skipped_phases),
        explanations=full.explanations,
        module_plans=plans,
    )
