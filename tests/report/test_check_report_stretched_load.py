"""The weekly load of a plan stretched past the deadline shows the hours of every week.

The available hours were worked out only up to the deadline, so every week a stretched
plan placed after it had planned hours but "–" available hours and no line in the chart,
although the plan used the learner's windows there.
"""

from __future__ import annotations

import datetime as dt

from aipm_planner.export.charts import week_loads, weekly_capacity

from .schedules import START, build, profile, roadmap


def test_weeks_after_the_deadline_have_their_hours() -> None:
    # Mon and Wed 2 h, Sat 3 h: 7 h a week; the sessions run to week 5 (1 Feb).
    stretched = build(roadmap(), profile(blackouts=()).model_copy(update={"deadline": START}))
    loads = week_loads(stretched, weekly_capacity(stretched))
    assert [load.planned_minutes for load in loads] == [300, 0, 0, 60, 60]
    assert [load.available_minutes for load in loads] == [420] * 5


def test_a_plan_within_its_deadline_counts_hours_up_to_it() -> None:
    # The deadline on Wednesday of week 5: that week has Mon and Wed, 4 h.
    deadline = dt.date(2027, 2, 3)
    within = build(roadmap(), profile(blackouts=()).model_copy(update={"deadline": deadline}))
    loads = week_loads(within, weekly_capacity(within))
    assert [load.available_minutes for load in loads] == [420, 420, 420, 420, 240]
