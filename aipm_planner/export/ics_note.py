"""The calendar event of a plan with nothing to study.

RFC 5545 (3.4, 3.6) wants at least one component in a calendar, and strict readers
refuse an empty one. A plan whose modules were all skipped or credited has no session and
no milestone, so its calendar holds this one all-day, free (``TRANSP:TRANSPARENT``) note on
the start date instead, saying why there is nothing to study. Its ``UID`` is stable (from
the roadmap), so a later plan with sessions cancels it like any vanished event.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from aipm_planner.model import UID_NAMESPACE, Schedule

if TYPE_CHECKING:
    from icalendar import Event

__all__ = ["NOTE", "note_uid", "nothing_to_study"]

NOTE = "note"
"""The ``X-AIPM-KIND`` of this event (sessions are ``session``, milestones ``milestone``)."""


def note_uid(roadmap_id: str) -> str:
    """Stable UID of the nothing-to-study note of a roadmap's plan."""
    return f"{uuid.uuid5(UID_NAMESPACE, f'{roadmap_id}/nothing-to-study')}@aipm-planner"


def nothing_to_study(schedule: Schedule, stamp: dt.datetime) -> Event:
    """The all-day note on the plan's start date: nothing to study, and why."""
    from icalendar import Event
    from icalendar.enums import TRANSP

    start = schedule.profile.start
    lines = [
        "Nothing to study: every module was skipped or credited.",
        f"Roadmap: {schedule.roadmap.title}",
    ]
    if schedule.explanations:
        lines += ["", *(f"- {text}" for text in schedule.explanations)]
    return Event.new(
        uid=note_uid(schedule.roadmap.id),
        stamp=stamp,
        start=start,
        end=start + dt.timedelta(days=1),
        summary=f"Nothing to study: {schedule.roadmap.title}",
        description="\n".join(lines),
        transparency=TRANSP.TRANSPARENT,
        sequence=0,
    )
