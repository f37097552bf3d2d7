"""The smallest changes that make an infeasible plan fit, each checked by solving again.

Every fix is found the same way: a family of changes indexed by a whole number (extra
quarter hours a week, days of deadline, weeks of a range, quarter hours of a cap), where a
larger number only relaxes the plan. The arithmetic pre-checks give the least number that
could possibly work; from there CP-SAT is asked, with doubling steps and then bisection, for
the least number that really gives a plan. A value is reported as verified only when the
solver found a plan with it; when the time budget runs out first, the arithmetic estimate
is reported and marked as not verified.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aipm_planner.effort import prepare
from aipm_planner.errors import InputError, SolverError
from aipm_planner.model import (
    WEEKDAYS,
    Change,
    Conflict,
    Fix,
    LearnerProfile,
    Module,
    Roadmap,
    TimeWindow,
    WeekRange,
)
from aipm_planner.solver.prechecks import (
    Capacity,
    capacity_of,
    hours,
    phase_label,
    precheck,
    weeks_text,
)

__all__ = ["Budget", "Checker", "apply_fix", "find_fixes"]

STEP = 15
"""Extra time and caps are searched in quarter hours."""
PER_DAY = 180
"""Most extra minutes suggested on one weekday before spreading to the next."""
DAY_NAMES = dict(zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                 "Saturday", "Sunday"), strict=True))  # fmt: skip
Inputs = tuple[Roadmap, LearnerProfile]


@dataclass
class Budget:
    """Wall-clock budget for the whole diagnosis; each solve takes a slice of what is left."""

    seconds: float
    per_solve: float = 2.0
    began: float = field(default_factory=time.perf_counter)

    def left(self) -> float:
        """Seconds still available."""
        return self.seconds - (time.perf_counter() - self.began)

    def slice(self) -> float:
        """Seconds for the next solve (0 when the budget is spent)."""
        return max(0.0, min(self.per_solve, self.left()))


def capacity_for(
    roadmap: Roadmap, profile: LearnerProfile, *, end: dt.date | None = None
) -> Capacity:
    """Weekly capacity of the learner's windows up to ``end`` (default: the plan horizon)."""
    from aipm_planner.availability import availability_for

    availability = availability_for(profile, roadmap, end=end)
    days = [availability.day_index(i) for i in range(len(availability.intervals))]
    return capacity_of(availability.intervals, days, availability.capacity_by_week(), profile)


class Checker:
    """Answers "does a plan exist?" for changed inputs: arithmetic first, then CP-SAT.

    Answers are cached, since the searches revisit inputs.
    """

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self._arithmetic: dict[str, bool] = {}
        self._solved: dict[str, bool | None] = {}

    @staticmethod
    def _key(inputs: Inputs) -> str:
        return inputs[0].model_dump_json() + inputs[1].model_dump_json()

    def arithmetic_ok(self, inputs: Inputs) -> bool:
        """False when a pre-check proves there is no plan."""
        key = self._key(inputs)
        if key not in self._arithmetic:
            roadmap, profile = inputs
            try:
                work = prepare(roadmap, profile)
                capacity = capacity_for(roadmap, profile)
            except InputError:
                self._arithmetic[key] = False
            else:
                self._arithmetic[key] = not precheck(roadmap, profile, work, capacity)
        return self._arithmetic[key]

    def feasible(self, inputs: Inputs) -> bool | None:
        """True when the solver found a plan, False when none exists, None when unknown."""
        if not self.arithmetic_ok(inputs):
            return False
        key = self._key(inputs)
        if key not in self._solved or (self._solved[key] is None and self.budget.slice() > 0):
            self._solved[key] = self._solve(inputs)
        return self._solved[key]

    def _solve(self, inputs: Inputs) -> bool | None:
        seconds = self.budget.slice()
        if seconds <= 0.05:
            return None
        from ortools.sat.python import cp_model

        from aipm_planner.planning import build_problem, plan_availability
        from aipm_planner.solver.model import build_model

        roadmap, profile = inputs
        work = prepare(roadmap, profile)
        if not work.modules:
            return True
        problem = build_problem(work, plan_availability(roadmap, profile), profile)
        plan = build_model(problem)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        solver.parameters.max_time_in_seconds = seconds
        # Deterministic time keeps the answer independent of machine load.
        solver.parameters.max_deterministic_time = seconds
        status = solver.solve(plan.model)
        if status == cp_model.MODEL_INVALID:
            raise SolverError(f"internal error: invalid model ({plan.model.validate()})")
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True
        return False if status == cp_model.INFEASIBLE else None


@dataclass(frozen=True)
class Found:
    """The least value of a search, and whether the solver confirmed it."""

    value: int
    verified: bool


def smallest(
    low: int, high: int, make: Callable[[int], Inputs | None], checker: Checker
) -> Found | None:
    """Least ``v`` in ``low..high`` whose inputs ``make(v)`` have a plan (larger ``v`` relaxes).

    The arithmetic bound is bisected first (cheap); the solver is then asked at that value,
    at doubling steps above it, and bisected between the last failure and the first plan.
    """

    def arithmetic(v: int) -> bool:
        inputs = make(v)
        return inputs is not None and checker.arithmetic_ok(inputs)

    if low > high or not arithmetic(high):
        return None
    lo, hi = low, high
    while lo < hi:
        mid = (lo + hi) // 2
        if arithmetic(mid):
            hi = mid
        else:
            lo = mid + 1
    estimate = lo

    def solved(v: int) -> bool | None:
        inputs = make(v)
        return None if inputs is None else checker.feasible(inputs)

    failed, step, value = estimate - 1, 1, estimate
    unknown = False
    while True:
        answer = solved(value)
        if answer:
            break
        unknown = unknown or answer is None
        failed = value
        if value >= high:
            return Found(estimate, verified=False) if unknown else None
        value = min(high, value + step)
        step *= 2
    while failed + 1 < value:  # bisect: ``failed`` gave no plan, ``value`` did
        mid = (failed + value) // 2
        if solved(mid):
            value = mid
        else:
            failed = mid
    return Found(value, verified=True)


# --- the families of changes ----------------------------------------------------------------


def _window(start: int, end: int) -> TimeWindow:
    return TimeWindow.model_validate(
        f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"
    )


def day_order(roadmap: Roadmap, profile: LearnerProfile) -> list[str]:
    """Weekdays where extra time helps most first: most usable dates before the horizon.

    Among days about as useful, those that already have a window come first (extending a
    habit), then the weekend.
    """
    from aipm_planner.availability import horizon_end

    end = horizon_end(profile, roadmap)
    usable = dict.fromkeys(WEEKDAYS, 0)
    day = profile.start
    while day <= end:
        if not any(day in blackout for blackout in profile.blackouts):
            usable[WEEKDAYS[day.weekday()]] += 1
        day += dt.timedelta(days=1)
    preference = ("sat", "sun", "mon", "tue", "wed", "thu", "fri")
    most = max(usable.values()) or 1
    # A date or two more (where the horizon ends mid-week) is no reason to prefer a day.
    return sorted(
        WEEKDAYS,
        key=lambda d: (
            -round(10 * usable[d] / most),
            not profile.availability.get(d),
            preference.index(d),
        ),
    )


def most_extra(profile: LearnerProfile, order: list[str]) -> int:
    """The most extra minutes a week :func:`with_extra_time` can place."""
    low, high = 0, 7 * PER_DAY
    while low < high:  # whether it fits is monotone in the amount
        mid = (low + high + 1) // 2
        if with_extra_time(profile, mid, order) is None:
            high = mid - 1
        else:
            low = mid
    return low


def with_extra_time(
    profile: LearnerProfile, extra: int, order: list[str]
) -> tuple[LearnerProfile, list[str]] | None:
    """The profile with ``extra`` minutes a week more, and where they went (None: no room).

    Each day in ``order`` takes up to :data:`PER_DAY` minutes, by extending its last window
    or, on a day without windows, by a new one (10:00 at the weekend, 19:00 on weekdays, at
    least one minimum session long). A weekly cap is raised by the same amount when it would
    otherwise swallow the extra time.
    """
    availability = {
        d: sorted(ws, key=lambda w: w.start_minute) for d, ws in profile.availability.items()
    }
    shortest = profile.session.min_minutes
    daily_cap = profile.max_hours_per_day
    chunks: list[list[int]] = []  # [weekday index in order, minutes, 1 when a new window]
    remaining = extra
    for index, day in enumerate(order):
        if remaining <= 0:
            break
        windows = availability.get(day, [])
        room = PER_DAY
        if daily_cap is not None:
            room = min(room, math.floor(daily_cap * 60 + 1e-9) - sum(w.minutes for w in windows))
        if windows:
            chunk = min(room, 1440 - windows[-1].end_minute, remaining)
            if chunk > 0:
                chunks.append([index, chunk, 0])
                remaining -= chunk
            continue
        begin = 600 if day in ("sat", "sun") else 1140
        room = min(room, 1440 - begin)
        if room < shortest:
            continue
        chunk = min(room, remaining)
        if chunk < shortest:
            # A new window must hold one session: take the rest from the day before, so
            # that every amount up to the total room can be placed.
            lend = shortest - chunk
            if not chunks or chunks[-1][1] - lend < (shortest if chunks[-1][2] else 1):
                continue
            chunks[-1][1] -= lend
            chunk = shortest
        chunks.append([index, chunk, 1])
        remaining -= chunk
    if remaining > 0:
        return None
    where: list[str] = []
    for index, chunk, new in chunks:
        day = order[index]
        if new:
            begin = 600 if day in ("sat", "sun") else 1140
            availability[day] = [_window(begin, begin + chunk)]
            where.append(f"{DAY_NAMES[day]} {availability[day][0]}")
        else:
            last = availability[day][-1]
            longer = _window(last.start_minute, last.end_minute + chunk)
            availability[day] = [*availability[day][:-1], longer]
            where.append(f"{DAY_NAMES[day]} {longer} instead of {last}")
    update: dict[str, object] = {"availability": availability}
    weekly = profile.max_hours_per_week
    if weekly is not None:
        # Raise the cap only by what it would otherwise swallow of the extra time.
        after = _ordinary_week(profile, availability)
        raise_by = max(0, min(extra, after - math.floor(weekly * 60 + 1e-9)))
        if raise_by:
            if weekly + raise_by / 60 > 168:
                return None
            update["max_hours_per_week"] = weekly + raise_by / 60
    return profile.model_copy(update=update), where


def _ordinary_week(profile: LearnerProfile, availability: dict[str, list[TimeWindow]]) -> int:
    """Minutes an ordinary week offers with these windows (daily cap applied)."""
    total = 0
    for windows in availability.values():
        day = sum(w.minutes for w in windows if w.minutes >= profile.session.min_minutes)
        if profile.max_hours_per_day is not None:
            day = min(day, math.floor(profile.max_hours_per_day * 60 + 1e-9))
        total += day
    return total


def _hours_value(minutes: int) -> str:
    return f"{minutes / 60:g}"


def extra_time_fix(roadmap: Roadmap, profile: LearnerProfile, checker: Checker) -> Fix | None:
    """Fewest extra quarter hours a week that give a plan."""
    order = day_order(roadmap, profile)

    def make(units: int) -> Inputs | None:
        changed = with_extra_time(profile, units * STEP, order)
        return None if changed is None else (roadmap, changed[0])

    found = smallest(1, most_extra(profile, order) // STEP, make, checker)
    if found is None:
        return None
    return Fix(
        changes=extra_time_changes(profile, found.value * STEP, order), verified=found.verified
    )


def extra_time_changes(profile: LearnerProfile, minutes: int, order: list[str]) -> list[Change]:
    """The changes of :func:`with_extra_time`, in words."""
    changed = with_extra_time(profile, minutes, order)
    assert changed is not None  # the search only returns values that exist
    new_profile, where = changed
    changed_days = [
        d for d in WEEKDAYS if new_profile.availability.get(d) != profile.availability.get(d)
    ]
    changes = [
        Change(
            kind="extra-hours-per-week",
            target=",".join(changed_days),
            value=_hours_value(minutes),
            availability={d: [str(w) for w in new_profile.availability[d]] for d in changed_days},
            message=f"add {hours(minutes)} a week, e.g. {' and '.join(where)}",
        )
    ]
    if new_profile.max_hours_per_week != profile.max_hours_per_week:
        changes.append(
            Change(
                kind="raise-weekly-cap",
                value=f"{new_profile.max_hours_per_week:g}",
                message=f"raise max_hours_per_week from {profile.max_hours_per_week:g} to"
                f" {new_profile.max_hours_per_week:g}",
            )
        )
    return changes


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
    whole = [m for m in phase.modules if m.weeks.max == old]
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

    def make(units: int) -> Inputs | None:
        changed = with_extra_time(free, units * STEP, order)
        return None if changed is None else (roadmap, changed[0])

    more = smallest(1, most_extra(free, order) // STEP, make, checker)
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
    limit = week_of(profile.start, horizon) + 1
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
    if not any(f.verified for f in fixes) and checker.budget.left() > 0:
        fix = combined_fix(roadmap, profile, checker)
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
