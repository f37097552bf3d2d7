"""``replan()`` refuses a check-in moment or a ``freeze_days`` out of range with an
:class:`InputError` naming the keyword, as the command line does.

A ``now`` outside the dates a plan can use came back as pydantic's ``ValidationError``
about a ``Progress`` the caller never made, and ``freeze_days=10**9`` as an
``OverflowError`` from deep inside; ``--today`` and ``--freeze-days`` were already checked.
"""

from __future__ import annotations

import datetime as dt

import pytest
from export.schedules import tiny

from aipm_planner.errors import InputError
from aipm_planner.model.progress import Progress
from aipm_planner.replan import replan


@pytest.mark.parametrize("year", [1900, 2400])
def test_a_moment_no_plan_can_use_is_an_input_error_naming_now(year: int) -> None:
    with pytest.raises(InputError) as caught:
        replan(tiny(), now=dt.datetime(year, 3, 3, tzinfo=dt.UTC), time_limit=1)
    assert caught.value.field == "now"
    assert "outside the dates a plan can use" in str(caught.value)


def test_a_freeze_longer_than_any_plan_is_an_input_error_naming_freeze_days() -> None:
    schedule = tiny()
    progress = Progress(as_of=schedule.sessions[0].start)
    with pytest.raises(InputError) as caught:
        replan(schedule, progress=progress, freeze_days=10**9, time_limit=1)
    assert caught.value.field == "freeze_days"
    assert caught.value.value == 10**9
    assert str(caught.value) == (
        "freeze_days: must be a whole number from 0 to 3653\n  hint: 0 freezes nothing"
    )
