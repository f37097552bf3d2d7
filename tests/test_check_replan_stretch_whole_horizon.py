"""A stretched re-plan whose strict re-plan cannot exist still gives a plan.

Re-plans have no constructive plan to start from, and a stretched model over every week
the horizon allows (three years for the built-in roadmap) was too large for CP-SAT to find
any plan in: ``replan(..., stretch=True)`` raised "no plan found" although only one
module's range was over. The stretched horizon now grows from the lower bound, as a strict
one does, and the plan found is not claimed optimal (it is the best within those weeks);
and the search for a plan within every limit, which arithmetic rules out here, is skipped.
"""

from __future__ import annotations

import datetime as dt

import pytest

from aipm_planner.loading import default_profile
from aipm_planner.model.progress import Progress
from aipm_planner.planning import plan
from aipm_planner.replan import progress_work, replan
from aipm_planner.roadmaps import builtin_roadmap
from aipm_planner.solver import solve as solve_module
from aipm_planner.verify import verify

PROFILE = default_profile(today=dt.date(2027, 1, 1), timezone="Europe/Berlin")


@pytest.mark.slow
def test_a_missed_session_past_its_range_is_stretched_into_a_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = plan(builtin_roadmap("ai-product-manager"), PROFILE, time_limit=10)
    foundation = [s for s in first.sessions if s.phase_id == first.sessions[0].phase_id]
    # The foundation's last session is reported missed two months later: its phase and
    # module may span 4 weeks, and those weeks are over, so only a stretched plan exists.
    now = foundation[-1].end + dt.timedelta(weeks=8)
    progress = Progress(as_of=now, sessions={foundation[-1].uid: "missed"}, unreported="done")

    # Arithmetic shows that no re-plan within every limit exists: none is searched for.
    def no_strict_search(*args: object, **kwargs: object) -> None:
        raise AssertionError("a plan within every limit was searched for")

    monkeypatch.setattr(solve_module, "_strict", no_strict_search)
    new = replan(first, progress=progress, time_limit=30, stretch=True)
    assert verify(new, work=progress_work(new, progress), stretch=True) == []
    assert new.report.status == "feasible"  # the best within the weeks searched, unproven
    assert new.report.bounds["stretch"] == 0
    stretched = [line for line in new.explanations if line.startswith("Stretched:")]
    assert any(foundation[-1].phase_id in line or "Foundation" in line for line in stretched)
    assert sum(s.minutes for s in new.sessions) == sum(s.minutes for s in first.sessions)
