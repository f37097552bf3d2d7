"""Re-planning from progress: the past stays, what is left is planned again, little moves.

Most tests use one small plan (modules a -> b in a first phase, c in a second; Mon and Wed
evenings, Saturday mornings), whose first plan is, with one-hour to two-hour sessions::

    a1 Mon 01-04 19-21   a2 Wed 01-06 19-21   b1 Sat 01-09 09-11
    b2 Mon 01-11 19-21   c1 Wed 01-13 19-21   c2 Sat 01-16 09-10

The tests at the end re-plan the built-in roadmap for the default profile.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from aipm_planner.errors import InfeasiblePlanError, InputError
from aipm_planner.loading import default_profile
from aipm_planner.model import LearnerProfile, Roadmap, Schedule, Session, session_uid
from aipm_planner.model.progress import ModuleProgress, Progress, SessionOutcome
from aipm_planner.planning import plan
from aipm_planner.replan import progress_work, replan
from aipm_planner.roadmaps import builtin_roadmap
from aipm_planner.verify import Violation, verify
from aipm_planner.weeks import week_of

BERLIN = ZoneInfo("Europe/Berlin")

SMALL_ROADMAP: dict[str, Any] = {
    "id": "small",
    "title": "Small",
    "phases": [
        {
            "id": "basics",
            "title": "Basics",
            "weeks": "1-3",
            "modules": [
                {"id": "a", "title": "A", "weeks": "1-2", "hours": 4},
                {"id": "b", "title": "B", "weeks": "1-2", "hours": 4, "requires": ["a"]},
            ],
        },
        {
            "id": "project",
            "title": "Project",
            "weeks": "1-3",
            "modules": [{"id": "c", "title": "C", "weeks": "1-3", "hours": 3}],
        },
    ],
}
SMALL_PROFILE: dict[str, Any] = {
    "timezone": "Europe/Berlin",
    "start": "2027-01-04",
    "availability": {"mon": ["19:00-21:00"], "wed": ["19:00-21:00"], "sat": ["09:00-12:00"]},
    "session": {"min_minutes": 60, "max_minutes": 120, "break_minutes": 10},
}


def roadmap_of(rid: str, *phases: tuple[str, str, list[dict[str, Any]]]) -> Roadmap:
    """A roadmap of (phase id, weeks, modules) triples; every title is its id upper-cased."""
    return Roadmap.model_validate(
        {
            "id": rid,
            "title": rid.upper(),
            "phases": [
                {"id": pid, "title": pid.upper(), "weeks": weeks, "modules": modules}
                for pid, weeks, modules in phases
            ],
        }
    )


def module_of(mid: str, weeks: str, hours: float, *requires: str) -> dict[str, Any]:
    """A module of :func:`roadmap_of`, requiring the modules named after its hours."""
    data: dict[str, Any] = {"id": mid, "title": mid.upper(), "weeks": weeks, "hours": hours}
    return data | ({"requires": list(requires)} if requires else {})


def at(day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A moment in January 2027, Berlin time."""
    return dt.datetime(2027, 1, day, hour, minute, tzinfo=BERLIN)


def times(sessions: list[Session]) -> list[tuple[str, int, dt.datetime, dt.datetime]]:
    return [(s.module_id, s.ordinal, s.start, s.end) for s in sessions]


def verify_replanned(
    schedule: Schedule, progress: Progress | None = None, **options: Any
) -> list[Violation]:
    """Verify against what the progress report leaves to do, not the roadmap's full effort."""
    work = progress_work(schedule, progress, now=schedule.created)
    return verify(schedule, work=work, **options)


@pytest.fixture(scope="module")
def small() -> Schedule:
    roadmap = Roadmap.model_validate(SMALL_ROADMAP)
    profile = LearnerProfile.model_validate(SMALL_PROFILE)
    schedule = plan(roadmap, profile, time_limit=10, workers=1)
    assert times(schedule.sessions) == [
        ("a", 1, at(4, 19), at(4, 21)),
        ("a", 2, at(6, 19), at(6, 21)),
        ("b", 1, at(9, 9), at(9, 11)),
        ("b", 2, at(11, 19), at(11, 21)),
        ("c", 1, at(13, 19), at(13, 21)),
        ("c", 2, at(16, 9), at(16, 10)),
    ]
    return schedule


def small_replan(previous: Schedule, progress: Progress, **options: Any) -> Schedule:
    options.setdefault("time_limit", 10)
    return replan(previous, progress=progress, workers=1, **options)


# --- the past ------------------------------------------------------------------------


def test_nothing_changes_when_everything_went_to_plan(small: Schedule) -> None:
    new = small_replan(small, Progress(as_of=at(7)))
    assert [s.model_dump() for s in new.sessions] == [s.model_dump() for s in small.sessions]
    assert new.created == at(7)
    assert new.report.objectives["moved"] == 0
    assert verify(new) == []


def test_a_missed_session_is_dropped_and_planned_again(small: Schedule) -> None:
    missed = small.sessions[1]  # a2, Wednesday
    new = small_replan(small, Progress(as_of=at(7), sessions={missed.uid: "missed"}))
    # a1 happened and stays; a's missing two hours come before b; c keeps its place.
    assert new.sessions[0] == small.sessions[0]
    assert all(s.start >= at(8) for s in new.sessions[1:])
    assert [s.module_id for s in new.sessions] == ["a", "a", "b", "b", "c", "c"]
    assert sum(s.minutes for s in new.sessions if s.module_id == "a") == 240
    assert verify(new) == []
    assert "1 missed" in new.explanations[-2]
    assert new.explanations[-1] == "The 2 h of missed study are planned again."


def test_unreported_sessions_count_as_missed_when_asked(small: Schedule) -> None:
    done = small.sessions[0]
    new = small_replan(
        small, Progress(as_of=at(7), sessions={done.uid: "done"}, unreported="missed")
    )
    assert new.sessions[0] == done
    assert new.sessions[1].module_id == "a"
    assert new.sessions[1].start >= at(8)
    assert verify(new) == []


def test_sessions_settled_by_an_earlier_check_in_stay_done(small: Schedule) -> None:
    first = small_replan(small, Progress(as_of=at(7)))  # a1 and a2 done
    b1 = first.sessions[2]  # Saturday the 9th
    second = small_replan(
        first, Progress(as_of=at(10), sessions={b1.uid: "done"}, unreported="missed")
    )
    # "Only the listed sessions happened" is about the days since the first check-in:
    # a1 and a2 stay done, and a's four hours are not planned again.
    assert second.sessions[:3] == first.sessions[:3]
    assert sum(s.minutes for s in second.sessions if s.module_id == "a") == 240
    assert verify(second) == []


def test_a_session_under_way_is_kept(small: Schedule) -> None:
    new = small_replan(small, Progress(as_of=at(4, 20)), freeze_days=0)
    assert new.sessions[0] == small.sessions[0]
    assert verify(new) == []


def test_a_missed_session_gives_its_number_to_the_next_one(small: Schedule) -> None:
    first = small.sessions[0]  # a1 missed, a2 done
    new = small_replan(small, Progress(as_of=at(7), sessions={first.uid: "missed"}))
    a2 = small.sessions[1]
    assert (new.sessions[0].start, new.sessions[0].ordinal) == (a2.start, 1)
    assert new.sessions[0].uid == session_uid("small", "a", 1)
    assert verify(new) == []


# --- what is left --------------------------------------------------------------------


def test_hours_done_outside_the_calendar_shorten_a_module(small: Schedule) -> None:
    progress = Progress(as_of=at(7), modules={"b": ModuleProgress(hours_done=3)})
    new = small_replan(small, progress)
    assert sum(s.minutes for s in new.sessions_of("b")) == 60
    assert verify_replanned(new, progress) == []
    # Against the roadmap's full effort, b is exactly the reported three hours short.
    effort = [v for v in verify(new) if v.rule == "effort"]
    assert [(v.subject, v.amount_minutes) for v in effort] == [("b", 180)]
    assert "'B': 3 h done reported; 1 h left." in new.explanations


def test_a_module_done_early_lets_its_dependants_start(small: Schedule) -> None:
    progress = Progress(as_of=at(4), modules={"a": ModuleProgress(done=True)})
    new = small_replan(small, progress, freeze_days=0)
    assert new.sessions_of("a") == []
    assert new.sessions[0].module_id == "b"
    assert new.sessions[0].start == at(4, 19)
    assert new.finish is not None
    assert small.finish is not None
    assert new.finish < small.finish
    assert verify_replanned(new, progress) == []
    plans = {m.module_id: m for m in new.modules}
    assert (plans["a"].status, plans["a"].minutes) == ("skipped", 0)


def test_nothing_left_keeps_only_the_past(small: Schedule) -> None:
    done = {m: ModuleProgress(done=True) for m in ("a", "b", "c")}
    new = small_replan(small, Progress(as_of=at(7), modules=done))
    assert new.sessions == small.sessions[:2]
    assert new.finish == small.sessions[1].end
    assert verify_replanned(new, Progress(as_of=at(7), modules=done)) == []


# --- the next days -------------------------------------------------------------------


def test_the_next_day_keeps_its_sessions(small: Schedule) -> None:
    # b1 (Saturday 09:00) lies in the 24 hours after Friday noon: it stays, untouched.
    new = small_replan(small, Progress(as_of=at(8, 12)), freeze_days=1)
    assert new.sessions[2] == small.sessions[2]
    assert verify(new) == []


def test_a_frozen_session_that_now_comes_too_early_is_dropped(small: Schedule) -> None:
    missed = small.sessions[1]
    progress = Progress(as_of=at(8, 12), sessions={missed.uid: "missed"})
    new = small_replan(small, progress, freeze_days=1)
    # b1 (Saturday 09:00, in the frozen day) would start before a is finished: dropped,
    # and Saturday morning before noon stays empty.
    assert not [s for s in new.sessions if at(8, 12) <= s.start < at(9, 12)]
    assert "1 of the 1 session(s) of the next days no longer fit and were dropped." in (
        new.explanations
    )
    assert verify(new) == []


# --- a changed profile ---------------------------------------------------------------


def test_a_new_blackout_moves_only_what_it_covers(small: Schedule) -> None:
    profile = LearnerProfile.model_validate({**SMALL_PROFILE, "blackouts": ["2027-01-16"]})
    new = replan(small, profile=profile, now=at(7), time_limit=10, workers=1)
    # c2 (Saturday 01-16) goes to the next window, Monday evening; nothing else moves.
    assert times(new.sessions) == [
        *times(small.sessions[:5]),
        ("c", 2, at(18, 19), at(18, 20)),
    ]
    assert verify(new) == []


# --- bad reports and no fit ----------------------------------------------------------


def test_unknown_session_uid_is_an_input_error(small: Schedule) -> None:
    with pytest.raises(InputError) as caught:
        small_replan(small, Progress(as_of=at(7), sessions={"nope": "done"}))
    assert caught.value.field == "sessions.nope"


def test_a_session_not_over_cannot_be_reported(small: Schedule) -> None:
    later = small.sessions[2]
    with pytest.raises(InputError) as caught:
        small_replan(small, Progress(as_of=at(7), sessions={later.uid: "done"}))
    assert caught.value.field == f"sessions.{later.uid}"
    assert caught.value.hint == "report only sessions that are over"


def test_unknown_module_is_an_input_error(small: Schedule) -> None:
    with pytest.raises(InputError) as caught:
        small_replan(small, Progress(as_of=at(7), modules={"zzz": ModuleProgress(done=True)}))
    assert caught.value.field == "modules.zzz"


def test_now_or_progress_is_needed(small: Schedule) -> None:
    with pytest.raises(InputError) as caught:
        replan(small)
    assert caught.value.field == "now"


def test_what_is_left_not_fitting_is_diagnosed(small: Schedule) -> None:
    # Both of a's sessions missed, and a deadline on Sunday 01-17: the 11 h left need more
    # than the 7 h of windows from Friday 01-08 to the deadline.
    profile = LearnerProfile.model_validate({**SMALL_PROFILE, "deadline": "2027-01-17"})
    missed: dict[str, SessionOutcome] = {s.uid: "missed" for s in small.sessions[:2]}
    with pytest.raises(InfeasiblePlanError) as caught:
        replan(
            small,
            profile=profile,
            progress=Progress(as_of=at(7), sessions=missed),
            time_limit=5,
            workers=1,
        )
    assert caught.value.diagnosis.conflicts


# --- the built-in roadmap ------------------------------------------------------------


@pytest.fixture(scope="module")
def builtin() -> Schedule:
    """The built-in roadmap for the default profile starting on Monday 2027-01-04."""
    profile = default_profile(today=dt.date(2027, 1, 1), timezone="Europe/Berlin")
    assert profile.start == dt.date(2027, 1, 4)
    return plan(builtin_roadmap("ai-product-manager"), profile, time_limit=60)


def upcoming_moved(old: Schedule, new: Schedule, since: dt.datetime) -> int:
    """How many sessions of ``old`` after ``since`` are not at the same time in ``new``."""
    kept = {(s.module_id, s.start, s.end) for s in new.sessions}
    return sum((s.module_id, s.start, s.end) not in kept for s in old.sessions if s.start >= since)


@pytest.fixture(scope="module")
def missed_first_week(builtin: Schedule) -> Schedule:
    return replan(builtin, progress=Progress(as_of=at(11), unreported="missed"), time_limit=60)


@pytest.mark.slow
def test_missing_the_first_week_moves_only_what_it_must(
    builtin: Schedule, missed_first_week: Schedule
) -> None:
    new = missed_first_week
    assert verify(new) == []
    assert not [s for s in new.sessions if s.start < at(11)]
    # Every phase of the first plan sits at its minimum span and each one starts in the
    # week the one before ends, so with week 0 gone the whole chain slides by one week:
    # the finish moves one week later at most, and what has to move is, for each module,
    # at most the sessions of one of its weeks (its first week's go to a new last week)
    # plus room for the six missed hours. That is bounded by the module count times the
    # most sessions a module has in one week.
    week = dt.timedelta(days=7)
    assert builtin.finish is not None
    assert new.finish is not None
    assert new.finish <= builtin.finish + week
    per_week: dict[tuple[str, int], int] = {}
    for s in builtin.sessions:
        key = (s.module_id, week_of(builtin.profile.start, s.start.date()))
        per_week[key] = per_week.get(key, 0) + 1
    busiest = {m: max(n for (k, _), n in per_week.items() if k == m) for m, _ in per_week}
    bound = sum(busiest.values()) + 4
    assert upcoming_moved(builtin, new, at(11)) <= bound


@pytest.mark.slow
def test_marking_a_module_done_lets_its_dependants_start_earlier(builtin: Schedule) -> None:
    # Monday of week 1, nothing missed; the first phase's first module is reported done.
    first = builtin.sessions[0].module_id
    progress = Progress(as_of=at(11), modules={first: ModuleProgress(done=True)})
    new = replan(builtin, progress=progress, time_limit=30)
    assert verify_replanned(new, progress) == []
    assert new.finish is not None
    assert builtin.finish is not None
    assert new.finish <= builtin.finish
    dependants = [m.id for _, m in builtin.roadmap.modules() if first in m.requires]
    for module_id in dependants:
        old_start = builtin.sessions_of(module_id)[0].start
        assert new.sessions_of(module_id)[0].start <= old_start


@pytest.mark.slow
def test_a_blackout_in_the_middle_moves_only_sessions_in_and_after_it(builtin: Schedule) -> None:
    blackout = (dt.date(2027, 6, 7), dt.date(2027, 6, 13))  # the whole of plan week 22
    profile = LearnerProfile.model_validate(
        {**builtin.profile.model_dump(), "blackouts": [f"{blackout[0]}..{blackout[1]}"]}
    )
    new = replan(builtin, profile=profile, now=at(11), time_limit=30)
    assert verify(new) == []
    start = dt.datetime.combine(blackout[0], dt.time(), BERLIN)
    kept = {(s.module_id, s.start, s.end) for s in new.sessions}
    before = [s for s in builtin.sessions if s.start < start]
    assert [s for s in before if (s.module_id, s.start, s.end) not in kept] == []
    assert not [s for s in new.sessions if blackout[0] <= s.start.date() <= blackout[1]]


@pytest.mark.parametrize(
    ("zone", "start", "as_of"),
    [
        # Lord Howe Island sets its clock back 30 minutes on 2028-04-02.
        ("Australia/Lord_Howe", "2028-03-27", "2028-04-05T19:48:00+10:30"),
        # Berlin sets its clock back an hour on 2027-10-31.
        ("Europe/Berlin", "2027-10-25", "2027-11-03T19:48:00+01:00"),
        # ...and forward an hour on 2027-03-28.
        ("Europe/Berlin", "2027-03-22", "2027-03-31T19:48:00+02:00"),
    ],
)
def test_nothing_new_starts_before_now_when_the_clock_changed_since_the_start(
    zone: str, start: str, as_of: str
) -> None:
    # Re-planning mid-window after a DST change: the time from the plan start to now is
    # real time, not wall time, or the new sessions would begin up to an hour early (or
    # the window's first hour would be lost).
    profile = LearnerProfile.model_validate(
        {
            **SMALL_PROFILE,
            "timezone": zone,
            "start": start,
            "availability": {"mon": ["19:00-21:00"], "wed": ["19:00-22:00"]},
            "session": {"min_minutes": 30, "max_minutes": 120, "break_minutes": 5},
        }
    )
    road = Roadmap.model_validate(SMALL_ROADMAP)
    previous = plan(road, profile, time_limit=10)
    now = dt.datetime.fromisoformat(as_of)
    progress = Progress(as_of=now, unreported="missed")
    new = replan(previous, progress=progress, freeze_days=0, time_limit=10)
    assert verify_replanned(new, progress) == []
    kept = {(s.module_id, s.start, s.end) for s in previous.sessions if s.end <= now}
    fresh = [s for s in new.sessions if (s.module_id, s.start, s.end) not in kept]
    assert fresh, "everything after now is planned again"
    assert min(s.start for s in fresh) == now  # the window is free from now on, not before


def test_module_reports_carry_over_to_the_next_check_in() -> None:
    # Check-in 1 says a is finished and b has 3 h done in total (2 h of them outside the
    # calendar); check-in 2, two days later, reports nothing new. Neither report is lost:
    # a gets no sessions again, and b's hour outside the calendar still counts.
    from aipm_planner.export.json_io import schedule_from_json, schedule_to_json

    road = Roadmap.model_validate(SMALL_ROADMAP)
    profile = LearnerProfile.model_validate(SMALL_PROFILE)
    first = plan(road, profile, time_limit=10)
    check_in_1 = Progress(
        as_of=dt.datetime(2027, 1, 5, tzinfo=BERLIN),
        modules={"a": ModuleProgress(done=True), "b": ModuleProgress(hours_done=3)},
    )
    second = replan(first, progress=check_in_1, time_limit=10)
    assert second.sessions_of("a") == [s for s in first.sessions_of("a") if s.end <= at(5)]
    assert sum(s.minutes for s in second.sessions_of("b")) == 60  # 4 h less the 3 h done
    assert second.credits["a"].done
    assert second.credits["b"].minutes_outside == 180  # none of b's sessions was past yet
    # The next check-in reads the schedule back from its JSON, as the CLI does.
    again = schedule_from_json(schedule_to_json(second))
    check_in_2 = Progress(as_of=dt.datetime(2027, 1, 7, tzinfo=BERLIN))
    third = replan(again, progress=check_in_2, time_limit=10)
    assert verify_replanned(third, check_in_2) == []
    assert third.sessions_of("a") == second.sessions_of("a")
    assert sum(s.minutes for s in third.sessions_of("b")) == 60
    assert third.credits == second.credits
    # A new total (calendar sessions included) replaces the earlier figure.
    check_in_3 = Progress(
        as_of=dt.datetime(2027, 1, 7, tzinfo=BERLIN), modules={"b": ModuleProgress(hours_done=2)}
    )
    fourth = replan(again, progress=check_in_3, time_limit=10)
    on_calendar = sum(s.minutes for s in again.sessions_of("b") if s.end <= at(7))
    outside = 120 - on_calendar
    assert sum(s.minutes for s in fourth.sessions_of("b")) == 240 - outside
    assert fourth.credits["b"].minutes_outside == outside


def test_a_phase_begun_before_its_predecessor_ended_verifies_at_the_next_check_in() -> None:
    # Check-in 1: a's last session was missed after phase 2 had begun, so it is planned
    # again after b's first sessions (what has begun is not held back). Check-in 2, when
    # all of it is past, must not report that order, which no re-plan can change.
    road = roadmap_of(
        "order",
        ("p1", "1-4", [module_of("a", "1-4", 4)]),
        ("p2", "1-4", [module_of("b", "1-4", 4)]),
    )
    profile = LearnerProfile.model_validate(SMALL_PROFILE)
    first = plan(road, profile, time_limit=10)
    last_a, first_b = first.sessions_of("a")[-1], first.sessions_of("b")[0]
    check_in_1 = Progress(
        as_of=first_b.end + dt.timedelta(minutes=30), sessions={last_a.uid: "missed"}
    )
    second = replan(first, progress=check_in_1, time_limit=10)
    assert verify_replanned(second, check_in_1) == []
    assert second.sessions_of("a")[-1].start > second.sessions_of("b")[0].start
    assert second.finish is not None
    check_in_2 = Progress(as_of=second.finish + dt.timedelta(days=1))
    third = replan(second, progress=check_in_2, time_limit=10)
    assert [(s.module_id, s.start) for s in third.sessions] == [
        (s.module_id, s.start) for s in second.sessions
    ]
    assert verify_replanned(third, check_in_2) == []


@pytest.mark.parametrize(
    "change",
    [
        {"availability": {"wed": ["19:00-21:00"], "sat": ["09:00-12:00"], "sun": ["09:00-12:00"]}},
        {"max_hours_per_day": 1},
        {"blackouts": ["2027-01-04"]},
        {"session": {"min_minutes": 150, "max_minutes": 180, "break_minutes": 10}},
        {"timezone": "America/New_York"},
    ],
)
def test_a_profile_changed_at_a_check_in_is_not_checked_on_the_past(
    change: dict[str, Any],
) -> None:
    # The past sessions followed the old profile; the new one applies from the check-in on,
    # and the new sessions are checked against it.
    road = roadmap_of("hd", ("p", "1-6", [module_of("a", "1-3", 8)]))
    old = plan(road, LearnerProfile.model_validate(SMALL_PROFILE), time_limit=10)
    progress = Progress(as_of=at(7))
    changed = LearnerProfile.model_validate({**SMALL_PROFILE, **change})
    new = replan(old, profile=changed, progress=progress, time_limit=10)
    work = progress_work(new, progress)
    assert verify(new, work=work) == []
    # The past did break the new rules, so the check of what is left is a real one: the
    # same schedule checked without the check-in moment shows it.
    from dataclasses import replace

    assert verify(new, work=replace(work, settled=None)) != []


def test_a_module_whose_range_ran_out_is_named_with_the_range_to_widen() -> None:
    # a may span 2 weeks; its second session is reported missed in week 4, when its range
    # is over. More hours a week cannot help: the diagnosis names a's range, and widening
    # it as suggested makes the re-plan fit.
    from aipm_planner import apply_fix

    road = roadmap_of(
        "ran-out", ("p", "1-6", [module_of("a", "1-2", 4), module_of("b", "1-3", 2, "a")])
    )
    old = plan(road, LearnerProfile.model_validate(SMALL_PROFILE), time_limit=10)
    progress = Progress(as_of=at(25), sessions={old.sessions_of("a")[1].uid: "missed"})
    with pytest.raises(InfeasiblePlanError) as caught:
        replan(old, progress=progress, time_limit=10)
    diagnosis = caught.value.diagnosis
    assert [(c.rule, c.subject) for c in diagnosis.conflicts] == [("module-range", "a")]
    assert "began in plan week 1 and may span at most 2 weeks" in diagnosis.summary()
    [fix] = diagnosis.fixes
    roadmap, profile = apply_fix(old.roadmap, old.profile, fix)
    new = replan(old, roadmap=roadmap, profile=profile, progress=progress, time_limit=10)
    assert verify(new, roadmap, profile, work=progress_work(new, progress)) == []
