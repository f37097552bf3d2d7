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
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aipm_planner.errors import EXIT_INFEASIBLE, EXIT_OK, InfeasiblePlanError, InputError

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
            " (the reasons and fixes are printed)."
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
        type=_date,
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
        type=_count,
        default=1,
        metavar="N",
        help="keep the sessions of the next N days while still valid (default: %(default)s)",
    )
    parser.add_argument(
        "--time-limit",
        type=_positive_seconds,
        default=10.0,
        metavar="SECONDS",
        help="most time the solver may take (default: %(default)g)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, metavar="N", help="solver random seed (default: 0)"
    )
    parser.add_argument(
        "--stretch",
        action="store_true",
        help="when what is left does not fit, exceed week ranges and the deadline as little"
        " as possible instead of failing",
    )
    alarm = parser.add_mutually_exclusive_group()
    alarm.add_argument(
        "--alarm-minutes",
        type=_count,
        default=10,
        metavar="N",
        help="reminder N minutes before each session (default: %(default)s)",
    )
    alarm.add_argument("--no-alarm", action="store_true", help="no reminders")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress and no summary (errors only)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read the inputs, re-plan, write the files, print what changed."""
    outputs = _outputs(args)
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
    _check_outputs(outputs, [args.progress, args.roadmap, args.profile])
    calendar = None
    if args.previous is not None:
        from aipm_planner.export.ics import read_previous

        calendar = read_previous(args.previous)

    from aipm_planner.cli.progress import Spinner
    from aipm_planner.replan import replan

    try:
        with Spinner(sys.stderr, enabled=not args.quiet, message="re-planning"):
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
        print(exc.diagnosis.summary(), file=sys.stderr)
        return EXIT_INFEASIBLE

    from aipm_planner.export.ics import to_ics
    from aipm_planner.export.json_io import schedule_to_json

    alarm = None if args.no_alarm else args.alarm_minutes
    files: list[tuple[str, str, bytes]] = [
        ("Calendar", args.out, to_ics(schedule, previous=calendar, alarm_minutes=alarm))
    ]
    if args.json is not None:
        files.append(("Schedule JSON", args.json, schedule_to_json(schedule).encode("utf-8")))
    from aipm_planner.cli.common import write_text_atomic

    for _, path, data in files:
        write_text_atomic(path, data)

    if not args.quiet:
        from aipm_planner.cli.summary import summary_text

        where = [(what, "standard output" if path == STDOUT else path) for what, path, _ in files]
        stream = sys.stderr if STDOUT in {path for _, path, _ in files} else sys.stdout
        print(summary_text(schedule, where), file=stream)
        print(changes_text(previous, schedule), file=stream)
    return EXIT_OK


def changes_text(previous: Schedule, schedule: Schedule) -> str:
    """One line: how many upcoming sessions kept their time, moved, or are new."""
    before = {(s.module_id, s.start, s.end) for s in previous.sessions if s.end > schedule.created}
    after = {(s.module_id, s.start, s.end) for s in schedule.sessions if s.end > schedule.created}
    same = len(before & after)
    return (
        f"  Changes:  {same} upcoming session(s) unchanged, {len(before) - same} moved or"
        f" removed, {len(after) - same} new"
    )


def _outputs(args: argparse.Namespace) -> list[tuple[str, str]]:
    outputs = [
        (option, getattr(args, name)) for option, name in (("--out", "out"), ("--json", "json"))
    ]
    outputs = [(option, path) for option, path in outputs if path is not None]
    if sum(path == STDOUT for _, path in outputs) > 1:
        raise InputError(
            "--out and --json cannot both write to standard output ('-')",
            value=STDOUT,
            hint="write one of them to a file",
        )
    for option, path in outputs:
        if not path:
            raise InputError("needs a file name", field=option, value=path)
    return outputs


def _read_inputs(args: argparse.Namespace) -> tuple[Schedule, Progress | None]:
    from aipm_planner.export.json_io import read_json
    from aipm_planner.loading import load_model
    from aipm_planner.model.progress import Progress

    if args.schedule == STDOUT and STDOUT in (args.progress, args.profile, args.roadmap):
        raise InputError(
            "only one input can come from standard input ('-')",
            field="--schedule",
            value=STDOUT,
        )
    previous = read_json(args.schedule)
    progress = None if args.progress is None else load_model(args.progress, Progress)
    return previous, progress


def _models(
    args: argparse.Namespace,
) -> tuple[Roadmap | None, str | None, LearnerProfile | None, str | None]:
    from aipm_planner.cli.common import resolve_profile, resolve_roadmap

    roadmap = roadmap_source = profile = profile_source = None
    if args.roadmap is not None:
        roadmap, roadmap_source = resolve_roadmap(args.roadmap)
    if args.profile is not None:
        profile, profile_source = resolve_profile(args.profile)
    return roadmap, roadmap_source, profile, profile_source


def _check_outputs(outputs: list[tuple[str, str]], inputs: list[str | None]) -> None:
    """Fail before solving when a file could not be written or would overwrite an input.

    The schedule and the previous calendar may be replaced: that is how a plan is kept.
    """
    sources = {_file_key(path) for path in inputs if path and os.path.isfile(path)}
    seen: dict[tuple[int, int] | str, str] = {}
    for option, path in outputs:
        if path == STDOUT:
            continue
        folder = Path(path).parent
        if not folder.is_dir():
            raise InputError(f"the folder {str(folder)!r} does not exist", field=option, value=path)
        if Path(path).is_dir():
            raise InputError("is a folder, not a file", field=option, value=path)
        key = _file_key(path)
        if key in sources:
            raise InputError(
                "would overwrite an input file", field=option, value=path, hint="write elsewhere"
            )
        if key in seen:
            raise InputError(
                f"is also given to {seen[key]}", field=option, value=path, hint="use two files"
            )
        seen[key] = option


def _file_key(path: str) -> tuple[int, int] | str:
    try:
        stat = os.stat(path)
    except OSError:
        return os.path.abspath(path)
    return (stat.st_dev, stat.st_ino)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2027-01-31") from None


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (0 or more)")
    return value
