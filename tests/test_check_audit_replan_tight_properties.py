"""Re-plans of generated plans that leave no room: the stretched path is really taken.

``test_replan_properties.py`` gives every module 1-3 weeks and every phase 1-4, so a
progress report hardly ever leaves too little time, and its check of a refused re-plan (it
must be diagnosed, and a stretched re-plan must exist and verify) ran in none of its
cases. Here modules get about as many hours as their weeks hold, so that missed sessions
often cannot fit any more; the same checks run, and both paths are counted and asserted.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from test_replan_properties import PROFILE, check_replan

from aipm_planner.model import Roadmap

TIGHT: Counter[str] = Counter()


@st.composite
def tight_roadmaps(draw: st.DrawFn) -> Roadmap:
    """One or two phases of one or two modules of 3-6 hours per week of their range (the
    profile's week holds 7 hours); a phase may span exactly its modules' weeks."""
    phases: list[dict[str, Any]] = []
    for p in range(draw(st.integers(1, 2))):
        modules: list[dict[str, Any]] = []
        for m in range(draw(st.integers(1, 2))):
            weeks = draw(st.integers(1, 2))
            modules.append(
                {
                    "id": f"m{p}{m}",
                    "title": f"Module {p}{m}",
                    "weeks": weeks,
                    "hours": weeks * draw(st.integers(3, 6)),
                }
            )
        span = sum(m["weeks"] for m in modules)
        low = max(m["weeks"] for m in modules)
        phases.append(
            {"id": f"p{p}", "title": f"Phase {p}", "weeks": f"{low}-{span}", "modules": modules}
        )
    return Roadmap.model_validate({"id": "tight", "title": "Tight", "phases": phases})


@pytest.mark.slow
@settings(max_examples=12, deadline=None, derandomize=True)
@given(data=st.data(), roadmap=tight_roadmaps(), freeze_days=st.integers(0, 2))
def test_tight_replans_verify_or_stretch(
    data: st.DataObject, roadmap: Roadmap, freeze_days: int
) -> None:
    stretched = check_replan(data, roadmap, PROFILE, freeze_days)
    kind = "stretched" if stretched else "strict"
    event(kind)
    TIGHT[kind] += 1


@pytest.mark.slow
def test_both_kinds_of_replan_were_checked() -> None:
    # Runs after the property above in a normal session; alone, it runs it first.
    if not TIGHT:
        test_tight_replans_verify_or_stretch()
    assert TIGHT["stretched"] >= 2, dict(TIGHT)
    assert TIGHT["strict"] >= 2, dict(TIGHT)
