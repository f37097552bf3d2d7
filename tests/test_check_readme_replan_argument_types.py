"""replan() refuses a ``freeze_days`` that is not a whole number and a ``now`` that is not
a datetime with an InputError naming the keyword: 1.5 days was taken although the message
for -1 says "whole number", ``"2"`` raised a bare TypeError and a ``now`` given as text or
as a date an AttributeError."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from schedule_builder import profile

from aipm_planner import InputError, Roadmap, Schedule, plan, replan

ROADMAP = Roadmap.model_validate(
    {
        "id": "replan-arguments",
        "title": "Re-plan arguments",
        "phases": [
            {
                "id": "only",
                "title": "Only",
                "weeks": "1-2",
                "modules": [{"id": "intro", "title": "Intro", "weeks": "1-2", "hours": 2}],
            }
        ],
    }
)
NOW = dt.datetime(2027, 1, 5, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def schedule() -> Schedule:
    return plan(ROADMAP, profile(dt.date(2027, 1, 4)), time_limit=5)


@pytest.mark.parametrize("days", [1.5, "2", None, True])
def test_freeze_days_must_be_whole(schedule: Schedule, days: Any) -> None:
    with pytest.raises(InputError) as info:
        replan(schedule, now=NOW, freeze_days=days)
    assert (info.value.field, info.value.value) == ("freeze_days", days)


@pytest.mark.parametrize("now", ["2027-01-05T00:00:00+00:00", dt.date(2027, 1, 5), 0])
def test_now_must_be_a_datetime(schedule: Schedule, now: Any) -> None:
    with pytest.raises(InputError) as info:
        replan(schedule, now=now)
    assert (info.value.field, info.value.value) == ("now", now)


def test_a_whole_number_and_an_aware_datetime_are_taken(schedule: Schedule) -> None:
    assert replan(schedule, now=NOW, freeze_days=2, time_limit=5).sessions
