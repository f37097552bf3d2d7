"""Prior-skill credit (``effort.prepare``): what is left to study, and every change explained.

The rule: for each skill a module teaches, the gap is ``max(0, module level - learner
level) / module level``; the effort is multiplied by the mean gap, rounded to 5 minutes and
raised to something that can be cut into allowed sessions. No gap, or a ``skip`` entry,
skips the module; week ranges shrink in proportion (never below 1 week, and a phase never
below the longest chain of its kept modules).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from aipm_planner.effort import prepare, skill_gap, splittable_minutes
from aipm_planner.errors import InputError
from aipm_planner.loading import default_profile
from aipm_planner.model import LearnerProfile, Roadmap, SessionRules, WeekRange
from aipm_planner.roadmaps import builtin_roadmap


def module(mid: str, weeks: int | str, hours: float, **fields: Any) -> dict[str, Any]:
    return {"id": mid, "title": mid.upper(), "weeks": weeks, "hours": hours, **fields}


def phase(pid: str, weeks: int | str, *modules: dict[str, Any]) -> dict[str, Any]:
    return {"id": pid, "title": pid.upper(), "weeks": weeks, "modules": list(modules)}


def roadmap(*phases: dict[str, Any]) -> Roadmap:
    return Roadmap.model_validate({"id": "t", "title": "T", "phases": list(phases)})


def profile(**fields: Any) -> LearnerProfile:
    data: dict[str, Any] = {
        "timezone": "UTC",
        "start": "2027-01-04",
        "availability": {"mon": ["19:00-21:00"]},
    }
    return LearnerProfile.model_validate(data | fields)


def minutes(road: Roadmap, prof: LearnerProfile) -> dict[str, int]:
    return {m.module_id: m.minutes for m in prepare(road, prof).modules}


# --- the skill gap -----------------------------------------------------------------------


def test_the_gap_is_the_mean_over_taught_skills() -> None:
    # sql: (2 - 1) / 2 = 0.5, ml: (3 - 3) / 3 = 0 -> mean 0.25 of 4 h = 60 min.
    road = roadmap(phase("p", 1, module("a", 1, 4, teaches={"sql": 2, "ml": 3})))
    prof = profile(skills={"sql": 1, "ml": 3})
    assert skill_gap(road.module("a"), prof.skills) == 0.25
    assert minutes(road, prof) == {"a": 60}


def test_a_skill_above_the_module_level_gives_no_negative_gap() -> None:
    # sql: max(0, 1 - 3) / 1 = 0, ml: (2 - 0) / 2 = 1 -> mean 0.5 of 2 h.
    road = roadmap(phase("p", 1, module("a", 1, 2, teaches={"sql": 1, "ml": 2})))
    assert minutes(road, profile(skills={"sql": 3})) == {"a": 60}


def test_a_module_that_teaches_nothing_gets_no_credit() -> None:
    road = roadmap(phase("p", 1, module("a", 1, 2)))
    assert minutes(road, profile(skills={"sql": 3})) == {"a": 120}


def test_skills_the_module_does_not_teach_give_no_credit() -> None:
    road = roadmap(phase("p", 1, module("a", 1, 2, teaches={"sql": 2})))
    assert minutes(road, profile(skills={"ml": 3})) == {"a": 120}


def test_credit_is_explained() -> None:
    road = roadmap(phase("p", 1, module("a", 1, 2, teaches={"sql": 2, "ml": 2})))
    work = prepare(road, profile(skills={"sql": 1, "ml": 1}))
    assert work.explanations == (
        "Shortened 'A' from 2 h to 1 h: you already know sql 1/2, ml 1/2.",
    )


# --- skipping ----------------------------------------------------------------------------


def test_a_module_with_no_gap_is_skipped() -> None:
    road = roadmap(phase("p", 1, module("a", 1, 2, teaches={"sql": 2}), module("b", 1, 1)))
    work = prepare(road, profile(skills={"sql": 2}))
    assert [m.module_id for m in work.modules] == ["b"]
    assert work.skipped_modules == ("a",)
    assert work.explanations == ("Skipped 'A': you already have sql at level 2, all it teaches.",)
    assert work.module_plans["a"] == (0, 120, None)


def test_a_module_listed_under_skip_is_skipped() -> None:
    road = roadmap(phase("p", 1, module("a", 1, 2), module("b", 1, 1)))
    work = prepare(road, profile(skip=["a"]))
    assert [m.module_id for m in work.modules] == ["b"]
    assert work.explanations == ("Skipped 'A': your profile lists it under skip.",)


def test_an_unknown_skip_id_names_its_field() -> None:
    road = roadmap(phase("p", 1, module("a", 1, 2)))
    with pytest.raises(InputError) as caught:
        prepare(road, profile(skip=["a", "nope"]))
    assert caught.value.field == "skip.1"
    assert caught.value.value == "nope"
    assert "'nope'" in str(caught.value)


def test_dependants_inherit_the_prerequisites_of_skipped_modules() -> None:
    # c requires b requires a; with b skipped, c requires a; with a and b skipped, nothing.
    road = roadmap(
        phase(
            "p",
            "1-3",
            module("a", 1, 1),
            module("b", 1, 1, requires=["a"]),
            module("c", 1, 1, requires=["b"]),
        )
    )
    requires = {m.module_id: m.requires for m in prepare(road, profile(skip=["b"])).modules}
    assert requires == {"a": (), "c": ("a",)}
    requires = {m.module_id: m.requires for m in prepare(road, profile(skip=["a", "b"])).modules}
    assert requires == {"c": ()}


def test_a_phase_with_nothing_left_disappears_and_its_successor_inherits_its_order() -> None:
    road = roadmap(
        phase("p1", 1, module("a", 1, 1)),
        phase("p2", 1, module("b", 1, 1)),
        phase("p3", 1, module("c", 1, 1)),
    )
    work = prepare(road, profile(skip=["b"]))
    assert [(p.phase_id, p.after) for p in work.phases] == [("p1", ()), ("p3", ("p1",))]
    assert work.skipped_phases == ("p2",)
    assert work.explanations[-1] == "Phase 'P2' is left out: nothing in it is left to study."


# --- shrinking week ranges ---------------------------------------------------------------


def test_module_weeks_shrink_in_proportion() -> None:
    # Half the effort: 4-6 weeks become floor(2)-ceil(3) = 2-3.
    road = roadmap(phase("p", "4-6", module("a", "4-6", 10, teaches={"sql": 2})))
    work = prepare(road, profile(skills={"sql": 1}))
    assert work.modules[0].weeks == WeekRange(min=2, max=3)
    assert work.phases[0].weeks == WeekRange(min=2, max=3)
    assert work.explanations == (
        "Shortened 'A' from 10 h to 5 h: you already know sql 1/2; its weeks shrink from 4-6"
        " to 2-3.",
        "Phase 'P' now spans 2-3 weeks instead of 4-6: 5 h of its 10 h are already covered.",
    )


def test_weeks_never_shrink_below_one() -> None:
    # Gap (0 + 1/3) / 2 = 1/6 of 4 h = 40 min: 1-2 weeks would become 0.17-0.33, kept at 1.
    road = roadmap(phase("p", "1-2", module("a", "1-2", 4, teaches={"sql": 3, "ml": 3})))
    work = prepare(road, profile(skills={"sql": 3, "ml": 2}))
    assert work.modules[0].minutes == 40
    assert work.modules[0].weeks == WeekRange(min=1, max=1)
    assert work.phases[0].weeks == WeekRange(min=1, max=1)


def test_a_shrunk_phase_still_holds_its_chain_of_kept_modules() -> None:
    # Skipping c halves the phase's effort: 6-8 weeks would become 3-4, but a (3 weeks) and
    # then b (3 weeks, may start in the week a ends) need 3 + 3 - 1 = 5 weeks.
    road = roadmap(
        phase(
            "p",
            "6-8",
            module("a", 3, 10),
            module("b", 3, 10, requires=["a"]),
            module("c", "1-2", 20),
        )
    )
    work = prepare(road, profile(skip=["c"]))
    assert work.phases[0].weeks == WeekRange(min=5, max=5)


def test_the_chain_of_kept_modules_runs_through_skipped_ones() -> None:
    # c requires b, which is skipped and required a: c still waits for a (3 + 3 - 1 weeks),
    # even when the phase lists c before a.
    road = roadmap(
        phase(
            "p",
            "8-10",
            module("c", "3-4", 10, requires=["b"]),
            module("b", 1, 40, requires=["a"]),
            module("a", "3-4", 10),
        )
    )
    work = prepare(road, profile(skip=["b"]))
    assert [m.requires for m in work.modules] == [("a",), ()]
    assert work.phases[0].weeks == WeekRange(min=5, max=5)


def test_a_phase_left_with_one_module_asks_no_more_weeks_than_it_may_span() -> None:
    # Skipping b keeps 20 of 22 h: 6 weeks would shrink to 5-6, but a alone spans 1-2 weeks,
    # and the phase spans exactly what its one module spans.
    road = roadmap(phase("p", 6, module("a", "1-2", 20), module("b", "4-6", 2)))
    work = prepare(road, profile(skip=["b"]))
    assert work.phases[0].weeks == WeekRange(min=2, max=6)
    assert work.explanations[-1] == (
        "Phase 'P' now spans 2-6 weeks instead of 6: 2 h of its 22 h are already covered."
    )


def test_builtin_foundation_keeps_four_weeks_without_industry_knowledge() -> None:
    # The foundation phase is exactly 4 weeks and ai-for-everyone alone spans 4 weeks, so
    # skipping industry-knowledge (a quarter of the phase's effort) cannot shorten it.
    road = builtin_roadmap("ai-product-manager")
    prof = default_profile(today=dt.date(2027, 1, 1), timezone="Europe/Berlin")
    work = prepare(road, prof.model_copy(update={"skip": ["industry-knowledge"]}))
    foundation = next(p for p in work.phases if p.phase_id == "foundation")
    assert foundation.weeks == WeekRange(min=4, max=4)
    assert [m.module_id for m in foundation.modules] == ["ai-for-everyone"]
    assert not any("now spans" in e for e in work.explanations)


# --- rounding ------------------------------------------------------------------------------


def test_effort_is_rounded_to_five_minutes() -> None:
    # 1.1 h = 66 min -> 65; with level 1 of 3 known, 2/3 of 65 = 43.3 -> 45.
    road = roadmap(phase("p", 1, module("a", 1, 1.1, teaches={"sql": 3})))
    assert minutes(road, profile()) == {"a": 65}
    assert minutes(road, profile(skills={"sql": 1})) == {"a": 45}


def test_effort_is_raised_to_what_sessions_can_hold() -> None:
    # 20 min is shorter than one 30-minute session: raised to 30, and explained.
    road = roadmap(phase("p", 1, module("a", 1, 20 / 60)))
    work = prepare(road, profile())
    assert work.modules[0].minutes == 30
    assert work.explanations == (
        "Raised 'A' from 20 min to 0.5 h so it can be cut into sessions of 30-120 minutes.",
    )


def test_effort_is_raised_to_two_sessions_when_it_must_span_weeks() -> None:
    # 30 min is one session, which lies in one week; a span of 3 weeks needs a session in
    # its first week and one in its last.
    road = roadmap(phase("p", "3-4", module("a", 3, 0.5), module("b", "1-4", 6)))
    work = prepare(road, profile())
    assert work.modules[0].minutes == 60
    assert work.explanations == (
        "Raised 'A' from 0.5 h to 1 h so that sessions of at least 30 minutes can span its"
        " 3 weeks.",
    )


def test_effort_is_raised_to_two_sessions_when_its_phase_must_span_weeks() -> None:
    # The phase must span 2 weeks and holds this one module: one 30-minute session cannot.
    road = roadmap(phase("p", 2, module("a", "1-2", 0.5)))
    work = prepare(road, profile())
    assert work.modules[0].minutes == 60
    assert work.module_plans["a"][0] == 60
    assert work.explanations == (
        "Raised 'A' from 0.5 h to 1 h so that sessions of at least 30 minutes can span the"
        " 2 weeks of its phase.",
    )


def test_splittable_minutes() -> None:
    rules = SessionRules(min_minutes=50, max_minutes=60, break_minutes=10)
    assert splittable_minutes(60, rules) == 60  # one session
    assert splittable_minutes(70, rules) == 100  # two sessions of at least 50
    assert splittable_minutes(120, rules) == 120  # two sessions of 60
    assert splittable_minutes(125, rules) == 150  # three sessions of at least 50
    assert splittable_minutes(10, rules) == 50  # one shortest session


def test_a_skill_no_module_teaches_is_named_with_the_one_it_may_mean() -> None:
    road = roadmap(phase("p", "1-2", module("a", "1-2", 2, teaches={"sql": 2})))
    work = prepare(road, profile(skills={"SQL": 2, "cooking": 3, "sql": 1}))
    assert minutes(road, profile(skills={"SQL": 2, "sql": 1})) == {"a": 60}  # only 'sql' counts
    assert [e for e in work.explanations if e.startswith("Your skill")] == [
        "Your skill 'SQL' gives no credit: no module of this roadmap teaches it"
        " (did you mean 'sql'?).",
        "Your skill 'cooking' gives no credit: no module of this roadmap teaches it.",
    ]
