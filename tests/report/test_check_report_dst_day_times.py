"""On the day the clocks change, the report's session times say which side of the change
they are on.

The night Berlin falls back, 02:00-03:00 happens twice: two sessions of one window were
listed as "01:30–02:55" and "02:05–03:30", which reads as an overlap although the second
starts ten minutes after the first ends. On the night the clocks go forward, "01:00–03:30
(90 min)" looked like a sum gone wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from schedule_builder import (
    assemble,
    make_sessions,
    milestones,
    module_plans,
    phase_plans,
    profile,
    solver_report,
    starts_ends,
)

from aipm_planner.export.html import render_html
from aipm_planner.model import Schedule

from .schedules import roadmap

BERLIN = ZoneInfo("Europe/Berlin")


def schedule(start: dt.date, timed: list[tuple[str, dt.datetime, int]]) -> Schedule:
    road, prof = roadmap(), profile(start, zone="Europe/Berlin")
    sessions = make_sessions(road, timed)
    return assemble(
        road,
        prof,
        sessions,
        modules=module_plans(road, prof.start, sessions, skipped=("extra",)),
        phases=phase_plans(road, prof.start, sessions),
        milestones=milestones(road, sessions, starts_ends),
        created=dt.datetime.combine(start, dt.time(0), BERLIN),
        report=solver_report({"finish": 1.0}),
        explanations=(),
    )


def listed(page: str) -> list[str]:
    section = page[page.index('<section id="next">') : page.index('<section id="modules">')]
    return re.findall(r"<li>(.*?) <strong>", section)


def test_the_repeated_hour_is_told_apart() -> None:
    night = dt.date(2027, 10, 31)  # a Sunday: 03:00 CEST becomes 02:00 CET
    plan = schedule(
        dt.date(2027, 10, 25),
        [
            ("intro", dt.datetime(2027, 10, 31, 1, 30, tzinfo=BERLIN), 85),
            ("intro", dt.datetime(2027, 10, 31, 2, 5, fold=1, tzinfo=BERLIN), 85),
            ("sql", dt.datetime(2027, 11, 1, 19, 0, tzinfo=BERLIN), 60),
            ("proto", dt.datetime(2027, 11, 3, 19, 0, tzinfo=BERLIN), 60),
        ],
    )
    page = render_html(plan, today=night)
    assert listed(page) == [
        "01:30 CEST–02:55 CEST",
        "02:05 CET–03:30 CET",
        "19:00–20:00",
        "19:00–20:00",
    ]


def test_the_skipped_hour_too() -> None:
    night = dt.date(2027, 3, 28)  # a Sunday: 02:00 CET becomes 03:00 CEST
    plan = schedule(
        dt.date(2027, 3, 22),
        [
            ("intro", dt.datetime(2027, 3, 28, 1, 0, tzinfo=BERLIN), 90),
            ("sql", dt.datetime(2027, 3, 29, 19, 0, tzinfo=BERLIN), 60),
            ("proto", dt.datetime(2027, 3, 31, 19, 0, tzinfo=BERLIN), 60),
        ],
    )
    page = render_html(plan, today=night)
    assert listed(page) == ["01:00 CET–03:30 CEST", "19:00–20:00", "19:00–20:00"]
