"""What a re-plan tells the learner: the diagnosis when what is left does not fit, and
plain sentences about what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from aipm_planner.effort import hours
from aipm_planner.errors import SolverError
from aipm_planner.model import (
    Change,
    Conflict,
    Diagnosis,
    Fix,
    LearnerProfile,
    Roadmap,
    Session,
    WeekRange,
)
from aipm_planner.model.progress import Progress
from aipm_planner.remaining import Standing
from aipm_planner.weeks import week_of

if TYPE_CHECKING:
    from aipm_planner.solver.problem import Problem

__all__ = ["diagnose_left", "replan_notes"]


def diagnose_left(
    roadmap: Roadmap, profile: LearnerProfile, problem: Problem, boundary: dt.datetime
) -> Diagnosis:
    """Diagnose what is left as a plan of its own, starting on the first unfrozen day."""
    day = boundary.astimezone(profile.zone).date()
    if profile.deadline is not None and profile.deadline < day:
        return Diagnosis(
            conflicts=[
                Conflict(
                    rule="deadline",
                    message=f"The deadline {profile.deadline} has passed and"
                    f" {hours(problem.total_minutes())} are left to study.",
                )
            ],
            fixes=[
                Fix(
                    changes=[
                        Change(
                            kind="deadline",
                            value="",
                            message="Set a later deadline, or remove it.",
                        )
                    ],
                    verified=False,
                )
            ],
        )
    elapsed = week_of(profile.start, day)
    titles = {p.id: p.title for p in roadmap.phases}
    source = {m.id: m for _, m in roadmap.modules()}
    quick = quick_diagnosis(roadmap, profile, problem, boundary)
    if quick:
        return quick

    def weeks(key: str, weeks: WeekRange) -> dict[str, int]:
        used = elapsed - problem.history[key][0] if key in problem.history else 0
        high = max(1, weeks.max - used)
        return {"min": min(high, max(1, weeks.min - used)), "max": high}

    rest = Roadmap.model_validate(
        {
            "id": roadmap.id,
            "title": roadmap.title,
            "phases": [
                {
                    "id": phase.phase_id,
                    "title": titles[phase.phase_id],
                    "weeks": weeks(phase.phase_id, phase.weeks),
                    "after": list(phase.after),
                    "modules": [
                        {
                            "id": m.module_id,
                            "title": m.title,
                            "weeks": weeks(m.module_id, m.weeks),
                            "hours": m.minutes / 60,
                            "requires": list(m.requires),
                            "kind": source[m.module_id].kind,
                            "optional": m.optional,
                        }
                        for m in phase.modules
                    ],
                }
                for phase in problem.work.phases
            ],
        }
    )
    from aipm_planner.solver.diagnosis import diagnose

    try:
        diagnosis = diagnose(
            rest, profile.model_copy(update={"start": day, "skills": {}, "skip": []})
        )
    except SolverError:  # undecided: nothing to blame that is known
        return Diagnosis(conflicts=[])
    # What is left, as a plan of its own, can fit where the re-plan (bound to what happened
    # and to the frozen days) cannot: then no single rule is to blame.
    return Diagnosis(conflicts=[]) if diagnosis.fits else diagnosis


def quick_diagnosis(
    roadmap: Roadmap, profile: LearnerProfile, problem: Problem, boundary: dt.datetime
) -> Diagnosis | None:
    """What makes what is left impossible by arithmetic alone, or ``None``: week ranges
    that began and are over, or whose remaining weeks cannot hold what is left of them."""
    if problem.stretch:  # range maxima are soft then
        return None
    elapsed = week_of(profile.start, boundary.astimezone(profile.zone).date())
    titles = {p.id: p.title for p in roadmap.phases}
    return _ranges_run_out(problem, elapsed, titles) or _ranges_too_short(problem, titles)


def _ranges_too_short(problem: Problem, titles: dict[str, str]) -> Diagnosis | None:
    """Modules and phases that began, and whose week range ends before the windows left in
    it can hold what is left of them (sessions, breaks and caps counted).

    Such a module or phase must end by the last week of its range counted from its first
    session, so no later time helps: only a longer range (or ``--stretch``).
    """
    from aipm_planner.solver.bounds import week_capacities
    from aipm_planner.solver.prechecks import weeks_text

    capacity = week_capacities(problem)
    last_week = max(capacity, default=0)

    def room(last: int) -> int:
        return sum(minutes for week, minutes in capacity.items() if week <= last)

    conflicts: list[Conflict] = []
    changes: list[Change] = []
    for kind, key, label, weeks, minutes in _begun_items(problem, titles):
        first = problem.history[key][0]
        last = first + weeks.max - 1
        if minutes <= room(last):
            continue
        conflicts.append(
            _range_conflict(
                kind,
                key,
                f"{label[0].upper()}{label[1:]} began in plan week {first + 1} and may"
                f" span at most {weeks_text(weeks.max)}, to plan week {last + 1};"
                f" {hours(minutes)} of it are still to study, but your windows give at most"
                f" {hours(room(last))} by then",
            )
        )
        enough = next((w for w in range(last, last_week + 1) if room(w) >= minutes), None)
        if enough is not None:
            changes.append(
                _range_change(
                    kind,
                    key,
                    enough - first + 1,
                    f"let {label} take up to {weeks_text(enough - first + 1)} instead"
                    f" of {weeks.max}",
                )
            )
    if not conflicts:
        return None
    return Diagnosis(
        conflicts=conflicts, fixes=[Fix(changes=changes, verified=False)] if changes else []
    )


def _begun_items(
    problem: Problem, titles: dict[str, str]
) -> list[tuple[str, str, str, WeekRange, int]]:
    """(kind, id, label, week range, minutes left) of each phase and module that began."""
    items: list[tuple[str, str, str, WeekRange, int]] = []
    for phase in problem.work.phases:
        if phase.phase_id in problem.history:
            label = f"phase '{titles[phase.phase_id]}'"
            items.append(("phase", phase.phase_id, label, phase.weeks, phase.minutes))
        items += [("module", m.module_id, f"module '{m.title}'", m.weeks, m.minutes)
                  for m in phase.modules if m.module_id in problem.history]  # fmt: skip
    return items


def _range_conflict(kind: str, key: str, message: str) -> Conflict:
    """The week range of phase or module ``key`` (``kind``) cannot hold what is left."""
    return Conflict(
        rule="phase-range" if kind == "phase" else "module-range",
        keys=[f"{kind}-range:{key}"],
        subject=key,
        message=message,
    )


def _range_change(kind: str, key: str, weeks: int, message: str) -> Change:
    """Let phase or module ``key`` (``kind``) span up to ``weeks`` weeks."""
    return Change(
        kind="phase-max-weeks" if kind == "phase" else "module-max-weeks",
        target=key,
        value=str(weeks),
        message=message,
    )


def _ranges_run_out(problem: Problem, elapsed: int, titles: dict[str, str]) -> Diagnosis | None:
    """Modules and phases that began and whose week range is over while study is left.

    No plan can fix those by more time a week: only a longer range (or ``--stretch``).
    """
    from aipm_planner.solver.prechecks import weeks_text

    conflicts: list[Conflict] = []
    changes: list[Change] = []
    for kind, key, label, weeks, minutes in _begun_items(problem, titles):
        first = problem.history[key][0]
        if elapsed - first < weeks.max:
            continue
        needed = elapsed - first + 1
        conflicts.append(
            _range_conflict(
                kind,
                key,
                f"{label[0].upper()}{label[1:]} began in plan week {first + 1} and"
                f" may span at most {weeks_text(weeks.max)}, which ended before plan week"
                f" {elapsed + 1}; {hours(minutes)} of it are still to study",
            )
        )
        changes.append(
            _range_change(
                kind,
                key,
                needed,
                f"let {label} take up to at least {weeks_text(needed)} instead of {weeks.max}",
            )
        )
    if not conflicts:
        return None
    return Diagnosis(conflicts=conflicts, fixes=[Fix(changes=changes, verified=False)])


def replan_notes(
    now: dt.datetime,
    past: Sequence[Session],
    missed: Sequence[Session],
    orphans: Sequence[Session],
    frozen: Sequence[Session],
    kept: Sequence[Session],
    standing: Standing,
    progress: Progress,
    roadmap: Roadmap,
) -> list[str]:
    """Plain sentences about what the re-plan changed."""
    notes = [
        f"Re-planned on {now:%Y-%m-%d %H:%M}: {len(past)} past session(s) done,"
        f" {len(missed)} missed."
    ]
    if missed:
        notes.append(
            f"The {hours(sum(s.minutes for s in missed))} of missed study are planned again."
        )
    if orphans:
        notes.append(
            f"{len(orphans)} past session(s) of modules no longer in the plan are left out."
        )
    # From the roadmap: a module finished before any session of it is not planned at all.
    titles = {m.id: m.title for p in roadmap.phases for m in p.modules}
    for module_id, report in sorted(progress.modules.items()):
        title = titles.get(module_id, module_id)
        if report.done:
            notes.append(f"'{title}' is done: it needs no more sessions.")
        elif round(report.hours_done * 60) > standing.done.get(module_id, 0):
            notes.append(
                f"'{title}': {report.hours_done:g} h done reported;"
                f" {hours(standing.remaining.get(module_id, 0))} left."
            )
    if len(kept) < len(frozen):
        notes.append(
            f"{len(frozen) - len(kept)} of the {len(frozen)} session(s) of the next days no"
            " longer fit and were dropped."
        )
    return notes
