"""The same inputs give the same schedule and the same .ics bytes, in separate processes.

Each plan runs in a fresh interpreter with the default number of workers (where CP-SAT's
parallel search may return a different one of several optimal plans on each run), and
prints the SHA-256 of the schedule's JSON and of its .ics bytes. The JSON is hashed with
``report.wall_time`` set to 0: how long the solver took is a measurement of the run, not
part of the plan, and differs on every run by nature.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from .builders import module, phase, profile, roadmap

SCRIPT = """
import datetime as dt, hashlib, json, sys
from aipm_planner.export.ics import to_ics
from aipm_planner.export.json_io import schedule_to_json
from aipm_planner.loading import default_profile
from aipm_planner.model import LearnerProfile, Roadmap
from aipm_planner.planning import plan
from aipm_planner.roadmaps import builtin_roadmap

request = json.loads(sys.stdin.read())
if request["builtin"]:
    road = builtin_roadmap("ai-product-manager")
    prof = default_profile(today=dt.date(2027, 1, 1), timezone="Europe/Berlin")
else:
    road = Roadmap.model_validate(request["roadmap"])
    prof = LearnerProfile.model_validate(request["profile"])
schedule = plan(road, prof, time_limit=request["time_limit"])
report = schedule.report.model_copy(update={"wall_time": 0.0})
text = schedule_to_json(schedule.model_copy(update={"report": report}))
print(json.dumps({
    "json": hashlib.sha256(text.encode()).hexdigest(),
    "ics": hashlib.sha256(to_ics(schedule)).hexdigest(),
    "status": schedule.report.status,
    "report": report.model_dump(mode="json"),
    "finish": schedule.finish.isoformat(),
    "sessions": [[s.module_id, s.start.isoformat(), s.end.isoformat()] for s in schedule.sessions],
}))
"""


def run(request: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def first_difference(a: dict[str, Any], b: dict[str, Any]) -> str:
    """Where two runs differ, for the failure message."""
    head = (
        f"status {a['status']} vs {b['status']}; finish {a['finish']} vs {b['finish']};"
        f" {len(a['sessions'])} vs {len(b['sessions'])} sessions"
    )
    for left, right in zip(a["sessions"], b["sessions"], strict=False):
        if left != right:
            return f"{head}; first different session: {left} vs {right}"
    return head


def assert_same_twice(request: dict[str, Any]) -> dict[str, Any]:
    first, second = run(request), run(request)
    assert first["sessions"] == second["sessions"], first_difference(first, second)
    assert first["report"] == second["report"]
    assert first["json"] == second["json"]
    assert first["ics"] == second["ics"]
    return first


# Three phases with prerequisites and a two-week phase, on a week with several windows a
# day: many plans finish equally early, so only a canonical choice makes runs agree.
TINY_BUT_NOT_TRIVIAL = roadmap(
    phase("p1", "1-2", module("a", "1-2", 2), module("b", 1, 1.5, requires=("a",))),
    phase("p2", "2-3", module("c", "1-2", 2), module("d", "1-2", 1.5), module("e", 1, 1)),
    phase("p3", 1, module("f", 1, 1, requires=("c",))),
)
WEEK = profile(
    {
        "mon": ["07:00-08:30", "19:00-21:00"],
        "wed": ["19:00-21:00"],
        "thu": ["12:00-13:00", "19:00-21:00"],
        "sat": ["09:00-12:00", "14:00-16:00"],
    },
    timezone="Europe/Berlin",
    start="2027-03-22",  # the DST change of 2027-03-28 falls in week 0
    max_hours_per_day=3,
)


def test_a_small_plan_is_the_same_in_two_processes() -> None:
    result = assert_same_twice(
        {
            "builtin": False,
            "roadmap": TINY_BUT_NOT_TRIVIAL.model_dump(mode="json"),
            "profile": WEEK.model_dump(mode="json"),
            "time_limit": 10,
        }
    )
    assert result["status"] == "optimal"


@pytest.mark.slow
def test_the_builtin_plan_is_the_same_in_two_processes() -> None:
    assert_same_twice({"builtin": True, "time_limit": 60})


def test_a_plan_cut_short_by_the_time_limit_is_the_same_in_two_processes() -> None:
    # One second is too little to prove the built-in roadmap's finish on two cores: the
    # plan the parallel search found would differ between runs, so the answer is the
    # constructive plan, and the report holds only what does not depend on the run.
    assert_same_twice({"builtin": True, "time_limit": 1})
