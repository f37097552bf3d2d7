"""The exports refuse arguments of the wrong kind with an InputError naming the keyword.

``alarm_minutes=1.5`` wrote a reminder of ``-PT1M30S`` and ``"10"`` raised a bare
TypeError, although the command line takes whole minutes only; ``previous=123`` raised an
AttributeError; ``render_html(today=...)`` raised a TypeError for a datetime (a date of a
moment, taken now in the learner's zone) and for text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from aipm_planner.errors import InputError
from aipm_planner.export import render_html
from aipm_planner.export.ics import to_ics

from .schedules import tiny


@pytest.mark.parametrize("minutes", [1.5, "10", True])
def test_a_reminder_is_whole_minutes(minutes: Any) -> None:
    with pytest.raises(InputError) as info:
        to_ics(tiny(), alarm_minutes=minutes)
    assert (info.value.field, info.value.value) == ("alarm_minutes", minutes)


@pytest.mark.parametrize("previous", [123, ["study-plan.ics"]])
def test_previous_of_another_kind(previous: Any) -> None:
    with pytest.raises(InputError) as info:
        to_ics(tiny(), previous=previous)
    assert info.value.field == "previous"
    assert str(info.value).startswith("previous: must be the previous calendar")


def test_today_as_a_moment_is_its_local_day() -> None:
    # 23:30 UTC on 22 March is already 23 March in Berlin.
    moment = dt.datetime(2027, 3, 22, 23, 30, tzinfo=dt.UTC)
    assert render_html(tiny(), today=moment) == render_html(tiny(), today=dt.date(2027, 3, 23))


def test_today_as_text_is_refused() -> None:
    with pytest.raises(InputError) as info:
        render_html(tiny(), today="2027-03-23")  # type: ignore[arg-type]
    assert (info.value.field, info.value.value) == ("today", "2027-03-23")
