"""The benchmark scenarios: the built-in roadmap and generated roadmaps, from a seed.

Scenario numbers follow the benchmark issue:

1. the built-in ``ai-product-manager`` roadmap with the default profile;
2. the same with a tight profile (4 h a week, a deadline, two holidays, a busy calendar);
3. 40 generated modules over about 60 weeks (the default profile's evenings);
4. 200 generated modules over about 2 years, several windows a day;
5. 500 generated modules over about 3 years in 12 phases, several windows a day.

Everything is fixed (start 2027-01-04, zone Europe/Berlin, seed 0) so two runs measure the
same inputs. Generated roadmaps are feasible by construction, see :func:`generated_roadmap`
and :func:`construction_problems`.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aipm_planner.loading import default_profile
from aipm_planner.model import LearnerProfile, Roadmap
from aipm_planner.roadmaps import builtin_roadmap

__all__ = [
    "SCENARIOS",
    "TODAY",
    "ZONE",
    "Scenario",
    "Shape",
    "busy_calendar_text",
    "construction_problems",
    "generated_roadmap",
    "nominal_weekly_minutes",
    "scenario",
]

TODAY = dt.date(2027, 1, 1)
"""The default profile starts on the first Monday after this day: 2027-01-04."""
ZONE = "Europe/Berlin"
SCENARIOS = (1, 2, 3, 4, 5)
"""Scenarios that plan in-process (6, the CLI end to end, is run by ``benchmarks.run``)."""

# Several windows a day: early morning, lunch, evening, and two blocks at the weekend.
_BUSY_WEEK: dict[str, list[str]] = {
    **{d: ["06:30-07:30", "12:15-13:15", "19:00-21:00"] for d in ("mon", "tue", "wed", "thu")},
    "fri": ["06:30-07:30", "12:15-13:15"],
    "sat": ["09:00-12:00", "14:00-16:00"],
    "sun": ["10:00-12:00"],
}


@dataclass(frozen=True)
class Shape:
    """What a generated roadmap looks like: size, length and how full its weeks are."""

    modules: int
    phases: int
    weeks: int
    """Target total length; phase ranges are drawn around ``weeks / phases`` each."""
    fill: float
    """Share of the weekly capacity the effort may use at the phases' minimum lengths."""


SHAPES: dict[int, Shape] = {
    3: Shape(modules=40, phases=6, weeks=60, fill=0.7),
    4: Shape(modules=200, phases=8, weeks=104, fill=0.6),
    5: Shape(modules=500, phases=12, weeks=156, fill=0.6),
}


@dataclass(frozen=True)
class Scenario:
    """One benchmark input."""

    number: int
    title: str
    roadmap: Roadmap
    profile: LearnerProfile

    @property
    def modules(self) -> int:
        """How many modules the roadmap has."""
        return sum(1 for _ in self.roadmap.modules())


def scenario(number: int, *, workdir: Path, seed: int = 0) -> Scenario:
    """Build scenario ``number`` (1-5); scenario 2 writes its busy calendar into ``workdir``."""
    base = default_profile(today=TODAY, timezone=ZONE)
    if number == 1:
        return Scenario(1, "built-in roadmap, default profile", _builtin(), base)
    if number == 2:
        return Scenario(2, "built-in roadmap, tight profile", _builtin(), tight_profile(workdir))
    if number == 3:
        profile = base
        title = "40 modules, ~60 weeks"
    elif number == 4:
        profile = _many_windows(base)
        title = "200 modules, ~2 years, several windows a day"
    elif number == 5:
        profile = _many_windows(base)
        title = "500 modules, ~3 years, 12 phases"
    else:
        raise ValueError(f"no scenario {number}; choose one of {SCENARIOS}")
    shape = SHAPES[number]
    roadmap = generated_roadmap(shape, nominal_weekly_minutes(profile), seed=seed)
    return Scenario(number, title, roadmap, profile)


def _builtin() -> Roadmap:
    return builtin_roadmap("ai-product-manager")


def _many_windows(base: LearnerProfile) -> LearnerProfile:
    data: dict[str, Any] = base.model_dump()
    data.update(
        name="several windows a day",
        availability=_BUSY_WEEK,
        session={"min_minutes": 30, "max_minutes": 120, "break_minutes": 10},
    )
    return LearnerProfile.model_validate(data)


def tight_profile(workdir: Path) -> LearnerProfile:
    """4 h a week at most, a deadline, a summer and a winter holiday, a busy calendar."""
    workdir.mkdir(parents=True, exist_ok=True)
    calendar = workdir / "busy.ics"
    calendar.write_bytes(busy_calendar_text().encode())
    base = default_profile(today=TODAY, timezone=ZONE)
    return LearnerProfile.model_validate(
        {
            "name": "tight",
            "timezone": ZONE,
            "start": base.start,
            "deadline": base.start + dt.timedelta(weeks=78, days=-1),
            "availability": {
                "mon": ["19:00-21:00"],
                "tue": ["19:00-21:00"],
                "thu": ["19:00-21:00"],
                "sat": ["09:00-12:00"],
            },
            "max_hours_per_week": 4,
            "session": {"min_minutes": 45, "max_minutes": 90, "break_minutes": 15},
            "blackouts": ["2027-07-26..2027-08-08", "2027-12-23..2028-01-02"],
            "busy_calendars": [str(calendar)],
        }
    )


def busy_calendar_text() -> str:
    """A small busy calendar: a weekly Tuesday choir rehearsal and three one-off evenings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//aipm-planner benchmarks//busy//EN",
        "BEGIN:VEVENT",
        "UID:choir@bench.example",
        "DTSTAMP:20260101T000000Z",
        "DTSTART;TZID=Europe/Berlin:20270105T190000",
        "DTEND;TZID=Europe/Berlin:20270105T203000",
        "RRULE:FREQ=WEEKLY;BYDAY=TU",
        "SUMMARY:Choir",
        "END:VEVENT",
    ]
    for day in ("20270215", "20270510", "20271018"):
        lines += [
            "BEGIN:VEVENT",
            f"UID:dinner-{day}@bench.example",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Europe/Berlin:{day}T183000",
            f"DTEND;TZID=Europe/Berlin:{day}T223000",
            "SUMMARY:Dinner",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def nominal_weekly_minutes(profile: LearnerProfile) -> int:
    """Minutes of an ordinary week: every window, daily and weekly caps applied."""
    total = 0
    for weekday in range(7):
        day = sum(w.minutes for w in profile.windows_on(weekday))
        if profile.max_hours_per_day is not None:
            day = min(day, int(profile.max_hours_per_day * 60))
        total += day
    if profile.max_hours_per_week is not None:
        total = min(total, int(profile.max_hours_per_week * 60))
    return total


def _split(total: int, parts: int, rng: random.Random, low: float, high: float) -> list[int]:
    """``total`` cut into ``parts`` positive integers of jittered size."""
    weights = [rng.uniform(low, high) for _ in range(parts)]
    scale = total / sum(weights)
    sizes = [max(1, math.floor(w * scale)) for w in weights]
    for i in range(total - sum(sizes)):
        sizes[i % parts] += 1
    return sizes


def generated_roadmap(shape: Shape, weekly_minutes: int, *, seed: int = 0) -> Roadmap:
    """A realistic roadmap that fits ``weekly_minutes`` a week by construction.

    Each phase gets a week range around its share of ``shape.weeks``. Its modules form
    parallel tracks of prerequisite chains (``L`` positions; a module requires the one
    before it in its track, sometimes also one of another track's previous position, and a
    phase's first modules sometimes a module of the previous phase). Every module's minimum
    span is ``phase min // L``, so any prerequisite chain fits the phase's minimum length;
    its maximum is a few weeks more. Effort: a module gets at most its minimum span times
    ``fill`` times an even share of the weekly capacity among the tracks, so all tracks run
    side by side within the phase's minimum length with room to spare.
    """
    rng = random.Random(seed)
    phase_weeks = _split(shape.weeks, shape.phases, rng, 0.7, 1.3)
    module_counts = _split(shape.modules - 2 * shape.phases, shape.phases, rng, 0.6, 1.4)
    phases: list[dict[str, Any]] = []
    previous: list[str] = []
    for p, (weeks, extra) in enumerate(zip(phase_weeks, module_counts, strict=True), start=1):
        count = extra + 2
        lo = max(2, round(weeks * 0.85))
        hi = max(lo + 1, round(weeks * 1.2) + 1)
        positions = min(lo, count, rng.randint(2, 4))
        tracks = math.ceil(count / positions)
        span_lo = max(1, lo // positions)
        share = weekly_minutes * shape.fill / tracks
        modules: list[dict[str, Any]] = []
        ids = [f"p{p:02d}-m{j + 1:03d}" for j in range(count)]
        for j, module_id in enumerate(ids):
            track, position = j % tracks, j // tracks
            requires: list[str] = []
            if position > 0:
                requires.append(ids[j - tracks])
                if tracks > 1 and rng.random() < 0.2:
                    other = (track + rng.randint(1, tracks - 1)) % tracks
                    requires.append(ids[(position - 1) * tracks + other])
            elif previous and rng.random() < 0.3:
                requires.append(rng.choice(previous))
            hours = span_lo * share / 60 * rng.uniform(0.6, 1.0)
            modules.append(
                {
                    "id": module_id,
                    "title": f"Phase {p} module {j + 1}",
                    "weeks": {"min": span_lo, "max": min(hi, span_lo + rng.randint(1, 3))},
                    "hours": max(1.0, math.floor(hours * 2) / 2),
                    "kind": rng.choice(["course", "course", "practice", "project"]),
                    "teaches": {f"skill-{rng.randint(1, 30)}": rng.randint(1, 3)},
                    "requires": requires,
                }
            )
        phases.append(
            {
                "id": f"p{p:02d}",
                "title": f"Phase {p}",
                "weeks": {"min": lo, "max": hi},
                "modules": modules,
            }
        )
        previous = ids
    return Roadmap.model_validate(
        {
            "id": f"bench-{shape.modules}",
            "title": f"Benchmark roadmap: {shape.modules} modules",
            "phases": phases,
        }
    )


def construction_problems(roadmap: Roadmap, weekly_minutes: int) -> list[str]:
    """Why ``roadmap`` might not fit ``weekly_minutes`` a week (``[]``: it fits with slack).

    Checks the three rules the generator builds in: a phase's effort fits its maximum
    weeks at 80 % of the capacity; a module's effort fits its maximum weeks; a module's
    minimum span is at most its phase's minimum span.
    """
    problems: list[str] = []
    for phase in roadmap.phases:
        effort = sum(m.hours for m in phase.modules) * 60
        if effort > phase.weeks.max * weekly_minutes * 0.8:
            problems.append(f"phase {phase.id}: {effort:.0f} min does not fit its weeks")
        for module in phase.modules:
            if module.hours * 60 > module.weeks.max * weekly_minutes:
                problems.append(f"module {module.id}: effort does not fit its weeks")
            if module.weeks.min > phase.weeks.min:
                problems.append(f"module {module.id}: longer than its phase at minimum")
    return problems
