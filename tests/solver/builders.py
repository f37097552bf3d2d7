"""Tiny roadmaps and profiles for the solver tests, written as data a test can read.

Every profile starts on Monday 2027-01-04 (week 0 is 2027-01-04..2027-01-10, week 1 starts on
Monday 2027-01-11) in UTC unless a test says otherwise, with sessions of 30-120 minutes and a
10-minute break, so a test states only what it changes::

    road = roadmap(phase("p", 1, module("a", hours=1)))
    prof = profile({"mon": ["19:00-21:00"]}, max_hours_per_day=1)
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from aipm_planner.model import LearnerProfile, Roadmap, Schedule
from aipm_planner.solver.problem import Problem

START = dt.date(2027, 1, 4)
"""Monday: the first day of plan week 0 in every profile built here."""


def module(
    mid: str,
    weeks: int | str = 1,
    hours: float = 1,
    *,
    requires: tuple[str, ...] = (),
    teaches: dict[str, int] | None = None,
) -> dict[str, Any]:
    """A module as roadmap data; its title is its id in upper case."""
    data: dict[str, Any] = {"id": mid, "title": mid.upper(), "weeks": weeks, "hours": hours}
    if requires:
        data["requires"] = list(requires)
    if teaches:
        data["teaches"] = dict(teaches)
    return data


def phase(
    pid: str, weeks: int | str, *modules: dict[str, Any], after: list[str] | None = None
) -> dict[str, Any]:
    """A phase as roadmap data; ``after`` None means "after the previous phase"."""
    data: dict[str, Any] = {
        "id": pid,
        "title": pid.upper(),
        "weeks": weeks,
        "modules": list(modules),
    }
    if after is not None:
        data["after"] = after
    return data


def roadmap(*phases: dict[str, Any]) -> Roadmap:
    """A roadmap with id ``t`` made of these phases."""
    return Roadmap.model_validate({"id": "t", "title": "Tiny", "phases": list(phases)})


def profile(availability: dict[str, list[str]], **fields: Any) -> LearnerProfile:
    """A UTC profile starting on :data:`START` with these weekly windows."""
    data: dict[str, Any] = {
        "timezone": "UTC",
        "start": START.isoformat(),
        "availability": availability,
        "session": {"min_minutes": 30, "max_minutes": 120, "break_minutes": 10},
    }
    return LearnerProfile.model_validate(data | fields)


def at(day: dt.date | str, clock: str, zone: str = "UTC") -> dt.datetime:
    """The aware instant of a local date and ``HH:MM`` in ``zone``."""
    date = dt.date.fromisoformat(day) if isinstance(day, str) else day
    hour, minute = (int(part) for part in clock.split(":"))
    return dt.datetime.combine(date, dt.time(hour, minute), ZoneInfo(zone))


def minutes_after_start(instant: dt.datetime) -> int:
    """Minutes from midnight (UTC) of :data:`START` to ``instant``: the solver's time grid."""
    return int((instant - at(START, "00:00")).total_seconds() // 60)


def spans(schedule: Schedule) -> list[tuple[str, str, str]]:
    """Sessions as ``(module, local start, local end)``, e.g. ``("a", "01-04 19:00", "19:45")``."""
    return [(s.module_id, f"{s.start:%m-%d %H:%M}", f"{s.end:%H:%M}") for s in schedule.sessions]


def problem_of(road: Roadmap, prof: LearnerProfile) -> Problem:
    """The solver's problem for a roadmap and a profile, as ``plan()`` builds it."""
    from aipm_planner.effort import prepare
    from aipm_planner.planning import build_problem, plan_availability

    return build_problem(prepare(road, prof), plan_availability(road, prof), prof)
