"""The re-plan's "Changes:" line counts sessions by their real instants on a fall-back night.

Europe/Berlin falls back on Sunday 2027-10-31: 03:00 CEST becomes 02:00 CET, so the wall
times 02:00-03:00 happen twice. A session moved from the first 02:10 to the second one
starts an hour later; a check-in in the second pass comes after a session of the first.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from schedule_builder import (
    assemble,
    make_sessions,
    milestones,
    module_plans,
    phase_plans,
    solver_report,
    starts_ends,
)

from aipm_planner.cli.replan_cmd import changes_text
from aipm_planner.model import LearnerProfile, Roadmap, Schedule

BERLIN = ZoneInfo("Europe/Berlin")
ROAD = Roadmap.model_validate(
    {
        "id": "r",
        "title": "R",
        "phases": [
            {
                "id": "p",
                "title": "P",
                "weeks": 1,
                "modules": [{"id": "a", "title": "A", "weeks": 1, "hours": 1}],
            }
        ],
    }
)
PROFILE = LearnerProfile.model_validate(
    {"timezone": "Europe/Berlin", "start": "2027-10-25", "availability": {"sun": ["02:00-03:00"]}}
)
FIRST = dt.datetime(2027, 10, 31, 2, 10, tzinfo=BERLIN)  # CEST, 00:10 UTC
SECOND = dt.datetime(2027, 10, 31, 2, 10, fold=1, tzinfo=BERLIN)  # CET, 01:10 UTC
SATURDAY = dt.datetime(2027, 10, 30, 12, 0, tzinfo=BERLIN)


def schedule(start: dt.datetime, created: dt.datetime) -> Schedule:
    """One 40-minute session of module a at ``start``."""
    sessions = make_sessions(ROAD, [("a", start, 40)])
    return assemble(
        ROAD,
        PROFILE,
        sessions,
        modules=module_plans(ROAD, PROFILE.start, sessions),
        phases=phase_plans(ROAD, PROFILE.start, sessions),
        milestones=milestones(ROAD, sessions, starts_ends),
        created=created,
        report=solver_report({"finish": 0.0}),
    )


def test_a_session_moved_into_the_repeated_hour_is_moved_not_unchanged() -> None:
    text = changes_text(schedule(FIRST, SATURDAY), schedule(SECOND, SATURDAY))
    assert text == "  Changes:  0 upcoming session(s) unchanged, 1 moved or removed, 1 new"


def test_a_session_still_going_at_a_check_in_of_the_first_pass_is_upcoming() -> None:
    # The check-in at 02:55 CEST (00:55 UTC) comes before the CET session ends (01:50 UTC),
    # although 02:50 is an earlier wall time than 02:55.
    check_in = dt.datetime(2027, 10, 31, 2, 55, tzinfo=BERLIN)
    text = changes_text(schedule(SECOND, SATURDAY), schedule(SECOND, check_in))
    assert text == "  Changes:  1 upcoming session(s) unchanged, 0 moved or removed, 0 new"
