"""``aipm-planner show NAME|FILE``: a roadmap's phases, week ranges, modules and hours."""

from __future__ import annotations

import argparse
import graphlib
from typing import Any

from aipm_planner.cli.common import count, format_hours, resolve_roadmap
from aipm_planner.errors import EXIT_OK
from aipm_planner.model import Roadmap
from aipm_planner.roadmaps import DEFAULT_ROADMAP

__all__ = ["register", "render", "run"]


def register(subparsers: Any) -> None:
    """Add the ``show`` sub-command."""
    parser = subparsers.add_parser(
        "show",
        help="show a roadmap's phases, modules, week ranges and hours",
        description="Show a built-in roadmap or a roadmap file: phases with their week"
        " ranges, modules with their week ranges, hours and prerequisites, and totals.",
    )
    parser.add_argument(
        "roadmap",
        nargs="?",
        default=DEFAULT_ROADMAP,
        metavar="NAME|FILE",
        help="built-in roadmap name or roadmap file ('-' = standard input; default: %(default)s)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the roadmap overview."""
    roadmap, _ = resolve_roadmap(args.roadmap)
    print(render(roadmap), end="")
    return EXIT_OK


def _weeks(text: str) -> str:
    return f"{text} week" if text == "1" else f"{text} weeks"


def _chain_weeks(roadmap: Roadmap) -> tuple[int, int]:
    """The fewest and most weeks of the longest chain of phases, each after its predecessors
    (phases that name no common predecessor run side by side, so their weeks do not add)."""
    predecessors = roadmap.phase_predecessors()
    ranges = {phase.id: phase.weeks for phase in roadmap.phases}
    ends: dict[str, tuple[int, int]] = {}
    for phase_id in graphlib.TopologicalSorter(predecessors).static_order():
        before = [ends[other] for other in predecessors[phase_id]]
        ends[phase_id] = (
            max((low for low, _ in before), default=0) + ranges[phase_id].min,
            max((high for _, high in before), default=0) + ranges[phase_id].max,
        )
    return max(low for low, _ in ends.values()), max(high for _, high in ends.values())


def render(roadmap: Roadmap) -> str:
    """The overview as text: one line per phase, one indented line per module, totals."""
    modules = [module for _, module in roadmap.modules()]
    total = sum(module.hours for module in modules)
    id_width = max(len(module.id) for module in modules)
    title_width = max(len(module.title) for module in modules)
    lines = [f"{roadmap.title} ({roadmap.id})", ""]
    predecessors = roadmap.phase_predecessors()
    for number, phase in enumerate(roadmap.phases, start=1):
        hours = sum(module.hours for module in phase.modules)
        after = predecessors[phase.id]
        order = f", after {', '.join(after)}" if after and phase.after is not None else ""
        if phase.after == [] and number > 1:
            # Without this, it would read as following the phase listed before it.
            order = ", from the start, beside the phases listed before it"
        lines.append(
            f"{number}. {phase.title} [{phase.id}]: {_weeks(str(phase.weeks))},"
            f" {format_hours(hours)}{order}"
        )
        for module in phase.modules:
            kind = f"{module.kind}, optional" if module.optional else module.kind
            lines.append(
                f"   {module.id:<{id_width}}  {module.title:<{title_width}}"
                f"  {_weeks(str(module.weeks)):>11}  {format_hours(module.hours):>6}  {kind}"
            )
            if module.requires:
                lines.append(f"   {'':<{id_width}}  requires {', '.join(module.requires)}")
    low, high = _chain_weeks(roadmap)
    span = _weeks(str(low) if low == high else f"{low}-{high}")
    ids = [phase.id for phase in roadmap.phases]
    sequential = all(predecessors[key] == ids[max(i - 1, 0) : i] for i, key in enumerate(ids))
    how = "if phases run one after another" if sequential else "along the longest chain of phases"
    lines += [
        "",
        f"Total: {count(len(roadmap.phases), 'phase')}, {count(len(modules), 'module')},"
        f" {format_hours(total)}, {span} {how}",
    ]
    return "\n".join(lines) + "\n"
