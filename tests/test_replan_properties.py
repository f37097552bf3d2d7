"""Properties of re-planning, for generated small plans and generated progress reports.

For every re-plan: it verifies against the work the report leaves, the sessions that were
done are exactly the ones before the check-in, and sessions keep their UIDs wherever their
module's numbering did not change. A report that leaves too little time must be diagnosed,
and then a stretched re-plan must exist and verify.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aipm_planner.errors import InfeasiblePlanError
from aipm_planner.model import LearnerProfile, Roadmap, Schedule
from aipm_planner.model.progress import ModuleProgress, Progress, SessionOutcome
from aipm_planner.planning import plan
from aipm_planner.replan import progress_work, replan
from aipm_planner.verify import Violation, verify

BERLIN = ZoneInfo("Europe/Berlin")
PROFILE = LearnerProfile.model_validate(
    {
        "timezone": "Europe/Berlin",
        "start": "2027-01-04",
        "availability": {"mon": ["19:00-21:00"], "wed": ["19:00-21:00"], "sat": ["09:00-12:00"]},
        "session": {"min_minutes": 60, "max_minutes": 120, "break_minutes": 10},
    }
)


@st.composite
def roadmaps(draw: st.DrawFn) -> Roadmap:
    """One or two phases of one or two modules; a second module may require the first."""
    phases: list[dict[str, Any]] = []
    for p in range(draw(st.integers(1, 2))):
        modules: list[dict[str, Any]] = []
        for m in range(draw(st.integers(1, 2))):
            module: dict[str, Any] = {
                "id": f"m{p}{m}",
                "title": f"Module {p}{m}",
                "weeks": "1-3",
                "hours": draw(st.sampled_from([1, 2, 3, 4])),
            }
            if m and draw(st.booleans()):
                module["requires"] = [f"m{p}0"]
            modules.append(module)
        phases.append({"id": f"p{p}", "title": f"Phase {p}", "weeks": "1-4", "modules": modules})
    return Roadmap.model_validate({"id": "gen", "title": "Generated", "phases": phases})


@st.composite
def reports(draw: st.DrawFn, schedule: Schedule) -> Progress:
    """A check-in some hours into the plan, with outcomes and module reports."""
    as_of = dt.datetime.combine(
        schedule.profile.start, dt.time(), schedule.profile.zone
    ) + dt.timedelta(hours=draw(st.integers(0, 24 * 21)))
    past = [s for s in schedule.sessions if s.end <= as_of]
    outcomes: dict[str, SessionOutcome] = {}
    for session in past:
        outcome: SessionOutcome | None = draw(st.sampled_from(["done", "missed", None]))
        if outcome is not None:
            outcomes[session.uid] = outcome
    modules: dict[str, ModuleProgress] = {}
    for _, module in schedule.roadmap.modules():
        kind = draw(st.sampled_from(["none", "none", "hours", "done"]))
        if kind == "hours":
            modules[module.id] = ModuleProgress(hours_done=draw(st.sampled_from([0.5, 1, 2.5])))
        elif kind == "done":
            modules[module.id] = ModuleProgress(done=True)
    return Progress(
        as_of=as_of,
        sessions=outcomes,
        modules=modules,
        unreported=draw(st.sampled_from(["done", "missed"])),
    )


def verify_replanned(schedule: Schedule, progress: Progress, *, stretch: bool) -> list[Violation]:
    """Verify against what the progress report leaves to do, not the roadmap's full effort."""
    work = progress_work(schedule, progress)
    return verify(schedule, stretch=stretch, work=work)


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), roadmap=roadmaps(), freeze_days=st.integers(0, 2))
def test_replans_verify_keep_the_past_and_keep_uids(
    data: st.DataObject, roadmap: Roadmap, freeze_days: int
) -> None:
    check_replan(data, roadmap, PROFILE, freeze_days)


def check_replan(
    data: st.DataObject, roadmap: Roadmap, profile: LearnerProfile, freeze_days: int
) -> bool:
    """Plan, draw a progress report, re-plan and check it; True when it had to stretch."""
    previous = plan(roadmap, profile, time_limit=5, workers=1)
    assert verify(previous) == []
    progress = data.draw(reports(previous))
    failure: InfeasiblePlanError | None = None
    try:
        new = replan(previous, progress=progress, freeze_days=freeze_days, time_limit=5, workers=1)
    except InfeasiblePlanError as exc:
        failure = exc
    stretch = failure is not None
    if failure is not None:
        assert failure.diagnosis.conflicts or failure.diagnosis.fixes
        new = replan(
            previous,
            progress=progress,
            freeze_days=freeze_days,
            time_limit=5,
            workers=1,
            stretch=True,
        )
    assert verify_replanned(new, progress, stretch=stretch) == []

    now = progress.as_of
    missed = {
        s.uid
        for s in previous.sessions
        if s.end <= now and progress.sessions.get(s.uid, progress.unreported) == "missed"
    }
    done = [s for s in previous.sessions if s.end <= now and s.uid not in missed]
    assert [(s.module_id, s.start, s.end) for s in new.sessions if s.end <= now] == [
        (s.module_id, s.start, s.end) for s in done
    ]
    # A module with nothing missed keeps its numbering: each session that is still there
    # at the same time, with the same sessions of its module before it, keeps its UID.
    renumbered = {s.module_id for s in previous.sessions if s.uid in missed}
    before = {(s.module_id, s.start, s.end): s for s in previous.sessions}
    for session in new.sessions:
        old = before.get((session.module_id, session.start, session.end))
        if old is None or session.module_id in renumbered:
            continue
        earlier_old = [s.start for s in previous.sessions_of(session.module_id)]
        earlier_new = [s.start for s in new.sessions_of(session.module_id)]
        if earlier_old[: old.ordinal] == earlier_new[: session.ordinal]:
            assert session.uid == old.uid
    assert new.created == now
    return stretch
