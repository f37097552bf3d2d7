"""The progress schema says which sessions a report may name: those that ended by
``as_of``. It said "started before as_of", but ``replan`` refuses a session still going
then (``report only sessions that are over``), so a tool that followed the schema failed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from export.schedules import tiny

from aipm_planner.errors import InputError
from aipm_planner.model.progress import Progress
from aipm_planner.replan import replan


def test_the_schema_and_replan_agree_on_a_session_still_going() -> None:
    description = Progress.model_json_schema()["properties"]["sessions"]["description"]
    assert "ended by as_of" in description
    assert "started before" not in description

    schedule = tiny()
    going = schedule.sessions[0]
    as_of = going.start + dt.timedelta(minutes=10)
    with pytest.raises(InputError, match="report only sessions that are over"):
        replan(schedule, progress=Progress(as_of=as_of, sessions={going.uid: "done"}))
