"""diagnose() on inputs that fit says so, instead of offering fixes for a plan that needs
none (or failing while building an empty "drop optional modules" fix)."""

from __future__ import annotations

import datetime as dt

import pytest
from schedule_builder import profile

from aipm_planner import (
    Diagnosis,
    InfeasiblePlanError,
    Progress,
    Roadmap,
    diagnose,
    plan,
    replan,
    verify,
)
from aipm_planner.model.progress import SessionOutcome

# Two phases in order; 2 h + 3 h of study, and Monday and Wednesday evenings (2 h each)
# and Saturday mornings (3 h) hold them within the ranges easily.
ROADMAP = Roadmap.model_validate(
    {
        "id": "fits",
        "title": "Fits",
        "phases": [
            {
                "id": "first",
                "title": "First",
                "weeks": "1-2",
                "modules": [{"id": "intro", "title": "Intro", "weeks": "1-2", "hours": 2}],
            },
            {
                "id": "second",
                "title": "Second",
                "weeks": "1-2",
                "modules": [
                    {"id": "core", "title": "Core", "weeks": "1-2", "hours": 2},
                    {
                        "id": "extra",
                        "title": "Extra",
                        "weeks": "1-2",
                        "hours": 1,
                        "optional": True,
                    },
                ],
            },
        ],
    }
)
PROFILE = profile(dt.date(2027, 1, 4), deadline="2027-02-28", max_hours_per_week=4)


def test_a_roadmap_that_fits_gets_no_conflict_and_no_fix() -> None:
    assert verify(plan(ROADMAP, PROFILE, time_limit=5)) == []
    diagnosis = diagnose(ROADMAP, PROFILE, time_limit=5)
    assert diagnosis == Diagnosis(conflicts=[], fixes=[], fits=True)
    assert diagnosis.summary() == "The roadmap fits your time as it is: nothing needs to change."


def test_a_diagnosis_of_a_roadmap_that_does_not_fit_says_fits_false() -> None:
    tight = PROFILE.model_copy(update={"deadline": dt.date(2027, 1, 5)})
    diagnosis = diagnose(ROADMAP, tight, time_limit=5)
    assert not diagnosis.fits
    assert diagnosis.conflicts
    assert diagnosis.summary().startswith("The roadmap does not fit your time:")


def test_a_re_plan_that_does_not_fit_never_says_it_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    """What is left is diagnosed as a plan of its own, which can fit where the re-plan
    cannot (it is bound to the frozen days): the error then blames no single rule."""
    from aipm_planner.solver import diagnosis

    monkeypatch.setattr(
        diagnosis, "diagnose", lambda *_args, **_kw: Diagnosis(conflicts=[], fits=True)
    )
    schedule = plan(ROADMAP, PROFILE, time_limit=5)
    # The three sessions of the first week missed, and only Monday evening (2 h) left
    # before the deadline for their 4 h and the last session's hour.
    as_of = dt.datetime(2027, 1, 10, tzinfo=dt.UTC)
    missed: dict[str, SessionOutcome] = {
        s.uid: "missed" for s in schedule.sessions if s.end < as_of
    }
    tight = PROFILE.model_copy(update={"deadline": dt.date(2027, 1, 11)})
    progress = Progress(as_of=as_of, sessions=missed)
    with pytest.raises(InfeasiblePlanError) as caught:
        replan(schedule, profile=tight, progress=progress, time_limit=5)
    assert not caught.value.diagnosis.fits
    assert str(caught.value).startswith("The roadmap does not fit your time:")
