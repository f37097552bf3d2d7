"""The few lines a learner reads after planning: when they finish, how much a week, what changed.

>>> print(summary_text(schedule, [("Calendar", "study-plan.ics")]))  # doctest: +SKIP
Study plan: AI Product Manager
  Finish:   Sat 2027-09-18, after 37 weeks
  ...
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from aipm_planner.model import PhasePlan, Schedule
from aipm_planner.weeks import week_of_instant

__all__ = ["summary_text"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def summary_text(schedule: Schedule, outputs: Sequence[tuple[str, str]] = ()) -> str:
    """Plain-text summary of a schedule; ``outputs`` are (what, where) pairs of written files.

    Plan weeks are shown 1-based, as a learner counts them ("week 1" is the first week).
    """
    profile = schedule.profile
    zone = profile.zone
    lines = [f"Study plan: {schedule.roadmap.title}"]
    if schedule.finish is None or not schedule.sessions:
        lines.append("  Nothing to study: every module was skipped or credited.")
    else:
        minutes_by_week: Counter[int] = Counter()
        for session in schedule.sessions:
            minutes_by_week[week_of_instant(profile.start, session.start, zone)] += session.minutes
        # The phases' last days and weeks are those of their last sessions (one ending at
        # 24:00 included), as the schedule already gives them.
        last = max(p.end for p in schedule.phases if p.end is not None)
        weeks = max(p.last_week for p in schedule.phases if p.last_week is not None) + 1
        total = sum(minutes_by_week.values()) / 60
        peak = max(minutes_by_week.values()) / 60
        lines += [
            f"  Start:    {_day(profile.start)}",
            f"  Finish:   {_day(last)}, after {weeks} week{'s' if weeks != 1 else ''}",
            f"  Study:    {_hours(total)} in {len(schedule.sessions)} sessions;"
            f" {_hours(total / weeks)} a week on average, {_hours(peak)} at most",
        ]
    lines += ["", "Phases:"]
    width = max((len(p.title) for p in schedule.phases), default=0)
    lines += [f"  {p.title.ljust(width)}  {_phase_span(p)}" for p in schedule.phases]
    if schedule.explanations:
        lines += ["", "Skipped or changed:"]
        lines += [f"  - {text}" for text in schedule.explanations]
    report = schedule.report
    if report.status == "optimal":
        quality = "optimal (proven: no plan finishes earlier)"
    else:
        quality = f"feasible, within {report.gap:.1%} of the best possible finish"
    lines += ["", f"Solver: {quality}; {report.wall_time:.1f} s"]
    if outputs:
        lines.append("")
        width = max(len(what) for what, _ in outputs)
        lines += [f"{(what + ':').ljust(width + 1)} {where}" for what, where in outputs]
    return "\n".join(lines)


def _phase_span(phase: PhasePlan) -> str:
    if phase.status == "skipped" or phase.start is None or phase.end is None:
        return "skipped"
    first = (phase.first_week or 0) + 1
    last = (phase.last_week or 0) + 1
    weeks = f"week {first}" if first == last else f"weeks {first}-{last}"
    return f"{_day(phase.start)} - {_day(phase.end)} ({weeks})"


def _day(day: dt.date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.isoformat()}"


def _hours(hours: float) -> str:
    return f"{hours:.1f} h"
