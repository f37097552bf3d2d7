"""A session whose only change is its count keeps its SEQUENCE: it did not move."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from aipm_planner.export.ics import to_ics

from .schedules import SESSIONS, build, tiny, utc


def by_uid(data: bytes) -> dict[str, tuple[int, str]]:
    return {
        str(event["UID"]): (event.sequence, str(event["SUMMARY"]))
        for event in Calendar.from_ical(data).events
    }


def test_a_new_session_of_a_module_leaves_its_unmoved_sessions_sequence_alone() -> None:
    # A missed hour comes back as a third 'intro' session: the first two stay where they
    # were, but their titles now count three sessions.
    before = tiny()
    after = build(specs=(*SESSIONS, ("intro", utc(2027, 3, 25, 18), 60)))
    old, new = by_uid(to_ics(before)), by_uid(to_ics(after, previous=to_ics(before)))
    intro = [s.uid for s in after.sessions if s.module_id == "intro"]
    assert [old[uid] for uid in intro[:2]] == [(0, "Intro to AI (1/2)"), (0, "Intro to AI (2/2)")]
    assert [new[uid] for uid in intro] == [
        (0, "Intro to AI (1/3)"),
        (0, "Intro to AI (2/3)"),
        (0, "Intro to AI (3/3)"),
    ]
    assert all(sequence == 0 for sequence, _ in new.values())


def test_a_moved_session_still_gets_a_higher_sequence_when_its_count_changes_too() -> None:
    specs = list(SESSIONS)
    module, start, length = specs[1]
    specs[1] = (module, start + dt.timedelta(hours=1), length)
    after = build(specs=(*specs, ("intro", utc(2027, 3, 25, 18), 60)))
    new = by_uid(to_ics(after, previous=to_ics(tiny())))
    intro = [s.uid for s in after.sessions if s.module_id == "intro"]
    assert [new[uid][0] for uid in intro] == [0, 1, 0]


def test_a_changed_title_still_raises_sequence() -> None:
    # Only the count is left out of the comparison: 'Intro to AI (1/2)' becoming
    # 'Intro to ML (1/2)' is a change.
    from .schedules import roadmap

    renamed = build(roadmap(intro="Intro to ML"))
    new = by_uid(to_ics(renamed, previous=to_ics(tiny())))
    intro = [s.uid for s in renamed.sessions if s.module_id == "intro"]
    assert [new[uid] for uid in intro] == [(1, "Intro to ML (1/2)"), (1, "Intro to ML (2/2)")]
