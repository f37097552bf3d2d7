"""Measure one scenario in this process: timings, plan quality, the greedy baseline.

:func:`measure_scenario` returns one row (a plain JSON-ready dict) per scenario; run it in a
fresh process (``python -m benchmarks.run`` does) so that its peak memory is its own.

Timing split of the main run:

- ``windows``: dated windows from the profile (blackouts and busy calendars removed) and
  their conversion to solver slots (``plan_availability`` + ``build_problem``);
- ``model_build``: every CP-SAT model built inside ``solve`` (one per horizon tried and per
  phase of a phase-by-phase first plan), accumulated by wrapping ``build_model``;
- ``cp_sat``: the sum of CP-SAT's own wall times over every solve call (from the solver's
  trace, ``AIPM_TRACE``);
- ``other``: the rest of ``plan()``: the constructive first plan, completing the hint,
  laying sessions out and assembling the :class:`Schedule`;
- ``export``: ``to_ics``.

Times to a first verified plan and to a proven-optimal finish come from the same trace: each
trace line is stamped when it is printed, so the stamp of the first ``finish OPTIMAL`` line
(outside the phase-by-phase first plan; inside the second solve of a too-large roadmap's
last phase only when the plan ends at the arithmetic bound) is the moment the finish was
proven. The time to a
first verified plan is measured from outside instead, as the wall time of the shortest
``plan(time_limit=t)`` (t in a ladder of limits) whose result passes ``verify()``: that is
what a caller with that time limit gets.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from aipm_planner.effort import prepare
from aipm_planner.errors import AipmPlannerError, InfeasiblePlanError
from aipm_planner.model import LearnerProfile, Roadmap, Schedule
from aipm_planner.planning import assemble, build_problem, plan, plan_availability
from aipm_planner.solver.bounds import finish_lower_bound
from aipm_planner.solver.layout import PlacedSession
from aipm_planner.solver.problem import Problem
from aipm_planner.verify import verify
from benchmarks.greedy import PlanMetrics, greedy_sessions, metrics
from benchmarks.scenarios import Scenario, scenario

__all__ = ["Probe", "measure_scenario", "peak_memory_mib", "probe", "quality_gaps"]

_TRACE = re.compile(r"horizon (\d+) (\w+) (\w+) ([\d.]+)s (\S+) (\S+)")


@dataclass
class TraceLine:
    """One CP-SAT call as the solver traced it, stamped when it was printed."""

    at: float
    horizon: int
    stage: str
    status: str
    seconds: float
    in_first_plan: bool
    in_last_phase: bool = False
    """Inside the second solve of a too-large roadmap's last phase: its optimum proves the
    whole plan's finish only when it reaches the whole plan's lower bound."""


@dataclass
class Probe:
    """What happened inside one ``plan()`` call."""

    began: float = field(default_factory=time.perf_counter)
    model_build: float = 0.0
    builds: int = 0
    first_plan_ready: float | None = None
    trace: list[TraceLine] = field(default_factory=list)
    in_first_plan: bool = False
    in_last_phase: bool = False

    @property
    def cp_sat(self) -> float:
        """CP-SAT's own wall time over every call.

        The pick's two searches run side by side (its local search is traced first, the
        full search right after it only when it was needed): they count once, as the longer.
        """
        total = 0.0
        for k, line in enumerate(self.trace):
            before = self.trace[k - 1] if k else None
            if line.stage == "pick" and before is not None and before.stage == "pick_local":
                total += max(0.0, line.seconds - before.seconds)
            else:
                total += line.seconds
        return total

    def finish_proven_at(self, *, reached_bound: bool) -> float | None:
        """Seconds from the start of ``plan()`` to the proof of the optimal finish.

        ``reached_bound``: the plan's finish equals the arithmetic lower bound (which is what
        makes the last phase's own optimum a proof for the whole plan).
        """
        for line in self.trace:
            if line.stage == "finish" and line.status == "OPTIMAL" and not line.in_first_plan:
                if line.in_last_phase and not reached_bound:
                    continue
                return line.at
        return None


class _StampedLines(io.TextIOBase):
    """A stdout stand-in that turns each solver trace line into a :class:`TraceLine`."""

    def __init__(self, probe: Probe) -> None:
        self._probe = probe
        self._buffer = ""

    def write(self, text: str) -> int:
        self._buffer += text
        while "\n" in self._buffer:
            line, self._buffer = self._buffer.split("\n", 1)
            match = _TRACE.search(line)
            if match:
                horizon, stage, status, seconds = match.group(1, 2, 3, 4)
                self._probe.trace.append(
                    TraceLine(
                        at=time.perf_counter() - self._probe.began,
                        horizon=int(horizon),
                        stage=stage,
                        status=status,
                        seconds=float(seconds),
                        in_first_plan=self._probe.in_first_plan,
                        in_last_phase=self._probe.in_last_phase,
                    )
                )
        return len(text)


def _wrap(module: Any, name: str, before: Callable[[], None], after: Callable[[], None]) -> Any:
    original = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        before()
        try:
            return original(*args, **kwargs)
        finally:
            after()

    setattr(module, name, wrapper)
    return original


@contextlib.contextmanager
def probe() -> Iterator[Probe]:
    """Instrument the solver for the duration of one ``plan()`` call (see the module doc)."""
    import aipm_planner.solver.decompose as decompose_module
    import aipm_planner.solver.greedy as greedy_module
    import aipm_planner.solver.stages as stages_module

    result = Probe()
    build_began = [0.0]

    def start_build() -> None:
        build_began[0] = time.perf_counter()

    def end_build() -> None:
        result.model_build += time.perf_counter() - build_began[0]
        result.builds += 1

    def enter_first_plan() -> None:
        result.in_first_plan = True

    def leave_first_plan() -> None:
        result.in_first_plan = False
        if result.first_plan_ready is None:
            result.first_plan_ready = time.perf_counter() - result.began

    def enter_last_phase() -> None:
        result.in_last_phase = True

    def leave_last_phase() -> None:
        result.in_last_phase = False

    saved = [
        (
            decompose_module,
            "improve_last_phase",
            _wrap(decompose_module, "improve_last_phase", enter_last_phase, leave_last_phase),
        ),
        (stages_module, "build_model", _wrap(stages_module, "build_model", start_build, end_build)),
        (
            greedy_module,
            "greedy_plan",
            _wrap(greedy_module, "greedy_plan", enter_first_plan, leave_first_plan),
        ),
        (
            decompose_module,
            "sequential_plan",
            _wrap(decompose_module, "sequential_plan", enter_first_plan, leave_first_plan),
        ),
    ]
    previous_trace = os.environ.get("AIPM_TRACE")
    os.environ["AIPM_TRACE"] = "1"
    try:
        with contextlib.redirect_stdout(_StampedLines(result)):
            result.began = time.perf_counter()
            yield result
    finally:
        for module, name, original in saved:
            setattr(module, name, original)
        if previous_trace is None:
            del os.environ["AIPM_TRACE"]
        else:
            os.environ["AIPM_TRACE"] = previous_trace


def peak_memory_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def quality_gaps(schedule: Schedule) -> dict[str, float]:
    """Relative gap of each objective that has a proven bound to it (0.0 = proven); the
    finish always has one (the analytic bound). An objective the plan was not optimized
    on (the constructive plan's heaviest week and extra modules) has none and is left out;
    the report names the objectives a gap covers."""
    report = schedule.report
    gaps: dict[str, float] = {}
    for stage, value in report.objectives.items():
        if stage not in report.bounds and stage != "finish":
            continue
        bound = report.bounds.get(stage, 0.0)
        gaps[stage] = round(max(0.0, value - bound) / max(1.0, value), 6)
    if "finish" in gaps:
        gaps["finish"] = report.gap
    return gaps


def _placed(schedule: Schedule, problem_origin: Callable[[Any], int]) -> list[PlacedSession]:
    return [
        PlacedSession(s.module_id, problem_origin(s.start), problem_origin(s.end))
        for s in schedule.sessions
    ]


def _metrics_row(found: PlanMetrics) -> dict[str, Any]:
    row = asdict(found)
    row["finish_week"] = found.finish_week + 1  # weeks used, counting week 0
    return row


def _plan_once(
    roadmap: Roadmap, profile: LearnerProfile, time_limit: float, *, stretch: bool
) -> dict[str, Any]:
    """One plain ``plan()`` call: its wall time, status, gaps and whether it verifies."""
    began = time.perf_counter()
    try:
        schedule = plan(roadmap, profile, time_limit=time_limit, stretch=stretch)
    except InfeasiblePlanError:
        return {"limit": time_limit, "wall": _since(began), "status": "infeasible"}
    except AipmPlannerError as exc:
        return {"limit": time_limit, "wall": _since(began), "status": f"no plan ({exc})"}
    wall = _since(began)
    return {
        "limit": time_limit,
        "wall": wall,
        "status": schedule.report.status,
        "gaps": quality_gaps(schedule),
        "verified": not verify(schedule, stretch=stretch),
    }


def _since(began: float) -> float:
    return round(time.perf_counter() - began, 3)


def measure_scenario(
    number: int,
    *,
    workdir: Path,
    time_limit: float,
    ladder: tuple[float, ...] = (),
    checks: tuple[float, ...] = (),
    stretch: bool = False,
    replan_limit: float | None = None,
) -> dict[str, Any]:
    """Plan scenario ``number`` once with full instrumentation, then the baseline.

    ``ladder``: increasing time limits tried until a plan verifies (time to a first
    verified plan). ``checks``: extra ``plan()`` runs at these time limits (the targets'
    "within x % in < t s"). ``stretch``: plan with soft week ranges and deadline.
    ``replan_limit``: also re-plan the plan after a missed first week, with this limit
    (measured after the peak memory, which therefore is the first plan's).
    """
    found = scenario(number, workdir=workdir)
    row: dict[str, Any] = {
        "scenario": number,
        "title": found.title,
        "modules": found.modules,
        "phases": len(found.roadmap.phases),
        "time_limit": time_limit,
        "stretch": stretch,
    }
    roadmap, profile = found.roadmap, found.profile
    began = time.perf_counter()
    availability = plan_availability(roadmap, profile, stretch=stretch)
    work = prepare(roadmap, profile)
    problem = build_problem(work, availability, profile, stretch=stretch)
    windows = time.perf_counter() - began
    row["windows"] = len(problem.slots)
    row["effort_hours"] = round(work.minutes / 60, 1)
    grid = availability.grid
    lower = finish_lower_bound(problem)
    row["lower_bound_week"] = grid.week_of(lower) + 1
    row["baseline"] = _greedy_row(found, problem, availability)
    row["constructive"], constructive = _constructive_row(found, problem, availability)

    with probe() as seen:
        try:
            schedule: Schedule | None = plan(
                roadmap, profile, time_limit=time_limit, stretch=stretch, availability=availability
            )
            row["status"] = schedule.report.status if schedule else "none"
        except InfeasiblePlanError as exc:
            schedule = None
            row["status"] = "infeasible"
            row["diagnosis"] = exc.diagnosis.summary()
        except AipmPlannerError as exc:
            schedule = None
            row["status"] = "no plan"
            row["error"] = str(exc)
        total = time.perf_counter() - seen.began
    row["time"] = {
        "windows": round(windows, 3),
        "model_build": round(seen.model_build, 3),
        "cp_sat": round(seen.cp_sat, 3),
        "other": round(max(0.0, total - seen.model_build - seen.cp_sat), 3),
        "plan": round(total, 3),
    }
    row["models_built"] = seen.builds
    row["first_plan_ready"] = _round(seen.first_plan_ready)
    reached = schedule is not None and schedule.report.gap == 0
    row["finish_proven_at"] = _round(seen.finish_proven_at(reached_bound=reached))
    row["trace"] = [asdict(line) for line in seen.trace]
    if schedule is not None:
        _describe(row, schedule, problem, grid.to_minute, availability.windows, stretch)
    row["ladder"] = _ladder(roadmap, profile, ladder, stretch)
    row["checks"] = [_plan_once(roadmap, profile, t, stretch=stretch) for t in checks]
    row["peak_memory_mib"] = peak_memory_mib()
    if replan_limit is not None:
        # Without a solver plan, re-plan the (verified) constructive one: re-planning is
        # measured all the same, and the row says which plan it started from.
        previous = schedule if schedule is not None else constructive
        if previous is not None:
            row["replan"] = _replan_row(previous, found, replan_limit)
            row["replan"]["previous"] = "plan()" if schedule is not None else "constructive"
    return row


def _replan_row(schedule: Schedule, found: Scenario, time_limit: float) -> dict[str, Any]:
    """Re-plan after a missed first week (see :mod:`benchmarks.replan_bench`)."""
    from benchmarks.replan_bench import replan_after_missed_week

    try:
        return replan_after_missed_week(
            schedule, found.roadmap, found.profile, time_limit=time_limit
        )
    except AipmPlannerError as exc:
        return {"status": "no plan", "error": str(exc)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _describe(
    row: dict[str, Any],
    schedule: Schedule,
    problem: Problem,
    to_minute: Callable[[Any], int],
    windows: Any,
    stretch: bool,
) -> None:
    """Quality, export time and verification of the main run's plan."""
    from aipm_planner.export.ics import to_ics

    began = time.perf_counter()
    data = to_ics(schedule)
    row["time"]["export"] = _since(began)
    row["ics_bytes"] = len(data)
    row["time"]["total"] = round(sum(row["time"][k] for k in ("windows", "plan", "export")), 3)
    report = schedule.report
    row["variables"], row["constraints"] = report.variables, report.constraints
    row["objectives"] = dict(report.objectives)
    row["bounds"] = dict(report.bounds)
    row["gap"] = report.gap
    row["gaps"] = quality_gaps(schedule)
    row["explanations"] = list(schedule.explanations)
    row["plan"] = _metrics_row(metrics(problem, _placed(schedule, to_minute)))
    began = time.perf_counter()
    row["violations"] = [str(v.message) for v in verify(schedule, windows=windows, stretch=stretch)]
    row["time"]["verify"] = _since(began)


def _greedy_row(found: Scenario, problem: Problem, availability: Any) -> dict[str, Any]:
    """The greedy baseline on the same windows, with the rules its plan breaks."""
    began = time.perf_counter()
    try:
        placed = greedy_sessions(problem)
    except ValueError as exc:
        return {"error": str(exc), "seconds": _since(began)}
    seconds = _since(began)
    schedule = assemble(
        found.roadmap, found.profile, problem.work, availability, problem, None, placed
    )
    broken = verify(schedule, windows=availability.windows)
    row = _metrics_row(metrics(problem, placed))
    row["seconds"] = seconds
    row["violations"] = dict(Counter(v.rule for v in broken))
    return row


def _constructive_row(
    found: Scenario, problem: Problem, availability: Any
) -> tuple[dict[str, Any], Schedule | None]:
    """The solver's own range-aware constructive first plan, verified, and its schedule."""
    from aipm_planner.solver.greedy import greedy_plan

    began = time.perf_counter()
    placed = greedy_plan(problem)
    seconds = _since(began)
    if placed is None:
        return {"error": "no constructive plan", "seconds": seconds}, None
    schedule = assemble(
        found.roadmap, found.profile, problem.work, availability, problem, None, placed
    )
    row = _metrics_row(metrics(problem, placed))
    row["seconds"] = seconds
    broken = verify(schedule, windows=availability.windows)
    row["violations"] = dict(Counter(v.rule for v in broken))
    return row, None if broken else schedule


def _ladder(
    roadmap: Roadmap, profile: LearnerProfile, limits: tuple[float, ...], stretch: bool
) -> list[dict[str, Any]]:
    """``plan()`` at increasing time limits until one returns a verified plan."""
    tried: list[dict[str, Any]] = []
    for limit in limits:
        tried.append(_plan_once(roadmap, profile, limit, stretch=stretch))
        if tried[-1].get("verified"):
            break
    return tried
