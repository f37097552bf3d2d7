"""The fixes an infeasible plan is offered, each the smallest of its kind (found by
``fix_search.py``), and how a chosen fix is applied to the inputs.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable

from aipm_planner.effort import skill_gap
from aipm_planner.model import (
    Change,
    Conflict,
    Fix,
    LearnerProfile,
    Module,
    Roadmap,
    TimeWindow,
    WeekRange,
)
from aipm_planner.model.base import MAX_WEEKS
from aipm_planner.solver.extra_time import (
    day_order,
    extra_time_changes,
    extra_time_fix,
    least_extra_time,
    with_extra_time,
)
from aipm_planner.solver.fix_search import STEP, Checker, Found, Inputs, smallest
from aipm_planner.solver.prechecks import (
    phase_label,
    weeks_text,
)

__all__ = [
    "apply_fix",
    "cap_and_time_fix",
    "cap_fix",
    "combined_fix",
    "deadline_change",
    "deadline_fix",
    "drop_optional_fix",
    "find_fixes",
    "latest_useful_day",
    "module_range_fix",
    "phase_range_fix",
]


def latest_useful_day(roadmap: Roadmap, profile: LearnerProfile) -> dt.date:
    """The horizon a plan would get with no deadline at all."""
    from aipm_planner.availability import horizon_end

    return horizon_end(profile.model_copy(update={"deadline": None}), roadmap)


def deadline_fix(roadmap: Roadmap, profile: LearnerProfile, checker: Checker) -> Fix | None:
    """Earliest deadline that gives a plan (days after the current one)."""
    deadline = profile.deadline
    if deadline is None:
        return None
    found = _deadline_search(roadmap, profile, deadline, checker)
    if found is None:
        return None
    return Fix(changes=[deadline_change(deadline, found.value)], verified=found.verified)


def _deadline_search(
    roadmap: Roadmap, profile: LearnerProfile, deadline: dt.date, checker: Checker
) -> Found | None:
    def make(days: int) -> Inputs:
        later = deadline + dt.timedelta(days=days)
        return roadmap, profile.model_copy(update={"deadline": later})

    limit = (latest_useful_day(roadmap, profile) - deadline).days
    found = smallest(1, limit, make, checker)
    if found is None:
        return None
    return Found(found.value, found.verified)


def deadline_change(deadline: dt.date, days: int) -> Change:
    """``move the deadline to ...`` as a change."""
    later = deadline + dt.timedelta(days=days)
    return Change(
        kind="deadline",
        value=later.isoformat(),
        message=f"move the deadline from {deadline} to {later} (the earliest that fits)",
    )


def _with_range(roadmap: Roadmap, ids: dict[str, int]) -> Roadmap:
    """The roadmap with new maximum weeks for some phases and modules."""
    phases = []
    for phase in roadmap.phases:
        modules = [
            m.model_copy(update={"weeks": WeekRange(min=m.weeks.min, max=ids[m.id])})
            if m.id in ids
            else m
            for m in phase.modules
        ]
        weeks = phase.weeks
        if phase.id in ids:
            weeks = WeekRange(min=weeks.min, max=ids[phase.id])
        phases.append(phase.model_copy(update={"weeks": weeks, "modules": modules}))
    return roadmap.model_copy(update={"phases": phases})


def phase_range_fix(
    roadmap: Roadmap, profile: LearnerProfile, phase_id: str, checker: Checker, limit: int
) -> Fix | None:
    """Fewest extra weeks for a phase's maximum (with the modules that span all of it)."""
    phase = next(p for p in roadmap.phases if p.id == phase_id)
    old = phase.weeks.max
    found: Found | None = None
    spanning: list[Module] = []
    # Modules skipped or wholly credited get no sessions: their range holds nothing back.
    whole = [
        m
        for m in phase.modules
        if m.weeks.max == old and m.id not in profile.skip and skill_gap(m, profile.skills) > 0
    ]
    # The phase alone first; then with the modules that span all of it, which cap it too.
    for spanning in ([], whole) if whole else ([],):
        ids = [phase.id] + [m.id for m in spanning]

        def make(extra: int, ids: list[str] = ids) -> Inputs:
            return _with_range(roadmap, dict.fromkeys(ids, old + extra)), profile

        found = smallest(1, max(0, limit - old), make, checker)
        if found is not None:
            break
    if found is None:
        return None
    new = old + found.value
    label = phase_label(roadmap, phase_id)
    changes = [
        Change(
            kind="phase-max-weeks",
            target=phase_id,
            value=str(new),
            message=f"let {label[0].lower()}{label[1:]} take up to {weeks_text(new)}"
            f" instead of {old}",
        )
    ]
    changes += [
        Change(
            kind="module-max-weeks",
            target=m.id,
            value=str(new),
            message=f"let its module '{m.title}' take up to {weeks_text(new)} too",
        )
        for m in spanning
    ]
    return Fix(changes=changes, verified=found.verified)


def module_range_fix(
    roadmap: Roadmap, profile: LearnerProfile, module_id: str, checker: Checker, limit: int
) -> Fix | None:
    """Fewest extra weeks for a module's maximum."""
    module = roadmap.module(module_id)
    old = module.weeks.max
    found = smallest(
        1,
        max(0, limit - old),
        lambda e: (_with_range(roadmap, {module_id: old + e}), profile),
        checker,
    )
    if found is None:
        return None
    new = old + found.value
    change = Change(
        kind="module-max-weeks",
        target=module_id,
        value=str(new),
        message=f"let module '{module.title}' take up to {weeks_text(new)} instead of {old}",
    )
    return Fix(changes=[change], verified=found.verified)


def cap_fix(roadmap: Roadmap, profile: LearnerProfile, which: str, checker: Checker) -> Fix | None:
    """Smallest raise of ``max_hours_per_day`` or ``max_hours_per_week`` (quarter hours)."""
    field_name = f"max_hours_per_{which}"
    old = profile.max_hours_per_day if which == "day" else profile.max_hours_per_week
    if old is None:
        return None
    top = 24 if which == "day" else 168

    def value(units: int) -> float:
        return min(top, old + units * STEP / 60)

    def make(units: int) -> Inputs:
        return roadmap, profile.model_copy(update={field_name: value(units)})

    found = smallest(1, math.ceil((top - old) * 60 / STEP), make, checker)
    if found is None:
        return None
    new = value(found.value)
    change = Change(
        kind="raise-daily-cap" if which == "day" else "raise-weekly-cap",
        value=f"{new:g}",
        message=f"raise {field_name} from {old:g} to {new:g}",
    )
    return Fix(changes=[change], verified=found.verified)


def drop_optional_fix(roadmap: Roadmap, profile: LearnerProfile, checker: Checker) -> Fix | None:
    """A smallest set of optional modules to skip (none of them can be kept back)."""
    optional = [m for _, m in roadmap.modules() if m.optional and m.id not in profile.skip]
    if not optional:
        return None

    def make(dropped: list[str]) -> Inputs:
        return roadmap, profile.model_copy(update={"skip": [*profile.skip, *dropped]})

    dropped = [m.id for m in optional]
    if not checker.feasible(make(dropped)):
        return None
    for module in sorted(optional, key=lambda m: m.hours):  # keep the small ones if possible
        trial = [d for d in dropped if d != module.id]
        if checker.feasible(make(trial)):
            dropped = trial
    if not dropped:
        return None  # it fits with every optional module: dropping one is no fix
    changes = [
        Change(
            kind="drop-module",
            target=module_id,
            value="skip",
            message=f"drop the optional module '{roadmap.module(module_id).title}'"
            f" (add {module_id} under skip)",
        )
        for module_id in dropped
    ]
    return Fix(changes=changes, verified=True)


def combined_fix(roadmap: Roadmap, profile: LearnerProfile, checker: Checker) -> Fix | None:
    """Extra time a week so the ranges can hold, then the earliest deadline with it."""
    deadline = profile.deadline
    if deadline is None:
        return None
    free = profile.model_copy(update={"deadline": None})
    order = day_order(roadmap, free)
    more = least_extra_time(roadmap, free, order, checker)
    if more is None:
        return None
    richer = with_extra_time(profile, more.value * STEP, order)
    if richer is None:
        return None
    later = _deadline_search(roadmap, richer[0], deadline, checker)
    if later is None:
        return None
    changes = extra_time_changes(profile, more.value * STEP, order)
    changes.append(deadline_change(deadline, later.value))
    return Fix(changes=changes, verified=more.verified and later.verified)


def cap_and_time_fix(roadmap: Roadmap, profile: LearnerProfile, checker: Checker) -> Fix | None:
    """Extra time a week as if there were no daily cap, then the least daily cap with it
    (for a session longer than the cap allows, which no amount of time alone can hold)."""
    cap = profile.max_hours_per_day
    if cap is None:
        return None
    free = profile.model_copy(update={"max_hours_per_day": None})
    order = day_order(roadmap, free)
    more = least_extra_time(roadmap, free, order, checker)
    if more is None:
        return None
    richer = with_extra_time(free, more.value * STEP, order)
    if richer is None:
        return None
    raised = cap_fix(
        roadmap, richer[0].model_copy(update={"max_hours_per_day": cap}), "day", checker
    )
    if raised is None:
        return None
    changes = extra_time_changes(free, more.value * STEP, order) + raised.changes
    return Fix(changes=changes, verified=more.verified and raised.verified)


def _without_supersets(fixes: list[Fix]) -> list[Fix]:
    """Drop a fix that makes every change of another fix and more (it is not minimal)."""

    def changes(fix: Fix) -> set[tuple[str, str, str]]:
        return {(c.kind, c.target, c.value) for c in fix.changes}

    return [
        fix
        for fix in fixes
        if not any(other is not fix and changes(other) < changes(fix) for other in fixes)
    ]


def find_fixes(
    roadmap: Roadmap, profile: LearnerProfile, conflicts: list[Conflict], checker: Checker
) -> list[Fix]:
    """Every single change that makes the plan fit; a combined one when none does."""
    from aipm_planner.weeks import week_of

    horizon = profile.deadline or latest_useful_day(roadmap, profile)
    # A horizon of ten years has 522 plan weeks, but no week range may be longer than 520.
    limit = min(week_of(profile.start, horizon) + 1, MAX_WEEKS)
    keys = [k for c in conflicts for k in c.keys] + [
        f"{c.rule}:{c.subject}" for c in conflicts if c.subject
    ]
    phase_ids = list(
        dict.fromkeys(k.split(":", 1)[1] for k in keys if k.startswith("phase-range:"))
    )
    if any(c.rule == "deadline" for c in conflicts) and len(phase_ids) == len(roadmap.phases):
        # the phase chain is too long: longer maxima cannot help, shorter minima are not offered
        phase_ids = [c.subject for c in conflicts if c.rule == "phase-range"]
    module_ids = list(
        dict.fromkeys(
            k.split(":", 1)[1] for k in keys if k.startswith(("module-range:", "session-length:"))
        )
    )
    known_modules = {m.id for _, m in roadmap.modules()}
    candidates: list[Callable[[], Fix | None]] = [
        lambda: extra_time_fix(roadmap, profile, checker),
        lambda: deadline_fix(roadmap, profile, checker),
    ]
    candidates += [
        functools.partial(phase_range_fix, roadmap, profile, p, checker, limit) for p in phase_ids
    ]
    candidates += [
        functools.partial(module_range_fix, roadmap, profile, m, checker, limit)
        for m in module_ids
        if m in known_modules
    ]
    candidates += [
        lambda: cap_fix(roadmap, profile, "day", checker),
        lambda: cap_fix(roadmap, profile, "week", checker),
        lambda: drop_optional_fix(roadmap, profile, checker),
    ]
    fixes: list[Fix] = []
    for candidate in candidates:
        if checker.budget.left() <= 0:
            break
        fix = candidate()
        if fix is not None:
            fixes.append(fix)
    fixes = _without_supersets(fixes)
    for combined in (combined_fix, cap_and_time_fix):
        if not any(f.verified for f in fixes) and checker.budget.left() > 0:
            fix = combined(roadmap, profile, checker)
            if fix is not None:
                fixes.append(fix)
    return fixes


def apply_fix(
    roadmap: Roadmap, profile: LearnerProfile, fix: Fix
) -> tuple[Roadmap, LearnerProfile]:
    """The roadmap and profile with every change of ``fix`` applied.

    >>> import datetime as dt
    >>> from aipm_planner.model import Change, Fix
    >>> fix = Fix(changes=[Change(kind="deadline", value="2027-03-14", message="")],
    ...     verified=True)
    >>> profile = LearnerProfile(timezone="UTC", start=dt.date(2027, 1, 4),
    ...     deadline=dt.date(2027, 2, 28), availability={"sun": ["10:00-12:00"]})
    >>> apply_fix(Roadmap.model_construct(), profile, fix)[1].deadline
    datetime.date(2027, 3, 14)
    """
    ranges: dict[str, int] = {}
    update: dict[str, object] = {}
    availability = dict(profile.availability)
    skip = list(profile.skip)
    for change in fix.changes:
        if change.kind == "extra-hours-per-week":
            availability |= {
                d: [TimeWindow.model_validate(w) for w in ws]
                for d, ws in change.availability.items()
            }
        elif change.kind == "deadline":
            update["deadline"] = dt.date.fromisoformat(change.value)
        elif change.kind in ("phase-max-weeks", "module-max-weeks"):
            ranges[change.target] = int(change.value)
        elif change.kind == "drop-module":
            skip.append(change.target)
        elif change.kind == "raise-daily-cap":
            update["max_hours_per_day"] = float(change.value)
        else:
            update["max_hours_per_week"] = float(change.value)
    if availability != profile.availability:
        update["availability"] = availability
    if skip != profile.skip:
        update["skip"] = skip
    if ranges:
        roadmap = _with_range(roadmap, ranges)
    return roadmap, profile.model_copy(update=update)
