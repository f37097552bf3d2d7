"""The "more free time" fix: extra minutes on the days a learner can add them, checked by
solving again.
"""

from __future__ import annotations

import datetime as dt
import math

from aipm_planner.model import (
    WEEKDAYS,
    Change,
    Fix,
    LearnerProfile,
    Roadmap,
    TimeWindow,
)
from aipm_planner.solver.fix_search import STEP, Checker, Found, Inputs, smallest
from aipm_planner.solver.prechecks import hours

__all__ = [
    "day_order",
    "extra_time_changes",
    "extra_time_fix",
    "least_extra_time",
    "most_extra",
    "with_extra_time",
]

PER_DAY = 180
"""Most extra minutes suggested on one weekday before spreading to the next."""
DAY_NAMES = dict(zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                 "Saturday", "Sunday"), strict=True))  # fmt: skip


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
    return max(_placeable(profile, order), default=0)


def _placeable(profile: LearnerProfile, order: list[str]) -> list[int]:
    """The extra quarter hours a week, in minutes, that :func:`with_extra_time` can place.

    Not every amount up to the most: with a daily cap of one session, a day takes a whole
    session or nothing, so 30 extra minutes may not fit where 60 do.
    """
    return [
        minutes
        for minutes in range(STEP, 7 * PER_DAY + 1, STEP)
        if with_extra_time(profile, minutes, order) is not None
    ]


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
    """Fewest extra quarter hours a week that give a plan.

    Extending the learner's windows comes first, in :func:`day_order`; each other day's
    window is tried first too, and new windows on free days, and kept when they need less:
    a session rule can leave the tail of one extended window too short for a session where
    a little more on another day, or a new window used whole, is enough.
    """
    order = day_order(roadmap, profile)
    found = least_extra_time(roadmap, profile, order, checker)
    if found is None:
        return None
    others = [[d, *(o for o in order if o != d)] for d in order[1:] if profile.availability.get(d)]
    fresh = sorted(order, key=lambda d: bool(profile.availability.get(d)))
    for other in [*others, fresh]:
        if not found.verified or found.value <= 1 or checker.budget.left() <= 0:
            break
        if other[0] == order[0]:
            continue
        less = least_extra_time(roadmap, profile, other, checker, below=found.value * STEP)
        if less is not None and less.verified:
            order, found = other, less
    return Fix(
        changes=extra_time_changes(profile, found.value * STEP, order), verified=found.verified
    )


def least_extra_time(
    roadmap: Roadmap,
    profile: LearnerProfile,
    order: list[str],
    checker: Checker,
    *,
    below: int | None = None,
) -> Found | None:
    """Fewest extra quarter hours a week, added to the days in ``order``, that give a plan
    for ``profile`` (only amounts under ``below`` minutes, when given)."""

    amounts = [a for a in _placeable(profile, order) if below is None or a < below]

    def make(index: int) -> Inputs | None:
        changed = with_extra_time(profile, amounts[index - 1], order)
        return None if changed is None else (roadmap, changed[0])

    found = smallest(1, len(amounts), make, checker)
    return None if found is None else Found(amounts[found.value - 1] // STEP, found.verified)


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
