"""plan(), replan() and diagnose() refuse out-of-range solver options with an InputError
naming the keyword, as the command line does, instead of an internal error from CP-SAT or
an unoptimized plan for a time limit of 0."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from schedule_builder import profile

from aipm_planner import InputError, LearnerProfile, Roadmap, diagnose, plan, replan

ROADMAP = Roadmap.model_validate(
    {
        "id": "options",
        "title": "Options",
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
PROFILE: LearnerProfile = profile(dt.date(2027, 1, 4))

BAD = [
    ({"time_limit": 0}, "time_limit", 0),
    ({"time_limit": -1.5}, "time_limit", -1.5),
    ({"time_limit": float("inf")}, "time_limit", float("inf")),
    ({"seed": -1}, "seed", -1),
    ({"seed": 2**40}, "seed", 2**40),
    ({"workers": -3}, "workers", -3),
    ({"workers": 2**40}, "workers", 2**40),
]


@pytest.mark.parametrize(("options", "field", "value"), BAD)
def test_plan_names_the_bad_option(options: dict[str, Any], field: str, value: object) -> None:
    with pytest.raises(InputError) as info:
        plan(ROADMAP, PROFILE, **options)
    assert (info.value.field, info.value.value) == (field, value)
    assert str(info.value).startswith(f"{field}: {value!r} is not a ")


def test_a_nan_time_limit_is_refused() -> None:
    with pytest.raises(InputError) as info:
        plan(ROADMAP, PROFILE, time_limit=float("nan"))
    assert info.value.field == "time_limit"


def test_replan_and_diagnose_check_them_too() -> None:
    schedule = plan(ROADMAP, PROFILE, time_limit=5, workers=0)
    now = dt.datetime(2027, 1, 5, tzinfo=dt.UTC)
    with pytest.raises(InputError) as info:
        replan(schedule, now=now, workers=-1)
    assert info.value.field == "workers"
    with pytest.raises(InputError) as info:
        replan(schedule, now=now, time_limit=0)
    assert info.value.field == "time_limit"
    with pytest.raises(InputError) as info:
        diagnose(ROADMAP, PROFILE, time_limit=-1)
    assert info.value.field == "time_limit"
