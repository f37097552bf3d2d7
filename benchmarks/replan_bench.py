"""Re-planning after a missed week: how long it takes and how much of the calendar moves.

A measurement, not a test: :func:`replan_after_missed_week` re-plans a schedule as if its
whole first week had been missed and reports the wall time and the sessions that moved.

    python -m benchmarks.replan_bench plan.json
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import Any

from aipm_planner.model import LearnerProfile, Roadmap, Schedule
from aipm_planner.model.progress import Progress
from aipm_planner.replan import replan

__all__ = ["replan_after_missed_week"]


def replan_after_missed_week(
    schedule: Schedule,
    roadmap: Roadmap,
    profile: LearnerProfile,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
) -> dict[str, Any]:
    """Re-plan ``schedule`` at the start of plan week 1 with every week-0 session missed.

    Returns the wall time of the re-plan (seconds), the sessions of the first plan from
    week 1 on (``upcoming``) and how many of them are no longer at the same time
    (``moved``), the missed sessions, how many days later the plan finishes, and the
    solver's status and objectives.
    """
    now = dt.datetime.combine(profile.start + dt.timedelta(days=7), dt.time(), profile.zone)
    progress = Progress(as_of=now, unreported="missed")
    began = time.perf_counter()
    new = replan(
        schedule, roadmap, profile, progress, time_limit=time_limit, seed=seed, freeze_days=0
    )
    wall_time = time.perf_counter() - began
    after = {(s.module_id, s.start, s.end) for s in new.sessions}
    upcoming = [s for s in schedule.sessions if s.start >= now]
    moved = sum((s.module_id, s.start, s.end) not in after for s in upcoming)
    delay = None
    if schedule.finish is not None and new.finish is not None:
        delay = round((new.finish - schedule.finish).total_seconds() / 86400, 2)
    return {
        "scenario": "replan after a missed first week",
        "modules": sum(1 for _ in roadmap.modules()),
        "wall_time": round(wall_time, 3),
        "missed": sum(1 for s in schedule.sessions if s.end <= now),
        "upcoming": len(upcoming),
        "moved": moved,
        "finish_delay_days": delay,
        "status": new.report.status,
        "objectives": dict(new.report.objectives),
    }


def main(argv: list[str]) -> int:
    """Measure the re-plan of a schedule JSON file (as written by ``plan --json``)."""
    from aipm_planner.export.json_io import read_json

    if len(argv) != 1:
        print("usage: python -m benchmarks.replan_bench PLAN.json", file=sys.stderr)
        return 2
    schedule = read_json(argv[0])
    print(replan_after_missed_week(schedule, schedule.roadmap, schedule.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
