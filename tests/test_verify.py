"""The verifier on hand-built schedules: one valid plan, then one broken rule per test."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from aipm_planner.availability import Window, expand_windows
from aipm_planner.model import (
    LearnerProfile,
    Roadmap,
    Schedule,
    Session,
    SolverReport,
    session_uid,
)
from aipm_planner.verify import RULES, Violation, verify

BERLIN = ZoneInfo("Europe/Berlin")

# Mon 2027-01-04 starts week 0; week 1 starts Mon 2027-01-11.
PROFILE: dict[str, Any] = {
    "timezone": "Europe/Berlin",
    "start": "2027-01-04",
    "deadline": "2027-01-31",
    "availability": {"mon": ["19:00-21:00"], "wed": ["19:00-21:00"], "sat": ["09:00-13:00"]},
    "max_hours_per_day": 3,
    "max_hours_per_week": 6,
    "session": {"min_minutes": 30, "max_minutes": 120, "break_minutes": 10},
}

# Effort after prepare() with no prior skills: a 180 min, b 60 min, c 120 min.
ROADMAP: dict[str, Any] = {
    "id": "tiny",
    "title": "Tiny",
    "phases": [
        {
            "id": "p1",
            "title": "Foundations",
            "weeks": "1-2",
            "modules": [
                {"id": "a", "title": "A", "weeks": "1-2", "hours": 3},
                {"id": "b", "title": "B", "weeks": 1, "hours": 1, "requires": ["a"]},
            ],
        },
        {
            "id": "p2",
            "title": "Practice",
            "weeks": 1,
            "modules": [{"id": "c", "title": "C", "weeks": 1, "hours": 2}],
        },
    ],
}


def profile(**changes: Any) -> LearnerProfile:
    return LearnerProfile.model_validate({**PROFILE, **changes})


def roadmap(**module_changes: dict[str, Any]) -> Roadmap:
    """The tiny roadmap with some modules' fields replaced (``c={"weeks": "1-2"}``)."""
    phases = [
        {**p, "modules": [{**m, **module_changes.get(m["id"], {})} for m in p["modules"]]}
        for p in ROADMAP["phases"]
    ]
    return Roadmap.model_validate({**ROADMAP, "phases": phases})


def at(day: str, clock: str, zone: ZoneInfo = BERLIN) -> dt.datetime:
    date = dt.date.fromisoformat(day)
    if clock == "24:00":
        return dt.datetime.combine(date + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return dt.datetime.combine(date, dt.time.fromisoformat(clock), tzinfo=zone)


def s(
    module: str,
    ordinal: int,
    day: str,
    times: str,
    *,
    phase: str | None = None,
    uid: str | None = None,
    zone: ZoneInfo = BERLIN,
    roadmap_id: str = "tiny",
) -> Session:
    """A session of ``module`` on ``day`` from ``times`` ("19:00-21:00"), wall-clock local."""
    begin, end = times.split("-")
    return Session(
        uid=uid or session_uid(roadmap_id, module, ordinal),
        module_id=module,
        phase_id=phase or ("p2" if module == "c" else "p1"),
        title=module.upper(),
        ordinal=ordinal,
        start=at(day, begin, zone),
        end=at(day, end, zone),
    )


def schedule(
    sessions: list[Session],
    the_profile: LearnerProfile | None = None,
    the_roadmap: Roadmap | None = None,
) -> Schedule:
    the_profile = the_profile or profile()
    return Schedule(
        roadmap=the_roadmap or roadmap(),
        profile=the_profile,
        created=dt.datetime.combine(the_profile.start, dt.time(0), tzinfo=the_profile.zone),
        sessions=sessions,
        modules=[],
        phases=[],
        milestones=[],
        finish=max((x.end for x in sessions), default=None),
        report=SolverReport(
            status="optimal",
            gap=0,
            finish_lower_bound=0,
            wall_time=0,
            variables=0,
            constraints=0,
            workers=1,
            seed=0,
        ),
    )


A1 = s("a", 1, "2027-01-04", "19:00-21:00")  # Mon, week 0
A2 = s("a", 2, "2027-01-06", "19:00-20:00")  # Wed
B1 = s("b", 1, "2027-01-09", "09:00-10:00")  # Sat, after a has ended
C1 = s("c", 1, "2027-01-11", "19:00-21:00")  # Mon, week 1, after phase p1 has ended
VALID = [A1, A2, B1, C1]


def only(violations: list[Violation]) -> Violation:
    assert len(violations) == 1, violations
    return violations[0]


def windows_of(the_profile: LearnerProfile) -> list[Window]:
    return expand_windows(the_profile, dt.date(2027, 1, 1), dt.date(2027, 2, 1))


def test_valid_schedule_has_no_violation() -> None:
    plan = schedule(VALID)
    assert verify(plan) == []
    assert verify(Schedule.model_validate_json(plan.model_dump_json())) == []
    assert verify(schedule(list(reversed(VALID)))) == []


def test_session_sticking_out_of_its_window() -> None:
    a2 = s("a", 2, "2027-01-06", "18:30-19:30")
    assert only(verify(schedule([A1, a2, B1, C1]))) == Violation(
        rule="window",
        subject=a2.uid,
        message="session 2/2 of 'a' (2027-01-06 18:30-19:30) sticks out of the availability"
        " window 2027-01-06 19:00-21:00 by 30 min",
        amount_minutes=30,
    )


def test_session_outside_every_window() -> None:
    a2 = s("a", 2, "2027-01-05", "19:00-20:00")  # Tuesday: no window
    assert only(verify(schedule([A1, a2, B1, C1]))) == Violation(
        rule="window",
        subject=a2.uid,
        message="session 2/2 of 'a' (2027-01-05 19:00-20:00) is outside every availability window",
        amount_minutes=60,
    )


def test_blackout_is_checked_even_when_windows_allow_the_day() -> None:
    blacked = profile(blackouts=["2027-01-05..2027-01-07"])
    violations = verify(schedule(VALID), profile=blacked, windows=windows_of(profile()))
    assert only(violations) == Violation(
        rule="blackout",
        subject=A2.uid,
        message="session 2/2 of 'a' (2027-01-06 19:00-20:00) falls on the blackout"
        " 2027-01-05..2027-01-07",
        amount_minutes=60,
    )
    # The profile's own windows leave the blackout out, so the session misses them too.
    assert [v.rule for v in verify(schedule(VALID), profile=blacked)] == ["blackout", "window"]


def test_overlapping_sessions() -> None:
    a = [
        s("a", 1, "2027-01-04", "19:00-20:00"),
        s("a", 2, "2027-01-04", "19:50-20:50"),
        s("a", 3, "2027-01-06", "19:00-20:00"),
    ]
    assert only(verify(schedule([*a, B1, C1]))) == Violation(
        rule="overlap",
        subject=a[1].uid,
        message="session 2/3 of 'a' (2027-01-04 19:50-20:50) overlaps session 1/3 of 'a'"
        " (2027-01-04 19:00-20:00) by 10 min",
        amount_minutes=10,
    )


def test_break_too_short() -> None:
    a = [
        s("a", 1, "2027-01-04", "19:00-20:00"),
        s("a", 2, "2027-01-04", "20:05-21:00"),
        s("a", 3, "2027-01-06", "19:00-20:05"),
    ]
    assert only(verify(schedule([*a, B1, C1]))) == Violation(
        rule="break",
        subject=a[1].uid,
        message="session 2/3 of 'a' (2027-01-04 20:05-21:00) starts 5 min after session 1/3"
        " of 'a' (2027-01-04 19:00-20:00) ends; the break is 10 min, 5 min short",
        amount_minutes=5,
    )


def test_a_gap_of_exactly_the_break_is_enough() -> None:
    a = [
        s("a", 1, "2027-01-04", "19:00-20:00"),
        s("a", 2, "2027-01-04", "20:10-21:00"),
        s("a", 3, "2027-01-06", "19:00-20:10"),
    ]
    assert verify(schedule([*a, B1, C1])) == []


def test_break_is_needed_across_local_midnight() -> None:
    night = profile(
        availability={
            "mon": ["19:00-21:00"],
            "sat": ["23:00-24:00"],
            "sun": ["00:00-02:00"],
        }
    )
    a2 = s("a", 2, "2027-01-09", "23:00-24:00")
    b1 = s("b", 1, "2027-01-10", "00:05-01:05")
    assert only(verify(schedule([A1, a2, b1, C1], night))) == Violation(
        rule="break",
        subject=b1.uid,
        message="session 1/1 of 'b' (2027-01-10 00:05-01:05) starts 5 min after session 2/2"
        " of 'a' (2027-01-09 23:00-24:00) ends; the break is 10 min, 5 min short",
        amount_minutes=5,
    )


def test_session_shorter_than_the_minimum() -> None:
    a = [
        s("a", 1, "2027-01-04", "19:00-21:00"),
        s("a", 2, "2027-01-06", "19:00-19:20"),
        s("a", 3, "2027-01-06", "19:30-20:10"),
    ]
    assert only(verify(schedule([*a, B1, C1]))) == Violation(
        rule="session-length",
        subject=a[1].uid,
        message="session 2/3 of 'a' (2027-01-06 19:00-19:20) is 20 min, shorter than the 30"
        " min minimum by 10 min",
        amount_minutes=10,
    )


def test_sessions_longer_than_the_maximum() -> None:
    short = profile(session={"min_minutes": 30, "max_minutes": 100, "break_minutes": 10})
    assert verify(schedule(VALID, short)) == [
        Violation(
            rule="session-length",
            subject=A1.uid,
            message="session 1/2 of 'a' (2027-01-04 19:00-21:00) is 120 min, longer than the"
            " 100 min maximum by 20 min",
            amount_minutes=20,
        ),
        Violation(
            rule="session-length",
            subject=C1.uid,
            message="session 1/1 of 'c' (2027-01-11 19:00-21:00) is 120 min, longer than the"
            " 100 min maximum by 20 min",
            amount_minutes=20,
        ),
    ]


def test_daily_cap() -> None:
    # Both Mondays hold 120 min; Wednesday and Saturday 60 min each.
    violations = verify(schedule(VALID, profile(max_hours_per_day=1.5)))
    assert violations == [
        Violation(
            rule="daily-cap",
            subject="2027-01-04",
            message="2027-01-04 (Mon) has 120 min of study, more than the 90 min daily cap by"
            " 30 min",
            amount_minutes=30,
        ),
        Violation(
            rule="daily-cap",
            subject="2027-01-11",
            message="2027-01-11 (Mon) has 120 min of study, more than the 90 min daily cap by"
            " 30 min",
            amount_minutes=30,
        ),
    ]


def test_weekly_cap() -> None:
    # Week 0 holds 120 + 60 + 60 = 240 min; week 1 holds 120 min.
    assert only(verify(schedule(VALID, profile(max_hours_per_week=3.5)))) == Violation(
        rule="weekly-cap",
        subject="week 0",
        message="week 0 (2027-01-04..2027-01-10) has 240 min of study, more than the 210 min"
        " weekly cap by 30 min",
        amount_minutes=30,
    )


def test_module_short_of_its_effort() -> None:
    c1 = s("c", 1, "2027-01-11", "19:00-20:30")
    assert only(verify(schedule([A1, A2, B1, c1]))) == Violation(
        rule="effort",
        subject="c",
        message="module 'c' receives 90 min in 1 session, 30 min less than its effort of 120 min",
        amount_minutes=30,
    )


def test_module_without_sessions() -> None:
    assert only(verify(schedule([A1, A2, B1]))) == Violation(
        rule="effort",
        subject="c",
        message="module 'c' receives 0 min in 0 sessions, 120 min less than its effort of 120 min",
        amount_minutes=120,
    )


def test_skipped_module_with_sessions() -> None:
    assert only(verify(schedule(VALID, profile(skip=["b"])))) == Violation(
        rule="effort",
        subject="b",
        message="module 'b' is skipped but receives 60 min in 1 session",
        amount_minutes=60,
    )


def test_effort_after_prior_skill_credit() -> None:
    # c teaches sql up to level 2; a learner at level 1 has half of it left: 60 min.
    credited = roadmap(c={"teaches": {"sql": 2}})
    c1 = s("c", 1, "2027-01-11", "19:00-20:00")
    assert verify(schedule([A1, A2, B1, c1], profile(skills={"sql": 1}), credited)) == []
    assert only(verify(schedule(VALID, profile(skills={"sql": 1}), credited))).rule == "effort"


def test_session_of_an_unknown_module() -> None:
    z1 = s("zzz", 1, "2027-01-09", "10:10-10:40")
    assert only(verify(schedule([*VALID, z1]))) == Violation(
        rule="unknown-module",
        subject=z1.uid,
        message="session 1/1 of 'zzz' (2027-01-09 10:10-10:40) is of module 'zzz', which"
        " roadmap 'tiny' does not have",
    )


def test_session_in_the_wrong_phase() -> None:
    c1 = s("c", 1, "2027-01-11", "19:00-21:00", phase="p1")
    assert only(verify(schedule([A1, A2, B1, c1]))) == Violation(
        rule="unknown-module",
        subject=c1.uid,
        message="session 1/1 of 'c' (2027-01-11 19:00-21:00) says phase 'p1', but module 'c'"
        " belongs to phase 'p2'",
    )


def test_uid_not_derived_from_module_and_ordinal() -> None:
    a1 = s("a", 1, "2027-01-04", "19:00-21:00", uid="x@example")
    assert only(verify(schedule([a1, A2, B1, C1]))) == Violation(
        rule="uid",
        subject="x@example",
        message=f"session 1/2 of 'a' (2027-01-04 19:00-21:00) has uid 'x@example'; its module"
        f" and ordinal give {A1.uid!r}",
    )


def test_duplicate_uid() -> None:
    b1 = s("b", 1, "2027-01-09", "09:00-10:00", uid=A1.uid)
    assert verify(schedule([A1, A2, b1, C1])) == [
        Violation(
            rule="uid",
            subject=A1.uid,
            message="session 1/1 of 'b' (2027-01-09 09:00-10:00) has the same uid as"
            " session 1/2 of 'a' (2027-01-04 19:00-21:00)",
        ),
        Violation(
            rule="uid",
            subject=A1.uid,
            message=f"session 1/1 of 'b' (2027-01-09 09:00-10:00) has uid {A1.uid!r}; its"
            f" module and ordinal give {B1.uid!r}",
        ),
    ]


def test_ordinals_out_of_time_order() -> None:
    a1 = s("a", 2, "2027-01-04", "19:00-21:00")
    a2 = s("a", 1, "2027-01-06", "19:00-20:00")
    assert verify(schedule([a1, a2, B1, C1])) == [
        Violation(
            rule="ordinal",
            subject=a1.uid,
            message="session 2/2 of 'a' (2027-01-04 19:00-21:00) has ordinal 2 but is session 1"
            " of 'a' in time order",
        ),
        Violation(
            rule="ordinal",
            subject=a2.uid,
            message="session 1/2 of 'a' (2027-01-06 19:00-20:00) has ordinal 1 but is session 2"
            " of 'a' in time order",
        ),
    ]


def _b_over_two_weeks() -> list[Session]:
    return [
        A1,
        A2,
        s("b", 1, "2027-01-09", "09:00-09:30"),  # week 0
        s("b", 2, "2027-01-11", "19:00-19:30"),  # week 1
        s("c", 1, "2027-01-11", "19:40-21:00"),
        s("c", 2, "2027-01-13", "19:00-19:40"),
    ]


def test_module_span_longer_than_its_range() -> None:
    plan = schedule(_b_over_two_weeks())
    assert only(verify(plan)) == Violation(
        rule="module-range",
        subject="b",
        message="module 'b' spans 2 weeks (weeks 0..1), 1 more than its maximum of 1",
    )
    assert verify(plan, stretch=True) == []


def test_module_span_shorter_than_its_range() -> None:
    plan = schedule(VALID, the_roadmap=roadmap(a={"weeks": "2-3"}))
    expected = Violation(
        rule="module-range",
        subject="a",
        message="module 'a' spans 1 week (week 0), 1 fewer than its minimum of 2",
    )
    assert only(verify(plan)) == expected
    assert only(verify(plan, stretch=True)) == expected  # minima are never soft


def test_phase_span_longer_than_its_range() -> None:
    c = [s("c", 1, "2027-01-11", "19:00-20:00"), s("c", 2, "2027-01-18", "19:00-20:00")]
    plan = schedule([A1, A2, B1, *c], the_roadmap=roadmap(c={"weeks": "1-2"}))
    assert only(verify(plan)) == Violation(
        rule="phase-range",
        subject="p2",
        message="phase 'p2' spans 2 weeks (weeks 1..2), 1 more than its maximum of 1",
    )


def test_phase_starts_before_the_previous_phase_ends() -> None:
    c1 = s("c", 1, "2027-01-09", "09:00-11:00")
    b1 = s("b", 1, "2027-01-09", "11:10-12:10")
    assert only(verify(schedule([A1, A2, c1, b1]))) == Violation(
        rule="phase-order",
        subject="p2",
        message="phase 'p2' starts 2027-01-09 09:00, 190 min before phase 'p1' ends"
        " (2027-01-09 12:10)",
        amount_minutes=190,
    )


def test_module_starts_before_its_prerequisite_ends() -> None:
    b1 = s("b", 1, "2027-01-06", "19:00-20:00")
    a2 = s("a", 2, "2027-01-09", "09:00-10:00")
    # Wed 19:00 to Sat 10:00 is 2 days and 15 hours.
    assert only(verify(schedule([A1, b1, a2, C1]))) == Violation(
        rule="prerequisite",
        subject="b",
        message="module 'b' starts 2027-01-06 19:00, 3780 min before module 'a' ends"
        " (2027-01-09 10:00)",
        amount_minutes=3780,
    )


def test_prerequisite_inherited_through_a_skipped_module() -> None:
    # c requires b, b requires a; with b skipped, c must still wait for a.
    the_roadmap = Roadmap.model_validate(
        {
            **ROADMAP,
            "phases": [
                ROADMAP["phases"][0],
                {
                    **ROADMAP["phases"][1],
                    "after": [],
                    "modules": [
                        {"id": "c", "title": "C", "weeks": 1, "hours": 2, "requires": ["b"]}
                    ],
                },
            ],
        }
    )
    c1 = s("c", 1, "2027-01-06", "19:00-21:00")
    a2 = s("a", 2, "2027-01-09", "09:00-10:00")
    plan = schedule([A1, c1, a2], profile(skip=["b"]), the_roadmap)
    assert only(verify(plan)) == Violation(
        rule="prerequisite",
        subject="c",
        message="module 'c' starts 2027-01-06 19:00, 3780 min before module 'a' ends"
        " (2027-01-09 10:00)",
        amount_minutes=3780,
    )


def test_session_before_the_start_date() -> None:
    a1 = s("a", 1, "2027-01-02", "09:00-11:00")  # the Saturday before the start
    assert only(verify(schedule([a1, A2, B1, C1]))) == Violation(
        rule="start",
        subject=a1.uid,
        message="session 1/2 of 'a' (2027-01-02 09:00-11:00) starts 2340 min before the plan"
        " start 2027-01-04",
        amount_minutes=2340,
    )


def test_session_after_the_deadline() -> None:
    plan = schedule(VALID, profile(deadline="2027-01-10"))
    assert only(verify(plan)) == Violation(
        rule="deadline",
        subject=C1.uid,
        message="session 1/1 of 'c' (2027-01-11 19:00-21:00) ends 1260 min after the deadline"
        " 2027-01-10 is over",
        amount_minutes=1260,
    )
    assert verify(plan, stretch=True) == []


def test_naive_session_is_reported_and_left_out() -> None:
    plan = schedule(VALID)
    naive = A2.model_copy(update={"start": A2.start.replace(tzinfo=None)})
    broken = plan.model_copy(update={"sessions": [A1, naive, B1, C1]})
    assert verify(broken) == [
        Violation(
            rule="timezone",
            subject=A2.uid,
            message="session 2 of 'a' has a start without a time zone",
        ),
        Violation(
            rule="effort",
            subject="a",
            message="module 'a' receives 120 min in 1 session, 60 min less than its effort of"
            " 180 min",
            amount_minutes=60,
        ),
    ]


# Europe/Berlin springs forward on Sunday 2027-03-28 at 02:00 (to 03:00).
NIGHT_PROFILE = LearnerProfile.model_validate(
    {
        "timezone": "Europe/Berlin",
        "start": "2027-03-22",
        "availability": {"sun": ["00:00-06:00"]},
        "session": {"min_minutes": 30, "max_minutes": 120, "break_minutes": 10},
    }
)
NIGHT_ROADMAP = Roadmap.model_validate(
    {
        "id": "night",
        "title": "Night",
        "phases": [
            {
                "id": "p1",
                "title": "P",
                "weeks": 1,
                "modules": [{"id": "n", "title": "N", "weeks": 1, "hours": 1.5}],
            }
        ],
    }
)


def test_lengths_are_real_time_on_a_spring_forward_night() -> None:
    # 01:00-03:30 on the wall clock is 150 min, but the clock skips an hour: 90 min real,
    # exactly the module's effort and within the 120 min maximum.
    n1 = s("n", 1, "2027-03-28", "01:00-03:30", roadmap_id="night")
    assert verify(schedule([n1], NIGHT_PROFILE, NIGHT_ROADMAP)) == []


def test_effort_counts_real_minutes_on_a_spring_forward_night() -> None:
    # 01:00-04:00 looks like 180 min but lasts 120: 30 min more than the 90 min effort.
    n1 = s("n", 1, "2027-03-28", "01:00-04:00", roadmap_id="night")
    assert only(verify(schedule([n1], NIGHT_PROFILE, NIGHT_ROADMAP))) == Violation(
        rule="effort",
        subject="n",
        message="module 'n' receives 120 min in 1 session, 30 min more than its effort of 90 min",
        amount_minutes=30,
    )


def test_order_is_real_time_on_a_fall_back_night() -> None:
    # Europe/Berlin falls back on Sunday 2027-10-31 at 03:00 (to 02:00). On the wall clock
    # 02:10-02:50 (second pass) overlaps 02:00-02:40 (first pass); in real time it starts
    # 30 min after the first ends.
    fall = NIGHT_PROFILE.model_copy(update={"start": dt.date(2027, 10, 25)})
    night = NIGHT_ROADMAP.model_dump()
    night["phases"][0]["modules"][0]["hours"] = 80 / 60
    two = Roadmap.model_validate(night)

    def wall(minute: int, fold: int) -> dt.datetime:
        return dt.datetime(2027, 10, 31, 2, minute, tzinfo=BERLIN, fold=fold)

    sessions = [
        Session(
            uid=session_uid("night", "n", ordinal),
            module_id="n",
            phase_id="p1",
            title="N",
            ordinal=ordinal,
            start=wall(begin, fold),
            end=wall(end, fold),
        )
        for ordinal, begin, end, fold in [(1, 0, 40, 0), (2, 10, 50, 1)]
    ]
    assert verify(schedule(sessions, fall, two)) == []


def test_violations_are_sorted_by_rule_then_time() -> None:
    a = [
        s("a", 1, "2027-01-04", "19:00-20:00"),
        s("a", 2, "2027-01-04", "20:05-21:00"),  # break 5 min short
        s("a", 3, "2027-01-05", "19:00-20:05"),  # Tuesday: outside every window
    ]
    c1 = s("c", 1, "2027-01-11", "19:00-20:00")  # 60 min short
    rules = [v.rule for v in verify(schedule([*a, B1, c1]))]
    assert rules == ["window", "break", "effort"]
    assert rules == sorted(rules, key=RULES.index)
