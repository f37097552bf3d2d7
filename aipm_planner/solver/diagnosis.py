"""Why a plan cannot fit, in the learner's words, and the smallest changes that make it fit.

Three steps, cheapest first:

1. arithmetic pre-checks (:mod:`~aipm_planner.solver.prechecks`): effort against the free
   time before the deadline, against the best run of weeks a phase or module may span,
   a phase's maximum against the chain of its modules that follow one another, the chain
   of minimum phase lengths against the deadline, sessions against windows;
2. when none of them fires, CP-SAT with one assumption literal per user-facing rule
   (deadline, caps, each phase's and module's range, order and prerequisites), no
   objective and one worker; the rules it names as sufficient for infeasibility are shrunk
   to a minimal set by deleting one at a time and solving again;
3. fixes (:mod:`~aipm_planner.solver.fixes`), each checked by solving the changed inputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aipm_planner.effort import Work, prepare
from aipm_planner.errors import InputError, SolverError
from aipm_planner.model import Conflict, Diagnosis, LearnerProfile, Roadmap
from aipm_planner.model.base import PROFILE_HINT, ROADMAP_HINT, expect
from aipm_planner.solver.fix_search import Budget, Checker, capacity_for
from aipm_planner.solver.fixes import find_fixes
from aipm_planner.solver.options import check_solver_options
from aipm_planner.solver.prechecks import (
    hours,
    phase_label,
    precheck,
    range_text,
    short_windows,
    weeks_text,
)
from aipm_planner.weeks import week_of

if TYPE_CHECKING:
    from aipm_planner.solver.problem import Problem

__all__ = ["diagnose", "diagnose_infeasible", "explain_rules", "minimal_conflict"]

CORE_SHARE = 0.4
"""Part of the time limit the search for a minimal set of conflicting rules may use."""


def diagnose(roadmap: Roadmap, profile: LearnerProfile, *, time_limit: float = 10.0) -> Diagnosis:
    """Explain why the roadmap does not fit the learner's time, and what would make it fit.

    When it fits as it is, the diagnosis says so (``fits`` is true) and has no conflicts
    and no fixes. When within ``time_limit`` it finds neither a plan nor a reason why none
    exists, it raises :class:`SolverError`, as :func:`plan` does.

    ``time_limit`` (seconds) bounds the whole diagnosis; fixes that the solver could not
    confirm within it are reported as estimates (``verified=False``).

    >>> import datetime as dt
    >>> from aipm_planner.model import LearnerProfile
    >>> from aipm_planner.roadmaps import builtin_roadmap
    >>> profile = LearnerProfile(timezone="UTC", start=dt.date(2027, 1, 4),
    ...     deadline=dt.date(2027, 6, 30), availability={"sun": ["10:00-12:00"]})
    >>> diagnosis = diagnose(builtin_roadmap("ai-product-manager"), profile, time_limit=5)
    >>> print(diagnosis.conflicts[0].message)
    The roadmap needs 324 h, but your windows give only 50 h before the deadline 2027-06-30
    """
    expect(roadmap, Roadmap, "roadmap", ROADMAP_HINT)
    expect(profile, LearnerProfile, "profile", PROFILE_HINT)
    diagnosis = _diagnosis(roadmap, profile, time_limit, proven=False)
    if diagnosis is None:
        raise SolverError(
            f"no plan and no reason why none exists found within the time limit of"
            f" {time_limit:g} s; try a larger time limit (--time-limit, or time_limit= in Python)"
        )
    return diagnosis


def diagnose_infeasible(
    roadmap: Roadmap, profile: LearnerProfile, *, time_limit: float
) -> Diagnosis:
    """:func:`diagnose` for inputs the solver has proven to have no plan."""
    diagnosis = _diagnosis(roadmap, profile, time_limit, proven=True)
    assert diagnosis is not None  # only an unproven search can leave it undecided
    return diagnosis


def _diagnosis(
    roadmap: Roadmap, profile: LearnerProfile, time_limit: float, *, proven: bool
) -> Diagnosis | None:
    """The diagnosis, or ``None`` when it is not known whether a plan exists (never when
    ``proven``: no plan exists)."""
    check_solver_options(time_limit)
    budget = Budget(time_limit)
    work = prepare(roadmap, profile)
    try:
        capacity = capacity_for(roadmap, profile)
    except InputError:
        short = short_windows(profile)
        if short is None:
            raise
        return Diagnosis(conflicts=[short])
    conflicts = precheck(roadmap, profile, work, capacity)
    checker = Checker(budget)
    if not conflicts:
        keys = minimal_conflict(
            _diagnosis_problem(roadmap, profile, work), time_limit=time_limit * CORE_SHARE
        )
        if keys:
            conflicts = [explain_rules(roadmap, profile, work, keys)]
        elif not proven:
            fits = _fits(roadmap, profile, work, checker, budget)
            if fits is None:
                return None
            if fits:
                # no rule clashes and a plan exists: a "fix" would only change what fits
                return Diagnosis(conflicts=[], fits=True)
    fixes = find_fixes(roadmap, profile, conflicts, checker)
    return Diagnosis(conflicts=conflicts, fixes=fixes)


def _fits(
    roadmap: Roadmap, profile: LearnerProfile, work: Work, checker: Checker, budget: Budget
) -> bool | None:
    """Whether a plan exists: the checker's quick answer, or, when its one short solve
    decides nothing, the search ``plan()`` makes (phase by phase, on every worker);
    ``None`` when that search ends with neither a plan nor a proof that none exists."""
    answer = checker.feasible((roadmap, profile))
    if answer is not None:
        return answer
    from aipm_planner.planning import build_problem, plan_availability
    from aipm_planner.solver.solve import solve

    problem = build_problem(work, plan_availability(roadmap, profile), profile)
    result = solve(problem, time_limit=max(1.0, budget.left()), only=("finish",))
    if result.status == "unknown":
        return None
    return result.status in ("optimal", "feasible")


def _diagnosis_problem(roadmap: Roadmap, profile: LearnerProfile, work: Work) -> Problem:
    """The plan's problem over a horizon past the deadline, so the deadline is a rule too."""
    from aipm_planner.planning import build_problem, plan_availability

    availability = plan_availability(roadmap, profile, stretch=True)
    return build_problem(work, availability, profile)


def minimal_conflict(problem: Problem, *, time_limit: float) -> list[str]:
    """A minimal set of rule keys that cannot all hold (empty when none is found in time).

    Minimal: dropping any one of the returned rules leaves a problem the solver could not
    prove infeasible.
    """
    import time

    from ortools.sat.python import cp_model

    from aipm_planner.solver.cpsat import solve_alone
    from aipm_planner.solver.model import build_model

    began = time.perf_counter()
    plan = build_model(problem, assume=True)
    literals = plan.assumptions
    index_of = {literal.index: key for key, literal in literals.items()}

    def core_of(keys: list[str]) -> list[str] | None:
        """The solver's sufficient subset of ``keys`` when they are infeasible, else None."""
        left = time_limit - (time.perf_counter() - began)
        if left <= 0.05:
            return None
        plan.model.clear_assumptions()
        plan.model.add_assumptions([literals[k] for k in keys])
        solver, status = solve_alone(plan.model, left)
        if status != cp_model.INFEASIBLE:
            return None
        named = {index_of[i] for i in solver.sufficient_assumptions_for_infeasibility()}
        return [k for k in keys if k in named]

    core = core_of(list(literals))
    if not core:
        return []
    position = 0
    while position < len(core):
        trial = core[:position] + core[position + 1 :]
        smaller = core_of(trial) if trial else None
        if smaller is None:
            position += 1  # this rule is needed: without it a plan exists (or none was proven)
        else:
            core = smaller  # rules already found needed are in every smaller core
    return core


def explain_rules(
    roadmap: Roadmap, profile: LearnerProfile, work: Work, keys: list[str]
) -> Conflict:
    """One conflict, in words, for a set of rules that cannot all hold together."""
    parts = [_rule_text(roadmap, profile, work, key) for key in keys]
    if len(keys) == 1:
        family, _, subject = keys[0].partition(":")
        rule = {"requires": "prerequisite"}.get(family, family)
        text = parts[0]
        return Conflict(
            rule=rule,  # type: ignore[arg-type]  # the keys' families are rule names
            subject=subject,
            message=f"{text[0].upper()}{text[1:]}, which your windows cannot hold"
            " (with sessions, breaks and the other rules)",
            keys=keys,
        )
    return Conflict(
        rule="joint",
        message="These rules cannot all hold together: " + "; ".join(parts),
        keys=keys,
    )


def _rule_text(roadmap: Roadmap, profile: LearnerProfile, work: Work, key: str) -> str:
    family, _, subject = key.partition(":")
    phases = {p.phase_id: p for p in work.phases}
    modules = {m.module_id: m for m in work.modules}
    if family == "deadline":
        assert profile.deadline is not None
        weeks = week_of(profile.start, profile.deadline) + 1
        return f"the deadline {profile.deadline} ({weeks_text(weeks)} from the start)"
    if family in ("daily-cap", "weekly-cap"):
        cap = profile.max_hours_per_day if family == "daily-cap" else profile.max_hours_per_week
        assert cap is not None
        per = "day" if family == "daily-cap" else "week"
        return f"at most {hours(round(cap * 60))} of study a {per}"
    if family == "phase-range":
        phase = phases[subject]
        label = phase_label(roadmap, subject)
        return f"{label} needs {hours(phase.minutes)} within {range_text(phase.weeks)}"
    if family == "order":
        before = ", ".join(phase_label(roadmap, q) for q in phases[subject].after)
        return f"{phase_label(roadmap, subject)} starts after {before} ended"
    module = modules[subject]
    if family == "module-range":
        return (
            f"module '{module.title}' needs {hours(module.minutes)}"
            f" within {range_text(module.weeks)}"
        )
    before = ", ".join(f"'{modules[r].title}'" for r in module.requires)
    return f"module '{module.title}' starts after {before} ended"
