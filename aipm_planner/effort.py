"""What is left to study: prior-skill credit, skips, effective effort and shrunk week ranges.

The rule (documented in the README): for each skill a module teaches, the remaining gap is
``max(0, module level - learner level) / module level``; a module's effort is multiplied by
the mean gap over the skills it teaches (a module that teaches nothing gets no credit). A
module with no gap left, or listed under ``skip``, is skipped; its dependants inherit its own
prerequisites. Week ranges shrink in proportion to the effort kept (min rounded down, max
rounded up, never below 1 week; a phase holds its longest chain of kept modules and, left with
one module, asks no more weeks than that module may span), and a phase with nothing left
disappears; its successors inherit its ordering. Effort is kept in whole minutes, rounded to
5 minutes, and raised where needed so that it can be cut into sessions of the allowed lengths
(two at least when it, or its phase, must span two weeks or more).

Both the solver and the verifier use this one module, so "exactly its effort" means the same
thing to both.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from difflib import get_close_matches

from aipm_planner.errors import InputError
from aipm_planner.model import LearnerProfile, Module, Roadmap, SessionRules, WeekRange

__all__ = [
    "ModuleWork",
    "PhaseWork",
    "Work",
    "hours",
    "prepare",
    "skill_gap",
    "splittable_minutes",
]


@dataclass(frozen=True)
class ModuleWork:
    """One module still to study."""

    module_id: str
    phase_id: str
    title: str
    minutes: int
    nominal_minutes: int
    weeks: WeekRange
    requires: tuple[str, ...]
    optional: bool


@dataclass(frozen=True)
class PhaseWork:
    """One phase with something left to study."""

    phase_id: str
    title: str
    weeks: WeekRange
    after: tuple[str, ...]
    modules: tuple[ModuleWork, ...]

    @property
    def minutes(self) -> int:
        """Total effort of the phase, in minutes."""
        return sum(m.minutes for m in self.modules)


@dataclass(frozen=True)
class Work:
    """Everything the solver must place, plus what was skipped and why."""

    phases: tuple[PhaseWork, ...]
    skipped_modules: tuple[str, ...]
    skipped_phases: tuple[str, ...]
    explanations: tuple[str, ...]
    module_plans: dict[str, tuple[int, int, WeekRange | None]] = field(default_factory=dict)
    settled: dt.datetime | None = None
    """A re-plan's check-in: sessions that ended by then happened, so the learner's rules
    (windows, blackouts, lengths, breaks, caps), which a profile changed at the check-in
    applies from then on only, are not checked on them."""

    @property
    def modules(self) -> tuple[ModuleWork, ...]:
        """All modules to study, in roadmap order."""
        return tuple(m for p in self.phases for m in p.modules)

    @property
    def minutes(self) -> int:
        """Total effort, in minutes."""
        return sum(p.minutes for p in self.phases)


def skill_gap(module: Module, skills: dict[str, int]) -> float:
    """Fraction of the module still to learn (1.0 when it teaches nothing)."""
    if not module.teaches:
        return 1.0
    gaps = [max(0, level - skills.get(skill, 0)) / level for skill, level in module.teaches.items()]
    return sum(gaps) / len(gaps)


def splittable_minutes(minutes: int, rules: SessionRules) -> int:
    """Smallest effort >= ``minutes`` that can be cut into sessions of allowed lengths."""
    minutes = max(minutes, rules.min_minutes)
    sessions = math.ceil(minutes / rules.max_minutes)
    return max(minutes, sessions * rules.min_minutes)


def _round5(minutes: float) -> int:
    return max(5, int(5 * round(minutes / 5)))


def _shrink(weeks: WeekRange, factor: float) -> WeekRange:
    if factor >= 1:
        return weeks
    high = max(1, math.ceil(weeks.max * factor - 1e-9))
    low = min(high, max(1, math.floor(weeks.min * factor + 1e-9)))
    return WeekRange(min=low, max=high)


def _at_least_modules(
    weeks: WeekRange,
    original: WeekRange,
    mods: list[tuple[Module, int, WeekRange]],
    requires: dict[str, tuple[str, ...]],
) -> WeekRange:
    """A shrunk phase still holds its longest chain of kept modules at their minimum lengths
    (a module may start in the week its prerequisite ends), never beyond the original max.

    The chain follows the prerequisites kept modules inherit through skipped ones, in any
    order the phase lists its modules.
    """
    kept = {m.id: w for m, _, w in mods}
    chain: dict[str, int] = {}
    for module, _, _ in mods:
        stack = [module.id]
        while stack:  # longest chain ending at each module, prerequisites first
            node = stack[-1]
            waiting = [r for r in requires[node] if r in kept and r not in chain]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            before = [chain[r] - 1 for r in requires[node] if r in kept]
            chain[node] = kept[node].min + max(before, default=0)
    need = min(original.max, max(chain.values(), default=1))
    if weeks.min >= need or not kept:
        return weeks
    return WeekRange(min=need, max=max(weeks.max, need))


def _at_most_module(weeks: WeekRange, module_weeks: WeekRange) -> WeekRange:
    """A phase left with one module spans exactly as many weeks as that module, so its
    minimum is no more than the module's maximum."""
    if weeks.min <= module_weeks.max:
        return weeks
    return WeekRange(min=module_weeks.max, max=weeks.max)


def hours(minutes: int) -> str:
    """Minutes as hours for a learner: ``96 h``, ``1.5 h``, ``1 h 15 min``."""
    whole, rest = divmod(minutes, 60)
    if rest == 0:
        return f"{whole} h"
    if rest == 30:
        return f"{whole}.5 h"
    return f"{whole} h {rest} min" if whole else f"{rest} min"


def prepare(roadmap: Roadmap, profile: LearnerProfile) -> Work:
    """Apply skips and prior-skill credit to the roadmap; explain every change."""
    known = {m.id for _, m in roadmap.modules()}
    for index, skip_id in enumerate(profile.skip):
        if skip_id not in known:
            raise InputError(
                f"unknown module id {skip_id!r} (roadmap {roadmap.id!r} has no such module)",
                field=f"skip.{index}",
                value=skip_id,
                hint="use an id shown by 'aipm-planner show'",
            )
    explanations = _unused_skills(roadmap, profile.skills)
    # A span of two weeks or more has a session in its first week and one in its last.
    least = 2 * profile.session.min_minutes
    kept: dict[str, tuple[Module, int, WeekRange]] = {}
    skipped: list[str] = []
    plans: dict[str, tuple[int, int, WeekRange | None]] = {}
    for _phase, module in roadmap.modules():
        nominal = _round5(module.hours * 60)
        if module.id in profile.skip:
            skipped.append(module.id)
            plans[module.id] = (0, nominal, None)
            explanations.append(f"Skipped '{module.title}': your profile lists it under skip.")
            continue
        gap = skill_gap(module, profile.skills)
        if gap <= 0:
            skipped.append(module.id)
            plans[module.id] = (0, nominal, None)
            have = ", ".join(f"{s} at level {profile.skills.get(s, 0)}" for s in module.teaches)
            explanations.append(
                f"Skipped '{module.title}': you already have {have}, all it teaches."
            )
            continue
        minutes = splittable_minutes(_round5(nominal * gap), profile.session)
        weeks = _shrink(module.weeks, minutes / nominal)
        spread = weeks.min >= 2 and minutes < least
        if spread:
            minutes = least
        kept[module.id] = (module, minutes, weeks)
        plans[module.id] = (minutes, nominal, weeks)
        if minutes < nominal:
            known_skills = ", ".join(
                f"{s} {profile.skills.get(s, 0)}/{lvl}"
                for s, lvl in module.teaches.items()
                if profile.skills.get(s, 0) > 0
            )
            shrink = (
                ""
                if weeks == module.weeks
                else f"; its weeks shrink from {module.weeks} to {weeks}"
            )
            explanations.append(
                f"Shortened '{module.title}' from {hours(nominal)} to {hours(minutes)}:"
                f" you already know {known_skills}{shrink}."
            )
        elif spread:
            explanations.append(
                f"Raised '{module.title}' from {hours(nominal)} to {hours(minutes)} so that"
                f" sessions of at least {profile.session.min_minutes} minutes can span its"
                f" {weeks.min} weeks."
            )
        elif minutes > nominal:
            explanations.append(
                f"Raised '{module.title}' from {hours(nominal)} to {hours(minutes)} so it can be"
                f" cut into sessions of {profile.session.min_minutes}-"
                f"{profile.session.max_minutes} minutes."
            )
    requires = _inherited_requires(roadmap, set(kept))
    phase_after = _inherited_after(
        roadmap, {p.id for p in roadmap.phases if any(m.id in kept for m in p.modules)}
    )
    phases: list[PhaseWork] = []
    skipped_phases: list[str] = []
    for phase in roadmap.phases:
        mods = [kept[m.id] for m in phase.modules if m.id in kept]
        if not mods:
            skipped_phases.append(phase.id)
            explanations.append(
                f"Phase '{phase.title}' is left out: nothing in it is left to study."
            )
            continue
        nominal = sum(_round5(m.hours * 60) for m in phase.modules)
        minutes = sum(m for _, m, _ in mods)
        weeks = _shrink(phase.weeks, minutes / nominal)
        if weeks != phase.weeks:
            weeks = _at_least_modules(weeks, phase.weeks, mods, requires)
        if len(mods) == 1 < len(phase.modules):
            weeks = _at_most_module(weeks, mods[0][2])
        if weeks != phase.weeks:
            explanations.append(
                f"Phase '{phase.title}' now spans {weeks} week{'s' if weeks.max > 1 else ''}"
                f" instead of {phase.weeks}:"
                f" {hours(nominal - minutes)} of its {hours(nominal)} are already covered."
            )
        if weeks.min >= 2 and minutes < least:  # one module, one session: one week at most
            module, before, module_weeks = mods[0]
            mods = [(module, least, module_weeks)]
            plans[module.id] = (least, plans[module.id][1], module_weeks)
            explanations.append(
                f"Raised '{module.title}' from {hours(before)} to {hours(least)} so that"
                f" sessions of at least {profile.session.min_minutes} minutes can span the"
                f" {weeks.min} weeks of its phase."
            )
        phases.append(
            PhaseWork(
                phase_id=phase.id,
                title=phase.title,
                weeks=weeks,
                after=phase_after[phase.id],
                modules=tuple(
                    ModuleWork(
                        module_id=m.id,
                        phase_id=phase.id,
                        title=m.title,
                        minutes=mins,
                        nominal_minutes=_round5(m.hours * 60),
                        weeks=w,
                        requires=requires[m.id],
                        optional=m.optional,
                    )
                    for m, mins, w in mods
                ),
            )
        )
    return Work(
        phases=tuple(phases),
        skipped_modules=tuple(skipped),
        skipped_phases=tuple(skipped_phases),
        explanations=tuple(explanations),
        module_plans=plans,
    )


def _unused_skills(roadmap: Roadmap, skills: dict[str, int]) -> list[str]:
    """One sentence for each prior skill that no module teaches: it gives no credit, and it
    is often a misspelling of one that a module does teach."""
    taught = sorted({skill for _, m in roadmap.modules() for skill in m.teaches})
    sentences = []
    for skill in sorted(set(skills) - set(taught)):
        alike = get_close_matches(skill.lower(), [t.lower() for t in taught], n=1)
        near = next((t for t in taught if alike and t.lower() == alike[0]), None)
        hint = f" (did you mean '{near}'?)" if near else ""
        sentences.append(
            f"Your skill '{skill}' gives no credit: no module of this roadmap teaches it{hint}."
        )
    return sentences


def _closest_kept(start: list[str], edges: dict[str, list[str]], kept: set[str]) -> tuple[str, ...]:
    """Follow edges through removed nodes until kept ones are reached (order-preserving)."""
    result: list[str] = []
    seen: set[str] = set()
    stack = list(reversed(start))
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in kept:
            result.append(node)
        else:
            stack.extend(reversed(edges.get(node, [])))
    return tuple(result)


def _inherited_requires(roadmap: Roadmap, kept: set[str]) -> dict[str, tuple[str, ...]]:
    edges = {m.id: list(m.requires) for _, m in roadmap.modules()}
    return {mid: _closest_kept(reqs, edges, kept) for mid, reqs in edges.items()}


def _inherited_after(roadmap: Roadmap, kept: set[str]) -> dict[str, tuple[str, ...]]:
    edges = roadmap.phase_predecessors()
    return {pid: _closest_kept(prev, edges, kept) for pid, prev in edges.items()}
