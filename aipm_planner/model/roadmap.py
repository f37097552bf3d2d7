"""The roadmap: ordered phases of modules, with week ranges, effort, skills and prerequisites."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from aipm_planner.model.base import Id, NotBool, StrictModel, WeekRangeSpec

__all__ = ["Module", "ModuleKind", "Phase", "Resource", "Roadmap"]

ModuleKind = Literal["course", "project", "practice", "milestone"]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class Resource(StrictModel):
    """A course, guide or community to study from."""

    title: Text = Field(description="What the resource is called.")
    url: Url = Field(description="Where to find it (http or https).")


class Module(StrictModel):
    """One course, topic or project: the unit that gets study sessions."""

    id: Id = Field(description="Unique id of the module within the roadmap.")
    title: Text = Field(description="Human-readable title, used in calendar entries.")
    weeks: WeekRangeSpec = Field(description="How many calendar weeks its sessions may span.")
    hours: Annotated[float, NotBool] = Field(
        gt=0, le=10_000, allow_inf_nan=False, description="Study effort in hours."
    )
    teaches: dict[Id, Annotated[int, Field(ge=1, le=3), NotBool]] = Field(
        default_factory=dict,
        description="Skills this module teaches and the level (1-3) it brings them to.",
    )
    requires: list[Id] = Field(
        default_factory=list, description="Ids of modules that must be finished first."
    )
    kind: ModuleKind = Field(
        default="course", description="course, project, practice or milestone."
    )
    topics: list[Text] = Field(default_factory=list, description="What it covers.")
    outcomes: list[Text] = Field(default_factory=list, description="What you can do after it.")
    resources: list[Resource] = Field(default_factory=list, description="Where to study it.")
    optional: bool = Field(
        default=False, description="May be dropped when time is short (suggested by diagnosis)."
    )
    description: str = Field(default="", max_length=5000, description="Free text notes.")


class Phase(StrictModel):
    """A stage of the roadmap: modules that belong together and a week range for all of them."""

    id: Id = Field(description="Unique id of the phase within the roadmap.")
    title: Text = Field(description="Human-readable title.")
    weeks: WeekRangeSpec = Field(description="How many calendar weeks the phase may span.")
    after: list[Id] | None = Field(
        default=None,
        description="Phases that must end before this one starts; default: the previous phase.",
    )
    modules: list[Module] = Field(min_length=1, description="The modules of this phase.")
    description: str = Field(default="", max_length=5000, description="Free text notes.")


class Roadmap(StrictModel):
    """A learning roadmap: phases in order, each with modules."""

    id: Id = Field(description="Unique id of the roadmap; part of every calendar event's UID.")
    title: Text = Field(description="Human-readable title.")
    description: str = Field(default="", max_length=20_000, description="What this roadmap is.")
    pace: str = Field(
        default="", max_length=5000, description="How effort hours were chosen (rationale)."
    )
    phases: list[Phase] = Field(min_length=1, description="The phases, in order.")

    def modules(self) -> Iterator[tuple[Phase, Module]]:
        """Every (phase, module) pair in roadmap order."""
        for phase in self.phases:
            for module in phase.modules:
                yield phase, module

    def module(self, module_id: str) -> Module:
        """The module with this id (KeyError if absent)."""
        for _, module in self.modules():
            if module.id == module_id:
                return module
        raise KeyError(module_id)

    def phase_of(self, module_id: str) -> Phase:
        """The phase holding this module (KeyError if absent)."""
        for phase, module in self.modules():
            if module.id == module_id:
                return phase
        raise KeyError(module_id)

    def phase_predecessors(self) -> dict[str, list[str]]:
        """For each phase id, the phase ids that must end before it starts."""
        result: dict[str, list[str]] = {}
        for index, phase in enumerate(self.phases):
            if phase.after is not None:
                result[phase.id] = list(phase.after)
            else:
                result[phase.id] = [self.phases[index - 1].id] if index > 0 else []
        return result

    @model_validator(mode="after")
    def _cross_check(self) -> Roadmap:
        phase_ids = [p.id for p in self.phases]
        _unique(phase_ids, "phase")
        module_ids = [m.id for _, m in self.modules()]
        _unique(module_ids, "module")
        known_modules = set(module_ids)
        for phase in self.phases:
            for module in phase.modules:
                if module.weeks.min > phase.weeks.max:
                    raise ValueError(
                        f"module {module.id!r} spans at least {module.weeks.min} weeks, but its"
                        f" phase {phase.id!r} may span at most {phase.weeks.max}"
                    )
            only = phase.modules[0]
            if len(phase.modules) == 1 and phase.weeks.min > only.weeks.max:
                raise ValueError(
                    f"phase {phase.id!r} spans at least {phase.weeks.min} weeks, but its only"
                    f" module {only.id!r} may span at most {only.weeks.max}"
                )
            for other in phase.after or []:
                if other not in phase_ids:
                    raise ValueError(f"phase {phase.id!r}: 'after' names unknown phase {other!r}")
                if other == phase.id:
                    raise ValueError(f"phase {phase.id!r}: 'after' names itself")
            for module in phase.modules:
                for req in module.requires:
                    if req not in known_modules:
                        raise ValueError(
                            f"module {module.id!r}: 'requires' names unknown module {req!r}"
                        )
        _no_cycle(self.phase_predecessors(), "phase", self._implicit_order)
        _no_cycle({m.id: list(m.requires) for _, m in self.modules()}, "module")
        self._requires_follow_phase_order()
        return self

    def _implicit_order(self, cycle: list[str]) -> str:
        """Why a phase cycle holds a link no ``after`` wrote: a phase without ``after`` follows
        the one listed before it."""
        previous = {b.id: a.id for a, b in itertools.pairwise(self.phases)}
        without_after = {p.id for p in self.phases if p.after is None}
        for phase_id, before in itertools.pairwise(cycle):
            if phase_id in without_after and previous.get(phase_id) == before:
                return (
                    f" ({phase_id} follows {before} because it is listed after it;"
                    f" give {phase_id} its own 'after' list)"
                )
        return ""

    def _requires_follow_phase_order(self) -> None:
        """No module may require one of a phase that must come after its own, directly or
        through a chain of prerequisites and phase order."""
        predecessors = self.phase_predecessors()
        later: dict[str, set[str]] = {p.id: set() for p in self.phases}
        for phase in self.phases:  # phases after each phase, transitively
            stack = list(predecessors[phase.id])
            seen: set[str] = set()
            while stack:
                earlier = stack.pop()
                if earlier not in seen:
                    seen.add(earlier)
                    later[earlier].add(phase.id)
                    stack.extend(predecessors[earlier])
        phase_of = {m.id: p.id for p, m in self.modules()}
        for phase, module in self.modules():
            for req in module.requires:
                if phase_of[req] in later[phase.id]:
                    raise ValueError(
                        f"module {module.id!r}: 'requires' names module {req!r} of phase"
                        f" {phase_of[req]!r}, which comes after phase {phase.id!r}"
                    )
        # Longer contradictions: a module waits for the end of the phases before its own
        # ("end of phase X" below) and for what it requires; none may wait for itself.
        edges: dict[str, list[str]] = {}
        for phase, module in self.modules():
            edges[module.id] = [
                *module.requires,
                *(f"end of phase {q}" for q in predecessors[phase.id]),
            ]
        for phase in self.phases:
            edges[f"end of phase {phase.id}"] = [m.id for m in phase.modules]
        _no_cycle(edges, "module and phase order")


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"duplicate {what} id {item!r}")
        seen.add(item)


_CYCLE_SHOWN = 12
"""Longest cycle named in full; a longer one shows its start and its end."""


def _no_cycle(
    edges: dict[str, list[str]], what: str, explain: Callable[[list[str]], str] | None = None
) -> None:
    """Raise naming the cycle, e.g. ``a -> b -> a``, if the dependency graph has one;
    ``explain`` may add why the cycle's links are there.

    The search keeps its own stack, so a chain of thousands of modules is no deeper for
    Python than a chain of two.
    """
    state: dict[str, int] = {}
    for root in edges:
        if root in state:
            continue
        state[root] = 1
        path = [root]
        pending = [iter(edges.get(root, []))]
        while pending:
            nxt = next(pending[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                pending.pop()
            elif state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                why = explain(cycle) if explain is not None else ""
                if len(cycle) > _CYCLE_SHOWN:  # one line, however long the cycle
                    cycle = [*cycle[:6], f"... ({len(cycle) - 9} more)", *cycle[-3:]]
                raise ValueError(f"{what} dependency cycle: {' -> '.join(cycle)}{why}")
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                pending.append(iter(edges.get(nxt, [])))
