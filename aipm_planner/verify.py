"""The invariants of a schedule, checked from its sessions alone, without the solver.

:func:`verify` is the executable statement of the rules in the design: every check
recomputes its quantity from the sessions' aware datetimes, the profile and the
roadmap (through :func:`aipm_planner.effort.prepare`, the one definition of effective
effort and week ranges) and reports what does not hold, by how much.

Decisions the rules leave open, stated here once:

* Lengths are real elapsed time, computed on UTC instants, so a session from 01:00 to
  03:30 on a spring-forward night lasts 90 minutes, not 150.
* Local dates and plan weeks are those of a session's start in the learner's zone
  (sessions never cross local midnight, because windows do not).
* Breaks: any two sessions that do not overlap, where the later one starts less than
  ``session.break_minutes`` after the earlier one ends, violate the break rule, also
  across local midnight (a learner needs the pause just as much at 00:00).
* With ``stretch=True`` (a plan made with soft week ranges and deadline) the range
  maxima and the deadline are not checked; range minima still are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from aipm_planner.documents import line_in
from aipm_planner.effort import Work, prepare
from aipm_planner.errors import InputError
from aipm_planner.model import LearnerProfile, Roadmap, Schedule
from aipm_planner.model.base import PROFILE_HINT, ROADMAP_HINT, SCHEDULE_HINT, expect
from aipm_planner.verify_common import RULES, Findings, Rule, Violation, timed_sessions
from aipm_planner.verify_roadmap import (
    check_effort,
    check_modules,
    check_order,
    check_ordinals,
    check_ranges,
    check_uids,
)
from aipm_planner.verify_sessions import (
    check_blackouts,
    check_caps,
    check_dates,
    check_overlaps_and_breaks,
    check_session_lengths,
    check_windows,
    default_windows,
)

if TYPE_CHECKING:
    from aipm_planner.availability import Window

__all__ = ["RULES", "Rule", "Violation", "check_own_sessions", "identity_violations", "verify"]


def identity_violations(schedule: Schedule) -> list[Violation]:
    """The violations of the rules that make a schedule's sessions the planner's own: each
    names a module (and its phase) of the schedule's roadmap, has the uid of its module and
    ordinal, unique, and the ordinals count 1..n in time order. A schedule that breaks
    them (a session copied or renamed by hand) cannot be re-planned or synced: its events
    would overwrite one another."""
    found = Findings([])
    timed = timed_sessions(schedule.sessions, schedule.profile.zone, found)
    check_modules(timed, schedule.roadmap, found)
    check_uids(timed, schedule.roadmap.id, found)
    check_ordinals(timed, found)
    return found.sorted()


def check_own_sessions(schedule: Schedule, source: str | None = None) -> None:
    """Raise :class:`InputError` for the first of :func:`identity_violations`, naming the
    session (``sessions.<index>``) and, given the file ``source``, its line."""
    broken = identity_violations(schedule)
    if not broken:
        return
    first = broken[0]
    index = max(i for i, s in enumerate(schedule.sessions) if s.uid == first.subject)
    raise InputError(
        f"{first.rule}: {first.message}",
        path=source,
        field=f"sessions.{index}",
        value=first.subject,
        line=None if source is None else line_in(source, ["sessions", index]),
        hint="use the schedule as the planner wrote it (plan --json), not one edited by hand",
    )


def verify(
    schedule: Schedule,
    roadmap: Roadmap | None = None,
    profile: LearnerProfile | None = None,
    *,
    windows: Sequence[Window] | None = None,
    stretch: bool = False,
    work: Work | None = None,
) -> list[Violation]:
    """Check every invariant of ``schedule``; return the violations (``[]``: all hold).

    ``roadmap`` and ``profile`` default to the ones embedded in the schedule. ``windows``
    are the learner's dated availability windows; by default they are expanded from the
    profile (blackouts and busy calendars removed) from the start to the deadline, widened
    to every session's day; pass them to avoid reading busy calendars again. With
    ``stretch=True`` week-range maxima and the deadline are treated as soft and not checked.
    ``work`` is the effort, ranges and order to check against (default: the roadmap after
    prior-skill credit); a re-planned schedule passes
    ``aipm_planner.replan.progress_work(schedule, progress)``, whose check-in moment exempts
    the sessions that ended by then from the learner's rules (windows, blackouts, lengths,
    breaks, caps of days and weeks with nothing after it): a profile changed at a check-in
    applies from then on.

    Violations are sorted by rule (in :data:`RULES` order), then by time, subject and
    message, so the same schedule always gives the same list. A typical one reads
    ``break: session 2/3 of 'sql' (2027-01-04 20:05-21:00) starts 5 min after session 1/3
    of 'sql' (2027-01-04 19:00-20:00) ends; the break is 10 min, 5 min short``.
    """
    expect(schedule, Schedule, "schedule", SCHEDULE_HINT)
    if roadmap is not None:
        expect(roadmap, Roadmap, "roadmap", ROADMAP_HINT)
    if profile is not None:
        expect(profile, LearnerProfile, "profile", PROFILE_HINT)
    roadmap = roadmap if roadmap is not None else schedule.roadmap
    profile = profile if profile is not None else schedule.profile
    zone = profile.zone
    work = work if work is not None else prepare(roadmap, profile)
    found = Findings([])
    timed = timed_sessions(schedule.sessions, zone, found)
    brk = profile.session.break_minutes
    # After a check-in, the learner's rules apply from then on: the past is as it was.
    rest, near = timed, timed
    if work.settled is not None:
        settled = work.settled.astimezone(dt.UTC)
        rest = [t for t in timed if t.end > settled]
        near = [t for t in timed if t.end > settled - dt.timedelta(minutes=brk)]

    check_modules(timed, roadmap, found)
    check_uids(timed, roadmap.id, found)
    check_ordinals(timed, found)
    check_dates(rest, profile, zone, found, stretch=stretch)
    check_blackouts(rest, profile, found)
    if rest:
        if windows is None:
            windows = default_windows(timed, profile, roadmap.id)
        check_windows(rest, windows, zone, found)
    check_overlaps_and_breaks(near, brk, found)
    check_session_lengths(rest, profile, found)
    check_caps(timed, profile, found, judged={t.day for t in rest})
    check_effort(timed, work, found)
    check_ranges(timed, work, profile.start, found, stretch=stretch)
    check_order(timed, work, zone, found)
    return found.sorted()
