"""The built-in roadmap with the default profile: planned, verified, proven optimal.

The default profile (Berlin, from Monday 2027-01-04: Mon-Thu 19:00-21:00 and Sat
09:00-12:00, 11 h a week) has enough time for every phase at its minimum length, so the
finish is set by the chain of minimum phase lengths: 4 + 12 + 12 + 12 + 8 = 48 weeks, less
one week for each of the four boundaries, because a phase may begin in the week its
predecessor ends: 44 weeks, plan weeks 0..43.
"""

from __future__ import annotations

import datetime as dt

import pytest

from aipm_planner.loading import default_profile
from aipm_planner.model import Schedule, WeekRange
from aipm_planner.planning import plan
from aipm_planner.roadmaps import builtin_roadmap
from aipm_planner.verify import verify
from aipm_planner.weeks import week_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def schedule() -> Schedule:
    profile = default_profile(today=dt.date(2027, 1, 1), timezone="Europe/Berlin")
    assert profile.start == dt.date(2027, 1, 4)
    return plan(builtin_roadmap("ai-product-manager"), profile, time_limit=30)


def test_it_plans_and_verifies(schedule: Schedule) -> None:
    assert verify(schedule) == []


def test_it_finishes_in_week_43(schedule: Schedule) -> None:
    assert schedule.finish is not None
    assert week_of(schedule.profile.start, schedule.finish.date()) == 43
    assert max(p.last_week for p in schedule.phases if p.last_week is not None) == 43


def test_it_is_proven_optimal(schedule: Schedule) -> None:
    assert schedule.report.status == "optimal"
    assert schedule.report.gap == 0


def test_every_span_is_inside_its_range(schedule: Schedule) -> None:
    spans: list[tuple[str, WeekRange | None, int | None, int | None, str]] = [
        (m.module_id, m.weeks, m.first_week, m.last_week, m.status) for m in schedule.modules
    ]
    spans += [(p.phase_id, p.weeks, p.first_week, p.last_week, p.status) for p in schedule.phases]
    for subject, weeks, first, last, status in spans:
        assert status == "scheduled", subject
        assert weeks is not None, subject
        assert first is not None, subject
        assert last is not None, subject
        assert weeks.min <= last - first + 1 <= weeks.max, subject
    # Nothing was shortened by prior skills, so the ranges are the roadmap's own.
    assert [p.weeks for p in schedule.phases] == [p.weeks for p in schedule.roadmap.phases]
