"""plan(), replan() and diagnose() refuse solver options that are not numbers of the right
kind with an InputError naming the keyword: a time limit given as text or None, a seed or a
number of workers that is not a whole number. They raised a bare TypeError, from a
comparison or from CP-SAT after the windows were already expanded."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest
from schedule_builder import profile

from aipm_planner import InputError, LearnerProfile, Roadmap, diagnose, plan, replan

ROADMAP = Roadmap.model_validate(
    {
        "id": "option-types",
        "title": "Option types",
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

BAD: list[tuple[dict[str, Any], str]] = [
    ({"time_limit": "3"}, "time_limit"),
    ({"time_limit": None}, "time_limit"),
    ({"time_limit": True}, "time_limit"),
    ({"seed": 1.5}, "seed"),
    ({"seed": "1"}, "seed"),
    ({"seed": None}, "seed"),
    ({"workers": 1.5}, "workers"),
    ({"workers": "2"}, "workers"),
]


@pytest.mark.parametrize(("options", "field"), BAD)
def test_plan_names_the_option(options: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as info:
        plan(ROADMAP, PROFILE, **options)
    assert (info.value.field, info.value.value) == (field, options[field])
    assert str(info.value).startswith(f"{field}: {options[field]!r} is not a ")


def test_replan_and_diagnose_name_it_too() -> None:
    schedule = plan(ROADMAP, PROFILE, time_limit=5)
    now = dt.datetime(2027, 1, 5, tzinfo=dt.UTC)
    with pytest.raises(InputError) as info:
        replan(schedule, now=now, seed=2.0)  # type: ignore[arg-type]
    assert info.value.field == "seed"
    with pytest.raises(InputError) as info:
        diagnose(ROADMAP, PROFILE, time_limit="10")  # type: ignore[arg-type]
    assert info.value.field == "time_limit"


def test_numbers_of_other_types_are_taken() -> None:
    schedule = plan(ROADMAP, PROFILE, time_limit=Fraction(5), seed=3, workers=0)  # type: ignore[arg-type]
    assert schedule.sessions
