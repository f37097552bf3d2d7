"""The CP-SAT model: integer minutes of each module in each window it could use.

Variables, per module and candidate window (the windows, contiguous in time, of the weeks
the module's phase can possibly occupy): ``units`` (minutes / effort unit), ``sessions``
(how many sessions those minutes are cut into) and ``used``; plus two monotone boolean
chains per module, ``started[k]`` (some session in a window <= k) and ``going[k]`` (some
session in a window >= k). With these chains a span in weeks is a plain linear sum
(``sum(started) + sum(going) - weeks``: both are 1 exactly inside the span) and "B starts
after A ended" is ``started_B[k] + going_A[k + 1] <= 1``, which gives CP-SAT a much tighter
relaxation than first/last index variables with element constraints.

Sessions inside one window are laid out back to back afterwards (``layout.py``) in an order
that respects phase order and prerequisites, which is why a module may start in the very
window in which what it depends on ends.

One function per constraint family; each docstring states the rule in words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from aipm_planner.effort import ModuleWork
from aipm_planner.solver.problem import Problem, earliest_latest_weeks

__all__ = ["ModuleVars", "PlanModel", "build_model", "minutes", "moved_minutes"]

LinearExpr = Any
BoolLike = Any  # a BoolVar or a constant 0/1


@dataclass
class ModuleVars:
    """The variables of one module over its contiguous candidate windows ``lo..hi``."""

    work: ModuleWork
    lo: int
    hi: int
    units: list[cp_model.IntVar]
    sessions: list[cp_model.IntVar]
    used: list[cp_model.IntVar]
    started: list[cp_model.IntVar]
    going: list[cp_model.IntVar]

    @property
    def windows(self) -> range:
        """Global indices of the candidate windows."""
        return range(self.lo, self.hi + 1)

    def started_at(self, window: int) -> BoolLike:
        """1 when the module has a session in some window <= ``window``."""
        if window < self.lo:
            return 0
        if window > self.hi:
            return 1
        return self.started[window - self.lo]

    def going_at(self, window: int) -> BoolLike:
        """1 when the module has a session in some window >= ``window``."""
        if window < self.lo:
            return 1
        if window > self.hi:
            return 0
        return self.going[window - self.lo]


@dataclass
class Chains:
    """``started``/``going`` literal lookups for a group (a module or a phase)."""

    started: dict[int, BoolLike]
    going: dict[int, BoolLike]
    lo: int
    hi: int

    def started_at(self, window: int) -> BoolLike:
        return 0 if window < self.lo else 1 if window > self.hi else self.started[window]

    def going_at(self, window: int) -> BoolLike:
        return 1 if window < self.lo else 0 if window > self.hi else self.going[window]


@dataclass
class PlanModel:
    """A built model with handles on everything the objectives and the read-back need."""

    problem: Problem
    model: cp_model.CpModel
    modules: dict[str, ModuleVars]
    phases: dict[str, Chains] = field(default_factory=dict)
    finish: cp_model.IntVar | None = None
    week_load: dict[int, LinearExpr] = field(default_factory=dict)
    stretch_vars: dict[str, cp_model.IntVar] = field(default_factory=dict)
    assumptions: dict[str, cp_model.IntVar] = field(default_factory=dict)
    """With ``assume=True``: one literal per user-facing rule, for diagnosis."""

    def enforce(self, key: str, constraint: cp_model.Constraint) -> None:
        """Attach a rule's assumption literal to a constraint, when diagnosing."""
        if key in self.assumptions:
            constraint.only_enforce_if(self.assumptions[key])


def build_model(problem: Problem, *, assume: bool = False) -> PlanModel:
    """Build variables and every hard rule (with ``assume``, rules sit behind literals)."""
    model = cp_model.CpModel()
    plan = PlanModel(problem=problem, model=model, modules={})
    if assume:
        for key in assumption_keys(problem):
            plan.assumptions[key] = model.new_bool_var(f"assume[{key}]")
    _add_module_variables(plan)
    _add_effort(plan)
    _add_window_capacity(plan)
    _add_daily_cap(plan)
    _add_weekly_cap(plan)
    _add_module_spans(plan)
    _add_phase_spans(plan)
    _add_phase_order(plan)
    _add_prerequisites(plan)
    _add_finish(plan)
    _add_deadline(plan)
    return plan


def assumption_keys(problem: Problem) -> list[str]:
    """The user-facing rules that diagnosis can switch off, one key each."""
    keys = ["deadline", "daily-cap", "weekly-cap"]
    for phase in problem.work.phases:
        keys += [f"phase-range:{phase.phase_id}", f"order:{phase.phase_id}"]
    for module in problem.work.modules:
        keys += [f"module-range:{module.module_id}", f"requires:{module.module_id}"]
    return keys


def minutes(plan: PlanModel, module_id: str, window: int) -> LinearExpr:
    """Minutes of a module in a global window (which must be one of its candidates)."""
    mv = plan.modules[module_id]
    return plan.problem.unit * mv.units[window - mv.lo]


def _add_module_variables(plan: PlanModel) -> None:
    """A module may only use windows in the weeks its phase could possibly occupy."""
    problem, model = plan.problem, plan.model
    slots = problem.slots
    bounds = earliest_latest_weeks(problem)
    for module_id in problem.module_order:
        work = next(m for m in problem.work.modules if m.module_id == module_id)
        first_week, last_week = bounds[module_id]
        if problem.stretch:
            last_week = problem.horizon_weeks - 1
        candidates = [i for i, s in enumerate(slots) if first_week <= s.week <= last_week]
        lo, hi = (candidates[0], candidates[-1]) if candidates else (0, -1)
        units, sessions, used, started, going = [], [], [], [], []
        for i in range(lo, hi + 1):
            slot = slots[i]
            most = (slot.minutes + problem.break_minutes) // (
                problem.min_session + problem.break_minutes
            )
            cap = min(slot.minutes, work.minutes, most * problem.max_session)
            u = model.new_int_var(0, cap // problem.unit, f"units[{module_id},{i}]")
            n = model.new_int_var(0, most, f"sessions[{module_id},{i}]")
            b = model.new_bool_var(f"used[{module_id},{i}]")
            model.add(n >= b)
            model.add(n <= most * b)
            model.add(problem.unit * u <= cap * b)  # tight link: a strong relaxation
            model.add(problem.unit * u >= problem.min_session * n)
            model.add(problem.unit * u <= problem.max_session * n)
            # Fewest sessions for the minutes: no two plans differ only in how they cut.
            model.add(problem.unit * u >= problem.max_session * (n - 1) + 1)
            units.append(u)
            sessions.append(n)
            used.append(b)
            started.append(model.new_bool_var(f"started[{module_id},{i}]"))
            going.append(model.new_bool_var(f"going[{module_id},{i}]"))
        count = len(used)
        for k in range(count):
            # started: switches on at the first used window and stays on.
            model.add_implication(used[k], started[k])
            model.add_implication(used[k], going[k])
            if k > 0:
                model.add_implication(started[k - 1], started[k])
                model.add_bool_or([started[k - 1], used[k]]).only_enforce_if(started[k])
            else:
                model.add_implication(started[k], used[k])
            if k < count - 1:
                model.add_implication(going[k + 1], going[k])
                model.add_bool_or([going[k + 1], used[k]]).only_enforce_if(going[k])
            else:
                model.add_implication(going[k], used[k])
        plan.modules[module_id] = ModuleVars(work, lo, hi, units, sessions, used, started, going)


def _add_effort(plan: PlanModel) -> None:
    """Each module receives exactly its effort (after prior-skill credit)."""
    for mv in plan.modules.values():
        if mv.units:
            plan.model.add(plan.problem.unit * sum(mv.units) == mv.work.minutes)
        else:  # not one window where the module could go
            plan.model.add_bool_or([])


def _by_window(plan: PlanModel) -> dict[int, list[str]]:
    result: dict[int, list[str]] = defaultdict(list)
    for module_id, mv in plan.modules.items():
        for w in mv.windows:
            result[w].append(module_id)
    return result


def _load(plan: PlanModel, window: int, module_ids: list[str]) -> LinearExpr:
    return sum(minutes(plan, m, window) for m in module_ids)


def _add_window_capacity(plan: PlanModel) -> None:
    """Sessions fit inside their window, back to back with a break between two sessions."""
    brk = plan.problem.break_minutes
    for w, module_ids in _by_window(plan).items():
        slot = plan.problem.slots[w]
        count = sum(plan.modules[m].sessions[w - plan.modules[m].lo] for m in module_ids)
        plan.model.add(_load(plan, w, module_ids) + brk * count <= slot.minutes + brk)


def _grouped(plan: PlanModel, key: str) -> dict[int, LinearExpr]:
    groups: dict[int, list[tuple[int, list[str]]]] = defaultdict(list)
    for w, module_ids in _by_window(plan).items():
        slot = plan.problem.slots[w]
        groups[slot.day if key == "day" else slot.week].append((w, module_ids))
    return {
        g: sum(_load(plan, w, ids) for w, ids in entries) for g, entries in sorted(groups.items())
    }


def _add_daily_cap(plan: PlanModel) -> None:
    """At most ``max_hours_per_day`` of study on one local day (kept sessions included)."""
    cap = plan.problem.daily_cap
    if cap is None:
        return
    used = plan.problem.used_by_day
    for day, load in _grouped(plan, "day").items():
        plan.enforce("daily-cap", plan.model.add(load <= max(0, cap - used.get(day, 0))))


def _add_weekly_cap(plan: PlanModel) -> None:
    """At most ``max_hours_per_week`` of study in one plan week (also records week loads)."""
    cap = plan.problem.weekly_cap
    plan.week_load = _grouped(plan, "week")
    if cap is None:
        return
    used = plan.problem.used_by_week
    for week, load in plan.week_load.items():
        plan.enforce("weekly-cap", plan.model.add(load <= max(0, cap - used.get(week, 0))))


def _week_span(
    plan: PlanModel, chains: ModuleVars | Chains, history: tuple[int, int] | None = None
) -> LinearExpr:
    """Number of plan weeks from the first to the last session (0 when unused).

    With ``history`` (weeks of sessions kept from an earlier plan, all before the windows
    here) the span starts at the kept first week and runs to the last session, kept or new.
    """
    slots = plan.problem.slots
    first_of: dict[int, int] = {}
    last_of: dict[int, int] = {}
    for w in range(chains.lo, chains.hi + 1):
        week = slots[w].week
        first_of.setdefault(week, w)
        last_of[week] = w
    if history is not None:
        kept_first, kept_last = history
        total_kept: LinearExpr = kept_last - kept_first + 1
        for week in range(kept_last + 1, max(first_of, default=kept_last) + 1):
            if week in first_of:
                total_kept += chains.going_at(first_of[week])
            else:
                later = [w for wk, w in first_of.items() if wk > week]
                total_kept += chains.going_at(min(later)) if later else 0
        return total_kept
    # Weeks without any window inside the range still count when the span covers them:
    # started is then that of the last window before, going that of the first one after.
    total: LinearExpr = 0
    weeks = sorted(first_of)
    if not weeks:
        return 0
    for week in range(weeks[0], weeks[-1] + 1):
        if week in first_of:
            total += chains.started_at(last_of[week]) + chains.going_at(first_of[week]) - 1
        else:
            before = max(w for wk, w in last_of.items() if wk < week)
            after = min(w for wk, w in first_of.items() if wk > week)
            total += chains.started_at(before) + chains.going_at(after) - 1
    return total


def _span_limit(plan: PlanModel, key: str, span: LinearExpr, low: int, high: int) -> None:
    """``span`` within ``low..high`` weeks; the maximum is soft with stretch."""
    model = plan.model
    plan.enforce(key, model.add(span >= low))
    if plan.problem.stretch:
        over = model.new_int_var(0, plan.problem.horizon_weeks, f"over[{key}]")
        model.add(span <= high + over)
        plan.stretch_vars[key] = over
    else:
        plan.enforce(key, model.add(span <= high))


def _add_module_spans(plan: PlanModel) -> None:
    """A module's sessions span between its minimum and maximum number of plan weeks."""
    for module_id, mv in plan.modules.items():
        weeks = mv.work.weeks
        span = _week_span(plan, mv, plan.problem.history.get(module_id))
        _span_limit(plan, f"module-range:{module_id}", span, weeks.min, weeks.max)


def _add_phase_spans(plan: PlanModel) -> None:
    """A phase's sessions span between its minimum and maximum number of plan weeks."""
    model = plan.model
    for phase in plan.problem.work.phases:
        mvs = [plan.modules[m.module_id] for m in phase.modules]
        lo = min(v.lo for v in mvs)
        hi = max(v.hi for v in mvs)
        started: dict[int, BoolLike] = {}
        going: dict[int, BoolLike] = {}
        for w in range(lo, hi + 1):
            for name, table, pick in (
                ("started", started, ModuleVars.started_at),
                ("going", going, ModuleVars.going_at),
            ):
                parts = [pick(v, w) for v in mvs]
                if any(isinstance(p, int) and p == 1 for p in parts):
                    table[w] = 1
                    continue
                parts = [p for p in parts if not isinstance(p, int)]
                var = model.new_bool_var(f"phase_{name}[{phase.phase_id},{w}]")
                model.add_max_equality(var, parts)
                table[w] = var
        chains = Chains(started, going, lo, hi)
        plan.phases[phase.phase_id] = chains
        _span_limit(
            plan,
            f"phase-range:{phase.phase_id}",
            _week_span(plan, chains, plan.problem.history.get(phase.phase_id)),
            phase.weeks.min,
            phase.weeks.max,
        )


def _precede(
    plan: PlanModel, key: str, before: ModuleVars | Chains, after: ModuleVars | Chains
) -> None:
    """``after`` has no session in a window <= k while ``before`` still has one > k."""
    lo = max(before.lo, after.lo)
    hi = min(before.hi, after.hi + 1)
    for k in range(lo - 1, hi + 1):
        started = after.started_at(k)
        going = before.going_at(k + 1)
        if isinstance(started, int) and isinstance(going, int):
            if started + going > 1:
                plan.enforce(key, plan.model.add_bool_or([]))
            continue
        plan.enforce(key, plan.model.add(started + going <= 1))


def _add_phase_order(plan: PlanModel) -> None:
    """A phase starts only after every phase it follows has ended (the same window is
    allowed, since sessions in a window are laid out in phase order)."""
    for phase in plan.problem.work.phases:
        for before in phase.after:
            _precede(
                plan, f"order:{phase.phase_id}", plan.phases[before], plan.phases[phase.phase_id]
            )


def _add_prerequisites(plan: PlanModel) -> None:
    """A module starts only after every module it requires has ended."""
    for module_id, mv in plan.modules.items():
        for req in mv.work.requires:
            _precede(plan, f"requires:{module_id}", plan.modules[req], mv)


def _add_finish(plan: PlanModel) -> None:
    """``finish`` is at least the end of the last session in every used window."""
    model, problem = plan.model, plan.problem
    horizon = max((s.end for s in problem.slots), default=0)
    finish = model.new_int_var(0, horizon, "finish")
    brk = problem.break_minutes
    for w, module_ids in _by_window(plan).items():
        slot = problem.slots[w]
        any_used = model.new_bool_var(f"window_used[{w}]")
        for m in module_ids:
            model.add_implication(plan.modules[m].used[w - plan.modules[m].lo], any_used)
        count = sum(plan.modules[m].sessions[w - plan.modules[m].lo] for m in module_ids)
        # With nothing used, any_used may still be 1, which only makes finish larger.
        model.add(
            finish >= (slot.start - brk) * any_used + _load(plan, w, module_ids) + brk * count
        )
    # Redundant but tight: a module still going at window k ends after k's start.
    for mv in plan.modules.values():
        for w in mv.windows:
            model.add(finish >= (problem.slots[w].start + problem.min_session) * mv.going_at(w))
    plan.finish = finish


def _add_deadline(plan: PlanModel) -> None:
    """With a deadline, nothing ends after it (soft with stretch, penalised by lateness)."""
    deadline = plan.problem.deadline
    if deadline is None or plan.finish is None:
        return
    if plan.problem.stretch:
        horizon = max((s.end for s in plan.problem.slots), default=0)
        late = plan.model.new_int_var(0, horizon, "late")
        plan.model.add(plan.finish <= deadline + late)
        plan.stretch_vars["deadline"] = late
    else:
        plan.enforce("deadline", plan.model.add(plan.finish <= deadline))


def moved_minutes(plan: PlanModel) -> LinearExpr | None:
    """Re-planning: minutes of the previous plan that change.

    Minutes of a module the previous plan had in a window and this plan does not keep there
    count, and so do minutes this plan adds to a window that held previous sessions (a
    session made longer, or one put beside them, changes those sessions' times). Minutes
    put in windows the previous plan left empty do not: the sessions already in the
    calendar stay as they were.
    """
    preferred = plan.problem.preferred
    if not preferred:
        return None
    kept: list[cp_model.IntVar] = []
    for (module_id, window), amount in sorted(preferred.items()):
        mv = plan.modules.get(module_id)
        if mv is None or window not in mv.windows:
            continue
        keep = plan.model.new_int_var(0, amount, f"kept[{module_id},{window}]")
        plan.model.add(keep <= minutes(plan, module_id, window))
        kept.append(keep)
    by_window = _by_window(plan)
    held = sorted({window for _, window in preferred})
    added = sum(_load(plan, w, by_window[w]) for w in held if w in by_window)
    return sum(preferred.values()) - 2 * sum(kept) + added
