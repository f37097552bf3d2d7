"""``aipm-planner validate FILE...``: check roadmap, profile, progress and schedule files.

Each file gets one line: ``OK path: roadmap 'id' (5 phases, 20 modules, 324 h)`` on
standard output, or the error (with its line, field, value and a hint) on standard error.
A profile must leave a window for a session over the plan's horizon, as ``plan`` requires,
and its busy calendar files are read too (CalDAV servers are not contacted). The exit
status is 2 when any file failed.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from aipm_planner.cli.common import count, format_hours, shown
from aipm_planner.errors import EXIT_INPUT, EXIT_OK, AipmPlannerError, InputError
from aipm_planner.loading import KINDS, STDIN, load_any
from aipm_planner.model import LearnerProfile, Roadmap

__all__ = ["describe", "register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``validate`` sub-command."""
    parser = subparsers.add_parser(
        "validate",
        help="check roadmap, profile, progress and schedule files",
        description="Check roadmap, profile, progress and schedule files (YAML or JSON). The"
        " kind of each file is recognised from its fields unless --kind is given. Prints one"
        " line per file; exit status 2 when any file has a problem.",
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="files to check ('-' = standard input)"
    )
    parser.add_argument("--kind", choices=KINDS, help="what the files are (default: recognise)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate each file; report every one, even after a failure."""
    if args.files.count(STDIN) > 1:
        raise InputError(
            "standard input ('-') can be read only once",
            value=STDIN,
            hint="give '-' once, and the other files by name",
        )
    failed = False
    for path in args.files:
        try:
            kind, model = load_any(path, args.kind)
            if isinstance(model, LearnerProfile):
                _check_windows(model, shown(path))
        except AipmPlannerError as exc:
            failed = True
            message = str(exc)
            name = shown(path)
            if not message.startswith(name):  # errors without a file (e.g. --kind progress)
                message = f"{name}: {message}"
            print(f"FAIL {message}", file=sys.stderr)
            continue
        print(f"OK {'<stdin>' if path == '-' else path}: {describe(kind, model)}")
    return EXIT_INPUT if failed else EXIT_OK


def _check_windows(profile: LearnerProfile, source: str) -> None:
    """Fail, as ``plan`` would, a profile that leaves no window for a session (every window
    shorter than a session, or blacked out); read its busy calendar files."""
    from aipm_planner.availability import availability_for
    from aipm_planner.cli.common import naming_files

    with naming_files((source, LearnerProfile, "")):
        availability_for(profile.model_copy(update={"busy_calendars": [], "busy_caldav": []}))
    if profile.busy_calendars:
        from aipm_planner.busy import check_busy_calendars

        check_busy_calendars(profile)


def describe(kind: str, model: Any) -> str:
    """A short summary of a valid file's content."""
    if isinstance(model, Roadmap):
        modules = [module for _, module in model.modules()]
        hours = sum(module.hours for module in modules)
        return (
            f"roadmap {model.id!r} ({count(len(model.phases), 'phase')},"
            f" {count(len(modules), 'module')}, {format_hours(hours)})"
        )
    if isinstance(model, LearnerProfile):
        weekly = sum(w.minutes for windows in model.availability.values() for w in windows) / 60
        until = f" until {model.deadline}" if model.deadline else ""
        label = f" {model.name!r}" if model.name else ""
        return (
            f"profile{label} ({model.timezone}, from {model.start}{until},"
            f" {format_hours(weekly)} a week)"
        )
    return kind
