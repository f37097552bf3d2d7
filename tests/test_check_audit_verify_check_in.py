"""After a check-in, verify() exempts the past from the learner's rules, and only the past.

A re-planned schedule is verified with its check-in moment (``Work.settled``): sessions that
ended by then followed an older profile and are not judged again. The tests so far showed
the exemption (a changed profile passes) but none broke a rule after the check-in on
purpose, so an exemption that swallowed the future too would have passed them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from test_verify import A1, A2, B1, BERLIN, C1, profile, roadmap, s, schedule

from aipm_planner.effort import prepare
from aipm_planner.model import Schedule
from aipm_planner.verify import verify


def checked_in(plan: Schedule, moment: dt.datetime) -> list[tuple[str, str]]:
    work = dataclasses.replace(prepare(plan.roadmap, plan.profile), settled=moment)
    return [(v.rule, v.subject) for v in verify(plan, work=work)]


WEDNESDAY = dt.datetime(2027, 1, 6, 0, 0, tzinfo=BERLIN)


def test_a_past_session_outside_every_window_is_not_judged() -> None:
    tuesday = s("a", 1, "2027-01-05", "19:00-21:00")  # Tuesday: no window, before Wednesday
    plan = schedule([tuesday, A2, B1, C1])
    assert [v.rule for v in verify(plan)] == ["window"]
    assert checked_in(plan, WEDNESDAY) == []


def test_a_later_session_outside_every_window_still_is() -> None:
    thursday = s("a", 2, "2027-01-07", "19:00-20:00")  # Thursday: no window, after Wednesday
    plan = schedule([A1, thursday, B1, C1])
    assert checked_in(plan, WEDNESDAY) == [("window", thursday.uid)]


def test_the_break_after_the_check_in_counts_the_session_just_before_it() -> None:
    # Checked in on Monday at 20:00, as the first session ends; the next starts 5 min later.
    a = [
        s("a", 1, "2027-01-04", "19:00-20:00"),
        s("a", 2, "2027-01-04", "20:05-21:00"),
        s("a", 3, "2027-01-06", "19:00-20:05"),
    ]
    plan = schedule([*a, B1, C1])
    monday_8pm = dt.datetime(2027, 1, 4, 20, 0, tzinfo=BERLIN)
    assert checked_in(plan, monday_8pm) == [("break", a[1].uid)]


def test_caps_are_judged_on_days_after_the_check_in_only() -> None:
    # A 60-minute daily cap: Monday (before the check-in) and Saturday (after) both have
    # 120 min; only Saturday is reported. Week 0 has sessions after the check-in, so the
    # weekly cap (3 h) is judged on the whole week, Monday's study included: 5 h in all.
    capped = profile(max_hours_per_day=1, max_hours_per_week=3)
    c = [s("c", 1, "2027-01-09", "10:10-11:10"), s("c", 2, "2027-01-11", "19:00-20:00")]
    plan = schedule([A1, A2, B1, *c], capped, roadmap(c={"weeks": "1-2"}))
    found = checked_in(plan, WEDNESDAY)
    assert [f for f in found if f[0].endswith("-cap")] == [
        ("daily-cap", "2027-01-09"),
        ("weekly-cap", "week 0"),
    ]
