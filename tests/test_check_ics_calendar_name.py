"""The calendar's name is TEXT (RFC 7986): commas, semicolons and backslashes are escaped.

A roadmap titled ``Data, AI; C:\\new`` used to give ``X-WR-CALNAME:Data, AI; C:\\new study
plan``, which readers that follow the RFC (vobject, the ``ical`` package) took as a
backslash escape: the name came back with a line break in it.
"""

from __future__ import annotations

import vobject
from export.schedules import build, roadmap
from ical.calendar_stream import IcsCalendarStream

from aipm_planner.export.ics import to_ics
from aipm_planner.model import Schedule

TITLE = "Data, AI; C:\\new"


def schedule() -> Schedule:
    return build(roadmap(title=TITLE))


def test_the_name_is_escaped_in_the_file() -> None:
    data = to_ics(schedule())
    escaped = b"Data\\, AI\\; C:\\\\new study plan"
    assert b"\r\nNAME:" + escaped + b"\r\n" in data
    assert b"\r\nX-WR-CALNAME:" + escaped + b"\r\n" in data


def test_strict_readers_get_the_title_back() -> None:
    text = to_ics(schedule()).decode("utf-8")
    expected = f"{TITLE} study plan"
    calendar = vobject.readOne(text)
    assert calendar.contents["x-wr-calname"][0].value == expected
    assert calendar.contents["name"][0].value == expected
    assert IcsCalendarStream.calendar_from_ics(text).name == [expected]
