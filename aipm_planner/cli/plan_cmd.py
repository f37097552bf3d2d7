"""``aipm-planner plan``: roadmap + profile -> study-plan.ics (and JSON, HTML), with a summary.

With no arguments it plans the built-in ``ai-product-manager`` roadmap for the default
profile (time zone from ``TZ`` or the system, else UTC; starting next Monday; Mon-Thu
19:00-21:00 and Sat 09:00-12:00) and writes ``study-plan.ics`` in the current folder.
Every input is read and every output folder checked before the solver starts; every file
is written atomically after it finished, and none at all when there is no plan (exit 3).
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
    from icalendar import Calendar

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
            " 2 bad input, 3 the roadmap does not fit (the reasons and fixes are printed)."
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
        "--start", type=_date, metavar="DATE", help="first day of the plan (overrides the profile)"
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
        help="when the roadmap does not fit, exceed week ranges and the deadline as little as"
        " possible instead of failing (each excess is explained)",
    )
    alarm = parser.add_mutually_exclusive_group()
    alarm.add_argument(
        "--alarm-minutes",
        type=_minutes,
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
    """Read the inputs, solve, write the files, print the summary."""
    outputs = _outputs(args)
    roadmap, roadmap_source, profile, profile_source = _inputs(args)
    _check_outputs(outputs, [roadmap_source, profile_source], args.previous)
    if args.html is not None:
        _require_report()
    previous = _read_previous(args.previous)

    try:
        schedule = _solve(args, roadmap, profile, roadmap_source, profile_source)
    except InfeasiblePlanError as exc:
        print(exc.diagnosis.summary(), file=sys.stderr)
        return EXIT_INFEASIBLE

    from aipm_planner.export.ics import to_ics
    from aipm_planner.export.json_io import schedule_to_json

    alarm = None if args.no_alarm else args.alarm_minutes
    files: list[tuple[str, str, bytes]] = [
        ("Calendar", args.out, to_ics(schedule, previous=previous, alarm_minutes=alarm))
    ]
    if args.json is not None:
        files.append(("Schedule JSON", args.json, schedule_to_json(schedule).encode("utf-8")))
    if args.html is not None:
        from aipm_planner.export.html import render_html

        files.append(("HTML report", args.html, render_html(schedule).encode("utf-8")))
    for _, path, data in files:
        _write(path, data)

    if not args.quiet:
        from aipm_planner.cli.summary import summary_text

        where = [(what, "standard output" if path == STDOUT else path) for what, path, _ in files]
        # Standard output belongs to the data when a file goes there.
        stream = sys.stderr if STDOUT in {path for _, path, _ in files} else sys.stdout
        print(summary_text(schedule, where), file=stream)
    return EXIT_OK


def _outputs(args: argparse.Namespace) -> list[tuple[str, str]]:
    """(option, path) of each file to write; at most one of them may be standard output."""
    outputs = [("--out", args.out)]
    outputs += [(f"--{name}", getattr(args, name)) for name in ("json", "html")]
    outputs = [(option, path) for option, path in outputs if path is not None]
    to_stdout = [option for option, path in outputs if path == STDOUT]
    if len(to_stdout) > 1:
        raise InputError(
            f"{' and '.join(to_stdout)} cannot both write to standard output ('-')",
            value=STDOUT,
            hint="write one of them to a file",
        )
    for option, path in outputs:
        if not path:
            raise InputError("needs a file name", field=option, value=path)
    return outputs


def _inputs(args: argparse.Namespace) -> tuple[Roadmap, str, LearnerProfile, str]:
    from aipm_planner.cli.common import resolve_profile, resolve_roadmap

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


def _check_outputs(outputs: list[tuple[str, str]], inputs: list[str], previous: str | None) -> None:
    """Fail before solving when a file could not be written, or would overwrite an input.

    The previous calendar may be replaced by the new one (``--out``), by nothing else.
    """
    sources = {_same_file_key(path) for path in inputs if path and os.path.isfile(path)}
    earlier = _same_file_key(previous) if previous and os.path.isfile(previous) else None
    seen: dict[tuple[int, int] | str, str] = {}
    for option, path in outputs:
        if path == STDOUT:
            continue
        folder = Path(path).parent
        if not folder.is_dir():
            raise InputError(f"the folder {str(folder)!r} does not exist", field=option, value=path)
        if Path(path).is_dir():
            raise InputError("is a folder, not a file", field=option, value=path)
        key = _same_file_key(path)
        if key in sources or (key == earlier and option != "--out"):
            raise InputError(
                "would overwrite an input file", field=option, value=path, hint="write elsewhere"
            )
        if key in seen:
            raise InputError(
                f"is also given to {seen[key]}", field=option, value=path, hint="use two files"
            )
        seen[key] = option


def _same_file_key(path: str) -> tuple[int, int] | str:
    """Identity of a file: (device, inode) when it exists, else its absolute path."""
    try:
        stat = os.stat(path)
    except OSError:
        return os.path.abspath(path)
    return (stat.st_dev, stat.st_ino)


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


def _read_previous(path: str | None) -> Calendar | None:
    if path is None:
        return None
    from aipm_planner.export.ics import read_previous

    return read_previous(path)


def _solve(
    args: argparse.Namespace,
    roadmap: Roadmap,
    profile: LearnerProfile,
    roadmap_source: str,
    profile_source: str,
) -> Schedule:
    from aipm_planner.cli.progress import Spinner
    from aipm_planner.planning import plan

    with Spinner(sys.stderr, enabled=not args.quiet) as spinner:
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


def _write(path: str, data: bytes) -> None:
    from aipm_planner.export import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise InputError(f"cannot write the file: {exc.strerror or exc}", path=path) from exc


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


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of minutes (0 or more)")
    return value
