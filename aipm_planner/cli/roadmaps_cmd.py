"""``aipm-planner roadmaps``: one line per built-in roadmap."""

from __future__ import annotations

import argparse
from typing import Any

from aipm_planner.cli.common import count, format_hours
from aipm_planner.errors import EXIT_OK
from aipm_planner.roadmaps import builtin_roadmap, builtin_roadmaps

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``roadmaps`` sub-command."""
    parser = subparsers.add_parser(
        "roadmaps",
        help="list the built-in roadmaps",
        description="List the built-in roadmaps: name, title, phases, modules, total hours.",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print ``name  title  (N phases, M modules, H h)`` for each built-in roadmap."""
    names = builtin_roadmaps()
    width = max((len(name) for name in names), default=0)
    for name in names:
        roadmap = builtin_roadmap(name)
        modules = [module for _, module in roadmap.modules()]
        hours = sum(module.hours for module in modules)
        print(
            f"{name:<{width}}  {roadmap.title}  ({count(len(roadmap.phases), 'phase')},"
            f" {count(len(modules), 'module')}, {format_hours(hours)})"
        )
    return EXIT_OK
