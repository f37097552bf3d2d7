"""An earlier export of another roadmap's plan is refused as the previous calendar.

None of its events is in the new plan, so every one of them used to be written out as
cancelled: importing the file removed the other plan from the learner's calendar.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from aipm_planner.cli import main
from aipm_planner.errors import InputError
from aipm_planner.export.ics import to_ics
from aipm_planner.export.json_io import schedule_to_json
from aipm_planner.model import Roadmap

from .schedules import build, roadmap, tiny


def other_roadmap() -> Roadmap:
    return Roadmap.model_validate(roadmap().model_dump() | {"id": "other"})


def test_a_previous_calendar_of_another_roadmap_is_refused() -> None:
    other = to_ics(build(other_roadmap()))
    with pytest.raises(InputError) as caught:
        to_ics(tiny(), previous=other)
    assert str(caught.value) == (
        "the previous calendar is the plan of another roadmap, not of 'tiny': every one of"
        " its events would be cancelled\n"
        "  hint: give the calendar written for this roadmap's plan, or leave it out"
    )


def test_the_same_roadmap_and_files_from_elsewhere_are_fine() -> None:
    schedule = tiny()
    assert to_ics(schedule, previous=to_ics(schedule)) == to_ics(schedule)
    # A calendar that another program wrote (an app's export, say) is taken as it is.
    foreign = Calendar.from_ical(to_ics(build(other_roadmap())))
    foreign["PRODID"] = "-//Example Corp//Calendar 1.0//EN"
    cancelled = Calendar.from_ical(to_ics(schedule, previous=foreign)).walk("VEVENT")
    assert [e for e in cancelled if str(e.get("STATUS")) == "CANCELLED"]


def test_the_command_line_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.json").write_text(schedule_to_json(tiny()), encoding="utf-8")
    (tmp_path / "other.ics").write_bytes(to_ics(build(other_roadmap())))
    argv = ["replan", "--schedule", "plan.json", "--today", "2027-03-25", "--quiet"]
    assert main([*argv, "--previous", "other.ics", "--out", "new.ics"]) == 2
    assert capsys.readouterr().err.startswith(
        "error: other.ics: the previous calendar is the plan of another roadmap"
    )
    assert not (tmp_path / "new.ics").exists()
