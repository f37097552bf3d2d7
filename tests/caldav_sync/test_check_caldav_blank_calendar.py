"""A blank calendar name is refused before anything is written.

No calendar is found by an empty display name, so ``--calendar ""`` made a new nameless
calendar on every sync and wrote the whole plan into it again: the second sync of the same
plan was not a no-op, and the account filled up with unnamed calendars.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aipm_planner import sync_caldav
from aipm_planner.cli import main
from aipm_planner.errors import InputError
from aipm_planner.export.json_io import schedule_to_json

from . import dav, plans
from .server import Radicale


@pytest.mark.parametrize("name", ["", "   "])
def test_the_library_refuses_it(radicale: Radicale, user: str, name: str) -> None:
    before = dav.calendar_names(radicale.url, user)
    with pytest.raises(InputError) as caught:
        sync_caldav(plans.schedule(), radicale.url, calendar=name, username=user, password="x")
    assert (caught.value.field, caught.value.value) == ("calendar", name)
    assert dav.calendar_names(radicale.url, user) == before


def test_the_command_line_names_the_option(
    radicale: Radicale, user: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(schedule_to_json(plans.schedule()), encoding="utf-8")
    argv = ["sync", "--caldav-url", radicale.url, "--username", user, "--calendar", ""]

    code = main([*argv, "--schedule", str(plan_file)])

    assert code == 2
    assert capsys.readouterr().err == (
        "error: --calendar: the calendar needs a name\n"
        "  hint: name the calendar to sync to (default: 'Study plan')\n"
    )
    assert dav.calendar_names(radicale.url, user) == []
