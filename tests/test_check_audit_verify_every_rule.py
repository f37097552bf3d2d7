"""Every rule code of verify() has a schedule that breaks it, and only it.

``test_verify.py`` breaks the rules one test at a time; nothing there fails when a rule code
is added to :data:`aipm_planner.verify.RULES` without such a test, or when a check stops
reporting under its own code. Here each code maps to one broken schedule (built from the
same valid one), checked to give exactly that code, and the map must name every code.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_verify import A1, A2, B1, C1, VALID, profile, roadmap, s, schedule

from aipm_planner.model import Schedule
from aipm_planner.verify import RULES, verify


def naive() -> Schedule:
    plan = schedule(VALID)
    start = A2.start.replace(tzinfo=None)
    return plan.model_copy(
        update={"sessions": [A1, A2.model_copy(update={"start": start}), B1, C1]}
    )


BROKEN: dict[str, Callable[[], Schedule]] = {
    "timezone": naive,
    "unknown-module": lambda: schedule([A1, A2, B1, C1, s("zzz", 1, "2027-01-09", "10:10-10:40")]),
    "uid": lambda: schedule([s("a", 1, "2027-01-04", "19:00-21:00", uid="x@example"), A2, B1, C1]),
    "ordinal": lambda: schedule(
        [s("a", 2, "2027-01-04", "19:00-21:00"), s("a", 1, "2027-01-06", "19:00-20:00"), B1, C1]
    ),
    "start": lambda: schedule(VALID, profile(start="2027-01-05", deadline="2027-01-31")),
    "deadline": lambda: schedule(VALID, profile(deadline="2027-01-10")),
    "blackout": lambda: schedule(VALID, profile(blackouts=["2027-01-09"])),
    "window": lambda: schedule([A1, s("a", 2, "2027-01-06", "18:30-19:30"), B1, C1]),
    "overlap": lambda: schedule(
        [
            s("a", 1, "2027-01-04", "19:00-20:00"),
            s("a", 2, "2027-01-04", "19:50-20:50"),
            s("a", 3, "2027-01-06", "19:00-20:00"),
            B1,
            C1,
        ]
    ),
    "break": lambda: schedule(
        [
            s("a", 1, "2027-01-04", "19:00-20:00"),
            s("a", 2, "2027-01-04", "20:05-21:00"),
            s("a", 3, "2027-01-06", "19:00-20:05"),
            B1,
            C1,
        ]
    ),
    "session-length": lambda: schedule(
        VALID, profile(session={"min_minutes": 30, "max_minutes": 100, "break_minutes": 10})
    ),
    "daily-cap": lambda: schedule(VALID, profile(max_hours_per_day=1.5)),
    "weekly-cap": lambda: schedule(VALID, profile(max_hours_per_week=3.5)),
    "effort": lambda: schedule([A1, A2, B1, s("c", 1, "2027-01-11", "19:00-20:30")]),
    "module-range": lambda: schedule(VALID, the_roadmap=roadmap(a={"weeks": "2-3"})),
    "phase-range": lambda: schedule(
        [
            A1,
            A2,
            B1,
            s("c", 1, "2027-01-11", "19:00-20:00"),
            s("c", 2, "2027-01-18", "19:00-20:00"),
        ],
        the_roadmap=roadmap(c={"weeks": "1-2"}),
    ),
    "phase-order": lambda: schedule(
        [A1, A2, s("c", 1, "2027-01-09", "09:00-11:00"), s("b", 1, "2027-01-09", "11:10-12:10")]
    ),
    "prerequisite": lambda: schedule(
        [A1, s("b", 1, "2027-01-06", "19:00-20:00"), s("a", 2, "2027-01-09", "09:00-10:00"), C1]
    ),
}


def test_every_rule_has_a_schedule_that_breaks_it() -> None:
    assert sorted(BROKEN) == sorted(RULES)


def test_the_valid_schedule_breaks_nothing() -> None:
    assert verify(schedule(VALID)) == []


# Rules that cannot break alone: a naive start leaves the session out of the effort count,
# and a blacked-out day has no availability window either.
ALSO = {"timezone": {"effort"}, "blackout": {"window"}}


@pytest.mark.parametrize("rule", RULES)
def test_each_broken_schedule_breaks_its_rule(rule: str) -> None:
    found = {v.rule for v in verify(BROKEN[rule]())}
    assert found == {rule} | ALSO.get(rule, set()), found
