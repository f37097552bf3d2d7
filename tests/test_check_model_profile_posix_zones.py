"""A profile's ``posix/`` zone name (the zone database's copy of a zone, which ``zoneinfo``
loads) is read as the plain IANA name.

It used to be kept as it was, so every calendar event carried ``TZID=posix/Europe/Berlin``:
a name calendar apps do not know, which they can only read through the file's VTIMEZONE
(some ignore it and show the time in their own zone). The default profile already reads
such a name as the plain zone.
"""

from __future__ import annotations

import datetime as dt

from schedule_builder import profile

from aipm_planner import Roadmap, plan, to_ics

TINY = {
    "id": "tiny",
    "title": "Tiny",
    "phases": [
        {
            "id": "p",
            "title": "P",
            "weeks": 1,
            "modules": [{"id": "a", "title": "A", "weeks": 1, "hours": 1}],
        }
    ],
}


def test_posix_zone_is_the_plain_zone() -> None:
    prof = profile(dt.date(2027, 1, 4), saturday=False, zone="posix/Europe/Berlin")
    assert prof.timezone == "Europe/Berlin"
    schedule = plan(Roadmap.model_validate(TINY), prof, time_limit=2)
    text = to_ics(schedule).decode()
    assert "TZID=Europe/Berlin:20270104T190000" in text
    assert "posix" not in text
