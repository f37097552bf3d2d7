"""``aipm-planner plan``: roadmap + profile -> study-plan.ics (and JSON, HTML), with a summary.

With no arguments it plans the built-in ``ai-product-manager`` roadmap for the default
profile (time zone from ``TZ`` or the system, else UTC; starting next Monday; Mon-Thu
19:00-21:00 and Sat 09:00-12:00) and writes ``study-plan.ics`` in the current folder.
Every input is read and every output folder checked before the solver starts; every file
is written atomically after it finished, and none at all when there is no plan (exit 3).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from aipm_planner.cli.common import (
    ALARM_MOST,
    add_solve_options,
    check_outputs,
    naming_files,
    output_options,
    parse_date,
    plan_files,
    print_summary,
    read_previous_calendar,
    report_infeasible,
    resolve_profile,
    resolve_roadmap,
    whole_number,
    write_files,
)
from aipm_planner.errors import EXIT_OK, InfeasiblePlanError, InputError

if TYPE_CHECKING:
    from aipm_planner.model import LearnerProfile, Roadmap, Schedule

__all__ = ["register", "run"]

DEFAULT_ROADMAP = "ai-product-manager"
DEFAULT_OUT = "study-plan.ics"
STDOUT = "-"


def register(subparsers: Any) -> None:
    """Add the ``plan`` sub-command."""
    parser = subparsers.add_parser(
        "plan",
        help="plan a roadmap around your week and write the study calendar (.ics)",
        description=(
            "Plan a roadmap around your week and write a calendar file to import into"
            " Google Calendar, Apple Calendar, Outlook or Thunderbird. Without --profile the"
            " default profile is used: your time zone (TZ or the system, else UTC), starting"
            " next Monday, Mon-Thu 19:00-21:00 and Sat 09:00-12:00. Exit status: 0 planned,"
            " 2 bad input, 3 the roadmap does not fit (the reasons and fixes are printed),"
            " 1 no plan found within the time limit (try a larger --time-limit)."
        ),
    )
    parser.add_argument(
        "--roadmap",
        default=DEFAULT_ROADMAP,
        metavar="NAME|FILE",
        help="built-in roadmap name or roadmap file (default: %(default)s)",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="learner profile, YAML or JSON ('-' = standard input; default: the default profile)",
    )
    parser.add_argument(
        "--start",
        type=parse_date,
        metavar="DATE",
        help="first day of the plan (overrides the profile)",
    )
    parser.add_argument(
        "--out",
        default=DEFAULT_OUT,
        metavar="FILE.ics",
        help="calendar file to write ('-' = standard output; default: %(default)s)",
    )
    parser.add_argument(
        "--json", metavar="FILE", help="also write the schedule as JSON ('-' = standard output)"
    )
    parser.add_argument(
        "--html",
        metavar="FILE",
        help="also write the HTML report (needs: pip install 'aipm-planner[report]')",
    )
    parser.add_argument(
        "--previous",
        metavar="FILE.ics",
        help="the calendar an earlier run wrote: changed events get a higher SEQUENCE and"
        " vanished ones are cancelled, so calendar apps update instead of duplicating"
        " (it may be the same file as --out)",
    )
    add_solve_options(
        parser,
        stretch_help="when the roadmap does not fit, exceed week ranges and the deadline as"
        " little as possible instead of failing (each excess is explained)",
        alarm_minutes=whole_number("minutes", most=ALARM_MOST),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read the inputs, solve, write the files, print the summary."""
    outputs = output_options(args, ("out", "json", "html"))
    roadmap, roadmap_source, profile, profile_source = _inputs(args)
    # The busy calendars the profile names are inputs too.
    inputs = [roadmap_source, profile_source, *profile.busy_calendars]
    check_outputs(outputs, inputs, args.previous)
    if args.html is not None:
        _require_report()
    previous = read_previous_calendar(args.previous)

    try:
        schedule = _solve(args, roadmap, profile, roadmap_source, profile_source)
    except InfeasiblePlanError as exc:
        return report_infeasible(exc)

    files = plan_files(schedule, args, previous)
    if args.html is not None:
        from aipm_planner.export.html import render_html

        files.append(("HTML report", args.html, render_html(schedule).encode("utf-8")))
    write_files(files)

    if not args.quiet:
        print_summary(schedule, files)
    return EXIT_OK


def _inputs(args: argparse.Namespace) -> tuple[Roadmap, str, LearnerProfile, str]:
    if args.roadmap == STDOUT and args.profile == STDOUT:
        raise InputError(
            "the roadmap and the profile cannot both come from standard input ('-')",
            field="--profile",
            value=STDOUT,
        )
    roadmap, roadmap_source = resolve_roadmap(args.roadmap)
    profile, profile_source = resolve_profile(args.profile)
    if args.start is not None:
        if profile.deadline is not None and args.start > profile.deadline:
            raise InputError(
                f"start {args.start} is after the profile's deadline {profile.deadline}",
                field="--start",
                value=str(args.start),
                hint="choose an earlier start or change the deadline in the profile",
            )
        profile = profile.model_copy(update={"start": args.start})
    return roadmap, roadmap_source, profile, profile_source


def _require_report() -> None:
    try:
        from aipm_planner.export.charts import require_matplotlib
    except ImportError as exc:
        raise InputError(
            "the HTML report is not available in this installation",
            field="--html",
            hint="pip install 'aipm-planner[report]'",
        ) from exc
    require_matplotlib()


def _solve(
    args: argparse.Namespace,
    roadmap: Roadmap,
    profile: LearnerProfile,
    roadmap_source: str,
    profile_source: str,
) -> Schedule:
    from aipm_planner.cli.progress import Spinner
    from aipm_planner.model import LearnerProfile
    from aipm_planner.planning import plan

    profile_file = (profile_source, LearnerProfile, "")
    with naming_files(profile_file), Spinner(sys.stderr, enabled=not args.quiet) as spinner:
        return plan(
            roadmap,
            profile,
            time_limit=args.time_limit,
            seed=args.seed,
            stretch=args.stretch,
            progress=spinner.update,
            roadmap_source=roadmap_source,
            profile_source=profile_source,
        )
