"""For generated cases that cannot fit, every fix the diagnosis calls verified makes a plan
that verifies.

A refusal promises how little would make the plan fit, and a fix marked verified was
confirmed by a search. The hand-written diagnosis tests apply their fixes; the generated
"stressed" cases of ``test_properties.py`` only check that a refusal has a reason. Here
each refusal's verified fixes are applied (``apply_fix``) and planned again: the plan must
exist and pass the verifier. Refusals, fixes tried and estimates are counted and asserted.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import event, given, settings

from aipm_planner import apply_fix
from aipm_planner.errors import InfeasiblePlanError, InputError
from aipm_planner.model import LearnerProfile, Roadmap
from aipm_planner.planning import plan
from aipm_planner.verify import verify

from .test_properties import CI, TIME_LIMIT, cases

FIXES: Counter[str] = Counter()


@pytest.mark.slow
@settings(CI, max_examples=10)
@given(cases(stressed=True))
def test_verified_fixes_make_plans_that_verify(
    case: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    prof_data, road_data = case
    road = Roadmap.model_validate(road_data)
    prof = LearnerProfile.model_validate(prof_data)
    FIXES["cases"] += 1
    try:
        schedule = plan(road, prof, time_limit=TIME_LIMIT)
    except InputError:
        event("no windows")
        return
    except InfeasiblePlanError as refusal:
        diagnosis = refusal.diagnosis
    else:
        assert verify(schedule) == []
        event("planned")
        return
    FIXES["refused"] += 1
    assert diagnosis.conflicts, f"a refusal names no conflict\n{case!r}"
    for fix in diagnosis.fixes:
        if not fix.verified:
            FIXES["estimates"] += 1
            continue
        FIXES["fixes"] += 1
        event(f"fix: {'+'.join(c.kind for c in fix.changes)}")
        fixed_road, fixed_prof = apply_fix(road, prof, fix)
        fixed = plan(fixed_road, fixed_prof, time_limit=TIME_LIMIT)
        violations = verify(fixed)
        assert violations == [], f"{fix.message}: {violations}\n{case!r}"


@pytest.mark.slow
def test_fixes_were_tried() -> None:
    # Runs after the property above in a normal session; alone, it runs it first.
    if not FIXES["cases"]:
        test_verified_fixes_make_plans_that_verify()
    assert FIXES["refused"] >= 4, dict(FIXES)
    assert FIXES["fixes"] >= 4, dict(FIXES)
