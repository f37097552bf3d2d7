"""``aipm-planner replan``: an earlier schedule + a progress report -> the updated calendar.

The roadmap and profile default to the ones recorded in the schedule; passing them applies
their changes from the check-in on. Every input is read and every output folder checked
before the solver starts; files are written atomically after it finished, and none at all
when what is left does not fit (exit 3, with the reasons and fixes on stderr). The JSON may
replace the schedule it was made from, and the calendar the ``--previous`` one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from aipm_planner.cli.common import (
    ALARM_MOST,
    STDIN,
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
    shown,
    whole_number,
    write_files,
)
from aipm_planner.errors import EXIT_OK, InfeasiblePlanError, InputError
from aipm_planner.replan import MAX_FREEZE_DAYS

if TYPE_CHECKING:
    from aipm_planner.model import LearnerProfile, Roadmap, Schedule
    from aipm_planner.model.progress import Progress

__all__ = ["changes_text", "register", "run"]

DEFAULT_OUT = "study-plan.ics"
STDOUT = "-"


def register(subparsers: Any) -> None:
    """Add the ``replan`` sub-command."""
    parser = subparsers.add_parser(
        "replan",
        help="update a plan after a check-in: missed sessions, finished modules, a new week",
        description=(
            "Re-plan from a progress report. Sessions that ended before the check-in stay as"
            " they were (those reported missed are dropped and their time is planned again;"
            " sessions not reported count as done), the next --freeze-days keep their"
            " sessions while still valid, and the rest is planned again moving as little as"
            " possible. Exit status: 0 re-planned, 2 bad input, 3 what is left does not fit"
            " (the reasons and fixes are printed), 1 no plan found within the time limit (try a"
            " larger --time-limit)."
        ),
    )
    parser.add_argument(
        "--schedule",
        required=True,
        metavar="FILE.json",
        help="the schedule to update, as written by 'plan --json' ('-' = standard input)",
    )
    parser.add_argument(
        "--progress",
        metavar="FILE",
        help="progress report, YAML or JSON (see 'aipm-planner schema progress')",
    )
    parser.add_argument(
        "--roadmap",
        metavar="NAME|FILE",
        help="built-in roadmap name or roadmap file (default: the schedule's own)",
    )
    parser.add_argument(
        "--profile", metavar="FILE", help="learner profile (default: the schedule's own)"
    )
    parser.add_argument(
        "--today",
        type=parse_date,
        metavar="DATE",
        help="re-plan from the start of this day (overrides the report's as_of)",
    )
    parser.add_argument(
        "--out",
        default=DEFAULT_OUT,
        metavar="FILE.ics",
        help="calendar file to write ('-' = standard output; default: %(default)s)",
    )
    parser.add_argument(
        "--json",
        metavar="FILE",
        help="also write the new schedule as JSON (may be the --schedule file)",
    )
    parser.add_argument(
        "--previous",
        metavar="FILE.ics",
        help="the calendar written before: changed events get a higher SEQUENCE and vanished"
        " ones are cancelled (it may be the same file as --out)",
    )
    parser.add_argument(
        "--freeze-days",
        type=whole_number(most=MAX_FREEZE_DAYS),
        default=1,
        metavar="N",
        help="keep the sessions of the next N days while still valid (default: %(default)s)",
    )
    add_solve_options(
        parser,
        stretch_help="when what is left does not fit, exceed week ranges and the deadline as"
        " little as possible instead of failing",
        alarm_minutes=whole_number("minutes", most=ALARM_MOST),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read the inputs, re-plan, write the files, print what changed."""
    outputs = output_options(args, ("out", "json"))
    previous, progress = _read_inputs(args)
    roadmap, roadmap_source, profile, profile_source = _models(args)
    zone = (profile or previous.profile).zone
    now = None
    if args.today is not None:
        now = dt.datetime.combine(args.today, dt.time(), zone)
    elif progress is None:
        raise InputError(
            "needs --progress or --today",
            field="--progress",
            hint="give a progress report, or the day to re-plan from",
        )
    # The schedule and the previous calendar may be replaced: that is how a plan is kept.
    busy = (profile or previous.profile).busy_calendars
    check_outputs(outputs, [args.progress, args.roadmap, args.profile, *busy], args.previous)
    # Only the schedule JSON may replace the schedule it was re-planned from.
    check_outputs([(o, p) for o, p in outputs if o != "--json"], [args.schedule])
    calendar = read_previous_calendar(args.previous)

    from aipm_planner.cli.progress import Spinner
    from aipm_planner.model import LearnerProfile
    from aipm_planner.model.progress import Progress
    from aipm_planner.replan import replan

    sources = (
        (shown(args.progress), Progress, ""),
        (profile_source, LearnerProfile, "")
        if profile
        else (shown(args.schedule), LearnerProfile, "profile"),
    )
    try:
        with (
            naming_files(*sources),
            Spinner(sys.stderr, enabled=not args.quiet, message="re-planning"),
        ):
            schedule = replan(
                previous,
                roadmap,
                profile,
                progress,
                now=now,
                freeze_days=args.freeze_days,
                time_limit=args.time_limit,
                seed=args.seed,
                stretch=args.stretch,
                roadmap_source=roadmap_source,
                profile_source=profile_source,
            )
    except InfeasiblePlanError as exc:
        return report_infeasible(exc)
    except InputError as exc:
        if exc.field != "now" or exc.path is not None or args.today is None:
            raise
        raise InputError(
            exc.reason, field="--today", value=args.today.isoformat(), hint=exc.hint
        ) from exc

    files = plan_files(schedule, args, calendar)
    write_files(files)

    if not args.quiet:
        print_summary(schedule, files, changes_text(previous, schedule))
    return EXIT_OK


def changes_text(previous: Schedule, schedule: Schedule) -> str:
    """One line: how many upcoming sessions kept their time, moved, or are new."""
    # On UTC instants: times in one zone compare as wall times, and in a fall-back night's
    # repeated hour a session moved by an hour would look unchanged.
    now = schedule.created.astimezone(dt.UTC)

    def upcoming(plan: Schedule) -> set[tuple[str, dt.datetime, dt.datetime]]:
        times = (
            (s.module_id, s.start.astimezone(dt.UTC), s.end.astimezone(dt.UTC))
            for s in plan.sessions
        )
        return {(module, start, end) for module, start, end in times if end > now}

    before, after = upcoming(previous), upcoming(schedule)
    same = len(before & after)
    return (
        f"  Changes:  {same} upcoming session(s) unchanged, {len(before) - same} moved or"
        f" removed, {len(after) - same} new"
    )


def _read_inputs(args: argparse.Namespace) -> tuple[Schedule, Progress | None]:
    from aipm_planner.export.json_io import read_json
    from aipm_planner.loading import load_model
    from aipm_planner.model.progress import Progress
    from aipm_planner.verify import check_own_sessions

    given = [("--schedule", args.schedule), ("--progress", args.progress)]
    given += [("--roadmap", args.roadmap), ("--profile", args.profile)]
    from_stdin = [option for option, path in given if path == STDIN]
    if len(from_stdin) > 1:
        raise InputError(
            f"only one input can come from standard input ('-'), not {' and '.join(from_stdin)}",
            field=from_stdin[-1],
            value=STDIN,
            hint="give the others as files",
        )
    previous = read_json(args.schedule)
    check_own_sessions(previous, shown(args.schedule))
    progress = None if args.progress is None else load_model(args.progress, Progress)
    return previous, progress


def _models(
    args: argparse.Namespace,
) -> tuple[Roadmap | None, str | None, LearnerProfile | None, str | None]:
    roadmap = roadmap_source = profile = profile_source = None
    if args.roadmap is not None:
        roadmap, roadmap_source = resolve_roadmap(args.roadmap)
    if args.profile is not None:
        profile, profile_source = resolve_profile(args.profile)
    return roadmap, roadmap_source, profile, profile_source
