"""An iCalendar file given where a roadmap, profile, progress report or schedule goes (a
new user trying ``examples/busy.ics`` or the plan's own ``study-plan.ics``) is named as
such. It was read as YAML: a text "not a mapping of fields" with a hint about roadmaps, or
a YAML syntax error at the first ``DESCRIPTION:`` holding ``': '``."""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner import InputError, load_profile, load_roadmap
from aipm_planner.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PLAN_LIKE = (
    "\ufeffBEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\n"
    "UID:a@b\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270104T180000Z\r\n"
    "SUMMARY:Study: week 1\r\nDESCRIPTION:Phase: one\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_the_example_busy_calendar(capsys: pytest.CaptureFixture[str]) -> None:
    busy = EXAMPLES / "busy.ics"
    assert main(["validate", str(busy)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"FAIL {busy}:1: this is an iCalendar (.ics) file, not YAML or JSON",
        "  hint: list a busy calendar in a profile (busy_calendars: [busy.ics]);"
        " give a calendar written earlier to --previous",
    ]


@pytest.mark.parametrize("load", [load_profile, load_roadmap])
def test_a_calendar_with_colons_in_its_text(tmp_path: Path, load: object) -> None:
    path = tmp_path / "study-plan.ics"
    path.write_text(PLAN_LIKE, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(path)  # type: ignore[operator]
    assert info.value.reason == "this is an iCalendar (.ics) file, not YAML or JSON"
    assert info.value.line == 1


def test_a_schedule_given_as_a_calendar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "study-plan.ics"
    path.write_text(PLAN_LIKE, encoding="utf-8")
    assert main(["report", "--schedule", str(path), "-o", str(tmp_path / "plan.html")]) == 2
    assert "this is an iCalendar (.ics) file" in capsys.readouterr().err
    assert not (tmp_path / "plan.html").exists()
