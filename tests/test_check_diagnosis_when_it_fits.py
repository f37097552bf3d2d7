"""diagnose() on inputs that fit says so, instead of offering fixes for a plan that needs
none (or failing while building an empty "drop optional modules" fix)."""

from __future__ import annotations

import datetime as dt

from schedule_builder import profile

from aipm_planner import Diagnosis, Roadmap, diagnose, plan, verify

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
